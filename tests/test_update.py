"""Adding articles to a built store: only the new ones are embedded, topics come from the
saved model, and the store is republished atomically."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.analysis import quote_store
from dashboard.analysis.quotes import extract_quotes
from dashboard.analysis.search import Searcher
from dashboard.pipeline import update
from dashboard.pipeline.update import add_articles, long_lived
from dashboard.storage import store as store_module
from dashboard.storage.charparts import load_chars, save_chars
from dashboard.storage.index import VectorIndex
from dashboard.storage.store import Store, versions_dir
from dashboard.text.charvec import ArticleTexts

NEW = [
    {
        "title": "خام برنت يقفز إلى 91 دولاراً للبرميل بعد قرار أوبك",
        "body": "ارتفعت أسعار النفط في تعاملات الأربعاء بعدما قررت أوبك خفض الإنتاج. "
        "وصعد خام برنت إلى 91 دولاراً للبرميل. وقال محللون إن الطلب على الخام يبقى قوياً.",
    },
    {
        "title": "النسور يهزم الشروق في قمة دوري النخبة",
        "body": "فاز فريق النسور على الشروق بهدفين دون رد في قمة دوري النخبة. "
        "وعزز النسور صدارته للدوري بفارق خمس نقاط. وقال مدرب الشروق إن فريقه سيعود.",
    },
    {
        "title": "أمطار غزيرة تغلق الطرق في عمّان",
        "body": "أغلقت السيول عدداً من الطرق في عمّان بعد أمطار غزيرة. "
        "ودعت السلطات السكان إلى تجنب الأودية. وقال الدفاع المدني إن فرقه أنقذت عشرات العالقين.",
    },
]


def new_corpus(path: Path) -> Path:
    rows = [
        {**row, "date": "2025-04-02", "outlet": "موج الخليج", "url": f"https://new.example/{i}"}
        for i, row in enumerate(NEW)
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


def topic_of_word(store: Store, word: str) -> int:
    articles = store.articles
    return int(articles.loc[articles["search_text"].str.contains(word), "topic"].mode()[0])


def test_new_articles_join_existing_topics_without_a_refit(served: Path, tmp_path: Path):
    before = Store(served)
    old_rows, old_build = len(before.articles), before.manifest["build_id"]
    old_vectors = np.asarray(before.embeddings).copy()
    oil, league = topic_of_word(before, "برميل"), topic_of_word(before, "الدوري")
    stored = (Path(served) / "articles" / "part-00000.parquet").stat().st_ino
    vectors = (Path(served) / "embeddings.npy").stat().st_ino
    chars = load_chars(served)
    old_frame = before.articles.copy()

    manifest = add_articles(served, [new_corpus(tmp_path / "new.jsonl")], log=lambda _l: None)

    after = Store(served)
    assert manifest["update"]["added"] == 3 and manifest["build_id"] != old_build
    assert len(after.articles) == len(after.embeddings) == old_rows + 3
    pd.testing.assert_frame_equal(after.articles.head(old_rows), old_frame)
    parts = sorted((Path(served) / "articles").iterdir())  # the stored part, linked; the new
    assert [p.name for p in parts] == ["part-00000.parquet", "part-00001.parquet"]
    assert parts[0].stat().st_ino == stored and len(pd.read_parquet(parts[1])) == 3
    assert np.array_equal(np.asarray(after.embeddings[:old_rows]), old_vectors)
    assert (Path(served) / "embeddings.npy").stat().st_ino == vectors  # linked, not rewritten
    assert np.load(Path(served) / "embeddings.1.npy").shape == (3, old_vectors.shape[1])
    added = after.articles.tail(3).reset_index(drop=True)
    # The character vectors read back (parts as one) as the old way wrote them whole.
    whole = chars.extended(ArticleTexts(added["title"], added["body"]))
    save_chars(whole, tmp_path)
    whole, found = load_chars(tmp_path), load_chars(served)
    assert (Path(served) / "charvec.1.npz").is_file() and found.rows.shape[0] == old_rows + 3
    assert np.array_equal(found.latent, whole.latent)
    assert (found.rows != whole.rows).nnz == 0 and np.array_equal(
        found.rows.indptr, whole.rows.indptr
    )
    # Similar articles over the parts are those over the rows held whole.
    parted = Searcher.open(after)
    held = Searcher(
        parted.articles, VectorIndex(np.asarray(after.embeddings)), parted.lexical, whole
    )
    for article in [*added["id"].tolist(), old_frame["id"].iat[0]]:
        pd.testing.assert_frame_equal(parted.similar(article, 5), held.similar(article, 5))
    assert added.loc[0, "topic"] == oil and added.loc[1, "topic"] == league
    mentions = after.frame("mentions")
    found = set(mentions.loc[mentions["article_id"].isin(added["id"]), "entity"])
    assert {"أوبك", "عمان"} <= {e.replace("ّ", "") for e in found}
    counts = {"entities": mentions["entity"].nunique(), "mentions": len(mentions)}
    assert {k: manifest["counts"][k] for k in counts} == counts  # counted, not read whole
    assert after.verify() == []
    assert after.frame("topics")["size"].sum() == (after.articles["topic"] >= 0).sum()
    assert (Path(served) / "topic_model").exists()
    assert [p.resolve() for p in versions_dir(served).iterdir()] == [served.resolve()]


def test_adding_the_same_articles_again_adds_nothing(
    served: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    corpus = new_corpus(tmp_path / "new.jsonl")
    add_articles(served, [corpus], log=lambda _l: None)
    rows = len(Store(served).articles)
    hashed: list[str] = []
    hash_file = store_module.file_sha256
    monkeypatch.setattr(
        store_module, "file_sha256", lambda p: hashed.append(p.name) or hash_file(p)
    )
    manifest = add_articles(served, [corpus], log=lambda _l: None)
    assert hashed == []  # the store as the first add wrote it: its files' stamps match
    report = manifest["update"]["ingest"]
    assert manifest["update"]["added"] == 0 and report["already_in_store"] == 3
    assert report["read"] == sum(report[k] for k in ("loaded", "rejected", "duplicates")) + 3
    assert len(Store(served).articles) == rows
    assert Store(served).manifest["update"]["ingest"]["already_in_store"] == 0


def test_merging_and_the_engine_leave_the_objects_before_them_to_the_collector_frozen(
    served: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Merging and re-linking make objects for every old article they read again, which set
    off the garbage collector's full passes: the entities' merge and the engine's phase run
    with the objects alive before them frozen (out of those passes), and the add leaves
    nothing frozen."""
    frozen: dict[str, int] = {}

    def watched(name, function):
        def call(*args, **kwargs):
            frozen[name] = gc.get_freeze_count()
            return function(*args, **kwargs)

        return call

    monkeypatch.setattr(update, "extend", watched("merge", update.extend))
    monkeypatch.setattr(update.engine, "extend", watched("engine", update.engine.extend))
    monkeypatch.setattr(update, "differing", watched("rows", update.differing))
    add_articles(served, [new_corpus(tmp_path / "new.jsonl")], log=lambda _l: None)
    assert set(frozen) == {"merge", "engine", "rows"}
    assert min(frozen.values()) > 10_000  # the modules' objects at least
    assert gc.get_freeze_count() == 0
    gc.freeze()  # a caller's freeze is left as it is
    try:
        count = gc.get_freeze_count()
        with long_lived():
            assert gc.get_freeze_count() == count
        assert gc.get_freeze_count() == count
    finally:
        gc.unfreeze()


def test_the_add_reads_the_stored_articles_ids_outlets_and_topics_alone(
    served: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The stored articles' other columns are appended, not read (at 1M articles they are
    gigabytes); the counts and topic sizes the add writes are those of every article."""
    read: list[list[str] | None] = []
    frame = Store.frame

    def watched(self, name, columns=None, whole=False):
        if name == "articles":
            read.append(columns)
        return frame(self, name, columns, whole)

    monkeypatch.setattr(Store, "frame", watched)
    manifest = add_articles(served, [new_corpus(tmp_path / "new.jsonl")], log=lambda _l: None)
    monkeypatch.undo()
    assert read == [["id", "outlet", "topic"]]
    after = Store(served)
    articles = after.articles
    assert manifest["counts"]["articles"] == len(articles) and manifest["update"]["added"] == 3
    assert manifest["counts"]["outlets"] == articles["outlet"].nunique()
    sizes = articles["topic"].value_counts()
    topics = after.frame("topics")
    assert topics["size"].tolist() == [int(sizes.get(t, 0)) for t in topics["topic"]]


def test_the_quotes_link_to_the_merges_rows_without_reading_the_mentions_again(
    served: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The quotes of the new articles and of the old ones whose entity lists changed link
    to the mention rows the merge gave them (read again from the new version, they were a
    pass over every stored row's article id): the stored mentions are read at most once,
    for the old articles read again (never for the new ones), and the quotes read back
    are a fresh extraction's."""
    reads: list[object] = []
    read = quote_store.read_mentions

    def watched(folder, articles=None):
        reads.append(articles)
        return read(folder, articles)

    monkeypatch.setattr(quote_store, "read_mentions", watched)
    monkeypatch.setattr(update, "read_mentions", watched)
    add_articles(served, [new_corpus(tmp_path / "new.jsonl")], log=lambda _l: None)
    monkeypatch.undo()
    store = Store(served, texts=True)
    added = set(store.articles["id"].tail(3))
    assert len(reads) <= 1 and all(r is not None and not added & set(r) for r in reads)
    fresh = extract_quotes(store.articles, store.frame("mentions"))
    got = quote_store.read_quotes(served)
    assert len(got) > 0
    pd.testing.assert_frame_equal(got, fresh, check_dtype=False)
