"""Run the benchmarks: ``python -m bench [NAME ...]`` (default: all of ``bench/*_bench.py``).

Each ``bench/<name>_bench.py`` module has a ``main()`` that prints its table and writes
``bench/results/<name>.json``. Benchmarks report figures; they assert nothing.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def available() -> list[str]:
    """Names of the benchmark modules, in alphabetical order."""
    return sorted(p.stem.removesuffix("_bench") for p in HERE.glob("*_bench.py"))


def main(names: list[str]) -> None:
    """Run the named benchmarks (all when none are named)."""
    chosen = names or available()
    unknown = sorted(set(chosen) - set(available()))
    if unknown:
        raise SystemExit(f"unknown benchmark(s) {unknown}; available: {available()}")
    for name in chosen:
        print(f"\n=== {name} ===", flush=True)
        start = time.perf_counter()
        importlib.import_module(f"bench.{name}_bench").main()
        print(f"({name}: {time.perf_counter() - start:.0f} s)", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
