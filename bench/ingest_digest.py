"""Digests of what ingest makes of a corpus, to check that a change leaves its output as it was.

Reads the corpus with ``read_corpus`` and prints one digest per frame (articles, rejected,
duplicates, near-duplicates: columns, dtypes and every value) and one of the report, then the
wall time, the CPU seconds of this process and of its forked workers, and the load average.
Run it with the code before a change and with the code after it (e.g. from a ``git worktree``
of each): the digests must be equal.

    .venv/bin/python -m bench.ingest_digest ../shared/data/saudinewsnet/saudinewsnet.jsonl.gz 2
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from pathlib import Path

import pandas as pd

from dashboard.pipeline.ingest import read_corpus

FRAMES = ("articles", "rejected", "duplicates", "near_duplicates")


def frame_digest(frame: pd.DataFrame) -> str:
    """A digest of a frame's columns, dtypes and values."""
    digest = hashlib.sha256()
    digest.update(repr([list(frame.columns), list(frame.dtypes.astype(str))]).encode())
    for column in frame.columns:
        digest.update(repr(frame[column].tolist()).encode())
    return digest.hexdigest()[:16]


def main() -> None:
    """Print the digests and the times of one reading of the corpus given."""
    path, workers = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 2
    load = os.getloadavg()[0]
    start, cpu, before = time.perf_counter(), time.process_time(), os.times()
    result = read_corpus([path], workers=workers)
    wall, cpu, after = time.perf_counter() - start, time.process_time() - cpu, os.times()
    children = after.children_user + after.children_system
    children -= before.children_user + before.children_system
    digests = {name: frame_digest(getattr(result, name)) for name in FRAMES}
    report = json.dumps(result.report, ensure_ascii=False, sort_keys=True, default=str)
    digests["report"] = hashlib.sha256(report.encode()).hexdigest()[:16]
    print(json.dumps(digests))
    figures = {"workers": workers, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2)}
    figures |= {"workers_cpu_s": round(children, 2), "read": result.report["read"]}
    figures |= {"load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2)}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
