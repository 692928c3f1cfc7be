"""Build time and peak memory of the demo corpus and a 2,000-article SaudiNewsNet sample.

Each build runs in its own process (``python -m dashboard build``) into a fresh
folder, so peak RSS is that build's alone. Prints a table and writes
``bench/results/build.json``.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
SAUDINEWSNET = ROOT.parent / "shared" / "data" / "saudinewsnet" / "saudinewsnet.jsonl.gz"


def sample_saudinewsnet(out: Path, size: int = 2000, step: int = 15) -> Path:
    """Every ``step``-th SaudiNewsNet record, ``size`` of them, as gzip'd JSON Lines."""
    with gzip.open(SAUDINEWSNET, "rt", encoding="utf-8") as handle:
        lines = [line for i, line in enumerate(handle) if i % step == 0][:size]
    with gzip.open(out, "wt", encoding="utf-8") as handle:
        handle.writelines(lines)
    return out


def timed_build(corpus: Path, out: Path) -> dict:
    """Run one build in a child process; returns its summary plus wall time."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "build", "--corpus", str(corpus), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    summary = json.loads(done.stdout)
    summary["wall_s"] = round(time.perf_counter() - start, 2)
    return summary


def main() -> None:
    """Run the build benchmarks and print the table."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        scratch_dir = Path(scratch)
        corpora = {
            "demo": ROOT / "data" / "demo" / "articles.jsonl",
            "saudinewsnet-2000": sample_saudinewsnet(scratch_dir / "snn2000.jsonl.gz"),
        }
        results = {name: timed_build(path, scratch_dir / name) for name, path in corpora.items()}
    header = f"{'corpus':<20}{'articles':>9}{'wall s':>9}{'build s':>9}{'peak MiB':>10}  stages (s)"
    print(header)
    print("-" * len(header))
    for name, result in results.items():
        stages = ", ".join(
            f"{stage} {seconds:.1f}"
            for stage, seconds in result["timings_s"].items()
            if stage != "total"
        )
        print(
            f"{name:<20}{result['counts']['articles']:>9}{result['wall_s']:>9.1f}"
            f"{result['timings_s']['total']:>9.1f}{result['peak_rss_mb']:>10.0f}  {stages}"
        )
    machine = {"cpus": os.cpu_count(), "python": platform.python_version()}
    (RESULTS / "build.json").write_text(json.dumps({"machine": machine, "results": results}))
    print(f"\nwritten to {RESULTS / 'build.json'}")


if __name__ == "__main__":
    main()
