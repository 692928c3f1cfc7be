"""Adding new articles to a built store without a rebuild.

The build's own stages (:mod:`dashboard.pipeline.stages`) run on the new articles alone
where that is exact: ingest, their texts and their embeddings. They join the existing
topics through the saved topic model (no refit). Entities are merged over the whole
corpus, old articles and new, so that aliases are merged as a build of it would merge
them: the new articles are scanned and the corpus totals of merging, kept with the scans,
are extended with theirs; only the old articles whose merging a changed decision touches
are read again and get new mention rows (a store whose scans lack the totals has them
merged whole once; a store built before it kept scans is scanned whole, once; both keep
them from then on; with an NER model each article's mentions are its own, so only the
new ones are found).
The similarity index, when the store has one, gets the new rows added without
retraining (in a side index: the stored one is linked), and the character vectors and the
lexical index fold the new rows in without reading the old ones' text. The store is
republished as a new version, atomically, under the build lock; its articles are the
stored parts, hard-linked, and the new rows as one more part
(:func:`~dashboard.storage.parts.append_parted`: the old rows are neither read nor
written again), as are its embeddings (:mod:`~dashboard.storage.rowparts`) and character
vectors (:mod:`~dashboard.storage.charparts`), and the topic model is linked too; a
linked file keeps its recorded checksum. A refit is a separate action: a full ``build``.
Each phase's wall and CPU seconds go into the manifest's ``update`` report.
"""

from __future__ import annotations

import shutil
import time
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals
from pyarrow.lib import ArrowException

from dashboard.analysis import engine
from dashboard.analysis.quote_store import changed_articles
from dashboard.pipeline.build import LocalExecutor
from dashboard.pipeline.embed import load_embedder
from dashboard.pipeline.entities.corpus_totals import Decisions, Kinds, Totals, extend
from dashboard.pipeline.entities.mentions import article_mentions, merged_scans
from dashboard.pipeline.entities.scan_store import StoredScans, write_scans
from dashboard.pipeline.entities.scan_table import (
    ScanTableError,
    joined_tables,
    scan_table,
    table_scans,
    with_totals,
)
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
from dashboard.storage.charparts import append_chars
from dashboard.storage.index import extend_index
from dashboard.storage.parts import append_parted, append_replacing, link_or_copy
from dashboard.storage.rowparts import append_rows, load_rows
from dashboard.storage.store import (
    Store,
    build_lock,
    check_target,
    new_build_id,
    write_store,
)
from dashboard.text.charvec import article_texts


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
            store = Store(out, texts=False)  # the long text columns are appended, not read
            base = store.manifest
            result, _ = load_corpus(corpus, None, lambda _line: None, required=False)
            known = set(store.articles["id"])
            new = result.articles[~result.articles["id"].isin(known)].reset_index(drop=True)
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
        with phase("entities"):
            found = added_entities(store, new, config, executor, log)
        with phase("publish"):
            articles = pd.concat([store.articles, new], ignore_index=True)  # without long texts
            mentions = found.mentions
            frames = {  # the articles are the stored parts and ``new`` (carry_over)
                "topics": resized_topics(store.frame("topics"), articles),
                "rejected": pd.concat([store.frame("rejected"), result.rejected]),
                "duplicates": pd.concat([store.frame("duplicates"), result.duplicates]),
            }
            if found.appended is None:  # mentions merged whole: written whole
                frames["mentions"] = compact(mentions)
            update = {**update, "timings_s": timings, "cpu_s": cpu}
            manifest = added_manifest(base, corpus, articles, mentions, update)

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
                    append_chars(Path(store.path), folder, article_texts(new["title"], new["body"]))
                with phase("engine"):
                    quoted = engine.extend(Path(store.path), folder, new, found.changed)
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
    mentions: pd.DataFrame,
    update: dict,
) -> dict:
    """The manifest of the store with articles added: a new build id, the corpus files so
    far, the new counts and this run's ``update`` report."""
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
            "entities": int(mentions["entity"].nunique()) if len(mentions) else 0,
            "mentions": len(mentions),
        },
        "update": update,
    }


@dataclass(frozen=True)
class AddedEntities:
    """Mentions of the store's articles and the new ones, the scan table the store keeps
    next (``scans`` whole, or the new articles' rows to add to the ``stored`` ones with the
    new ``totals`` and the decisions ``made``; None from an NER model), the old
    articles whose entity lists changed (what their quotes link to): None when not known
    (the quotes compare the two mention frames), and the rows that ``mentions`` adds to the
    stored ones: ``appended`` (those of the new articles and of the ``replaced`` old ones,
    whose stored rows they replace; None when the mentions were merged whole)."""

    mentions: pd.DataFrame
    scans: pd.DataFrame | None = None
    stored: StoredScans | None = None
    changed: list[str] | None = None
    totals: Totals | None = None
    made: Decisions | None = None
    appended: pd.DataFrame | None = None
    replaced: list[str] = field(default_factory=list)

    def write(self, folder: Path) -> None:
        """Write the scans the store keeps next into ``folder`` (see :mod:`.scan_store`)."""
        if self.stored is not None and self.totals is not None:
            self.stored.write(folder, self.scans, self.totals, self.made)
        elif self.scans is not None:
            write_scans(folder, self.scans)


def added_entities(
    store: Store,
    new: pd.DataFrame,
    config: BuildConfig,
    executor: Executor,
    log: Callable[[str], None],
) -> AddedEntities:
    """Mentions of the store's articles followed by ``new``, aliases merged over all of them,
    and the scan table the store keeps next.

    Only the new articles are scanned. Aliases are merged from the corpus totals the stored
    scan table keeps, extended with the new scans: the old articles whose merging a new
    decision changes are read again from it and get new mention rows, the others keep
    theirs (see :mod:`~dashboard.pipeline.entities.corpus_totals`). A table without totals
    has its scans merged with the new ones, and a store without (readable) stored scans has
    every article scanned, and says so. With an NER model, only the new articles are read
    and their mentions appended.
    """
    if config.ner_model:
        found = executor.map(NER, new, config)
        mentions = pd.concat([store.mentions.astype(object), found.mentions])
        return AddedEntities(mentions, changed=[], appended=found.mentions)
    old_ids, new_ids = store.articles["id"].tolist(), new["id"].tolist()
    try:
        stored = StoredScans(Path(store.path))
        totals = stored.totals()
    except (OSError, ArrowException, ScanTableError) as error:
        log(
            f"the store keeps no usable entity scans ({error}); scanning all "
            f"{len(old_ids) + len(new_ids)} articles once (the store keeps them from now on)"
        )
        everything = pd.concat([Store(store.path).articles, new], ignore_index=True)
        scans = executor.map(SCANS, everything, config)
        ids = old_ids + new_ids
        whole = scan_table(scans, ids)  # before merging, which changes the scans in place
        mentions, totals = merged_scans(scans, ids)
        return AddedEntities(mentions, with_totals(whole, totals))
    scans = executor.map(SCANS, new, config)
    added = scan_table(scans, new_ids)
    if totals is None:  # a table kept before the totals were
        table = store.frame("scans")
        mentions, totals = merged_scans([table_scans(table, old_ids), *scans], old_ids + new_ids)
        return AddedEntities(mentions, with_totals(joined_tables(table, added), totals))
    per_article = [article for found, _ in scans for article in found]
    surfaces: Kinds = {}
    for _, found in scans:
        for key, forms in found.items():
            surfaces.setdefault(key, Counter()).update(forms)
    gaz = gazetteer()
    made, totals, touched = extend(totals, per_article, surfaces, stored, gaz, stored.decisions())
    order = pd.Index(old_ids + new_ids)
    again = sorted(touched, key=order.get_loc)
    rows = article_mentions(
        again + new_ids, [touched[i] for i in again] + per_article, made, totals.surfaces, gaz
    )
    mentions, before = replaced_rows(store.mentions, rows, again, order)
    again_rows = rows[rows["article_id"].isin(again)]
    changed = changed_articles(pd.Series(again, dtype=object), before, again_rows)
    changed_ids = [again[i] for i in changed]
    return AddedEntities(mentions, added, stored, changed_ids, totals, made, rows, again)


def replaced_rows(
    stored: pd.DataFrame, rows: pd.DataFrame, again: list[str], order: pd.Index
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The stored mention frame (in article order) with the rows of the articles ``again``
    replaced by theirs in ``rows``, and the rows of the new articles (after the stored ones
    in ``order``) placed too, in article order (the stored rows are never turned into
    Python objects: their categories are joined with those of ``rows``); and the stored
    rows replaced."""
    stored = compact(stored)
    replaced = stored["article_id"].isin(again).to_numpy()
    kept, rows = stored[~replaced], compact(rows)
    place = order.get_indexer(stored["article_id"].cat.categories)
    at = np.concatenate(
        [place[kept["article_id"].cat.codes.to_numpy()], order.get_indexer(rows["article_id"])]
    )
    joined = {
        c: _joined(kept[c], rows[c])
        if isinstance(kept[c].dtype, pd.CategoricalDtype)
        else np.concatenate([kept[c].to_numpy(), rows[c].to_numpy()]).astype("int64")
        for c in stored.columns
    }
    mentions = pd.DataFrame(joined).iloc[np.argsort(at, kind="stable")]  # runs: merged fast
    return mentions.reset_index(drop=True), stored[replaced]


def _joined(first: pd.Series, second: pd.Series) -> pd.Categorical:
    """Two categorical columns as one (the second's categories read as the first's type: an
    empty column's are untyped)."""
    categories = second.cat.categories.astype(first.cat.categories.dtype)
    return union_categoricals([first, second.cat.rename_categories(categories)])


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
