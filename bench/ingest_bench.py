"""Ingest throughput on the full SaudiNewsNet corpus (31,030 records), dedup included.

Runs ``read_corpus`` on the gzip'd JSON Lines file in this process: decoding,
cleaning, date parsing, exact dedup, learned-boilerplate removal and MinHash
near-duplicate detection (one process, one core). Prints articles per second of
wall time and of CPU time (the second does not depend on other load) and the
report's counts, and writes ``bench/results/ingest.json``. The load
average before and after is recorded: the machine may be shared.
"""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path

from dashboard.core.ingest import read_corpus

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
SAUDINEWSNET = ROOT.parent / "shared" / "data" / "saudinewsnet" / "saudinewsnet.jsonl.gz"
TARGET = 2000  # articles per second on 2 cores, dedup included


def main() -> None:
    """Time one full read of SaudiNewsNet and write the figures."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    start, cpu_start = time.perf_counter(), time.process_time()
    result = read_corpus([SAUDINEWSNET])
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    report = result.report
    rate = report["read"] / seconds
    counts = {
        key: report[key]
        for key in ("read", "loaded", "rejected", "duplicates", "near_duplicates", "reasons")
    }
    figures = {
        "corpus": str(SAUDINEWSNET.name),
        "seconds": round(seconds, 2),
        "articles_per_s": round(rate),
        "cpu_seconds": round(cpu, 2),
        "articles_per_cpu_s": round(report["read"] / cpu),
        "target_articles_per_s": TARGET,
        "meets_target": rate >= TARGET,
        "counts": counts,
        "boilerplate_lines_removed": report["boilerplate_lines_removed"],
        "cpus": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
    }
    (RESULTS / "ingest.json").write_text(
        json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(
        f"{'records':>8}{'seconds':>9}{'articles/s':>12}{'CPU s':>7}{'per CPU s':>11}{'target':>8}"
    )
    print(
        f"{report['read']:>8}{seconds:>9.1f}{rate:>12.0f}{cpu:>7.1f}"
        f"{report['read'] / cpu:>11.0f}{TARGET:>8}"
    )
    print(json.dumps(counts, ensure_ascii=False))
    print(f"load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
