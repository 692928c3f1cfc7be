"""Entity extraction throughput on the full SaudiNewsNet corpus, its most mentioned entities,
and an ablation of the name lists on the two labelled sets.

Reads every record (title + content), runs :func:`dashboard.core.entities.extract_mentions`
once in this process, prints articles per second with the machine's load, the 50 most
mentioned entities, precision and recall per type with each list removed in turn (on the 42
written articles and the 105 drawn real ones), and writes ``bench/results/entities.json``.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import time
from pathlib import Path

import pandas as pd

from dashboard.core import entities
from dashboard.core import gazetteer as gazetteer_module
from dashboard.core.entities import entity_table, extract_mentions
from dashboard.core.gazetteer import gazetteer

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
SINGLE = 5000  # articles timed in one process, wall and CPU time (CPU time ignores the load)
SAUDINEWSNET = ROOT.parent / "shared" / "data" / "saudinewsnet" / "saudinewsnet.jsonl.gz"


def load(path: Path = SAUDINEWSNET) -> pd.DataFrame:
    """The corpus as an article frame (id, title, body, tags)."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    return pd.DataFrame(
        {
            "id": [str(i) for i in range(len(records))],
            "title": [r.get("title") or "" for r in records],
            "body": [r.get("content") or "" for r in records],
            "tags": [[] for _ in records],
        }
    )


# list name -> (module, attribute) emptied for the ablation
LISTS = {
    "listed persons": (gazetteer_module, "PERSONS"),
    "curated names": (gazetteer_module, "CURATED"),
    "first names": (entities, "FIRST_NAMES"),
    "foreign first names": (entities, "FOREIGN_FIRST_NAMES"),
    "person roles": (entities, "PERSON_ROLES"),
    "organisation heads": (entities, "ORG_HEADS"),
    "not-name words": (entities, "NOT_NAME_WORDS"),
}
_CACHED = (
    "_is_foreign_part",
    "_is_nationality",
    "_is_name_token",
    "_starts_pattern",
    "_may_be_surname",
    "_forms",
    "bare_forms",
)


def _labelled_scores() -> dict[str, dict]:
    """Per type P/R on the 42 written articles and the 105 drawn real ones."""
    import sys

    sys.path.insert(0, str(ROOT / "tests"))
    import test_entities_eval as written
    import test_entities_eval_v2 as drawn_set

    drawn = drawn_set.draw_module().draw(ROOT.parent / "shared" / "data")
    labels = (drawn_set.HERE / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    out = {}
    for name, got in (
        ("written_42", written.scores(written.load())),
        (
            "drawn_105",
            drawn_set.score([json.loads(x) for x in labels], {a["id"]: a["text"] for a in drawn}),
        ),
    ):
        out[name] = {k: [round(v["precision"], 3), round(v["recall"], 3)] for k, v in got.items()}
    return out


def _reset_caches() -> None:
    """Forget the gazetteer and the cached word tests after a list changed."""
    gazetteer.cache_clear()
    for name in _CACHED:
        getattr(entities, name).cache_clear()


def ablation() -> dict[str, dict]:
    """Scores with every list in place, then with each list emptied in turn."""
    result = {"all lists": _labelled_scores()}
    for label, (module, attribute) in LISTS.items():
        saved = getattr(module, attribute)
        empty = [] if isinstance(saved, list) else frozenset()
        derived = {}
        if attribute == "PERSON_ROLES":  # the role tables are derived at import
            derived = {"_ROLE_FIRST": entities._ROLE_FIRST, "_ROLE_MAX": entities._ROLE_MAX}
            entities._ROLE_FIRST, entities._ROLE_MAX = frozenset(), 0
        setattr(module, attribute, empty)
        _reset_caches()
        try:
            result[f"without {label}"] = _labelled_scores()
        finally:
            setattr(module, attribute, saved)
            for name, value in derived.items():
                setattr(entities, name, value)
            _reset_caches()
    return result


def main() -> None:
    """Time the extraction, print the figures and the top 50, write the JSON result."""
    articles = load()
    start = time.perf_counter()
    gazetteer()
    gazetteer_s = time.perf_counter() - start
    load_before = os.getloadavg()
    start, cpu = time.perf_counter(), time.process_time()
    extract_mentions(articles.head(SINGLE))
    single_s, single_cpu = time.perf_counter() - start, time.process_time() - cpu
    start = time.perf_counter()
    mentions = extract_mentions(articles, workers=2)
    seconds = time.perf_counter() - start
    load_after = os.getloadavg()
    top = entity_table(mentions).sort_values("mentions", ascending=False).head(50)
    lists = ablation()
    result = {
        "articles": len(articles),
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(articles) / seconds, 1),
        "workers": 2,
        "one_process": {
            "articles": SINGLE,
            "articles_per_s": round(SINGLE / single_s, 1),
            "articles_per_cpu_s": round(SINGLE / single_cpu, 1),
        },
        "gazetteer_build_s": round(gazetteer_s, 2),
        "mentions": len(mentions),
        "entities": int(mentions["entity"].nunique()),
        "cpus": os.cpu_count(),
        "load_1min_before_after": [round(load_before[0], 2), round(load_after[0], 2)],
        "python": platform.python_version(),
        "top50": top[["entity", "type", "articles", "mentions"]].values.tolist(),
        "ablation": lists,
    }
    print(f"{'articles':>10} {'seconds':>8} {'art/s':>8} {'entities':>9} {'load 1m':>12}")
    print(
        f"{result['articles']:>10} {result['seconds']:>8} {result['articles_per_s']:>8} "
        f"{result['entities']:>9} {load_before[0]:>5.2f}->{load_after[0]:<5.2f}"
    )
    one = result["one_process"]
    print(
        f"one process on {SINGLE} articles: {one['articles_per_s']} art/s wall, "
        f"{one['articles_per_cpu_s']} art per CPU-second"
    )
    for entity, kind, n_articles, n_mentions in result["top50"]:
        print(f"  {entity:<30} {kind:<13} {n_articles:>6} {n_mentions:>7}")
    print("ablation: precision / recall per type (written 42 | drawn 105)")
    for label, sets in lists.items():
        cells = [
            f"{kind[:5]} {sets['written_42'][kind][0]:.2f}/{sets['written_42'][kind][1]:.2f}"
            f" | {sets['drawn_105'][kind][0]:.2f}/{sets['drawn_105'][kind][1]:.2f}"
            for kind in ("person", "organisation", "place")
        ]
        print(f"  {label:<28} " + "   ".join(cells))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "entities.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
