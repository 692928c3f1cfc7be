"""The out-of-core engine gives the in-memory numbers: rows, coverage, shares, drill-downs."""

from __future__ import annotations

import gzip
import json
import random
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_update import new_corpus

from dashboard.analysis import engine, query, quote_store
from dashboard.analysis.engine import Engine, extend, prepare, prepared
from dashboard.analysis.query import Filters, Series
from dashboard.analysis.quote_store import read_checks, read_quotes
from dashboard.analysis.termbags import BAG_FILES
from dashboard.analysis.vocabulary import VOCABULARY_FILES, vocabulary_present
from dashboard.app import cached
from dashboard.pipeline import forkpool
from dashboard.pipeline.forkpool import Forked, fork_map
from dashboard.pipeline.update import add_articles
from dashboard.storage import arrayparts, wordindex
from dashboard.storage.lexical import Lexical
from dashboard.storage.rowtext import COLUMNS, RowTexts, write_texts
from dashboard.storage.store import OUT_OF_CORE, Store, write_store
from dashboard.storage.textindex import TextIndex, words
from dashboard.storage.wordindex import WordIndex, write_word_index
from dashboard.text.arabic import normalize
from tests.conftest import shared_file

SAMPLE = 300


@pytest.fixture(scope="module")
def snn(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    """A SaudiNewsNet sample (every 100th record) written as a store's ``articles.parquet``
    in row groups of 40 and prepared for the engine; with the frame the in-memory path reads."""
    source = shared_file("data/saudinewsnet/saudinewsnet.jsonl.gz")
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        # Every 100th record: the sample spans the collection's three weeks.
        records = [json.loads(line) for i, line in enumerate(handle) if i % 100 == 0][:SAMPLE]
    rng = np.random.default_rng(3)
    articles = pd.DataFrame(
        {
            "id": [f"a{i}" for i in range(len(records))],
            "title": [r["title"] or "" for r in records],
            "body": [r["content"] or "" for r in records],
            "published_at": pd.to_datetime([r["date_extracted"] for r in records]),
            "outlet": [r["source"] for r in records],
            "topic": rng.integers(-1, 6, len(records)),
        }
    )
    articles["search_text"] = [
        normalize(f"{t} {b}") for t, b in zip(articles["title"], articles["body"], strict=True)
    ]
    folder = tmp_path_factory.mktemp("snn-engine")
    table = pa.Table.from_pandas(articles, preserve_index=False)
    pq.write_table(table, folder / "articles.parquet", row_group_size=40)
    prepare(folder)
    return folder, articles


@pytest.fixture(scope="module")
def demo(demo_store: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    """The built demo store's articles, with a word index beside them."""
    folder = tmp_path_factory.mktemp("demo-engine")
    shutil.copytree(demo_store / "articles", folder / "articles")
    prepare(folder)
    return folder, pd.read_parquet(folder / "articles")


TOPICS = pd.DataFrame({"topic": range(6), "label": [f"t{i}" for i in range(6)]})


def queries(articles: pd.DataFrame, seed: int) -> list[tuple[str, bool]]:
    """Words, prefixes and 2-3 word phrases drawn from the articles' own text."""
    rng = random.Random(seed)
    texts = articles["search_text"].tolist()
    vocabulary = sorted({w for t in rng.sample(texts, 30) for w in words(t)})
    terms = [(w, False) for w in rng.sample(vocabulary, 60)]
    terms += [(w[:3], True) for w in rng.sample(vocabulary, 20)]
    for text in rng.sample(texts, 20):
        found = words(text)
        if len(found) > 3:
            i = rng.randrange(len(found) - 2)
            terms.append((" ".join(found[i : i + 2]), False))
            terms.append((" ".join(found[i : i + 3]), True))
            terms.append((f"{found[i]} {found[i + 1][:3]}", True))  # its last word cut short
    return [*terms, ("سلام", False), ("الرياض", False), ("سلام", True), ("في", False)]


def test_word_index_matches_the_text_index(snn: tuple[Path, pd.DataFrame]) -> None:
    folder, articles = snn
    texts = articles["search_text"]
    old = TextIndex(texts)
    new = WordIndex(folder, len(texts), lambda rows: texts.iloc[rows])
    checked = 0
    for term, prefix in queries(articles, seed=5):
        expected = old.contains(term, prefix)
        assert np.array_equal(new.contains(term, prefix), expected), (term, prefix)
        checked += int(expected.any())
    assert checked > 50  # most drawn terms occur, so the comparison is not of empty masks


def filter_states(articles: pd.DataFrame) -> list[Filters]:
    """No filter, dates, outlets, topics, keyword queries (with operators and a phrase), all."""
    outlets = tuple(articles["outlet"].value_counts().index[:2])
    first, last = articles["published_at"].min(), articles["published_at"].max()
    start, end = (first + (last - first) / 3).date(), (first + 2 * (last - first) / 3).date()
    text = " ".join(words(articles["search_text"].iloc[0])[:2])
    return [
        Filters(),
        Filters(start=start, end=end),
        Filters(outlets=outlets),
        Filters(topics=(1, -1)),
        Filters(text="الرياض OR السعودية -وزير"),
        Filters(text=f'"{text}"'),
        Filters(start=start, end=end, outlets=outlets, text="المملكة"),
    ]


@pytest.mark.parametrize("corpus", ["snn", "demo"])
def test_engine_gives_the_in_memory_numbers(corpus: str, request: pytest.FixtureRequest) -> None:
    folder, articles = request.getfixturevalue(corpus)
    engine, index = Engine(folder, threads=1), TextIndex(articles["search_text"])
    compared = (
        Series("query", "الرياض"),
        Series("outlet", articles["outlet"].iat[0]),
        Series("topic", "2"),
        query.collection_series("صحف", articles["outlet"].value_counts().index[1:3]),
    )
    states = filter_states(articles)
    # The demo (a fixture shared with other tests) gets the broadest states only, for time.
    for filters in states if corpus == "snn" else [states[0], states[4], states[6]]:
        rows = np.flatnonzero(query.filter_mask(articles, filters, index).to_numpy())
        assert np.array_equal(engine.filtered_rows(filters), rows), filters
        top = query.top_outlets(articles.iloc[rows], 3)
        assert engine.top_outlets(filters, 3) == top
        for frequency in [{"snn": "day", "demo": "week"}[corpus]]:
            for breakdown, series in [("outlet", ()), ("topic", ()), ("compare", compared)]:
                expected = query.coverage_view(
                    articles, TOPICS, filters, frequency, breakdown, series, top=3, index=index
                )
                got = engine.coverage(TOPICS, filters, frequency, breakdown, series, top=3)
                pd.testing.assert_frame_equal(got, expected, check_dtype=False)
        periods = expected["period"].drop_duplicates()
        first, last = periods.iloc[len(periods) // 3], periods.iloc[2 * len(periods) // 3]
        for label in [None, *expected["series"].unique()[:2], *top[:1], query.OTHER_OUTLETS]:
            for breakdown, series in [("outlet", ()), ("compare", compared)]:
                picked = (TOPICS, filters, frequency, breakdown, series, label, first, last)
                shown = query.period_articles(articles, *picked, index=index)
                got = engine.period_rows(*picked)
                assert articles["id"].iloc[got].tolist() == shown["id"].tolist(), picked


def test_engine_reads_only_the_rows_shown(snn: tuple[Path, pd.DataFrame]) -> None:
    folder, articles = snn
    engine = Engine(folder)
    rows = np.array([200, 3, 39, 40, 41, SAMPLE - 1])  # across row groups of 40, unsorted
    shown = engine.read(rows, ["id", "body"])
    assert shown["id"].tolist() == articles["id"].iloc[rows].tolist()
    assert shown["body"].tolist() == articles["body"].iloc[rows].tolist()
    assert engine.read(np.zeros(0, dtype=np.int64), ["id"]).empty


def store_of(articles: pd.DataFrame, out: Path, engine: bool) -> tuple[str, str]:
    """``articles`` published as a store at ``out`` (the engine's files only with ``engine``,
    as a store built before them); (path, build id) as the pages pass them."""
    empty = pd.DataFrame({"article_id": pd.Series(dtype=str), "entity": pd.Series(dtype=str)})
    frames = {
        "articles": articles,
        "topics": TOPICS,
        "mentions": empty,
        "rejected": pd.DataFrame({"reason": pd.Series(dtype=str)}),
        "duplicates": pd.DataFrame({"id": pd.Series(dtype=str)}),
    }
    vectors = np.zeros((len(articles), 4), dtype=np.float32)
    build = f"{out.name}-build"
    write_store(out, frames, vectors, {"build_id": build}, extras=prepare if engine else None)
    return str(out), build


def test_pages_get_the_same_numbers_whichever_engine_answers(
    snn: tuple[Path, pd.DataFrame], tmp_path: Path
) -> None:
    _, articles = snn
    new = store_of(articles, tmp_path / "new", engine=True)
    old = store_of(articles, tmp_path / "old", engine=False)
    assert cached.engine(*new) is not None and cached.engine(*old) is None
    compared = (Series("query", "الرياض"), Series("topic", "2"))
    for filters in filter_states(articles)[::2]:
        assert np.array_equal(
            cached.filtered_rows(*new, filters), cached.filtered_rows(*old, filters)
        )
        for breakdown, series in [("outlet", ()), ("topic", ()), ("compare", compared)]:
            asked = (filters, "day", breakdown, series)
            got, expected = cached.coverage(*new, *asked), cached.coverage(*old, *asked)
            pd.testing.assert_frame_equal(got, expected, check_dtype=False)
            first, last = str(expected["period"].iat[0]), str(expected["period"].iat[-1])
            for label in [None, expected["series"].iat[0]]:
                picked = (*asked, label, first, last)
                shown = cached.period_articles(*new, *picked)["id"].tolist()
                assert shown == cached.period_articles(*old, *picked)["id"].tolist(), picked


def test_the_demo_store_is_served_by_the_engine_with_the_same_numbers(demo_store: Path) -> None:
    store = Store(demo_store)
    path, build = str(demo_store), store.manifest["build_id"]
    assert cached.engine(path, build) is not None  # the build wrote the engine's files
    articles, index = store.articles, store.text_index
    topics = store.frame("topics")
    filters = Filters(text="الرياض OR السعودية -وزير")
    rows = np.flatnonzero(query.filter_mask(articles, filters, index).to_numpy())
    assert np.array_equal(cached.filtered_rows(path, build, filters), rows)
    expected = query.coverage_view(articles, topics, filters, "week", "topic", index=index)
    got = cached.coverage(path, build, filters, "week", "topic")
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)


def test_add_keeps_the_engine_equal_to_a_fresh_build(served: Path, tmp_path: Path) -> None:
    add_articles(served, [new_corpus(tmp_path / "new.jsonl")], log=lambda _line: None)
    assert prepared(served.resolve()) and Store(served).verify() == []
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    shutil.copytree(served / "articles", fresh / "articles")
    shutil.copytree(served / "mentions", fresh / "mentions")  # quotes link entities; as
    # ``add`` keeps them: the stored file linked, the new and changed rows with tombstones
    prepare(fresh)
    assert same_engine_files(served.resolve(), fresh)  # extended, not rebuilt, yet identical
    added, rebuilt = Engine(served.resolve(), threads=1), Engine(fresh, threads=1)
    articles = Store(served).articles
    for filters in [Filters(text="برنت"), Filters(text='"دوري النخبة"'), Filters()]:
        rows = added.filtered_rows(filters)
        assert np.array_equal(rows, rebuilt.filtered_rows(filters))
        mask = query.filter_mask(articles, filters, TextIndex(articles["search_text"]))
        assert np.array_equal(rows, np.flatnonzero(mask.to_numpy())), filters
        got = added.coverage(TOPICS, filters, "week", "outlet")
        pd.testing.assert_frame_equal(got, rebuilt.coverage(TOPICS, filters, "week", "outlet"))
    assert len(added.filtered_rows(Filters(text="برنت"))) >= 1  # a word of the new articles


def same_engine_files(one: Path, other: Path) -> bool:
    """Whether both folders hold the same engine files, byte for byte, but for those an add
    keeps in parts or segments, which must read back the same: the lexical index's rows
    (the same answers), the text columns' data and offsets, the vocabulary's and bags'
    arrays (their parts read one after the other), the word index (the same rows for every
    token and pair of tokens), and the quotes and their checks (the same rows)."""
    tables = {"articles", "articles.parquet", "mentions", "mentions.parquet"}
    names = {p.name for p in other.iterdir()} - tables
    cut = {n for n in names if n.startswith("lexical.rows")} | {"lexical.segments.npy"}
    cut |= {n for n in names if n.startswith(("text.", "vocab."))}
    cut |= {n for n in names if n.startswith(("quotes", "quote_checks"))}
    cut |= set(wordindex.FILES)
    names -= cut
    same = all((one / n).read_bytes() == (other / n).read_bytes() for n in names)
    if quote_store.quotes_present(other):
        same &= read_quotes(one).equals(read_quotes(other))
        same &= read_checks(one).equals(read_checks(other))
    offsets = [f"text.{c}.npy" for c in COLUMNS]
    same &= all(text_bytes(one, c) == text_bytes(other, c) for c in COLUMNS)
    arrays = offsets + [n for n in VOCABULARY_FILES + BAG_FILES if vocabulary_present(other)]
    same &= all(
        np.array_equal(arrayparts.read_all(one, n), arrayparts.read_all(other, n)) for n in arrays
    )
    same &= index_rows(one) == index_rows(other)
    if not Lexical.present(other):  # a word index alone
        return same
    assert "lexical.norms.npy" in names  # the lexical index's totals compared byte for byte
    return same and same_lexical(Lexical.load(one), Lexical.load(other))


def index_rows(folder: Path) -> dict[tuple[str, ...], list[int]]:
    """Every token's and pair of adjacent tokens' rows in the word index of ``folder``,
    read from each of its segments (rows counted in the store)."""
    rows = len(RowTexts(folder, "search_text"))
    found: dict[tuple[str, ...], list[int]] = {}
    for segment in WordIndex(folder, rows, lambda _rows: pd.Series()).segments:
        tokens = segment.tokens.column.to_pylist()
        for i, token in enumerate(tokens):
            held = segment.postings[segment.offsets[i] : segment.offsets[i + 1]]
            found.setdefault((token,), []).extend((held + segment.first).tolist())
        for i, key in enumerate(np.asarray(segment.pair_keys).tolist()):
            pair = (tokens[key // len(tokens)], tokens[key % len(tokens)])
            held = segment.pair_postings[segment.pair_offsets[i] : segment.pair_offsets[i + 1]]
            found.setdefault(pair, []).extend((held + segment.first).tolist())
    assert len(found) > 10  # tokens and pairs were read
    return found


def text_bytes(folder: Path, column: str) -> bytes:
    """The data of one text column, its parts read one after the other."""
    return b"".join(p.read_bytes() for p in arrayparts.part_paths(folder, f"text.{column}.bin"))


def same_lexical(one: Lexical, other: Lexical) -> bool:
    """Whether two lexical indexes give the same BM25 scores for a few queries and the same
    TF-IDF cosines for every row, to the bit."""
    texts = ("السعودية", "وزير الخارجية", "برنت النفط", "كلمة-لا-توجد")
    return (
        len(one) == len(other)
        and all(np.array_equal(one.scores(t), other.scores(t)) for t in texts)
        and all(np.array_equal(one.similar(r), other.similar(r)) for r in range(len(one)))
    )


def test_extending_writes_the_files_of_a_fresh_build(
    snn: tuple[Path, pd.DataFrame], tmp_path: Path
) -> None:
    folder, articles = snn
    cut = SAMPLE - 37
    earlier, extended = tmp_path / "earlier", tmp_path / "extended"
    for place, rows in ((earlier, articles.iloc[:cut]), (extended, articles)):
        place.mkdir()
        pq.write_table(pa.Table.from_pandas(rows, preserve_index=False), place / "articles.parquet")
    prepare(earlier)
    extend(earlier, extended, articles.iloc[cut:])
    assert same_engine_files(extended, folder)
    assert [len(s) for s in Lexical.load(extended).segments] == [cut, 37]  # counted alone
    assert wordindex.layout(extended, SAMPLE) == [(0, cut), (cut, 37)]  # indexed alone
    shared = [*wordindex.FILES, "vocab.codes.i32", "vocab.words.ids.i32", "text.body.npy"]
    for name in shared:  # the stored files are the earlier version's, linked
        assert (extended / name).stat().st_ino == (earlier / name).stat().st_ino, name


def test_word_index_segments_merge_into_the_files_of_one_pass(
    snn: tuple[Path, pd.DataFrame], tmp_path: Path
) -> None:
    """Adds of 50 rows then 150 to 100: two segments answering as the text index does,
    then (150 rows are at least the 50 before them, and 200 the 100) merged into one,
    the files of one pass over every row, byte for byte."""
    _folder, articles = snn
    texts = articles["search_text"].tolist()
    whole, versions = tmp_path / "whole", [tmp_path / f"v{i}" for i in range(3)]
    for place in (whole, *versions):
        place.mkdir()
    write_word_index(texts, whole)
    write_word_index(texts[:100], versions[0])
    wordindex.extend_word_index(versions[0], texts[100:150], 100, versions[1])
    assert wordindex.layout(versions[1], 150) == [(0, 100), (100, 50)]
    series = articles["search_text"].iloc[:150]
    split = WordIndex(versions[1], 150, lambda rows: series.iloc[rows])
    expected = TextIndex(series)
    for term, prefix in queries(articles.iloc[:150], seed=7):
        assert np.array_equal(split.contains(term, prefix), expected.contains(term, prefix))
    wordindex.extend_word_index(versions[1], texts[150:], 150, versions[2])
    assert sorted(p.name for p in versions[2].iterdir()) == sorted(wordindex.FILES)
    for name in wordindex.FILES:
        assert (versions[2] / name).read_bytes() == (whole / name).read_bytes(), name


def test_preparing_in_chunks_writes_the_files_of_one_pass(
    snn: tuple[Path, pd.DataFrame], tmp_path: Path
) -> None:
    folder, articles = snn
    whole = tmp_path / "whole"
    whole.mkdir()
    write_word_index(articles["search_text"], whole)  # every row indexed at once, in memory
    for name in COLUMNS:
        write_texts(whole, name, articles[name])
    shutil.copy(folder / "articles.parquet", whole / "articles.parquet")
    for chunk in (41, 128):  # eight runs; two and a short last one
        place = tmp_path / f"chunk-{chunk}"
        place.mkdir()
        shutil.copy(folder / "articles.parquet", place / "articles.parquet")
        prepare(place, batch=33, chunk=chunk)
        assert same_engine_files(place, whole), chunk
        assert not [p for p in place.iterdir() if p.name.startswith(".")]  # runs removed


def test_preparing_with_two_workers_writes_the_files_of_one_process(
    demo_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    places = {workers: tmp_path / f"workers-{workers}" for workers in (1, 2)}
    forks: list[str] = []

    def counted(function, items):
        forks.append(f"quotes in {len(items)}")
        return fork_map(function, items)

    def beside(function):
        forks.append(f"beside: {function.func.__name__}")
        return Forked(function)

    monkeypatch.setattr(quote_store, "fork_map", counted)
    monkeypatch.setattr(forkpool, "SLICE_ROWS", 100)  # the demo's 405 articles: two slices
    monkeypatch.setattr(engine, "Forked", beside)
    for workers, place in places.items():
        place.mkdir()
        shutil.copytree(demo_store / "articles", place / "articles")
        shutil.copy(demo_store / "mentions.parquet", place / "mentions.parquet")  # entities
        prepare(place, workers=workers)
    assert len(pd.read_parquet(places[2] / "quotes.parquet")) > 0
    assert same_engine_files(places[2], places[1])
    assert forks == ["beside: write_words", "beside: write_lexical", "quotes in 2"]


@pytest.fixture(scope="module")
def demo_pair(demo_store: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[tuple, tuple]:
    """((path, build) of the demo store as built, served without its texts; the same store
    without the engine's files, served from memory as before)."""
    new = (str(demo_store), Store(demo_store).manifest["build_id"])
    folder = tmp_path_factory.mktemp("demo-old") / "store"
    shutil.copytree(demo_store.resolve(), folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    engine_files = ("text.", "word", "pair_", "vocab.", "lexical.", "quotes", "quote_checks")
    for name in [n for n in manifest["files"] if n.startswith(engine_files)]:
        (folder / name).unlink()
        del manifest["files"][name]
    manifest["build_id"] += "-old"
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return new, (str(folder), manifest["build_id"])


def test_pages_held_without_texts_get_the_same_results(
    demo_pair: tuple[tuple, tuple], monkeypatch: pytest.MonkeyPatch
) -> None:
    new, old = demo_pair
    light, full = cached.open_store(*new), cached.open_store(*old)
    for cache in (cached.vocabulary, cached.searcher, cached.words, cached.quote_search):
        cache.clear()  # computed below, not remembered from an earlier test
    read = []  # how many rows each read of long texts asked for
    get = RowTexts.get
    monkeypatch.setattr(
        RowTexts, "get", lambda self, rows: read.append(len(rows)) or get(self, rows)
    )
    picked = full.articles["id"].iat[7]
    cached.words(*new, Filters(), 2, 30)
    cached.neighbours(*new, picked, 8, Filters())
    cached.quote_search(*new, Filters(), "", "")
    assert not read  # the words, similar and quotes pages read no article text
    monkeypatch.undo()
    entity = cached.entity_names(*old, 1)[0]
    assert cached.article_texts(*new, picked, ["body", "boilerplate"]) == [
        str(full.articles[c].iat[7]) for c in ("body", "boilerplate")
    ]
    for filters in (Filters(), Filters(text="الرياض OR السعودية -وزير")):
        got = cached.with_texts(*new, cached.filtered(light, filters), OUT_OF_CORE)
        pd.testing.assert_frame_equal(got[full.articles.columns], cached.filtered(full, filters))
        for one, other in zip(
            cached.entity_tables(*new, filters, entity, "week").values(),
            cached.entity_tables(*old, filters, entity, "week").values(),
            strict=True,
        ):
            assert np.array_equal(one, other) if isinstance(one, np.ndarray) else one.equals(other)
        series = (Series("entity", entity), Series("query", "السعودية"))
        asked = (filters, "week", "compare", series)
        pd.testing.assert_frame_equal(cached.coverage(*new, *asked), cached.coverage(*old, *asked))
        for name in ("topic_shares", "outlet_shares"):
            answer = getattr(cached, name)
            pd.testing.assert_frame_equal(
                answer(*new, filters, "week"), answer(*old, filters, "week")
            )
        pd.testing.assert_frame_equal(
            cached.outlet_topics(*new, filters), cached.outlet_topics(*old, filters)
        )
        for n in (1, 2):
            pd.testing.assert_frame_equal(
                cached.words(*new, filters, n, 30), cached.words(*old, filters, n, 30)
            )
        sets = (Filters(text="السعودية"), Filters(), True, 100.0, 20)
        pd.testing.assert_frame_equal(
            cached.distinctive_words(*new, filters, *sets),
            cached.distinctive_words(*old, filters, *sets),
        )
        lines = [cached.concordance_lines(p, f, filters, 5) for p, f in (new, old)]
        assert (lines[0].articles, lines[0].places) == (lines[1].articles, lines[1].places)
        pd.testing.assert_frame_equal(lines[0].frame, lines[1].frame)
        similar = [cached.neighbours(*place, picked, 8, filters) for place in (new, old)]
        assert similar[0]["id"].tolist() == similar[1]["id"].tolist()
        assert np.allclose(similar[0]["score"], similar[1]["score"])
        for speaker, said in (("", ""), ("وزير", ""), ("", "السعودية")):
            pd.testing.assert_frame_equal(
                cached.quote_search(*new, filters, speaker, said),
                cached.quote_search(*old, filters, speaker, said),
            )
        pd.testing.assert_frame_equal(
            cached.entity_quotes(*new, filters, entity), cached.entity_quotes(*old, filters, entity)
        )
    assert len(cached.quote_search(*new, Filters(), "", "")) > 10  # the demo's quotes compared
    lexical = [cached.searcher(*place).lexical for place in (new, old)]
    for text in ("السعودية", "وزير الخارجية", "كلمة-لا-توجد"):
        assert np.array_equal(lexical[0].scores(text), lexical[1].scores(text))
    pd.testing.assert_frame_equal(
        cached.article_story(*new, picked),
        cached.article_story(*old, picked).drop(
            columns=[c for c in OUT_OF_CORE if c in full.articles]
        ),
    )
