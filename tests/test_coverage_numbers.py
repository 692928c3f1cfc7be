"""Coverage numbers against a reference computed here from the articles alone.

The reference shares no code with the product: it tokenises each article's text,
strips Arabic proclitics itself, evaluates a query tree, and counts articles per
period with plain Python dates. The coverage API (``python -m dashboard coverage``)
must equal it, count for count and share for share, on a SaudiNewsNet sample; then
one named test per item of the "numbers a researcher can trust" list.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.analysis.coverage import crawl_dated
from dashboard.analysis.query import (
    OTHER_OUTLETS,
    Filters,
    Series,
    coverage_view,
    match_query,
    period_articles,
)
from dashboard.analysis.topic_time import rising, topic_shares
from dashboard.app.charts.timelines import attention_lines, coverage_lines
from dashboard.cli import main
from dashboard.text.arabic import normalize
from tests.conftest import shared_file

SAMPLE_EVERY = 60  # every 60th SaudiNewsNet record: about 520 articles over three weeks

# ---------------------------------------------------------------- the reference

CONJUNCTIONS = ("", "و", "ف")
PREPOSITIONS = ("", "ب", "ك", "ل", "ال", "بال", "كال", "لل")


def ref_tokens(text: str) -> list[str]:
    """Runs of letters and digits, read character by character."""
    tokens, current = [], ""
    for char in text:
        if char.isalnum():
            current += char
        else:
            if current:
                tokens.append(current)
            current = ""
    return [*tokens, current] if current else tokens


def ref_readings(token: str, word: str) -> list[str]:
    """What ``token`` can mean once a proclitic is stripped (itself included)."""
    found = []
    for conjunction in CONJUNCTIONS:
        for preposition in PREPOSITIONS:
            head = conjunction + preposition
            if token.startswith(head) and len(token) > len(head):
                rest = token[len(head) :]
                found.append(rest)
                # ل + ال = لل: the article's alef is gone, so لل + X also reads ال + X.
                if preposition == "لل" and word.startswith("ال") and len(word) > 2:
                    found.append("ال" + rest)
    return found


def ref_word(token: str, word: str, prefix: bool) -> bool:
    readings = ref_readings(token, word)
    return any(r.startswith(word) for r in readings) if prefix else word in readings


@dataclass(frozen=True)
class Q:
    """A reference query tree: kind word/phrase/not/and/or."""

    kind: str
    words: tuple[str, ...] = ()
    prefix: bool = False
    parts: tuple[Q, ...] = ()

    def text(self) -> str:
        """The query as a user types it."""
        if self.kind == "word":
            return self.words[0] + ("*" if self.prefix else "")
        if self.kind == "phrase":
            return '"' + " ".join(self.words) + '"'
        if self.kind == "not":
            inner = self.parts[0]
            return (
                "-" + inner.text() if inner.kind in ("word", "phrase") else f"NOT ({inner.text()})"
            )
        joiner = " OR " if self.kind == "or" else " AND "
        return "(" + joiner.join(p.text() for p in self.parts) + ")"

    def holds(self, tokens: list[str]) -> bool:
        if self.kind == "word":
            return any(ref_word(t, self.words[0], self.prefix) for t in tokens)
        if self.kind == "phrase":
            n = len(self.words)
            return any(
                all(ref_word(tokens[i + j], self.words[j], False) for j in range(n))
                for i in range(len(tokens) - n + 1)
            )
        if self.kind == "not":
            return not self.parts[0].holds(tokens)
        results = [p.holds(tokens) for p in self.parts]
        return all(results) if self.kind == "and" else any(results)


def ref_period(day: date, frequency: str) -> date:
    if frequency == "day":
        return day
    if frequency == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def ref_next(start: date, frequency: str) -> date:
    if frequency == "day":
        return start + timedelta(days=1)
    if frequency == "week":
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def ref_coverage(
    records: list[dict], queries: list[Q], outlets: tuple[str, ...], start, end, frequency: str
) -> list[dict]:
    """The coverage API's lines, computed from the records alone."""
    first = max(min(r["day"] for r in records), start or date.min)
    last = min(max(r["day"] for r in records), end or date.max)
    base = [
        r
        for r in records
        if (not outlets or r["outlet"] in outlets)
        and (start is None or r["day"] >= start)
        and (end is None or r["day"] <= end)
    ]
    periods, current = [], ref_period(first, frequency)
    while current <= last:
        periods.append(current)
        current = ref_next(current, frequency)
    lines = []
    holds = {q.text(): [q.holds(r["tokens"]) for r in base] for q in queries}
    for period in periods:
        inside = [i for i, r in enumerate(base) if ref_period(r["day"], frequency) == period]
        ends = ref_next(period, frequency) - timedelta(days=1)
        for q in queries:
            count = sum(holds[q.text()][i] for i in inside)
            lines.append(
                {
                    "series": q.text(),
                    "period": period.isoformat(),
                    "count": count,
                    "total": len(inside),
                    "share": count / len(inside) if inside else None,
                    "partial": ends > last,
                    "gap": not inside,
                }
            )
    order = {q.text(): i for i, q in enumerate(queries)}
    return sorted(lines, key=lambda line: (line["period"], order[line["series"]]))


# ---------------------------------------------------------------- the sample store


def write_sample_store(records: list[dict], out: Path) -> Path:
    """A store of the records, read by the product's ingest; topics by a fixed rule."""
    from dashboard.pipeline.build import load_corpus, search_texts
    from dashboard.storage.store import write_store

    source = out.parent / f"{out.name}.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    result, articles = load_corpus([source], None, lambda _line: None)
    articles = articles.assign(
        topic=[(len(t) % 6) - 1 for t in articles["title"]],  # -1 (unassigned) to 4
        search_text=search_texts(articles),
    )
    topics = pd.DataFrame({"topic": range(5), "label": [f"موضوع {i}" for i in range(5)]})
    frames = {
        "articles": articles,
        "topics": topics,
        "mentions": pd.DataFrame(columns=["article_id", "entity", "type", "count"]),
        "rejected": result.rejected,
        "duplicates": result.duplicates,
    }
    manifest = {
        "build_id": "sample",
        "corpus": [str(source)],
        "ingest": {k: v for k, v in result.report.items() if not k.endswith("_list")},
        "counts": {"articles": len(articles)},
    }
    write_store(out, frames, np.zeros((len(articles), 4), dtype=np.float32), manifest)
    return out


@pytest.fixture(scope="session")
def snn_records() -> list[dict]:
    """Every 60th SaudiNewsNet record, as published (``date_extracted`` kept)."""
    source = shared_file("data/saudinewsnet/saudinewsnet.jsonl.gz")
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for i, line in enumerate(handle) if i % SAMPLE_EVERY == 0]


@pytest.fixture(scope="session")
def snn_store(snn_records, tmp_path_factory) -> Path:
    return write_sample_store(snn_records, tmp_path_factory.mktemp("snn") / "store")


@pytest.fixture(scope="session")
def reference(snn_store) -> list[dict]:
    """Each stored article as the reference reads it: day, outlet and tokens."""
    from dashboard.storage.store import Store

    articles = Store(snn_store).articles
    return [
        {"day": when.date(), "outlet": outlet, "tokens": ref_tokens(text)}
        for when, outlet, text in zip(
            articles["published_at"], articles["outlet"], articles["search_text"], strict=True
        )
    ]


def api(store: Path, *args: str) -> list[dict]:
    """The coverage API's lines for these arguments."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["coverage", "--store", str(store), *args]) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


# ---------------------------------------------------------------- the property


@st.composite
def query_trees(draw, vocabulary: list[str], pairs: list[tuple[str, str]], depth: int = 2) -> Q:
    kind = draw(
        st.sampled_from(["word", "word", "phrase", "not", "and", "or"] if depth else ["word"])
    )
    if kind == "word":
        word = draw(st.sampled_from(vocabulary))
        head = draw(st.sampled_from(["", "و", "ال", "بال", "لل"]))
        if head and word.startswith(head) and len(word) - len(head) >= 3:
            word = word[len(head) :]  # a stem, so proclitics have to be allowed to find it
        return Q("word", (word,), prefix=draw(st.booleans()) and len(word) >= 4)
    if kind == "phrase":
        return Q("phrase", draw(st.sampled_from(pairs)))
    if kind == "not":
        return Q("not", parts=(draw(query_trees(vocabulary, pairs, depth - 1)),))
    parts = draw(st.lists(query_trees(vocabulary, pairs, depth - 1), min_size=2, max_size=3))
    return Q(kind, parts=tuple(parts))


@pytest.fixture(scope="session")
def vocabulary(reference) -> tuple[list[str], list[tuple[str, str]]]:
    """Real words of the sample (three letters or more) and real pairs of adjacent words."""
    rng = random.Random(5)
    counts: dict[str, int] = {}
    pairs = []
    for record in reference:
        for token in set(record["tokens"]):
            counts[token] = counts.get(token, 0) + 1
        tokens = record["tokens"]
        if len(tokens) > 10:
            i = rng.randrange(len(tokens) - 1)
            pairs.append((tokens[i], tokens[i + 1]))
    words = sorted(
        w
        for w, n in counts.items()
        if n >= 2 and len(w) >= 3 and not w.isdigit() and w not in ("OR", "AND", "NOT")
    )
    return rng.sample(words, 400), pairs[:200]


def test_coverage_api_equals_the_reference_for_random_queries_and_filters(
    snn_store, reference, vocabulary
):
    words, pairs = vocabulary
    outlets = sorted({r["outlet"] for r in reference})
    days = sorted({r["day"] for r in reference})

    @settings(
        max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
    )
    @given(
        queries=st.lists(query_trees(words, pairs), min_size=1, max_size=3, unique_by=Q.text),
        chosen=st.lists(st.sampled_from(outlets), max_size=3, unique=True),
        start=st.none() | st.sampled_from(days),
        length=st.none() | st.integers(min_value=0, max_value=25),
        frequency=st.sampled_from(["day", "week", "month"]),
    )
    def check(queries, chosen, start, length, frequency):
        end = None if length is None else (start or days[0]) + timedelta(days=length)
        args = [f"--freq={frequency}"]
        args += [f"--q={q.text()}" for q in queries]  # "=": a query may start with "-"
        args += [a for o in chosen for a in ("--outlet", o)]
        args += ["--from", start.isoformat()] if start else []
        args += ["--to", end.isoformat()] if end else []
        expected = ref_coverage(reference, queries, tuple(chosen), start, end, frequency)
        assert api(snn_store, *args) == expected

    check()


def test_the_sample_has_real_matches_and_gaps(snn_store, reference):
    """The property is not vacuous: an outlet filter leaves days without any article."""
    small = min(
        {r["outlet"] for r in reference}, key=lambda o: sum(r["outlet"] == o for r in reference)
    )
    lines = api(snn_store, "--q", "السعودية", "--outlet", small, "--freq", "day")
    assert any(line["gap"] for line in lines) and not all(line["gap"] for line in lines)
    everything = api(snn_store, "--q", "السعودية", "--freq", "week")
    assert sum(line["count"] for line in everything) > 50


# ---------------------------------------------------------------- items 1-8


def frame(rows: list[tuple[str, str, str, int]]) -> pd.DataFrame:
    """Articles from (day, outlet, title, topic) rows."""
    articles = pd.DataFrame(rows, columns=["published_at", "outlet", "title", "topic"])
    articles["published_at"] = pd.to_datetime(articles["published_at"])
    articles["search_text"] = articles["title"].map(normalize)
    articles["id"] = [f"a{i}" for i in range(len(articles))]
    return articles


TOPICS = pd.DataFrame({"topic": [0, 1], "label": ["سياسة", "رياضة"]})


def test_item1_share_divides_by_the_filtered_outlets_not_the_corpus():
    rows = [("2024-01-01", "الأفق", "إيران تعلن", 0)]
    rows += [("2024-01-01", "الأفق", "خبر محلي", 0)] * 3
    rows += [("2024-01-01", "الرصيف", "خبر آخر", 1)] * 16
    articles = frame(rows)
    filters = Filters(outlets=("الأفق",))
    cov = coverage_view(articles, TOPICS, filters, "day", "compare", (Series("query", "إيران"),))
    assert cov[["count", "total"]].values.tolist() == [[1, 4]]
    assert cov["share"].tolist() == [0.25]  # 1 of the outlet's 4 articles, not 1 of 20


def test_item2_keywords_match_whole_words_behind_proclitics_only():
    articles = frame(
        [
            ("2024-01-01", "أ", "الإسلام دين", 0),
            ("2024-01-01", "أ", "والسلام عليكم", 0),
            ("2024-01-01", "أ", "بالسلام نبدأ", 0),
            ("2024-01-01", "أ", "سلامة المرور", 0),
            ("2024-01-01", "أ", "زيارة للرياض أو جدة", 0),
            ("2024-01-01", "أ", "وقف إطلاق النار في غزة", 0),
            ("2024-01-01", "أ", "وقف في إطلاق النار", 0),
        ]
    )

    def hits(text: str) -> list[int]:
        return np.flatnonzero(match_query(articles["search_text"], text).to_numpy()).tolist()

    assert hits("سلام") == [1, 2]  # not الإسلام, not سلامة
    assert hits("سلام*") == [1, 2, 3]
    assert hits("الرياض") == [4]  # ل + ال = لل
    assert hits("أو") == [4] and hits("جدة أو") == [4]  # أو is a word, not an operator
    assert hits('"وقف إطلاق النار"') == [5]  # whole words in order
    assert hits("سلام OR جدة") == [1, 2, 4]
    assert hits("(سلام OR جدة) NOT بالسلام") == [1, 4]
    assert hits("سلام -عليكم") == [2]
    assert hits("وقف AND غزة") == [5]


def test_item3_a_period_without_articles_is_a_gap_not_a_zero():
    articles = frame(
        [
            ("2024-01-01", "أ", "غزة", 0),
            ("2024-01-02", "أ", "خبر", 0),
            ("2024-01-05", "أ", "غزة", 0),  # nothing collected on the 3rd and the 4th
        ]
    )
    cov = coverage_view(articles, TOPICS, Filters(), "day", "compare", (Series("query", "غزة"),))
    assert cov["gap"].tolist() == [False, False, True, True, False]
    assert cov["count"].tolist() == [1, 0, 0, 0, 1]  # the 2nd is a real zero
    assert cov["share"].isna().tolist() == [False, False, True, True, False]
    line = coverage_lines(cov, share=False, title="t").data[0]
    assert [None if np.isnan(y) else y for y in line.y] == [1, 0, None, None, 1]
    assert line.connectgaps is False
    marks = coverage_lines(cov, share=False, title="t", gap_name="no articles collected")
    assert [t.name for t in marks.data][-1] == "no articles collected"


def test_item4_crawl_dates_are_told_apart_from_publication_dates(snn_store):
    from dashboard.storage.store import Store

    store = Store(snn_store)
    assert crawl_dated(store.articles, store.manifest).all()  # SaudiNewsNet's date_extracted
    published = {"ingest": {"columns": ["title", "content", "date", "source"]}}
    kinds = pd.DataFrame({"date_source": ["field", "crawl date", "page metadata", "relative"]})
    assert crawl_dated(kinds, published).tolist() == [False, True, False, True]


def test_item5_split_by_outlet_keeps_every_article_in_an_other_series():
    rows = [("2024-01-01", f"منفذ {i}", "خبر", 0) for i in range(14) for _ in range(i + 1)]
    articles = frame(rows)
    cov = coverage_view(articles, TOPICS, Filters(), "day", "outlet", top=8)
    assert cov["series"].nunique() == 9 and cov["series"].iloc[-1] == OTHER_OUTLETS
    assert cov["count"].sum() == len(articles)  # the lines add up to every article
    assert cov.loc[cov["series"].eq(OTHER_OUTLETS), "count"].item() == sum(range(1, 7))


def test_item6_a_seven_day_box_lists_every_day():
    articles = frame([(f"2024-01-0{d}", "أ", "خبر", 0) for d in range(1, 8) for _ in range(3)])
    found = period_articles(
        articles,
        TOPICS,
        Filters(),
        "day",
        "outlet",
        (),
        None,
        pd.Timestamp("2024-01-01 10:00"),
        pd.Timestamp("2024-01-07 02:00"),
    )
    assert len(found) == 21 and found["published_at"].dt.day.nunique() == 7


def test_item7_compared_series_do_not_take_the_sidebar_query():
    articles = frame(
        [
            ("2024-01-01", "أ", "غزة هدنة", 0),
            ("2024-01-01", "أ", "النفط", 0),
            ("2024-01-01", "ب", "النفط", 0),
        ]
    )
    filters = Filters(outlets=("أ",), text="غزة")
    cov = coverage_view(articles, TOPICS, filters, "day", "compare", (Series("query", "النفط"),))
    assert cov[["series", "count", "total"]].values.tolist() == [["النفط", 1, 2]]


def test_item8_rising_topics_need_ten_articles_now_and_three_before():
    rows = []
    for week in range(6):
        day = date(2024, 1, 1) + timedelta(days=7 * week)
        rows += [(day.isoformat(), "أ", "خبر", 0)] * 40
        if week == 5:  # the last complete week: a small topic jumps from nothing to 6
            rows += [(day.isoformat(), "أ", "خبر", 1)] * 6
    rows.append(((date(2024, 1, 1) + timedelta(days=42)).isoformat(), "أ", "خبر", 0))
    shares = topic_shares(frame(rows), "week")
    assert rising(shares, min_articles=1, min_baseline=0)["topic"].tolist() == [1]
    assert rising(shares).empty  # 6 articles now and none before: not enough support


def test_item8_attention_lines_break_where_nothing_was_collected():
    weeks = pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-15"])
    table = pd.DataFrame(
        {"period": weeks[[0, 2]], "outlet": "أ", "count": [2, 3], "share": [0.5, 0.6]}
    )
    empty_week = pd.Series([True, False, True], index=weeks)
    broken = attention_lines(table, share=False, title="t", collected=empty_week)
    assert [None if np.isnan(y) else y for y in broken.data[0].y] == [2, None, 3]
    every_week = pd.Series(True, index=weeks)
    quiet = attention_lines(table, share=False, title="t", collected=every_week)
    assert list(quiet.data[0].y) == [2, 0, 3]  # articles were collected: a real zero
