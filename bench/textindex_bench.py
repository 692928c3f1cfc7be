"""Text index: milliseconds per keyword over the normalised SaudiNewsNet texts, p50/p95.

Reads the shared SaudiNewsNet file (title and body of each record, normalised as the
build does), indexes the first ``--sample`` records (all 31,030 by default) and times
``TextIndex.contains`` for frequent and rare words (wall and CPU time). ``--against
FILE`` times another version of the module in the same run, term by term, the order
of the two alternating, e.g. the substring index before whole-word matching::

    git show c66bebc:dashboard/storage/textindex.py > /tmp/textindex_old.py
    python bench/textindex_bench.py --against /tmp/textindex_old.py
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.storage.textindex import TextIndex
from dashboard.text.arabic import normalize

SOURCE = Path(__file__).resolve().parents[2] / "shared" / "data" / "saudinewsnet"
TERMS = ("الملك", "النفط", "الرياض", "السعودية", "وزير", "ايران", "سلام", "الاسلام", "في", "اوبك")


def texts(sample: int) -> pd.Series:
    """Normalised title and body of the first ``sample`` SaudiNewsNet records."""
    with gzip.open(SOURCE / "saudinewsnet.jsonl.gz", "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for _, line in zip(range(sample), handle, strict=False)]
    return pd.Series([normalize(f"{r['title'] or ''} {r['content'] or ''}") for r in records])


def other_index(path: Path) -> type:
    """The ``TextIndex`` class of another version of the module, read from ``path``."""
    spec = importlib.util.spec_from_file_location("textindex_other", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.TextIndex


def main() -> None:
    """Index the sample, then time each term ``--repeats`` times (each version in turn)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", type=int, default=31_030)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--against", type=Path, help="another textindex.py to time alike")
    args = parser.parse_args()
    rows = texts(args.sample)
    start = time.perf_counter()
    indexes = {"this": TextIndex(rows)}
    built = time.perf_counter() - start
    if args.against:
        indexes["other"] = other_index(args.against)(rows)
    times = {name: [] for name in indexes}
    cpu = {name: [] for name in indexes}
    hits = {name: {} for name in indexes}
    for repeat in range(args.repeats):
        for term in TERMS:
            names = list(indexes) if repeat % 2 == 0 else list(indexes)[::-1]
            for name in names:
                start, used = time.perf_counter(), time.process_time()
                hits[name][term] = int(indexes[name].contains(term).sum())
                times[name].append((time.perf_counter() - start) * 1000)
                cpu[name].append((time.process_time() - used) * 1000)
    print(f"{len(rows):,} articles; index built in {built:.2f} s")
    for name in indexes:
        wall, used = np.percentile(times[name], [50, 95]), np.percentile(cpu[name], [50, 95])
        print(f"{name}: per term: p50 {wall[0]:.1f} ms, p95 {wall[1]:.1f} ms")
        # CPU time: what the search costs, apart from waiting for a busy machine's cores.
        print(f"{name}: CPU per term: p50 {used[0]:.1f} ms, p95 {used[1]:.1f} ms")
        print(f"{name}: articles per term:", hits[name])


if __name__ == "__main__":
    main()
