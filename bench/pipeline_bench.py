"""Full build of SaudiNewsNet (31,030 records) against the usual BERTopic pipeline.

Both run in their own processes on the same machine, one after the other, from
scratch (no embedding reuse). Prints per-stage times, articles/s, peak RSS and
the speed-up; writes ``bench/results/pipeline.json``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAUDINEWSNET = ROOT.parent / "shared" / "data" / "saudinewsnet" / "saudinewsnet.jsonl.gz"


def run_json(command: list[str]) -> tuple[dict, float]:
    """Run a command that prints one JSON object; returns it and the wall time."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout), round(time.perf_counter() - start, 1)


def main() -> None:
    """Build with Marsad, run the baseline, print both."""
    with tempfile.TemporaryDirectory() as scratch:
        marsad, marsad_wall = run_json(
            [
                sys.executable,
                "-m",
                "dashboard",
                "build",
                "--corpus",
                str(SAUDINEWSNET),
                "--out",
                str(Path(scratch) / "store"),
            ]
        )
    baseline, baseline_wall = run_json([sys.executable, "-m", "bench.baseline", str(SAUDINEWSNET)])
    articles = marsad["counts"]["articles"]
    rows = [
        ("marsad", articles, marsad_wall, marsad["peak_rss_mb"], marsad["timings_s"]),
        (
            "baseline",
            baseline["articles"],
            baseline_wall,
            baseline["peak_rss_mb"],
            baseline["timings_s"],
        ),
    ]
    print(f"{'pipeline':<10}{'articles':>9}{'wall s':>9}{'art/s':>8}{'peak MiB':>10}  stages (s)")
    for name, count, wall, rss, stages in rows:
        parts = ", ".join(f"{k} {v:.1f}" for k, v in stages.items() if k != "total")
        print(f"{name:<10}{count:>9}{wall:>9.1f}{count / wall:>8.0f}{rss:>10.0f}  {parts}")
    speedup = baseline_wall / marsad_wall
    print(
        f"speed-up {speedup:.2f}x; baseline topics {baseline['topics']} with "
        f"{baseline['outlier_share']:.0%} outliers, Marsad {marsad['counts']['topics']}"
    )
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    result = {
        "marsad": {**marsad, "wall_s": marsad_wall},
        "baseline": {**baseline, "wall_s": baseline_wall},
        "speedup": round(speedup, 2),
    }
    (out / "pipeline.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
