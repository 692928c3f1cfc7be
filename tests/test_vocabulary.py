"""Words and phrases of a set of articles: tiny frames, then a SaudiNewsNet sample against a
plain count written here (character classes read one by one, Python dicts)."""

from __future__ import annotations

import gc
import gzip
import json
import tracemalloc
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.analysis.vocabulary import Vocabulary, rows_with, top_terms, word_counts
from dashboard.pipeline.ingest import read_corpus
from dashboard.text.arabic import display_stopwords, is_keyword, normalize
from tests.conftest import shared_file


def vocab_of(*texts: str) -> Vocabulary:
    return Vocabulary.from_texts(pd.Series(list(texts)))


def test_words_are_counted_with_the_articles_that_use_them():
    vocab = vocab_of("غزة غزة هدنة", "غزة مفاوضات", "مباراة الدوري")
    table = top_terms(vocab, np.arange(3), 1, 10).set_index("term")
    assert table.loc["غزة", ["count", "articles"]].tolist() == [3, 2]
    assert table.loc["غزة", "share"] == pytest.approx(2 / 3)
    assert table.loc["مباراة", ["count", "articles"]].tolist() == [1, 1]
    only_second = top_terms(vocab, np.array([1]), 1, 10).set_index("term")
    assert only_second.loc["غزة", ["count", "articles", "share"]].tolist() == [1, 1, 1.0]
    assert "هدنة" not in only_second.index


def test_stopwords_numbers_and_letters_are_not_words_and_no_phrase_bridges_them():
    vocab = vocab_of("وزارة الصحة في غزة 2024 و قال المسؤول")
    assert set(top_terms(vocab, np.arange(1), 1, 50)["term"]) == {
        "وزارة",
        "الصحة",
        "غزة",
        "المسؤول",
    }
    assert top_terms(vocab, np.arange(1), 2, 50)["term"].tolist() == ["وزارة الصحة"]
    assert top_terms(vocab, np.arange(1), 3, 50).empty


def test_phrases_never_run_across_articles_and_keep_their_order():
    vocab = vocab_of("وزارة الصحة", "الطاقة وزارة", "وزارة الصحة العالمية")
    pairs = top_terms(vocab, np.arange(3), 2, 10).set_index("term")
    assert pairs.loc["وزارة الصحة", ["count", "articles"]].tolist() == [2, 2]
    assert "الصحة الطاقة" not in pairs.index and "الطاقة وزارة" in pairs.index
    assert top_terms(vocab, np.arange(3), 3, 10)["term"].tolist() == ["وزارة الصحة العالمية"]


def test_latin_words_fold_case_and_ties_read_alphabetically():
    vocab = vocab_of("NATO Nato nato", "غزة بيروت")
    table = top_terms(vocab, np.arange(2), 1, 3)
    assert table["term"].tolist() == ["nato", "بيروت", "غزة"]
    assert table["count"].tolist() == [3, 1, 1]


def test_the_articles_of_a_term_are_those_counted():
    vocab = vocab_of("والسلام بيروت", "السلام بيروت", "بيروت السلام", "سلام")
    assert rows_with(vocab, np.arange(4), "السلام").tolist() == [1, 2]
    assert rows_with(vocab, np.arange(4), "السلام بيروت").tolist() == [1]
    assert rows_with(vocab, np.array([0, 2, 3]), "السلام").tolist() == [2]
    assert rows_with(vocab, np.arange(4), "مفقود").tolist() == []
    counts, articles = word_counts(vocab, np.arange(4))
    word = vocab.word_ids("بيروت")[0]
    assert (counts[word], articles[word]) == (3, 3)


def test_an_empty_set_has_no_terms():
    vocab = vocab_of("غزة", "")
    assert top_terms(vocab, np.array([], dtype=np.int64), 2, 5).empty
    assert top_terms(vocab, np.array([1]), 1, 5).empty


# ---------------------------------------------------------------- SaudiNewsNet sample

SAMPLE = 300


def reference_tokens(text: str) -> list[str]:
    """Runs of Arabic letters, of Latin letters (lower-cased) or of digits, read one
    character at a time."""

    def kind(char: str) -> str:
        if "\u0621" <= char <= "\u064a" or "\u0671" <= char <= "\u06d3":
            return "arabic"
        if char.isascii() and char.isalpha():
            return "latin"
        return "digit" if char.isascii() and char.isdigit() else ""

    tokens, current, current_kind = [], "", ""
    for char in text + " ":
        found = kind(char)
        if found and found == current_kind:
            current += char
            continue
        if current:
            tokens.append(current.lower())
        current, current_kind = (char, found) if found else ("", "")
    return tokens


def reference_table(texts: list[str], n: int, top: int) -> list[tuple[str, int, int]]:
    """(term, occurrences, articles) of the ``top`` n-grams of words, as plain dicts count;
    none that starts or ends with a display stopword."""
    count, articles = Counter(), Counter()
    for text in texts:
        tokens = reference_tokens(text)
        seen = set()
        for i in range(len(tokens) - n + 1):
            gram = tokens[i : i + n]
            hidden = display_stopwords()
            if all(is_keyword(token) for token in gram) and not {gram[0], gram[-1]} & hidden:
                term = " ".join(gram)
                count[term] += 1
                seen.add(term)
        articles.update(seen)
    ranked = sorted(count, key=lambda t: (-count[t], -articles[t], t))[:top]
    return [(term, count[term], articles[term]) for term in ranked]


@pytest.fixture(scope="module")
def snn_texts(tmp_path_factory) -> pd.Series:
    """The text of 300 SaudiNewsNet records as a store keeps it: read and cleaned by the
    ingest (boilerplate out), title and body normalised (``build.search_texts``)."""

    source = shared_file("data/saudinewsnet/saudinewsnet.jsonl.gz")
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        lines = [line for i, line in zip(range(10 * SAMPLE), handle, strict=False) if i % 10 == 7]
    path = Path(tmp_path_factory.mktemp("snn_words")) / "sample.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    assert all(json.loads(line)["content"] is not None for line in lines[:3])
    articles = read_corpus([path]).articles
    return pd.Series(
        [normalize(f"{t} {b}") for t, b in zip(articles["title"], articles["body"], strict=True)]
    )


@pytest.mark.parametrize("n", [1, 2, 3])
def test_real_news_counts_equal_a_plain_count(snn_texts: pd.Series, n: int):
    vocab = Vocabulary.from_texts(snn_texts)
    rows = np.flatnonzero(np.arange(len(snn_texts)) % 3 != 0)  # a set, not the whole sample
    table = top_terms(vocab, rows, n, 40)
    expected = reference_table([snn_texts.iat[i] for i in rows], n, 40)
    assert list(zip(table["term"], table["count"], table["articles"], strict=True)) == expected
    assert table["share"].tolist() == pytest.approx([a / len(rows) for _, _, a in expected])
    assert table["count"].iat[0] > 10  # real counts, not a handful


def test_the_bar_chart_lists_the_top_term_first_with_its_share():
    from dashboard.app.charts.words import term_bars

    vocab = vocab_of("غزة غزة هدنة", "غزة مفاوضات", "مباراة")
    bars = term_bars(top_terms(vocab, np.arange(3), 1, 3), "title").data[0]
    assert list(bars.x) == [1, 1, 3] and bars.y[-1] == "غزة"  # the top bar is drawn last
    assert bars.customdata[-1][0] == "غزة" and bars.customdata[-1][2] == pytest.approx(2 / 3)


def test_building_holds_no_list_of_every_token_and_frees_itself(snn_texts):
    """Tokens become ids as they are read: the peak while building stays near what the
    vocabulary holds (holding every token's text first made it 13 times that on 4,914
    SaudiNewsNet articles), and a dropped vocabulary is freed without the cycle collector."""
    Vocabulary.from_texts(snn_texts.head(20))  # stopword lists and caches loaded once
    gc.collect()
    gc.disable()
    try:
        tracemalloc.start()
        vocab = Vocabulary.from_texts(snn_texts)
        held, peak = tracemalloc.get_traced_memory()
        del vocab
        left, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        gc.enable()
    assert peak < 3 * held, (peak, held)
    assert left < held / 10, (left, held)


@pytest.fixture(scope="module")
def saved_vocabulary(snn_texts, tmp_path_factory) -> Path:
    """The sample's vocabulary saved as a store keeps it, its bags made 37 articles at a
    time (so phrases are numbered across many chunks), in two writes: the first 200
    articles, then the last 100 added to them as ``add`` does."""
    import dashboard.analysis.termbags as termbags
    from dashboard.analysis.vocabulary import write_vocabulary

    chunk, termbags.ROWS = termbags.ROWS, 37
    try:
        home = tmp_path_factory.mktemp("vocab")
        first, both = home / "first", home / "added"
        first.mkdir()
        both.mkdir()
        write_vocabulary(snn_texts.iloc[:200], first)
        write_vocabulary(snn_texts.iloc[200:], both, previous=first)
    finally:
        termbags.ROWS = chunk
    return both


@pytest.mark.parametrize("n", [1, 2])
def test_saved_bags_count_what_the_tokens_count(snn_texts, saved_vocabulary, n):
    """Counting from each article's saved terms gives the plain count, and the table of
    the tokens themselves for other sets too (the words page reads the saved bags)."""
    saved = Vocabulary.load(saved_vocabulary)
    assert n in saved.bags  # the saved path is the one under test
    rows = np.flatnonzero(np.arange(len(snn_texts)) % 3 != 0)
    table = top_terms(saved, rows, n, 40)
    expected = reference_table([snn_texts.iat[i] for i in rows], n, 40)
    assert list(zip(table["term"], table["count"], table["articles"], strict=True)) == expected
    tokens = Vocabulary.from_texts(snn_texts)
    every = np.arange(len(snn_texts))
    for chosen in (every, every[::7], every[4:5], rows[:0]):
        pd.testing.assert_frame_equal(
            top_terms(saved, chosen, n, 25), top_terms(tokens, chosen, n, 25)
        )
    if n == 1:
        for got, want in zip(word_counts(saved, rows), word_counts(tokens, rows), strict=True):
            np.testing.assert_array_equal(got, want)


def test_bags_added_to_equal_those_written_at_once(snn_texts, saved_vocabulary, tmp_path):
    """The vocabulary and bags extended with new articles, their parts read one after the
    other, are the arrays of one write over all; the stored parts are the first version's
    files (linked), and nothing the first version holds is written again."""
    from dashboard.analysis.termbags import BAG_FILES
    from dashboard.analysis.vocabulary import VOCABULARY_FILES, write_vocabulary
    from dashboard.storage import arrayparts

    write_vocabulary(snn_texts, tmp_path)
    first = saved_vocabulary.parent / "first"
    for name in VOCABULARY_FILES + BAG_FILES:
        got, want = arrayparts.read_all(saved_vocabulary, name), arrayparts.read_all(tmp_path, name)
        assert type(got) is type(want) and np.array_equal(got, want), name
        parts = arrayparts.part_paths(saved_vocabulary, name)
        assert len(parts) == 2, name  # 200 stored rows, then 100 added: not joined
        assert parts[0].stat().st_ino == (first / name).stat().st_ino, name  # linked
    written = [p for p in saved_vocabulary.iterdir() if p.stat().st_nlink == 1]
    assert sum(p.stat().st_size for p in written) < sum(
        p.stat().st_size for p in tmp_path.iterdir()
    )


def test_function_words_are_no_top_words_and_end_no_phrase():
    vocab = vocab_of("تم افتتاح المستشفى بشكل رسمي", "يمكن افتتاح المستشفى")
    rows = np.arange(2)
    assert set(top_terms(vocab, rows, 1, 50)["term"]) == {"افتتاح", "المستشفى", "رسمي"}
    assert top_terms(vocab, rows, 2, 50)["term"].tolist() == ["افتتاح المستشفى"]
    # Not تم افتتاح المستشفى nor افتتاح المستشفى بشكل; one inside a phrase may stay.
    assert top_terms(vocab, rows, 3, 50)["term"].tolist() == ["المستشفى بشكل رسمي"]
    # Only the tables leave them out: to the entity rules they are words.
    assert all(is_keyword(word) for word in ("تم", "بشكل", "يمكن"))


def test_the_family_particle_and_a_detached_article_are_no_top_word():
    """Seen on a SaudiNewsNet build: «ال» among the top words, from آل (family of) and the
    article written apart before a number (الـ 20), both ال once normalised."""
    texts = ("وصل آل الشيخ إلى المدينة", "فاز الفريق في الـ 20 مباراة", "آل سالم")
    vocab = vocab_of(*map(normalize, texts))  # as the store's search text holds them
    rows = np.arange(3)
    assert "ال" not in set(top_terms(vocab, rows, 1, 50)["term"])
    assert "ال الشيخ" not in set(top_terms(vocab, rows, 2, 50)["term"])
    assert is_keyword("ال")  # to the entity rules آل is a word (آل سعود)
