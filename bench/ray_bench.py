"""Ray build throughput with 1 and 2 workers against the local engine, on 5,000 articles
(``MARSAD_RAY_SAMPLE`` sets another count).

Each Ray build starts its own local Ray with one CPU per worker (one embedding thread
each); the local engine runs with 2 threads. The load average is recorded with every
figure, since the machine is shared. Prints a table and writes ``bench/results/ray.json``.
"""

from __future__ import annotations

import json
import os
import platform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.build_bench import RESULTS, sample_saudinewsnet
from dashboard.pipeline.build import BuildConfig, build

SAMPLE = int(os.environ.get("MARSAD_RAY_SAMPLE", "5000"))


def timed(run: Callable[[], dict], label: str) -> dict:
    """Run one build; returns its throughput, stage timings and the load around it."""
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    manifest = run()
    wall = time.perf_counter() - start
    n = manifest["counts"]["articles"]
    return {
        "engine": label,
        "articles": n,
        "wall_s": round(wall, 1),
        "articles_per_s": round(n / wall, 1),
        "embed_articles_per_s": round(n / manifest["timings_s"]["embed"], 1),
        "timings_s": manifest["timings_s"],
        "load_1min_before": round(load_before, 2),
        "load_1min_after": round(os.getloadavg()[0], 2),
    }


def quiet(_line: str) -> None:
    """Drop a build's progress line."""


def main() -> None:
    """Run the local build and the Ray build with 1 and 2 workers; print the table."""
    from dashboard.pipeline.ray_build import build_ray

    RESULTS.mkdir(parents=True, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        corpus = sample_saudinewsnet(root / "snn5000.jsonl.gz", size=SAMPLE, step=6)
        rows.append(
            timed(
                lambda: build([corpus], root / "local", BuildConfig(threads=2), log=quiet),
                "local, 2 threads",
            )
        )
        for workers in (1, 2):
            rows.append(
                timed(
                    lambda w=workers: build_ray(
                        [corpus], root / f"ray{w}", BuildConfig(threads=1), workers=w, log=quiet
                    ),
                    f"ray, {workers} worker(s) x 1 thread",
                )
            )
    print(f"{'engine':<30}{'articles':>9}{'wall s':>8}{'art/s':>8}{'embed art/s':>13}{'load':>12}")
    for row in rows:
        load = f"{row['load_1min_before']:.1f}->{row['load_1min_after']:.1f}"
        print(
            f"{row['engine']:<30}{row['articles']:>9}{row['wall_s']:>8}{row['articles_per_s']:>8}"
            f"{row['embed_articles_per_s']:>13}{load:>12}"
        )
    result = {"machine": {"cpus": os.cpu_count(), "platform": platform.platform()}, "runs": rows}
    (RESULTS / "ray.json").write_text(json.dumps(result, indent=2))
