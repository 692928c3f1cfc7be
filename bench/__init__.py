"""Benchmarks: they print figures and write bench/results/*.json; they assert nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
SAUDINEWSNET = ROOT.parent / "shared" / "data" / "saudinewsnet" / "saudinewsnet.jsonl.gz"


def snn_store() -> Path:
    """The built full-SaudiNewsNet store the benchmarks share (``MARSAD_BENCH_STORE`` or
    ``bench/results/snn31k``), built once when missing."""
    store = Path(os.environ.get("MARSAD_BENCH_STORE", RESULTS / "snn31k"))
    if not (store / "manifest.json").exists():
        command = ["build", "--corpus", str(SAUDINEWSNET), "--out", str(store)]
        subprocess.run([sys.executable, "-m", "dashboard", *command], cwd=ROOT, check=True)
    return store
