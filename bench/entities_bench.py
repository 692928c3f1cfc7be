"""Entity extraction throughput on the full SaudiNewsNet corpus, and its most mentioned entities.

Reads every record (title + content), runs :func:`dashboard.core.entities.extract_mentions`
once in this process, prints articles per second with the machine's load, the 50 most
mentioned entities, and writes ``bench/results/entities.json``.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import time
from pathlib import Path

import pandas as pd

from dashboard.core.entities import entity_table, extract_mentions
from dashboard.core.gazetteer import gazetteer

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
SINGLE = 5000  # articles timed in one process, wall and CPU time (CPU time ignores the load)
SAUDINEWSNET = ROOT.parent / "shared" / "data" / "saudinewsnet" / "saudinewsnet.jsonl.gz"


def load(path: Path = SAUDINEWSNET) -> pd.DataFrame:
    """The corpus as an article frame (id, title, body, tags)."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    return pd.DataFrame(
        {
            "id": [str(i) for i in range(len(records))],
            "title": [r.get("title") or "" for r in records],
            "body": [r.get("content") or "" for r in records],
            "tags": [[] for _ in records],
        }
    )


def main() -> None:
    """Time the extraction, print the figures and the top 50, write the JSON result."""
    articles = load()
    start = time.perf_counter()
    gazetteer()
    gazetteer_s = time.perf_counter() - start
    load_before = os.getloadavg()
    start, cpu = time.perf_counter(), time.process_time()
    extract_mentions(articles.head(SINGLE))
    single_s, single_cpu = time.perf_counter() - start, time.process_time() - cpu
    start = time.perf_counter()
    mentions = extract_mentions(articles, workers=2)
    seconds = time.perf_counter() - start
    load_after = os.getloadavg()
    top = entity_table(mentions).sort_values("mentions", ascending=False).head(50)
    result = {
        "articles": len(articles),
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(articles) / seconds, 1),
        "workers": 2,
        "one_process": {
            "articles": SINGLE,
            "articles_per_s": round(SINGLE / single_s, 1),
            "articles_per_cpu_s": round(SINGLE / single_cpu, 1),
        },
        "gazetteer_build_s": round(gazetteer_s, 2),
        "mentions": len(mentions),
        "entities": int(mentions["entity"].nunique()),
        "cpus": os.cpu_count(),
        "load_1min_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
        "python": platform.python_version(),
        "top50": top[["entity", "type", "articles", "mentions"]].values.tolist(),
    }
    print(f"{'articles':>10} {'seconds':>8} {'art/s':>8} {'entities':>9} {'load 1m':>12}")
    print(
        f"{result['articles']:>10} {result['seconds']:>8} {result['articles_per_s']:>8} "
        f"{result['entities']:>9} {load_before[0]:>5.2f}->{load_after[0]:<5.2f}"
    )
    one = result["one_process"]
    print(
        f"one process on {SINGLE} articles: {one['articles_per_s']} art/s wall, "
        f"{one['articles_per_cpu_s']} art per CPU-second"
    )
    for entity, kind, n_articles, n_mentions in result["top50"]:
        print(f"  {entity:<30} {kind:<13} {n_articles:>6} {n_mentions:>7}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "entities.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
