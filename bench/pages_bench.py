"""Page data: the time to compute what each page shows, under typical filters, p50/p95.

Measured on the built full-SaudiNewsNet store (see ``bench.snn_store``) and on
1,000,000 synthetic articles generated here (not stored), with the same ``analysis``
functions the pages call, including the Plotly figures each page draws (without
Streamlit's cache, so every figure is a cold computation). Also reports the
resident memory after loading each corpus.
Writes ``bench/results/pages.json``.
"""

from __future__ import annotations

import json
import os
import resource
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from bench import snn_store
from dashboard.analysis import entity_profile, query, topic_time
from dashboard.app.charts.entities import cooccurrence_matrix, entity_bars, network
from dashboard.app.charts.timelines import coverage_lines
from dashboard.app.charts.topics import outlet_heatmap, topic_bars
from dashboard.pipeline.entities.tables import compact, cooccurrence, entity_table
from dashboard.storage.store import Store
from dashboard.storage.textindex import TextIndex

ROOT = Path(__file__).resolve().parents[1]
SYNTHETIC = 1_000_000
WORDS = (
    "الحكومة الانتخابات النفط الأسعار المباراة الدوري الأمطار السيول اللقاح الحملة الوزارة "
    "البنك التضخم الاقتصاد الجامعة الطلاب المهرجان الكتاب الهدنة المفاوضات غزة القاهرة "
    "الرياض عمان بيروت تونس الخرطوم بغداد دمشق الدوحة المستشفى المدرسة الشركة التقنية"
).split()


def rss_mb() -> float:
    """Current resident memory of this process, in MiB."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def synthetic(n: int, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(articles, topics, mentions) shaped like a built store, with ``n`` articles."""
    rng = np.random.default_rng(seed)
    words = np.array(WORDS)
    text = [" ".join(row) for row in words[rng.integers(0, len(words), size=(n, 12))]]
    articles = pd.DataFrame(
        {
            "id": [f"{i:016x}" for i in range(n)],
            "published_at": pd.Timestamp("2023-01-01")
            + pd.to_timedelta(rng.integers(0, 730 * 24 * 60, n), unit="min"),
            "outlet": pd.Categorical(rng.choice([f"منفذ {i}" for i in range(20)], n)),
            "topic": rng.integers(-1, 60, n),
            "title": text,
            "search_text": text,
        }
    )
    topics = pd.DataFrame({"topic": range(60), "label": [f"موضوع {i}" for i in range(60)]})
    entity = rng.zipf(1.3, 3 * n) % 5000
    mentions = pd.DataFrame(
        {
            "article_id": np.repeat(articles["id"].to_numpy(), 3),
            "entity": [f"كيان {e}" for e in entity],
            "type": "place",
            "count": 1,
        }
    ).drop_duplicates(["article_id", "entity"])
    return articles, topics, compact(mentions)


def page_tasks(
    articles: pd.DataFrame, topics: pd.DataFrame, mentions: pd.DataFrame
) -> dict[str, Callable[[query.Filters], object]]:
    """What each page computes for a given filter state: its data and its figures.

    The filtered rows come from the same text index the dashboard's store keeps.
    """
    index = TextIndex(articles["search_text"])
    frequency = query.auto_frequency(articles["published_at"].min(), articles["published_at"].max())

    def chosen(filters: query.Filters) -> pd.DataFrame:
        return articles[query.filter_mask(articles, filters, index).to_numpy()]

    def found_mentions(rows: pd.DataFrame) -> pd.DataFrame:
        return mentions[mentions["article_id"].isin(rows["id"])]

    def overview(filters: query.Filters) -> object:
        rows = chosen(filters)
        found = found_mentions(rows)
        cov = query.coverage(rows, frequency, totals_from=articles)
        shares = topic_time.topic_shares(rows, frequency)
        return (
            coverage_lines(cov, share=False, title="coverage"),
            topic_bars(query.topic_table(rows, topics), "topics", top=10),
            entity_bars(entity_table(found), "entities", top=15),
            topic_time.rising(shares),
        )

    def coverage(filters: query.Filters) -> object:
        cov = query.coverage_view(articles, topics, filters, "week", "outlet", index=index)
        return coverage_lines(cov, share=True, title="coverage")

    def topic_page(filters: query.Filters) -> object:
        rows = articles[query.filter_mask(articles, replace(filters, topics=()), index).to_numpy()]
        shares = topic_time.topic_shares(rows, frequency)
        split = topic_time.outlet_topics(rows, topics)
        return (
            topic_bars(query.topic_table(rows, topics), "topics"),
            topic_time.rising(shares),
            outlet_heatmap(split, "outlets"),
        )

    def entities(filters: query.Filters) -> object:
        found = found_mentions(chosen(filters))
        table, pairs = entity_table(found), cooccurrence(found, min_support=2)
        top = table.head(40)
        shown = set(top["entity"])
        edges = pairs[pairs["source"].isin(shown) & pairs["target"].isin(shown)].head(120)
        nodes = top[top["entity"].isin(set(edges["source"]) | set(edges["target"]))]
        figures = [entity_bars(table, "entities")]
        if not edges.empty:
            figures.append(network(nodes, edges, "network"))
        matrix = entity_profile.matrix(found, 15)
        return figures, cooccurrence_matrix(matrix, "matrix")

    return {
        "overview": overview,
        "coverage": coverage,
        "topics": topic_page,
        "entities": entities,
        "explore": lambda f: chosen(f).head(1000),
    }


def typical_filters(articles: pd.DataFrame) -> list[query.Filters]:
    """No filter, a date range, two outlets, a keyword query, and all of them together."""
    first = articles["published_at"].min()
    span = articles["published_at"].max() - first
    start, end = (first + span / 3).date(), (first + 2 * span / 3).date()
    outlets = tuple(articles["outlet"].value_counts().index[:2].astype(str))
    return [
        query.Filters(),
        query.Filters(start=start, end=end),
        query.Filters(outlets=outlets),
        query.Filters(text="النفط"),
        query.Filters(start=start, end=end, outlets=outlets, text="الحكومة"),
    ]


def measure(tasks: dict[str, Callable], filters: list[query.Filters], repeats: int) -> dict:
    """p50/p95 milliseconds per page over every filter state, ``repeats`` times each."""
    figures = {}
    for page, task in tasks.items():
        times = []
        for _ in range(repeats):
            for state in filters:
                start = time.perf_counter()
                task(state)
                times.append((time.perf_counter() - start) * 1000)
        figures[page] = {
            "p50_ms": round(float(np.percentile(times, 50)), 1),
            "p95_ms": round(float(np.percentile(times, 95)), 1),
        }
    return figures


def report(name: str, figures: dict, memory: float) -> None:
    """Print one corpus's table."""
    print(f"{name}: resident memory after load {memory:.0f} MiB")
    for page, row in figures.items():
        print(f"  {page:<10} p50 {row['p50_ms']:>8.1f} ms   p95 {row['p95_ms']:>8.1f} ms")


def main() -> None:
    """Measure the real store, then 1M synthetic articles."""
    results = {}
    path = snn_store()
    store = Store(path)
    articles, topics, mentions = store.articles, store.frame("topics"), store.frame("mentions")
    _ = np.asarray(store.embeddings[:1])
    memory = rss_mb()
    figures = measure(page_tasks(articles, topics, mentions), typical_filters(articles), 5)
    results[str(path)] = {"articles": len(articles), "rss_mb": round(memory), "pages": figures}
    report(f"{path} ({len(articles):,} articles)", figures, memory)

    start = time.perf_counter()
    articles, topics, mentions = synthetic(SYNTHETIC)
    made = time.perf_counter() - start
    memory = rss_mb()
    figures = measure(page_tasks(articles, topics, mentions), typical_filters(articles), 2)
    results["synthetic"] = {"articles": SYNTHETIC, "rss_mb": round(memory), "pages": figures}
    report(f"synthetic ({SYNTHETIC:,} articles, generated in {made:.0f} s)", figures, memory)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory {peak:.0f} MiB; date {date.today()}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "pages.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
