"""The build's stages, defined once: a row stage gives the same result over the shards an
executor cuts as over the whole frame; `add` runs them with the whole corpus's entities;
the similarity index grows without retraining."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import DEMO
from test_update import new_corpus

from dashboard.pipeline import build, forkpool, upload_build
from dashboard.pipeline.build import LocalExecutor
from dashboard.pipeline.embed import load_embedder
from dashboard.pipeline.entities.mentions import extract_mentions
from dashboard.pipeline.entities.scan_store import StoredScans
from dashboard.pipeline.entities.scan_table import table_totals
from dashboard.pipeline.entities.tables import compact
from dashboard.pipeline.forkpool import Chunks, Forked, fork_map
from dashboard.pipeline.ray_build import partitions
from dashboard.pipeline.stages import (
    EMBED,
    SCAN,
    TEXTS,
    BuildConfig,
    BuildError,
    RowStage,
    char_vectors,
    joined_scans,
    scan_slices,
    search_texts,
)
from dashboard.pipeline.update import add_articles
from dashboard.storage.charparts import FILE, save_chars
from dashboard.storage.index import INDEX_FILE, build_ann, extend_index
from dashboard.storage.store import Store


def sharded(stage: RowStage, frame: pd.DataFrame, loaded: object, shards: int) -> object:
    """``stage`` run shard by shard, as the Ray executor cuts them, and combined."""
    parts = partitions(len(frame), shards, stage.multiple)
    assert len(parts) > 1
    results = [
        stage.apply(frame.iloc[r.start : r.stop].reset_index(drop=True), loaded) for r in parts
    ]
    return stage.combine(results, frame)


def test_embeddings_over_shards_are_the_local_embeddings_bit_for_bit(monkeypatch):
    rows = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines()[:130]]
    articles = pd.DataFrame(rows)[["title", "body"]]
    config = BuildConfig(threads=1)
    local = LocalExecutor(1)
    texts = local.map(TEXTS, articles, config, config)
    pd.testing.assert_frame_equal(sharded(TEXTS, articles, config, 3), texts)
    embedder = load_embedder(config.embedder, config.threads)
    whole = local.map(EMBED, texts, config, embedder)
    # shards start at multiples of the embedder's batch: the model sees the same batches (its
    # last bits depend on the batch: cut at row 65, this test fails)
    for shards in (2, 3):
        assert np.array_equal(sharded(EMBED, texts, embedder, shards), whole), shards
    # the local executor's forked slices, each with a one-thread copy of the model, are cut
    # at the same multiples: the same vectors, in row order
    forks: list[int] = []

    def counted(function, items):
        forks.append(len(items))
        return fork_map(function, items)

    monkeypatch.setattr(build, "fork_map", counted)
    monkeypatch.setattr(forkpool, "SLICE_ROWS", 64)
    assert np.array_equal(LocalExecutor(2).map(EMBED, texts, config, embedder), whole)
    assert forks == [2]


def test_entity_scan_over_shards_merges_as_the_whole_corpus(demo_store: Path):
    articles = Store(demo_store).articles
    whole = extract_mentions(articles)
    pd.testing.assert_frame_equal(sharded(SCAN, articles, None, 4).mentions, whole)
    assert len(whole) > 0


def test_a_row_stage_refuses_a_frame_without_its_columns():
    with pytest.raises(BuildError, match="needs the columns body"):
        TEXTS.apply(pd.DataFrame({"title": ["عنوان"]}), BuildConfig())


def test_the_upload_progress_lists_every_stage_a_build_logs(demo_store: Path):
    timed = set(Store(demo_store).manifest["timings_s"]) - {"total"}
    assert timed == set(upload_build.STAGES)


def test_added_articles_share_entity_aliases_with_the_whole_corpus(served: Path, tmp_path: Path):
    # a surname alone, whose full name (a person of the demo corpus) only the corpus knows
    row = {
        "title": "بلقاسم يلتقي وفداً",
        "body": "وقال بلقاسم إن الاجتماع كان مثمراً.",
        "date": "2025-04-02",
        "outlet": "موج الخليج",
        "url": "https://new.example/surname",
    }
    corpus = new_corpus(tmp_path / "new.jsonl")
    with corpus.open("a", encoding="utf-8") as handle:
        handle.write("\n" + json.dumps(row, ensure_ascii=False))
    add_articles(served, [corpus], log=lambda _l: None)
    after = Store(served)
    stored = after.frame("mentions").astype(str).reset_index(drop=True)
    expected = compact(extract_mentions(after.articles)).astype(str).reset_index(drop=True)
    pd.testing.assert_frame_equal(stored, expected)
    added = after.articles.loc[after.articles["url"] == row["url"], "id"].iat[0]
    assert "عمر بلقاسم" in set(stored.loc[stored["article_id"] == added, "entity"])
    assert after.manifest["counts"]["entities"] == stored["entity"].nunique()


def test_the_index_grows_by_the_new_rows_without_retraining(tmp_path: Path):
    import faiss

    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(1_600, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    faiss.write_index(build_ann(vectors[:1_300]), str(old / INDEX_FILE))

    side = extend_index(old, new, vectors, 1_300)
    assert side == new / "vectors.1.faiss"  # the new rows in a side index
    assert (new / INDEX_FILE).stat().st_ino == (old / INDEX_FILE).stat().st_ino  # linked
    saved = [faiss.read_index(str(path)) for path in (old / INDEX_FILE, side)]
    before, after = (faiss.extract_index_ivf(index) for index in saved)  # views into them
    assert (before.ntotal, after.ntotal) == (1_300, 300)
    cells = range(before.nlist)
    assert np.array_equal(
        [after.quantizer.reconstruct(i) for i in cells],
        [before.quantizer.reconstruct(i) for i in cells],
    )
    after.nprobe = before.nlist
    _, found = after.search(vectors[1_500:1_510], 1)
    assert (found[:, 0] + 1_300).tolist() == list(range(1_500, 1_510))  # ids from the side's first


def test_character_vectors_computed_beside_the_topic_model_are_those_of_one_process(
    demo_store: Path, tmp_path: Path
):
    store = Store(demo_store)
    assert store.manifest["config"]["threads"] == 2  # the build forked them off
    assert store.articles["search_text"].tolist() == search_texts(store.articles)  # and these
    save_chars(char_vectors(store.articles), tmp_path)  # here, in this process
    with np.load(demo_store / FILE) as built, np.load(tmp_path / FILE) as here:
        assert set(built.files) == set(here.files)
        for name in built.files:
            assert np.array_equal(built[name], here[name]), name


def test_entities_scanned_partly_beside_the_topic_model_are_those_of_one_process(
    demo_store: Path,
):
    """The demo build (2 threads) shared the entity scan between the forked process beside
    the topic model and the build process, slice by slice: the stored mentions and scans
    are those of one scan of every article here."""
    store = Store(demo_store)
    assert store.manifest["config"]["threads"] == 2
    whole = SCAN.combine([SCAN.apply(store.articles, None)], store.articles)
    stored = store.frame("mentions").astype(str).reset_index(drop=True)
    pd.testing.assert_frame_equal(stored, compact(whole.mentions).astype(str))
    kept = StoredScans(demo_store)  # the articles' rows by article id, and the totals
    rows = whole.scans[(whole.scans["article_id"].astype(str) != "").to_numpy()]
    rows = rows.astype({"article_id": str}).sort_values("article_id", kind="stable")
    pd.testing.assert_frame_equal(
        store.frame("scans").astype(str), rows.astype(str).reset_index(drop=True)
    )
    assert kept.parts == [0] and kept.totals() == table_totals(whole.scans)


def test_slices_scanned_in_any_order_join_as_one_scan(demo_store: Path):
    """Slices taken in turn by two processes, joined in whatever order they come back."""
    articles = Store(demo_store).articles
    scanned = scan_slices(articles, Chunks.of(len(articles), 17))
    found = joined_scans(scanned[1::2][::-1] + scanned[::2], articles)  # two processes' turns
    whole = SCAN.combine([SCAN.apply(articles, None)], articles)
    pd.testing.assert_frame_equal(found.mentions, whole.mentions)
    pd.testing.assert_frame_equal(found.scans, whole.scans)


def test_a_forked_step_returns_its_result_and_raises_its_error():
    assert Forked(partial(sum, [1, 2, 3])).result() == 6
    with pytest.raises(ZeroDivisionError):
        Forked(partial(divmod, 1, 0)).result()
