"""Adding new articles to a built store without a rebuild.

The build's own stages (:mod:`dashboard.pipeline.stages`) run on the new articles alone
where that is exact: ingest, their texts and their embeddings. They join the existing
topics through the saved topic model (no refit); entities are found over the whole
corpus, old articles and new, so that aliases are merged as a build of it would merge
them; the similarity index, when the store has one, gets the new rows added without
retraining. The store is republished as a new version, atomically, under the build
lock. A refit is a separate action: a full ``build``.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.analysis import engine
from dashboard.pipeline.build import LocalExecutor
from dashboard.pipeline.embed import load_embedder
from dashboard.pipeline.entities.tables import compact
from dashboard.pipeline.stages import (
    EMBED,
    TEXTS,
    BuildConfig,
    entity_stage,
    load_corpus,
    peak_rss_mb,
    search_texts,
)
from dashboard.pipeline.topics import MODEL_DIR, assign_topics
from dashboard.storage.index import extend_index
from dashboard.storage.store import Store, build_lock, check_target, new_build_id, write_store
from dashboard.text.charvec import CharVectors, article_texts


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
    out = check_target(out, corpus, existing=True)
    check_complete(Store(out))  # before the lock, so that a damaged store is left as it is
    with build_lock(out, wait=wait):
        store = Store(out)
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
        embedder = load_embedder(base["embedder"]["name"], threads)
        config = BuildConfig(
            embedder=embedder.name,
            threads=threads,
            ner_model=base.get("config", {}).get("ner_model", ""),
        )
        executor = LocalExecutor(threads)
        prepared = executor.map(TEXTS, new, config, config)
        vectors = executor.map(EMBED, prepared, config, embedder)
        new = new.assign(
            topic=assign_topics(store, new, embedder, vectors=vectors).astype("int64"),
            content_hash=prepared["content_hash"].tolist(),
            search_text=search_texts(new),
        )
        articles = pd.concat([store.articles, new], ignore_index=True)
        embeddings = np.vstack([np.asarray(store.embeddings, dtype=np.float32), vectors])
        mentions = executor.map(entity_stage(config), articles, config)  # the whole corpus
        frames = {
            "articles": articles,
            "topics": resized_topics(store.frame("topics"), articles),
            "mentions": compact(mentions),
            "rejected": pd.concat([store.frame("rejected"), result.rejected]),
            "duplicates": pd.concat([store.frame("duplicates"), result.duplicates]),
        }
        now = datetime.now(UTC)
        manifest = {
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
            "update": {**update, "seconds": elapsed(started)},
            "peak_rss_mb": round(peak_rss_mb(), 1),
        }

        def carry_over(folder: Path) -> None:
            model = Path(store.path) / MODEL_DIR  # a pickle file or a folder, by serialisation
            copy = shutil.copytree if model.is_dir() else shutil.copy2
            copy(model, folder / MODEL_DIR)
            extend_index(store.path, folder, embeddings, len(store.articles))
            chars = CharVectors.load(store.path)
            if chars is not None:
                chars.extended(article_texts(new["title"], new["body"])).save(folder)
            engine.extend(Path(store.path), folder, new)  # the new rows' text read alone

        write_store(Path(out), frames, embeddings, manifest, extras=carry_over)
    log(f"added {len(new)} articles in {time.perf_counter() - started:.1f} s")
    return manifest


def elapsed(started: float) -> float:
    """Seconds since ``started`` (a ``perf_counter`` reading), rounded."""
    return round(time.perf_counter() - started, 2)


def check_complete(store: Store) -> None:
    """Check that the files of ``store`` match their checksums and that its topic model is
    there (new articles join its topics).

    Raises:
        StoreError: naming the damaged or missing file and the command that rebuilds it.
    """
    error = store.verify_error()
    if error is not None:
        raise error
    if not (Path(store.path) / MODEL_DIR).exists():
        raise store.damaged(MODEL_DIR, "missing: new articles cannot join the store's topics")


def resized_topics(topics: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Topic info with sizes recounted over ``articles``."""
    counts = articles["topic"].value_counts()
    return topics.assign(size=topics["topic"].map(counts).fillna(0).astype("int64"))
