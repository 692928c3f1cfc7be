"""Adding new articles to a built store without a rebuild.

The build's own stages (:mod:`dashboard.pipeline.stages`) run on the new articles alone
where that is exact: ingest, their texts and their embeddings. They join the existing
topics through the saved topic model (no refit). Entities are merged over the whole
corpus, old articles and new, so that aliases are merged as a build of it would merge
them: the new articles are scanned and the corpus totals of merging, kept with the scans,
are extended with theirs; only the old articles whose merging a changed decision touches
are read again, and those whose rows then differ get new mention rows (the stored mention
frame is never read whole; a store whose scans lack the totals has them
merged whole once; a store built before it kept scans is scanned whole, once; both keep
them from then on; with an NER model each article's mentions are its own, so only the
new ones are found).
The similarity index, when the store has one, gets the new rows added without
retraining (in a side index: the stored one is linked), and the character vectors and the
lexical index fold the new rows in without reading the old ones' text. The store is
republished as a new version, atomically, under the build lock; its articles are the
stored parts, hard-linked, and the new rows as one more part
(:func:`~dashboard.storage.parts.append_parted`: the old rows are neither read nor
written again), as are its embeddings (:mod:`~dashboard.storage.arrayparts`) and character
vectors (:mod:`~dashboard.storage.charparts`), and the topic model is linked too; a
linked file keeps its recorded checksum. A refit is a separate action: a full ``build``.
Each phase's wall and CPU seconds go into the manifest's ``update`` report.
"""

from __future__ import annotations

import gc
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from pyarrow.lib import ArrowException

from dashboard.analysis import engine
from dashboard.analysis.quote_store import changed_articles, read_mentions
from dashboard.pipeline.build import LocalExecutor
from dashboard.pipeline.embed import load_embedder
from dashboard.pipeline.entities.corpus_totals import (
    Decisions,
    Kinds,
    Totals,
    entity_count,
    extend,
)
from dashboard.pipeline.entities.mentions import (
    MENTION_COLUMNS,
    article_mentions,
    merged_decisions,
)
from dashboard.pipeline.entities.scan_store import StoredScans, write_scans
from dashboard.pipeline.entities.scan_table import (
    ScanTableError,
    joined_tables,
    scan_table,
    table_scans,
)
from dashboard.pipeline.entities.switches import following
from dashboard.pipeline.entities.tables import compact
from dashboard.pipeline.gazetteer import gazetteer
from dashboard.pipeline.stages import (
    EMBED,
    NER,
    SCANS,
    TEXTS,
    BuildConfig,
    Executor,
    load_corpus,
    peak_rss_mb,
    search_texts,
    timed,
)
from dashboard.pipeline.topics import MODEL_DIR, assign_topics
from dashboard.storage.arrayparts import append_rows, load_rows
from dashboard.storage.charparts import append_chars
from dashboard.storage.index import extend_index
from dashboard.storage.parts import append_parted, append_replacing, link_or_copy
from dashboard.storage.store import (
    Store,
    build_lock,
    check_target,
    new_build_id,
    write_store,
)
from dashboard.text.charvec import ArticleTexts

STORED_COLUMNS = ("id", "outlet", "topic")  # what ``add`` reads of the stored articles


def add_articles(
    out: Path,
    corpus: Sequence[Path],
    *,
    threads: int = 2,
    log: Callable[[str], None] = print,
    wait: bool = False,
) -> dict:
    """Add the articles of ``corpus`` that ``out`` does not hold yet; returns the new manifest.

    Articles whose id is already in the store are skipped (they are not new) and counted
    as ``already_in_store`` in the report, so that read = loaded + rejected + duplicates +
    already_in_store. When none is new the store is left as it was and the manifest
    returned carries this run's ``update`` report without being written.

    Raises:
        UnsafeTarget: ``out`` is not a store, or overlaps the corpus.
        StoreError: the store is damaged or has no topic model (the message names the file).
    """
    started = time.perf_counter()
    timings: dict[str, float] = {}
    cpu: dict[str, float] = {}

    def phase(name: str) -> AbstractContextManager[None]:
        return timed(name, timings, lambda _line: None, cpu)

    out = check_target(out, corpus, existing=True)
    with phase("verify"):
        check_complete(Store(out))  # before the lock, so that a damaged store is left as it is
    with build_lock(out, wait=wait):
        with phase("ingest"):
            # the stored articles' ids, outlets and topics alone: the rest is appended, not read
            store = Store(out, columns_read=STORED_COLUMNS)
            base = store.manifest
            result, _ = load_corpus(corpus, None, lambda _line: None, required=False)
            new = result.articles[~stored(store.articles["id"], result.articles["id"])]
            new = new.reset_index(drop=True)
        report = {k: v for k, v in result.report.items() if not k.endswith("_list")}
        report["already_in_store"] = len(result.articles) - len(new)
        report["loaded"] = len(new)
        log(
            f"read {report['read']} records: {len(new)} new, {report['already_in_store']} "
            f"already in the store, {report['rejected']} rejected, "
            f"{report['duplicates']} duplicates"
        )
        update = {"base_build": base["build_id"], "added": len(new), "ingest": report}
        if new.empty:
            return {**base, "update": {**update, "seconds": elapsed(started)}}
        with phase("embed"):
            embedder = load_embedder(base["embedder"]["name"], threads)
            config = BuildConfig(
                embedder=embedder.name,
                threads=threads,
                ner_model=base.get("config", {}).get("ner_model", ""),
            )
            executor = LocalExecutor(threads)
            prepared = executor.map(TEXTS, new, config, config)
            vectors = executor.map(EMBED, prepared, config, embedder)
        with phase("topics"):
            new = new.assign(
                topic=assign_topics(store, new, embedder, vectors=vectors).astype("int64"),
                content_hash=prepared["content_hash"].tolist(),
                search_text=search_texts(new),
            )
        with phase("entities"), following(base, log):  # the build's learned models
            found = added_entities(store, new, config, executor, log)
        with phase("publish"):
            articles = pd.concat([store.articles, new[list(STORED_COLUMNS)]], ignore_index=True)
            frames = {  # the articles are the stored parts and ``new`` (carry_over)
                "topics": resized_topics(store.frame("topics"), articles),
                "rejected": pd.concat([store.frame("rejected"), result.rejected]),
                "duplicates": pd.concat([store.frame("duplicates"), result.duplicates]),
            }
            if found.appended is None:  # mentions merged whole: written whole
                frames["mentions"] = compact(found.mentions)
            update = {**update, "timings_s": timings, "cpu_s": cpu}
            counts = found.counts(base["counts"]["mentions"])
            manifest = added_manifest(base, corpus, articles, counts, update)

            def carry_over(folder: Path) -> None:
                model = Path(store.path) / MODEL_DIR  # a pickle file or a folder
                if model.is_dir():
                    shutil.copytree(model, folder / MODEL_DIR, copy_function=link_or_copy)
                else:
                    link_or_copy(model, folder / MODEL_DIR)
                if not (Path(store.path) / "articles").is_dir():
                    log("the store's articles.parquet is kept as the first part of articles/")
                append_parted(Path(store.path), folder, "articles", new)
                if found.appended is not None:
                    replaced = found.replaced
                    rows = compact(found.appended)
                    previous = Path(store.path)
                    append_replacing(previous, folder, "mentions", rows, replaced, "article_id")
                found.write(folder)
                append_rows(Path(store.path), folder, vectors)  # the stored rows linked
                with phase("index"):
                    extend_index(store.path, folder, load_rows(folder), len(store.articles))
                with phase("chars"):
                    append_chars(Path(store.path), folder, ArticleTexts(new["title"], new["body"]))
                with phase("engine"), long_lived():
                    quoted = engine.extend(
                        Path(store.path), folder, new, found.changed, found.appended
                    )
                manifest["update"]["quotes"] = quoted
                manifest["update"]["seconds"] = elapsed(started)
                manifest["peak_rss_mb"] = round(peak_rss_mb(), 1)

            write_store(Path(out), frames, None, manifest, extras=carry_over)
    log(f"added {len(new)} articles in {time.perf_counter() - started:.1f} s")
    return manifest


def added_manifest(
    base: dict,
    corpus: Sequence[Path],
    articles: pd.DataFrame,
    mentions: dict[str, int],
    update: dict,
) -> dict:
    """The manifest of the store with articles added: a new build id, the corpus files so
    far, the new counts (``mentions``: the entities and mention rows, see
    :meth:`AddedEntities.counts`) and this run's ``update`` report."""
    now = datetime.now(UTC)
    return {
        **base,
        "build_id": new_build_id(now),
        "created_at": now.isoformat(timespec="seconds"),
        "corpus": base["corpus"] + [str(Path(p).resolve()) for p in corpus],
        "counts": {
            **base["counts"],
            "articles": len(articles),
            "outlets": int(articles["outlet"].nunique()),
            **mentions,
        },
        "update": update,
    }


@dataclass(frozen=True)
class AddedEntities:
    """What the entities phase of ``add`` found: the mentions, as a whole frame
    (``mentions``: when merged whole, or from an NER model) or as the rows ``appended`` to
    the stored ones (those of the new articles and of the ``replaced`` old ones, whose
    ``dropped`` stored rows they replace); the scan table the store keeps next (``scans``
    whole, or the new articles' rows to add to the ``stored`` ones with the new ``totals``
    and the decisions ``made``; None from an NER model); the old articles whose entity
    lists changed (what their quotes link to: None when not known, and the quotes compare
    the two mention frames); and, with ``appended`` alone, the ``entities`` that every
    article's mentions name."""

    mentions: pd.DataFrame | None
    scans: pd.DataFrame | None = None
    stored: StoredScans | None = None
    changed: list[str] | None = None
    totals: Totals | None = None
    made: Decisions | None = None
    appended: pd.DataFrame | None = None
    replaced: list[str] = field(default_factory=list)
    dropped: int = 0
    entities: int = 0

    def counts(self, stored: int) -> dict[str, int]:
        """The distinct entities and the mention rows of the store after the add
        (``stored``: its mention rows before)."""
        if self.mentions is not None:
            mentions = self.mentions
            entities = int(mentions["entity"].nunique()) if len(mentions) else 0
            return {"entities": entities, "mentions": len(mentions)}
        appended = 0 if self.appended is None else len(self.appended)
        return {"entities": self.entities, "mentions": stored - self.dropped + appended}

    def write(self, folder: Path) -> None:
        """Write the scans the store keeps next into ``folder`` (see :mod:`.scan_store`)."""
        if self.stored is not None and self.totals is not None:
            self.stored.write(folder, self.scans, self.totals, self.made)
        elif self.scans is not None:
            merged = None if self.totals is None or self.made is None else (self.totals, self.made)
            write_scans(folder, self.scans, merged)


def added_entities(
    store: Store,
    new: pd.DataFrame,
    config: BuildConfig,
    executor: Executor,
    log: Callable[[str], None],
) -> AddedEntities:
    """The mentions of the store's articles followed by ``new``, aliases merged over all of
    them, and the scan table the store keeps next.

    Only the new articles are scanned. Aliases are merged from the corpus totals the stored
    scan table keeps, extended with the new scans: the old articles whose merging a new
    decision changes are read again from it, and those whose mention rows then differ from
    their stored ones (read by a filter on their ids) get new rows; the others keep theirs
    (see :mod:`~dashboard.pipeline.entities.corpus_totals`), and the store's mention frame
    is never read whole. A table without totals has its scans merged with the new ones, and
    a store without (readable) stored scans has every article scanned, and says so: both
    give the whole mention frame. With an NER model, only the new articles are read and
    their mentions appended.
    """
    if config.ner_model:
        found = executor.map(NER, new, config)
        mentions = pd.concat([store.mentions.astype(object), found.mentions])
        return AddedEntities(mentions, changed=[], appended=found.mentions)
    new_ids = new["id"].tolist()
    try:
        stored = StoredScans(Path(store.path))
        totals = stored.totals()
    except (OSError, ArrowException, ScanTableError) as error:
        old_ids = store.articles["id"].tolist()
        log(
            f"the store keeps no usable entity scans ({error}); scanning all "
            f"{len(old_ids) + len(new_ids)} articles once (the store keeps them from now on)"
        )
        everything = pd.concat([Store(store.path).articles, new], ignore_index=True)
        scans = executor.map(SCANS, everything, config)
        ids = old_ids + new_ids
        whole = scan_table(scans, ids)  # before merging, which changes the scans in place
        mentions, totals, made = merged_decisions(scans, ids)
        return AddedEntities(mentions, whole, totals=totals, made=made)
    scans = executor.map(SCANS, new, config)
    added = scan_table(scans, new_ids)
    if totals is None:  # a table kept before the totals were
        table, old_ids = store.frame("scans"), store.articles["id"].tolist()
        mentions, totals, made = merged_decisions(
            [table_scans(table, old_ids), *scans], old_ids + new_ids
        )
        return AddedEntities(mentions, joined_tables(table, added), totals=totals, made=made)
    per_article = [article for found, _ in scans for article in found]
    surfaces: Kinds = {}
    for _, found in scans:
        for key, forms in found.items():
            surfaces.setdefault(key, Counter()).update(forms)
    gaz = gazetteer()
    decided = stored.decisions()
    with long_lived():  # every old article read again makes a few objects
        made, totals, touched = extend(totals, per_article, surfaces, stored, gaz, decided)
        stored_ids = store.articles["id"]
        again = stored_ids[stored_ids.isin(list(touched))].tolist()  # in the store's order
        rows = article_mentions(
            again + new_ids, [touched[i] for i in again] + per_article, made, totals.surfaces, gaz
        )
        before = read_mentions(Path(store.path), set(again)) if again else pd.DataFrame()
        again_rows = rows[rows["article_id"].isin(again)]
        differ = differing(before, again_rows)
        replaced = [i for i in again if i in differ]  # the others' stored rows are theirs
        changed = changed_articles(pd.Series(again, dtype=object), before, again_rows)
        appended = rows[~rows["article_id"].isin(set(again) - differ)].reset_index(drop=True)
        dropped = int(before["article_id"].isin(replaced).sum()) if len(before) else 0
        entities = entity_count(made, totals, gaz)
        return AddedEntities(
            None,
            added,
            stored,
            [again[i] for i in changed],
            totals,
            made,
            appended,
            replaced,
            dropped,
            entities,
        )


@contextmanager
def long_lived() -> Iterator[None]:
    """Leave the objects alive on entry out of the garbage collector's passes until exit
    (``gc.freeze``): the modules, the store's totals of merging, the gazetteer. Merging
    and re-linking make a few objects for every old article they read again, and each
    full pass of the collector they set off went over all of those, whose number grows
    with the store (the totals count every distinct key); the objects are the same, only
    when the collector looks at them changes. Under a caller's freeze, left as it is."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def differing(earlier: pd.DataFrame, later: pd.DataFrame) -> set[str]:
    """Ids of the articles whose mention rows (every column, in their order) differ between
    two mention frames, found by one join on (article, place in its rows)."""
    both = _placed(earlier).merge(
        _placed(later), on=["article_id", "place"], how="outer", suffixes=("_0", "_1")
    )
    differs = np.zeros(len(both), dtype=bool)
    for column in MENTION_COLUMNS[1:]:
        differs |= (both[f"{column}_0"] != both[f"{column}_1"]).to_numpy()
    return set(both.loc[differs, "article_id"])


def _placed(mentions: pd.DataFrame) -> pd.DataFrame:
    """A mention frame's columns as strings, with each row's place in its article's rows."""
    if not len(mentions):
        empty = {c: pd.Series(dtype=object) for c in MENTION_COLUMNS}
        return pd.DataFrame(empty).assign(place=pd.Series(dtype="int64"))
    frame = pd.DataFrame({c: mentions[c].astype(str).to_numpy() for c in MENTION_COLUMNS})
    return frame.assign(place=frame.groupby("article_id", sort=False).cumcount())


def stored(ids: pd.Series, wanted: pd.Series) -> np.ndarray:
    """Whether each of ``wanted`` is one of the store's ``ids``: a set of the ids as a list
    (``Series.isin`` of a set of a million ids made a Python list of it, and iterating an
    Arrow column makes each id a scalar first)."""
    known = set(ids.tolist())
    return np.fromiter((i in known for i in wanted.tolist()), dtype=bool, count=len(wanted))


def elapsed(started: float) -> float:
    """Seconds since ``started`` (a ``perf_counter`` reading), rounded."""
    return round(time.perf_counter() - started, 2)


def check_complete(store: Store) -> None:
    """Check that the files of ``store`` match their checksums (hashing only those written
    to, replaced or copied since their checksums were recorded: ``Store.verify`` with
    ``stamped``) and that its topic model is there (new articles join its topics).

    Raises:
        StoreError: naming the damaged or missing file and the command that rebuilds it.
    """
    error = store.verify_error(stamped=True)
    if error is not None:
        raise error
    if not (Path(store.path) / MODEL_DIR).exists():
        raise store.damaged(MODEL_DIR, "missing: new articles cannot join the store's topics")


def resized_topics(topics: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Topic info with sizes recounted over ``articles``."""
    counts = articles["topic"].value_counts()
    return topics.assign(size=topics["topic"].map(counts).fillna(0).astype("int64"))
