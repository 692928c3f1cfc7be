"""Train the learned check on the scanner's hits (dashboard/pipeline/entities/learned.py).

``python scripts/train_span_model.py`` trains on every labelled set (the drawn sets
tests/fixtures/entities_eval_v2 ... v6, read from the shared corpora by their draw, and the
written articles of tests/fixtures/entities_labelled.jsonl) and writes the model file beside
the module. ``--cv`` instead scores each drawn set with a model trained on the others (and the
written articles), the rules alone and rules with the model in the same run, per type.

A hit's label is the type of the gold entity it names (its words are a gold form, or a run of
words inside one: a surname the article's full name absorbs), else none. Training is
deterministic (L-BFGS from zeros, no sampling); no text is written anywhere.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import fixture_module  # noqa: E402
from entity_scoring import TYPES, score  # noqa: E402

from dashboard.pipeline.entities import learned  # noqa: E402
from dashboard.pipeline.entities.scanner import Scanner  # noqa: E402
from dashboard.pipeline.entities.tokens import split_tokens  # noqa: E402
from dashboard.pipeline.gazetteer import gazetteer  # noqa: E402
from dashboard.text.arabic import normalize  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
DRAWN = (
    "entities_eval_v2",
    "entities_eval_v3",
    "entities_eval_v4",
    "entities_eval_v5",
    "entities_eval_v6",
)
C = 0.5
THRESHOLD = 0.8
ADD_THRESHOLD = 0.8


def labelled_sets() -> dict[str, list[dict]]:
    """Each drawn set's labelled articles with their text, and the written articles."""
    draws = fixture_module(FIXTURES / "entities_eval_v2" / "draw.py")
    out = {}
    for name in DRAWN:
        folder = FIXTURES / name
        texts = {a["id"]: a["text"] for a in draws.draw(folder)}
        lines = (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines()
        out[name] = [dict(json.loads(line), text=texts[json.loads(line)["id"]]) for line in lines]
    lines = (FIXTURES / "entities_labelled.jsonl").read_text(encoding="utf-8").splitlines()
    out["written"] = [json.loads(line) for line in lines]
    return out


def _contains(form: tuple[str, ...], key: tuple[str, ...]) -> bool:
    n = len(key)
    return any(form[i : i + n] == key for i in range(len(form) - n + 1))


def hit_label(key: tuple[str, ...], kind: str, gold: dict[str, list[tuple[str, ...]]]) -> str:
    """The type of the gold entity the hit names, the rule's type first; else none."""
    joined = "".join(key)
    order = [kind, *(t for t in TYPES if t != kind)]
    for kind_ in order:
        if any("".join(form) == joined for form in gold[kind_]):
            return kind_
    for kind_ in order:
        if any(_contains(form, key) for form in gold[kind_]):
            return kind_
    return "none"


def examples(articles: Iterable[dict]) -> tuple[list[list[int]], list[int]]:
    """Hashed feature rows and class indices of the rules' hits in the articles."""
    gaz = gazetteer()
    rows, ys = [], []
    for article in articles:
        gold = {
            t: [tuple(normalize(f).split()) for e in article[t] for f in e.split("|")]
            for t in TYPES
        }
        surface, norm = split_tokens(article["text"])
        hits = Scanner(gaz, {}).scan(norm, surface)
        for hit in hits:
            if hit.kind not in learned.CLASSES:
                continue
            rows.append(learned.features(norm, hit.start, hit.end, hit.kind, hit.source))
            ys.append(learned.CLASSES.index(hit_label(hit.key, hit.kind, gold)))
        whole = {"".join(form): kind for kind in TYPES for form in gold[kind]}
        for i, j in learned.candidates(norm, hits):
            rows.append(learned.features(norm, i, j, "none", "candidate"))
            ys.append(learned.CLASSES.index(whole.get("".join(norm[i:j]), "none")))
    return rows, ys


def fit(
    rows: list[list[int]], ys: list[int], threshold: float = THRESHOLD, add: float = ADD_THRESHOLD
) -> learned.SpanModel:
    """A multinomial logistic model over the hashed rows."""
    width = 1 << learned.BITS
    data = np.ones(sum(len(r) for r in rows), dtype=np.float64)
    cols = np.fromiter((i for r in rows for i in r), dtype=np.int64)
    ptr = np.concatenate(([0], np.cumsum([len(r) for r in rows])))
    matrix = sparse.csr_matrix((data, cols, ptr), shape=(len(rows), width))
    matrix.sum_duplicates()
    clf = LogisticRegression(C=C, max_iter=3000, tol=1e-6)
    clf.fit(matrix, np.array(ys))
    weights = np.zeros((width, len(learned.CLASSES)), dtype=np.float32)
    bias = np.zeros(len(learned.CLASSES), dtype=np.float32)
    weights[:, clf.classes_] = clf.coef_.T
    bias[clf.classes_] = clf.intercept_
    # Classes never seen in training get a bias that keeps them out.
    bias[np.setdiff1d(np.arange(len(learned.CLASSES)), clf.classes_)] = -50.0
    return learned.SpanModel(weights.astype(np.float16).astype(np.float32), bias, threshold, add)


def scored(articles: list[dict], model: learned.SpanModel | None) -> dict:
    learned.use(model)
    return score(articles, {a["id"]: a["text"] for a in articles})


def cross_validate(sets: dict[str, list[dict]], thresholds: list[float], adds: list[float]) -> None:
    """Each drawn set scored by a model trained on the other sets: per type, the rules alone
    and with the model, and pooled counts over the five sets."""
    learned.use(None)
    cache = {name: examples(arts) for name, arts in sets.items()}
    pooled: dict[str, dict[str, list[int]]] = {}
    for held in DRAWN:
        rows = [r for n, (rs, _) in cache.items() if n != held for r in rs]
        ys = [y for n, (_, y) in cache.items() if n != held for y in y]
        model = fit(rows, ys)
        runs = {"rules": scored(sets[held], None)}
        for t in thresholds:
            for a in adds:
                config = learned.SpanModel(model.weights, model.bias, t, a)
                runs[f"model@{t}/{a}"] = scored(sets[held], config)
        for run, result in runs.items():
            line = []
            for kind in TYPES:
                r = result[kind]
                acc = pooled.setdefault(run, {}).setdefault(kind, [0, 0, 0])
                acc[0] += r["tp"]
                acc[1] += r["predicted"]
                acc[2] += r["gold"]
                line.append(
                    f"{kind} {r['precision']:.2f}/{r['recall']:.2f} "
                    f"({r['tp']}/{r['predicted']}/{r['gold']})"
                )
            print(f"{held} {run:14s} " + "  ".join(line))
    for run, kinds in pooled.items():
        line = [
            f"{k} {tp / max(p, 1):.3f}/{tp / max(g, 1):.3f} ({tp}/{p}/{g})"
            for k, (tp, p, g) in kinds.items()
        ]
        print(f"pooled {run:14s} " + "  ".join(line))
    learned.use(None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="cross-validate by set instead")
    parser.add_argument("--thresholds", type=float, nargs="*", default=[THRESHOLD])
    parser.add_argument("--adds", type=float, nargs="*", default=[ADD_THRESHOLD])
    parser.add_argument("--out", type=Path, default=learned.MODEL_PATH)
    args = parser.parse_args()
    sets = labelled_sets()
    if args.cv:
        cross_validate(sets, args.thresholds, args.adds)
        return
    learned.use(None)
    rows, ys = [], []
    for r, y in (examples(articles) for articles in sets.values()):
        rows += r
        ys += y
    learned.save(fit(rows, ys), args.out)
    print(f"{len(rows)} hits, classes {np.bincount(ys, minlength=4).tolist()} -> {args.out}")


if __name__ == "__main__":
    main()
