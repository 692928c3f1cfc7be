"""Argument types for the command lines: every number is checked against its range, and the
``--map`` pairs of ``build`` and ``ingest`` are read into a column mapping.

>>> K("5")
5
>>> K("-5")
Traceback (most recent call last):
argparse.ArgumentTypeError: must be a whole number in 1..1000, got -5
"""

from __future__ import annotations

import argparse
from collections.abc import Callable


def int_range(low: int, high: int) -> Callable[[str], int]:
    """An argparse ``type`` that reads a whole number in ``low..high`` (both included)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be a whole number in {low}..{high}, got {text}")
        return value

    return parse


K = int_range(1, 1000)  # results of similar/search
THREADS = int_range(1, 64)  # threads of a build, an add, a search; Ray workers
PORT = int_range(1, 65535)
MIN_TOPIC_SIZE = int_range(2, 100_000)  # articles in the smallest topic
TOPIC_FIT_SAMPLE = int_range(100, 10_000_000)  # articles the topic model is fitted on


def parse_mapping(pairs: list[str]) -> dict[str, str]:
    """``canonical=input`` pairs from ``--map`` into a dict (``canonical=`` leaves it unused)."""
    mapping = {}
    for pair in pairs:
        canonical, sep, column = pair.partition("=")
        if not sep or not canonical.strip():
            raise SystemExit(f"--map expects canonical=column, got {pair!r}")
        mapping[canonical.strip()] = column.strip()
    return mapping
