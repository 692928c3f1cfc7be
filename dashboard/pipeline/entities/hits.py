"""An entity hit: one occurrence the scanner found in an article's tokens."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.pipeline.gazetteer import Key


@dataclass
class Hit:
    """One entity occurrence: canonical key, type, source, surface text and token span."""

    key: Key
    kind: str
    source: str
    surface: str
    start: int
    end: int
    candidate: bool = False
