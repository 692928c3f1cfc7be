"""Alias merging in stages, over corpus totals that ``add`` extends with its new articles.

Each stage of merging decides something for the whole corpus from totals over every article
(how many articles propose a longer name, read a key as a person, leave a word alone ...),
then applies the decision to each article, which the next stage's totals count:

1. names cut before a verb-shaped word: :func:`~.aliases.mined`;
2. names from weaker contexts: :func:`~.aliases.confirmed_candidates`;
3. surnames alone: :func:`~.aliases.surname_owners` and :func:`~.aliases.corpus_surnames`;
4. short person names into longer ones, types and display names.

:func:`merge` runs the stages over every article and returns the :class:`Totals` it counted.
:func:`extend` runs them from stored totals and the new articles alone: where a decision
changes, the old articles it touches are read again (from the stored scans) and their part
of the totals taken out under the old decisions and put back under the new. Only the new
articles and those touched get mention rows; every other old article's rows stay as
stored. Totals are sums over articles, so the result is that of :func:`merge` over all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from dashboard.pipeline.entities.aliases import (
    _merge_persons,
    alone_forms,
    apply_candidates,
    apply_mined,
    clitic_spellings,
    confirmed_candidates,
    corpus_surnames,
    mined,
    owned_words,
    resolve_surnames,
    surname_owners,
)
from dashboard.pipeline.entities.article import Article
from dashboard.pipeline.entities.tokens import _forms
from dashboard.pipeline.gazetteer import ORG_HEADS, Gazetteer, Key, normalize_display

Kinds = dict[Key, Counter]


@dataclass
class Totals:
    """Corpus totals alias merging decides from (articles, unless said otherwise)."""

    extended: Counter = field(default_factory=Counter)  # longer form -> articles proposing it
    proposed: Counter = field(default_factory=Counter)  # candidate -> articles proposing it
    loose: Counter = field(default_factory=Counter)  # word -> articles where it stands alone
    persons: Counter = field(default_factory=Counter)  # key read as a person, after stage 1
    kinds: Kinds = field(default_factory=dict)  # key -> kind -> articles, after stage 2
    named: Counter = field(default_factory=Counter)  # key -> articles counting it, after 2
    alone: Counter = field(default_factory=Counter)  # owned surname -> articles alone
    counts: Counter = field(default_factory=Counter)  # key -> mentions, after stage 3
    final_kinds: Kinds = field(default_factory=dict)  # key -> kind -> articles, after 3
    surfaces: Kinds = field(default_factory=dict)  # key -> surface form -> times seen


COUNTERS = ("extended", "proposed", "loose", "persons", "named", "alone", "counts")
NESTED = ("kinds", "final_kinds", "surfaces")


@dataclass
class Decisions:
    """What the stages decided for the whole corpus."""

    mined: set[Key]
    candidates: set[Key]
    owners: dict[str, Counter]
    surnames: dict[str, Key]
    kinds: dict[Key, str]  # the type of every counted key
    merged: dict[Key, Key]


def _bump(counter: Counter, key: object, n: int) -> None:
    """Add ``n`` to ``counter[key]``, dropping the key at zero."""
    value = counter[key] + n
    if value:
        counter[key] = value
    else:
        del counter[key]


def _bump_kind(kinds: Kinds, key: Key, kind: str, n: int) -> None:
    inner = kinds.get(key)
    if inner is None:
        inner = kinds[key] = Counter()
    _bump(inner, kind, n)
    if not inner:
        del kinds[key]


def add_raw(totals: Totals, art: Article, sign: int = 1) -> None:
    """The article's part of the totals read before any stage."""
    for long in set(art.extended.values()):
        _bump(totals.extended, long, sign)
    for key in art.candidates:
        _bump(totals.proposed, key, sign)
    for word in art.loose:
        _bump(totals.loose, word, sign)


def add_mined(totals: Totals, art: Article, sign: int = 1) -> None:
    """The article's part of the totals read after stage 1."""
    for key, kind in art.kinds.items():
        if kind == "person":
            _bump(totals.persons, key, sign)


def add_confirmed(totals: Totals, art: Article, sign: int = 1) -> None:
    """The article's part of the totals read after stage 2 (but the surnames alone)."""
    for key, kind in art.kinds.items():
        _bump_kind(totals.kinds, key, kind, sign)
    for key in art.counts:
        _bump(totals.named, key, sign)


def add_alone(totals: Totals, art: Article, owned: dict[str, str], sign: int = 1) -> None:
    """The article's part of the surnames standing alone (``owned``: word -> owned surname)."""
    for form in alone_forms(art, owned):
        _bump(totals.alone, form, sign)


def add_final(totals: Totals, art: Article, sign: int = 1) -> None:
    """The article's part of the totals read after stage 3."""
    for key, count in art.counts.items():
        _bump(totals.counts, key, sign * count)
    for key, kind in art.kinds.items():
        _bump_kind(totals.final_kinds, key, kind, sign)


def most_common(counts: Counter) -> str:
    """The most frequent item; ties go to the greatest item, so the answer does not depend on
    the order the articles were read in (the local and Ray builds must agree)."""
    return max(counts.items(), key=lambda item: (item[1], item[0]))[0]


# A body read after its head noun (صحيفة «…»، منظمة …) is stronger evidence than a name read
# from the words around it: a key read as an organisation in at least a third as many articles
# as a person is an organisation (news agencies and newspapers quoted alone).
ORGANISATION_WEIGHT = 3


def entity_type(key: Key, kinds: Counter, gaz: Gazetteer) -> str:
    """Gazetteer type, else an organisation when read so often enough (ORGANISATION_WEIGHT),
    else the pattern type seen most, else the head-noun rule, else 'other'."""
    if key in gaz.types:
        return gaz.types[key]
    if 0 < kinds.get("person", 0) <= ORGANISATION_WEIGHT * kinds.get("organisation", 0):
        return "organisation"
    if kinds:
        return most_common(kinds)
    return "organisation" if key[0] in ORG_HEADS else "other"


def display(key: Key, surfaces: Kinds, gaz: Gazetteer) -> str:
    """The most frequent surface form of ``key``, else the gazetteer's name, else the key."""
    if surfaces.get(key):
        return normalize_display(most_common(surfaces[key]))
    return gaz.display.get(key, " ".join(key))


def first_kinds(totals: Totals, gaz: Gazetteer) -> dict[Key, str]:
    """The type of every key with a kind after stage 2 (what surnames are owned by)."""
    return {k: entity_type(k, kinds, gaz) for k, kinds in totals.kinds.items()}


def final_types(counts: Counter, kinds: Kinds, gaz: Gazetteer) -> dict[Key, str]:
    """The type of every counted key after stage 3."""
    return {k: entity_type(k, kinds.get(k, Counter()), gaz) for k in counts}


def merge(per_article: list[Article], surfaces: Kinds, gaz: Gazetteer) -> tuple[Decisions, Totals]:
    """Run the stages over every article (changing them in place): the decisions and the
    totals counted."""
    totals = Totals(surfaces=surfaces)
    for art in per_article:
        add_raw(totals, art)
    accepted = mined(totals.extended)
    for art in per_article:
        apply_mined(art, accepted)
        add_mined(totals, art)
    confirmed = confirmed_candidates(totals.proposed, totals.loose, totals.persons)
    for art in per_article:
        apply_candidates(art, confirmed)
        add_confirmed(totals, art)
    owners = surname_owners(totals.named, first_kinds(totals, gaz))
    owned = owned_words(totals.loose, owners)
    for art in per_article:
        add_alone(totals, art, owned)
    surnames = corpus_surnames(owners, totals.alone)
    owned = owned_words(totals.loose, surnames)
    for art in per_article:
        resolve_surnames(art, surnames, owned)
        add_final(totals, art)
    kinds = final_types(totals.counts, totals.final_kinds, gaz)
    merged = _merge_persons(totals.counts, kinds)
    return Decisions(accepted, confirmed, owners, surnames, kinds, merged), totals


def decisions(totals: Totals, gaz: Gazetteer) -> Decisions:
    """The decisions of the stages that counted ``totals``."""
    owners = surname_owners(totals.named, first_kinds(totals, gaz))
    kinds = final_types(totals.counts, totals.final_kinds, gaz)
    return Decisions(
        mined(totals.extended),
        confirmed_candidates(totals.proposed, totals.loose, totals.persons),
        owners,
        corpus_surnames(owners, totals.alone),
        kinds,
        _merge_persons(totals.counts, kinds),
    )


def entity_count(made: Decisions, totals: Totals, gaz: Gazetteer) -> int:
    """How many distinct entities (display names) the mention rows of every article counted
    in ``totals`` name: an article's row names the key its counted key is merged into."""
    keys = {made.merged.get(key, key) for key in totals.counts}
    return len({display(key, totals.surfaces, gaz) for key in keys})


# Which stored scans to read again: (field, 'key' or 'value', texts of keys).
Query = list[tuple[str, str, set[str]]]


class Scans(Protocol):
    """The stored raw scans of the old articles, read in parts."""

    def fetch(self, query: Query) -> dict[str, Article]:
        """The scans of the articles with a row of a query's field whose key or value is one
        of its texts, by id."""

    def loose(self, words: set[str]) -> dict[str, set[str]]:
        """Article id -> which of ``words`` stand alone in it, for the articles with any."""


def _text(keys: Iterable[Key]) -> set[str]:
    return {" ".join(k) for k in keys}


def _spelled(forms: Iterable[str], words: Counter) -> set[str]:
    """Words of ``words`` that may stand for one of ``forms``."""
    return {w for form in forms for w in clitic_spellings(form) if w in words}


def _changed(old: dict, new: dict) -> set:
    return {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}


@dataclass
class _Path:
    """An article as one set of decisions leaves it, the stages applied so far, and the sign
    of its part of the totals (+1 new decisions, -1 old)."""

    art: Article
    made: Decisions
    sign: int
    stage: int = 0


def extend(
    stored: Totals,
    added: list[Article],
    added_surfaces: Kinds,
    stored_scans: Scans,
    gaz: Gazetteer,
    before: Decisions | None = None,
) -> tuple[Decisions, Totals, dict[str, Article]]:
    """The stages run from ``stored`` totals and the ``added`` articles (both changed in
    place: ``stored`` becomes the totals returned).

    ``stored_scans`` reads the raw scans of the old articles; ``before`` are the decisions
    taken from ``stored`` (kept with them; taken again from them when None). Returns the
    new decisions, the totals over old and new articles, and the old articles whose
    mention rows may change, by id, as the new decisions leave them.
    """
    before = decisions(stored, gaz) if before is None else before
    names = {k: display(k, stored.surfaces, gaz) for k in added_surfaces}
    totals = stored
    for key, forms in added_surfaces.items():
        for form, n in forms.items():
            _bump_kind(totals.surfaces, key, form, n)
    after = Decisions(set(), set(), {}, {}, {}, {})
    paths = [_Path(art, after, 1) for art in added]
    touched: dict[str, Article] = {}
    stage = 0

    def read(query: Query) -> None:
        """Read again the old articles ``query`` names, brought to this stage both ways."""
        query = [(f, c, texts) for f, c, texts in query if texts]
        for article_id, raw in (stored_scans.fetch(query) if query else {}).items():
            if article_id not in touched:
                touched[article_id] = _copied(raw)
                paths.extend([_Path(touched[article_id], after, 1), _Path(raw, before, -1)])
        advance(stage)

    surname_words: dict[int, dict[str, str]] = {}  # id of the decisions -> their owned words

    def surnamed(made: Decisions) -> dict[str, str]:
        """The loose words of the corpus that stand for a surname of ``made`` (taken once its
        surnames are decided, when stage 3 is first applied)."""
        if id(made) not in surname_words:
            surname_words[id(made)] = owned_words(totals.loose, made.surnames)
        return surname_words[id(made)]

    def advance(to: int) -> None:
        for path in paths:
            while path.stage < to:
                path.stage += 1
                _apply(path.art, path.made, path.stage, surnamed)

    def count(step: Callable[[Article, int], None]) -> None:
        for path in paths:
            step(path.art, path.sign)

    count(lambda art, sign: add_raw(totals, art, sign))
    after.mined = mined(totals.extended)
    read([("extended", "value", _text(before.mined ^ after.mined))])
    advance(stage := 1)
    count(lambda art, sign: add_mined(totals, art, sign))
    after.candidates = confirmed_candidates(totals.proposed, totals.loose, totals.persons)
    read([("candidates", "key", _text(before.candidates ^ after.candidates))])
    advance(stage := 2)
    count(lambda art, sign: add_confirmed(totals, art, sign))
    after.owners = surname_owners(totals.named, first_kinds(totals, gaz))
    owned = {
        sign: owned_words({w for p in paths if p.sign == sign for w in p.art.loose}, made.owners)
        for sign, made in ((1, after), (-1, before))
    }
    count(lambda art, sign: add_alone(totals, art, owned[sign], sign))
    _alone_changes(totals, before.owners, after.owners, stored_scans, set(touched))
    after.surnames = corpus_surnames(after.owners, totals.alone)
    read([("loose", "key", _spelled(_changed(before.surnames, after.surnames), totals.loose))])
    advance(stage := 3)
    count(lambda art, sign: add_final(totals, art, sign))
    after.kinds = final_types(totals.counts, totals.final_kinds, gaz)
    after.merged = _merge_persons(totals.counts, after.kinds)
    renamed = {k for k, name in names.items() if name != display(k, totals.surfaces, gaz)}
    keys = _rows_changed(before, after, renamed | _changed(before.kinds, after.kinds))
    # An old article not read yet counts what it counted before (decisions that changed
    # what it counts made it read): only keys counted before, and only the ways of counting
    # them that the decisions allow, name one whose rows change.
    keys &= before.kinds.keys()
    named_by = {s for s, full in after.surnames.items() if full in keys}
    read(
        [
            ("counts", "key", _text(keys)),
            ("extended", "value", _text(keys & after.mined)),
            ("candidates", "key", _text(keys & after.candidates)),
            ("loose", "key", _spelled(named_by, totals.loose)),
        ]
    )
    return after, totals, touched


def _alone_changes(
    totals: Totals, before: dict, after: dict, stored_scans: Scans, skip: set[str]
) -> None:
    """Count again the surnames standing alone in old articles (but ``skip``) whose loose
    words stand for another surname now that the names owning one changed (``before`` ->
    ``after``); their mention rows do not change, so only their loose words are read."""
    words = _spelled(before.keys() ^ after.keys(), totals.loose)
    owned = (owned_words(words, before), owned_words(words, after))
    forms = {form for mapping in owned for form in mapping.values()}
    spelled = _spelled(forms, totals.loose)
    was = {w: f for w in spelled if (f := owned_form(w, before)) is not None}  # once a word
    now = {w: f for w in spelled if (f := owned_form(w, after)) is not None}
    for article_id, present in stored_scans.loose(spelled).items():
        if article_id in skip:
            continue
        old = {was[w] for w in present if w in was}
        new = {now[w] for w in present if w in now}
        for form in old - new:
            _bump(totals.alone, form, -1)
        for form in new - old:
            _bump(totals.alone, form, 1)


def owned_form(word: str, names: dict) -> str | None:
    """The first form of ``word`` (itself or without clitics) that is one of ``names``."""
    return next((f for f in _forms(word) if f in names), None)


def _rows_changed(before: Decisions, after: Decisions, renamed: set[Key]) -> set[Key]:
    """Keys whose mention rows may change: merged elsewhere, or merged into a key whose type
    or display name changed (``renamed``)."""
    out = _changed(before.merged, after.merged) | renamed
    for merged in (before.merged, after.merged):
        out |= {short for short, long in merged.items() if long in renamed}
    return out


def _copied(art: Article) -> Article:
    """A copy of an article that stages may change apart from it."""
    return Article(
        Counter(art.counts),
        dict(art.kinds),
        dict(art.sources),
        dict(art.extended),
        Counter(art.loose),
        dict(art.tag_only),
        Counter(art.candidates),
    )


def _apply(
    art: Article, made: Decisions, stage: int, surnamed: Callable[[Decisions], dict[str, str]]
) -> None:
    """Apply stage ``stage`` (1, 2 or 3) of ``made`` to an article (``surnamed``: the loose words
    of the corpus that stand for a surname of ``made``, see :func:`~.aliases.owned_words`,
    which the article's own words give alike)."""
    if stage == 1:
        apply_mined(art, made.mined)
    elif stage == 2:
        apply_candidates(art, made.candidates)
    else:
        words = surnamed(made)
        mine = {w: words[w] for w in art.loose.keys() & words.keys()}
        resolve_surnames(art, made.surnames, mine)
