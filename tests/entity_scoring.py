"""The scorer shared by the entity evaluations: precision and recall per entity type.

A labelled article lists its persons, organisations and places; ``a|b`` gives accepted
forms of one entity. A predicted entity is correct when its type matches and its name
(normalised) is one of the forms.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from conftest import fixture_module, shared_file

from dashboard.pipeline.entities.mentions import extract_mentions
from dashboard.text.arabic import normalize

TYPES = ("person", "organisation", "place")


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


def scored_draw(folder: Path) -> dict[str, dict[str, float]]:
    """:func:`score` of a drawn evaluation set: the articles its fixture folder's
    ``draw.json`` draws from the shared data (by the second set's ``draw.py``), which its
    ``labels.jsonl`` labels in the same order."""
    data = shared_file("data/saudinewsnet/README.md").parents[1]
    draws = fixture_module(Path(__file__).parent / "fixtures" / "entities_eval_v2" / "draw.py")
    drawn = draws.draw(folder, data)
    labelled = [json.loads(line) for line in (folder / "labels.jsonl").read_text().splitlines()]
    assert [a["id"] for a in labelled] == [a["id"] for a in drawn]
    return score(labelled, {a["id"]: a["text"] for a in drawn})
