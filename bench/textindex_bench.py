"""Text index: milliseconds per keyword over the normalised SaudiNewsNet texts, p50/p95.

Reads the shared SaudiNewsNet file (title and body of each record, normalised as the
build does), indexes the first ``--sample`` records (all 31,030 by default) and times
``TextIndex.contains`` for frequent and rare words (wall and CPU time). Run it against
another checkout with ``PYTHONPATH=OTHER python bench/textindex_bench.py`` to compare in
one session.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.core.arabic import normalize
from dashboard.core.textindex import TextIndex

SOURCE = Path(__file__).resolve().parents[2] / "shared" / "data" / "saudinewsnet"
TERMS = ("الملك", "النفط", "الرياض", "السعودية", "وزير", "ايران", "سلام", "الاسلام", "في", "اوبك")


def texts(sample: int) -> pd.Series:
    """Normalised title and body of the first ``sample`` SaudiNewsNet records."""
    with gzip.open(SOURCE / "saudinewsnet.jsonl.gz", "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for _, line in zip(range(sample), handle, strict=False)]
    return pd.Series([normalize(f"{r['title'] or ''} {r['content'] or ''}") for r in records])


def main() -> None:
    """Index the sample, then time each term ``--repeats`` times."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", type=int, default=31_030)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    rows = texts(args.sample)
    start = time.perf_counter()
    index = TextIndex(rows)
    built = time.perf_counter() - start
    times, cpu, hits = [], [], {}
    for _ in range(args.repeats):
        for term in TERMS:
            start, used = time.perf_counter(), time.process_time()
            hits[term] = int(index.contains(term).sum())
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - used) * 1000)
    print(f"{len(rows):,} articles; index built in {built:.2f} s")
    print(f"per term: p50 {np.percentile(times, 50):.1f} ms, p95 {np.percentile(times, 95):.1f} ms")
    # CPU time: what the search costs, apart from waiting for a busy machine's cores.
    print(f"CPU per term: p50 {np.percentile(cpu, 50):.1f} ms, p95 {np.percentile(cpu, 95):.1f} ms")
    print("articles per term:", hits)


if __name__ == "__main__":
    main()
