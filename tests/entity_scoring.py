"""The scorer shared by the entity evaluations: precision and recall per entity type.

A labelled article lists its persons, organisations and places; ``a|b`` gives accepted
forms of one entity. A predicted entity is correct when its type matches and its name
(normalised) is one of the forms.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pandas as pd

from dashboard.core.arabic import normalize
from dashboard.core.entities import extract_mentions

TYPES = ("person", "organisation", "place")


def load_draw(folder: Path) -> ModuleType:
    """The ``draw.py`` of a drawn evaluation set's fixture folder (seed, window, draw)."""
    spec = importlib.util.spec_from_file_location(f"{folder.name}_draw", folder / "draw.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score(labelled: list[dict], texts: dict[str, str]) -> dict[str, dict[str, float]]:
    """Per type: true positives, predictions, gold entities, precision and recall."""
    frame = pd.DataFrame(
        {
            "id": [a["id"] for a in labelled],
            "title": [""] * len(labelled),
            "body": [texts[a["id"]] for a in labelled],
            "tags": [[] for _ in labelled],
        }
    )
    mentions = extract_mentions(frame)
    out = {}
    for kind in TYPES:
        hits = predicted = gold = 0
        for article in labelled:
            forms = [{normalize(f) for f in entry.split("|")} for entry in article[kind]]
            rows = mentions[(mentions["article_id"] == article["id"]) & (mentions["type"] == kind)]
            found = {normalize(name) for name in rows["entity"]}
            predicted += len(found)
            gold += len(forms)
            hits += sum(any(f in found for f in entry) for entry in forms)
        out[kind] = {
            "tp": hits,
            "predicted": predicted,
            "gold": gold,
            "precision": hits / predicted if predicted else 0.0,
            "recall": hits / gold if gold else 0.0,
        }
    return out


def check_floors(got: dict[str, float], floors: tuple[float, float]) -> None:
    """Fail when precision or recall falls under its floor (the figures are printed)."""
    print(f"P={got['precision']:.2f} R={got['recall']:.2f} {got}")
    precision, recall = floors
    assert got["precision"] >= precision, got
    assert got["recall"] >= recall, got
