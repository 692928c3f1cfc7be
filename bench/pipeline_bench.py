"""Full build of SaudiNewsNet (31,030 records) against the usual BERTopic pipeline, and an
incremental add of 1,000 new articles to the built store.

Each runs in its own process on the same machine, one after the other, from scratch
(no embedding reuse). Prints per-stage times, articles/s, peak RSS and the speed-up;
writes ``bench/results/pipeline.json``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
SAUDINEWSNET = SHARED / "saudinewsnet" / "saudinewsnet.jsonl.gz"
ALJAZEERA = SHARED / "aljazeera_palestine" / "aljazeera_palestine.jsonl"
NEW_ARTICLES = 1000


def new_articles(path: Path) -> Path:
    """1,000 real articles the SaudiNewsNet store has never seen (Al Jazeera items)."""
    with ALJAZEERA.open(encoding="utf-8") as source:
        lines = [line for line in source if '"excerpt": ""' not in line][-NEW_ARTICLES:]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def run_json(command: list[str]) -> tuple[dict, float]:
    """Run a command that prints one JSON object; returns it and the wall time."""
    start = time.perf_counter()
    load_before = os.getloadavg()[0]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    # The 1-minute load before and after: on 2 cores, anything above ~2 means contention.
    result["loadavg_1m"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    return result, round(time.perf_counter() - start, 1)


def main() -> None:
    """Build with Marsad, add 1,000 articles, run the baseline; print the figures."""
    with tempfile.TemporaryDirectory() as scratch:
        store = Path(scratch) / "store"
        build = ["build", "--corpus", str(SAUDINEWSNET), "--out", str(store)]
        marsad, marsad_wall = run_json([sys.executable, "-m", "dashboard", *build])
        new = new_articles(Path(scratch) / "new.jsonl")
        add = ["add", "--store", str(store), "--corpus", str(new)]
        added, added_wall = run_json([sys.executable, "-m", "dashboard", *add])
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
    print(
        f"load (1 min) before/after: marsad {marsad['loadavg_1m']}, "
        f"baseline {baseline['loadavg_1m']}"
    )
    speedup = baseline_wall / marsad_wall
    print(
        f"speed-up {speedup:.2f}x; baseline topics {baseline['topics']} with "
        f"{baseline['outlier_share']:.0%} outliers, Marsad {marsad['counts']['topics']}"
    )
    print(
        f"incremental: {added['update']['added']} new articles added in {added_wall:.1f} s "
        f"wall ({added['update']['seconds']:.1f} s in process) against a full build of "
        f"{marsad_wall:.0f} s"
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
