"""Ingest throughput on the full SaudiNewsNet corpus (31,030 records), dedup included; and a
zip of 20,000 one-row CSV members against the same rows as one CSV file.

Runs ``read_corpus`` on the gzip'd JSON Lines file with two workers (the build's setting
on 2 cores) and with one: decoding, cleaning, date parsing, exact dedup, learned-boilerplate
removal and MinHash near-duplicate detection. Prints records per second of wall time, the
CPU seconds of this process and of its forked workers (CPU does not depend on other load
as wall time does), the report's counts, and whether both readings are the same; writes
``bench/results/ingest.json``. The load average before and after is recorded: the machine
may be shared.

The archive row reads each input in a fresh process and reports its wall time and peak
resident memory (the target: the zip within 2x of the single file on both).
"""

from __future__ import annotations

import csv
import io
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from dashboard.pipeline.ingest import IngestResult, read_corpus

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
SAUDINEWSNET = ROOT.parent / "shared" / "data" / "saudinewsnet" / "saudinewsnet.jsonl.gz"
TARGET = 2000  # records per second on 2 cores (two workers), dedup included
MEMBERS = 20_000  # one-row CSV members of the archive row
WORDS = "سوق نفط حكومة مطر مدرسة طريق ميناء قمح طاقة مجلس ملعب مستشفى جامعة قطار ماء".split()
# The child's peak is VmHWM (its own memory since exec): ru_maxrss would carry the parent's.
CHILD = """
import json, re, sys, time
from pathlib import Path
from dashboard.pipeline.ingest import read_corpus
start = time.perf_counter()
report = read_corpus([sys.argv[1]]).report
peak = re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text()).group(1)
print(json.dumps({"seconds": time.perf_counter() - start, "loaded": report["loaded"],
                  "peak_rss_mb": int(peak) / 1024}))
"""


def _rows(count: int) -> list[list[str]]:
    """Distinct synthetic article rows (title, body, date)."""
    return [
        [
            f"خبر {i}",
            f"نص الخبر {i}: " + " ".join(random.Random(i).choices(WORDS, k=40)),
            f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
        ]
        for i in range(count)
    ]


def _csv(rows: list[list[str]]) -> str:
    """Rows as CSV text with a header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["title", "body", "date"])
    writer.writerows(rows)
    return out.getvalue()


def _read_in_child(path: Path) -> dict:
    """Time one ``read_corpus`` of ``path`` in a fresh process; its peak memory too."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def archive_row() -> dict:
    """The zip of ``MEMBERS`` one-row CSVs against the same rows as one CSV."""
    rows = _rows(MEMBERS)
    with tempfile.TemporaryDirectory() as folder:
        single = Path(folder) / "rows.csv"
        single.write_text(_csv(rows), encoding="utf-8")
        archive = Path(folder) / "rows.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
            for i, row in enumerate(rows):
                out.writestr(f"m{i:05d}.csv", _csv([row]))
        figures = {"one_file": _read_in_child(single), "zip": _read_in_child(archive)}
        figures["zip_bytes"] = archive.stat().st_size
    figures["time_ratio"] = round(figures["zip"]["seconds"] / figures["one_file"]["seconds"], 2)
    figures["memory_ratio"] = round(
        figures["zip"]["peak_rss_mb"] / figures["one_file"]["peak_rss_mb"], 2
    )
    return figures


def timed_read(workers: int) -> tuple[dict, IngestResult]:
    """One full read of SaudiNewsNet with ``workers``: its figures, and the result."""
    load = os.getloadavg()[0]
    start, cpu, before = time.perf_counter(), time.process_time(), os.times()
    result = read_corpus([SAUDINEWSNET], workers=workers)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    after = os.times()
    children = after.children_user + after.children_system
    children -= before.children_user + before.children_system
    read = result.report["read"]
    return {
        "workers": workers,
        "seconds": round(seconds, 2),
        "records_per_s": round(read / seconds),
        "cpu_seconds": round(cpu, 2),
        "worker_cpu_seconds": round(children, 2),
        "load_before": round(load, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }, result


def _same(one: IngestResult, two: IngestResult) -> bool:
    """Whether two readings agree on every frame and on the report."""
    import pandas as pd

    try:
        for name in ("articles", "rejected", "duplicates", "near_duplicates"):
            pd.testing.assert_frame_equal(getattr(one, name), getattr(two, name))
    except AssertionError:
        return False
    return one.report == two.report


def main() -> None:
    """Time full reads of SaudiNewsNet (two workers, then one) and write the figures."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    two, result = timed_read(2)
    one, alone = timed_read(1)
    same = _same(result, alone)
    del alone
    archive = archive_row()
    report = result.report
    rate = two["records_per_s"]
    counts = {
        key: report[key]
        for key in ("read", "loaded", "rejected", "duplicates", "near_duplicates", "reasons")
    }
    figures = {
        "corpus": str(SAUDINEWSNET.name),
        "runs": [two, one],
        "same_output_with_1_and_2_workers": same,
        "target_records_per_s": TARGET,
        "meets_target": rate >= TARGET,
        "counts": counts,
        "boilerplate_lines_removed": report["boilerplate_lines_removed"],
        "archive_of_one_row_members": archive,
        "cpus": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
    }
    (RESULTS / "ingest.json").write_text(
        json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(
        f"{'workers':>8}{'seconds':>9}{'records/s':>11}{'CPU s':>8}{'workers CPU s':>15}{'load':>6}"
    )
    for run in (two, one):
        print(
            f"{run['workers']:>8}{run['seconds']:>9.1f}{run['records_per_s']:>11}"
            f"{run['cpu_seconds']:>8.1f}{run['worker_cpu_seconds']:>15.1f}{run['load_before']:>6.1f}"
        )
    print(f"target {TARGET}/s with 2 workers; same output with 1 and 2 workers: {same}")
    print(json.dumps(counts, ensure_ascii=False))
    print(f"{'input':>24}{'seconds':>9}{'peak RSS MB':>13}{'loaded':>8}")
    for label, key in (
        (f"one CSV of {MEMBERS:,} rows", "one_file"),
        (f"zip of {MEMBERS:,}", "zip"),
    ):
        row = archive[key]
        print(f"{label:>24}{row['seconds']:>9.1f}{row['peak_rss_mb']:>13.0f}{row['loaded']:>8}")
    print(f"zip / one file: time {archive['time_ratio']}x, memory {archive['memory_ratio']}x")
    print(f"load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
