"""Named entities in Arabic news without an NER model.

Three kinds of evidence are combined on normalised token sequences:

* tags of an article that also occur in its title or body;
* gazetteers (see :mod:`dashboard.pipeline.gazetteer`), longest match first, with
  the clitics و ف ب ل ك (and لل) stripped from a first word when the bare
  form is a known name;
* patterns: a role before a person's name (الرئيس، وزير الخارجية ...), and an
  organisation head noun before its name (وزارة، حزب، شركة ...).

Short forms of a person (a surname after the full name in the same article, a
shorter name seen elsewhere) are merged into the most frequent full form.

The modules, in the order the data flows:

* :mod:`~dashboard.pipeline.entities.tokens`: an article's tokens and their forms without clitics;
* :mod:`~dashboard.pipeline.entities.name_words`: which words can start, continue or close a name;
* :mod:`~dashboard.pipeline.entities.hits`: one entity occurrence the scanner found;
* :mod:`~dashboard.pipeline.entities.places`: the scanner's place rules (a head noun and its
  name, a club named after a place);
* :mod:`~dashboard.pipeline.entities.organisations`: the scanner's organisation rules (a head
  noun and its name, a definite head and its adjective, a quoted name);
* :mod:`~dashboard.pipeline.entities.scanner`: the hits (tags, listed names, patterns) of one
  article;
* :mod:`~dashboard.pipeline.entities.article`: one article's counts (the map half);
* :mod:`~dashboard.pipeline.entities.aliases`: alias merging over the whole corpus (the reduce
  half);
* :mod:`~dashboard.pipeline.entities.corpus_totals`: its stages run over corpus totals, which
  ``add`` extends with its new articles;
* :mod:`~dashboard.pipeline.entities.scan_table`: the per-article scans as the store keeps them
  (``add`` merges its new articles' scans with them);
* :mod:`~dashboard.pipeline.entities.mentions`: the mention frame
  (:func:`~dashboard.pipeline.entities.mentions.extract_mentions`);
* :mod:`~dashboard.pipeline.entities.tables`: entity totals and co-occurring pairs drawn from it.
"""
