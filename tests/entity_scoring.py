"""The scorer shared by the entity evaluations: precision and recall per entity type.

A labelled article lists its persons, organisations and places; ``a|b`` gives accepted
forms of one entity. A predicted entity is correct when its type matches and its name
(normalised) is one of the forms.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pandas as pd
from conftest import fixture_module, shared_file

from dashboard.pipeline.entities.mentions import extract_mentions
from dashboard.text.arabic import normalize

TYPES = ("person", "organisation", "place")


def score(labelled: list[dict], texts: dict[str, str]) -> dict[str, dict[str, float]]:
    """Per type: true positives, predictions, gold entities, precision and recall."""
    return score_mentions(labelled, extract_mentions(window_frame(labelled, texts)))


def window_frame(labelled: list[dict], texts: dict[str, str]) -> pd.DataFrame:
    """The article frame of labelled windows (the window as the body, no title, no tags)."""
    return pd.DataFrame(
        {
            "id": [a["id"] for a in labelled],
            "title": [""] * len(labelled),
            "body": [texts[a["id"]] for a in labelled],
            "tags": [[] for _ in labelled],
        }
    )


def score_mentions(labelled: list[dict], mentions: pd.DataFrame) -> dict[str, dict[str, float]]:
    """:func:`score` of the labelled articles' rows of a mention frame (other rows ignored)."""
    mentions = mentions[mentions["article_id"].isin({a["id"] for a in labelled})]
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


# The corpus mode: the labelled windows are extracted inside a corpus, as a build sees them (a
# decision over the whole corpus may use what other articles say), and only they are scored.
BACKGROUND_SEED = 20261130
BACKGROUND_PER_CORPUS = 2000


def background(
    data: Path, exclude: set[str], per_corpus: int = BACKGROUND_PER_CORPUS
) -> list[dict]:
    """Unlabelled full-length articles of the shared corpora: ``per_corpus`` drawn from each
    corpus's records with a non-empty body by ``random.Random(BACKGROUND_SEED)`` (corpora in
    the draws' order), then those whose id is in ``exclude`` (every labelled set's) left out:
    dicts of id, title and body."""
    draws = fixture_module(Path(__file__).parent / "fixtures" / "entities_eval_v2" / "draw.py")
    rng = random.Random(BACKGROUND_SEED)
    out = []
    for name, (_, id_field, title_field, body_field) in draws.CORPORA.items():
        rows = [r for r in draws.records(name, data) if (r.get(body_field) or "").strip()]
        for row in rng.sample(rows, per_corpus):
            if row[id_field] not in exclude:
                out.append(
                    {
                        "id": row[id_field],
                        "title": row.get(title_field) or "",
                        "body": row[body_field],
                    }
                )
    return out


def scored_in_corpus(
    folders: list[Path], per_corpus: int = BACKGROUND_PER_CORPUS
) -> dict[str, dict[str, dict[str, float]]]:
    """:func:`scored_draw` of each drawn set of ``folders``, extracted in one corpus: every
    set's windows and a :func:`background` that leaves out the articles of every drawn set
    beside them (``entities_eval_v*``); set folder name -> type -> scores."""
    data = shared_file("data/saudinewsnet/README.md").parents[1]
    fixtures = Path(__file__).parent / "fixtures"
    draws = fixture_module(fixtures / "entities_eval_v2" / "draw.py")
    exclude = draws.labelled_ids(sorted(fixtures.glob("entities_eval_v*")))
    sets = {}
    for folder in folders:
        drawn = draws.draw(folder, data)
        labelled = [json.loads(line) for line in (folder / "labels.jsonl").read_text().splitlines()]
        assert [a["id"] for a in labelled] == [a["id"] for a in drawn]
        sets[folder.name] = (labelled, {a["id"]: a["text"] for a in drawn})
    frames = [window_frame(labelled, texts) for labelled, texts in sets.values()]
    others = pd.DataFrame(background(data, exclude, per_corpus))
    frames.append(others.assign(tags=[[] for _ in range(len(others))]))
    corpus = pd.concat(frames, ignore_index=True).drop_duplicates("id")
    mentions = extract_mentions(corpus)
    return {name: score_mentions(labelled, mentions) for name, (labelled, _) in sets.items()}


def _report(name: str, got: dict[str, dict[str, float]]) -> str:
    cells = [
        f"{kind} {s['precision']:.2f}/{s['recall']:.2f} ({s['tp']}/{s['predicted']}/{s['gold']})"
        for kind, s in got.items()
    ]
    return f"{name}: " + "; ".join(cells)


if __name__ == "__main__":
    # python tests/entity_scoring.py entities_eval_v7 [...]: each set scored alone (its windows
    # only) and in the corpus (P/R (true positives/predicted/gold) per type).
    fixtures = Path(__file__).parent / "fixtures"
    chosen = [fixtures / name for name in sys.argv[1:]]
    for folder in chosen:
        print(_report(f"{folder.name} alone", scored_draw(folder)))
    for name, got in scored_in_corpus(chosen).items():
        print(_report(f"{name} in corpus", got))
