"""Entity extraction throughput on the full SaudiNewsNet corpus, its most mentioned entities,
and an ablation of the name lists on the two labelled sets and on a tagged corpus.

Reads every record (title + content), runs
:func:`dashboard.pipeline.entities.mentions.extract_mentions` once in this process, prints
articles per second with the machine's load, the 50 most mentioned entities, precision and
recall per type with each list removed in turn (on the 42 written articles, the 105 drawn
real ones, the fourth set's 120, a development set since issue 16's fourth round, the
fifth set's 120, a development set since its fifth round, and the sixth set's 120, never used
in development), the silver person figures on the tagged development
corpus (see :func:`silver`), and writes ``bench/results/entities.json``.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import time
from pathlib import Path

import pandas as pd

from dashboard.pipeline import gazetteer as gazetteer_module
from dashboard.pipeline.entities import aliases as alias_merging
from dashboard.pipeline.entities import (
    article,
    name_words,
    organisations,
    places,
    scan_starts,
    scanner,
    tokens,
)
from dashboard.pipeline.entities.mentions import extract_mentions
from dashboard.pipeline.entities.tables import entity_table
from dashboard.pipeline.gazetteer import gazetteer

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
SINGLE = 5000  # articles timed in one process, wall and CPU time (CPU time ignores the load)
SAUDINEWSNET = ROOT.parent / "shared" / "data" / "saudinewsnet" / "saudinewsnet.jsonl.gz"
TAGGED = ROOT.parent / "shared" / "data" / "almayadeen_2014_2022" / "almayadeen_2014_2022.jsonl.gz"
# The tagged corpus's tags that name a person, typed by hand from its tags seen in the text of
# two articles or more (names only).
SILVER_PERSONS = ROOT / "bench" / "entities_silver_persons.txt"
DRAWN_SETS = (
    "entities_eval_v2",
    "entities_eval_v3",
    "entities_eval_v4",
    "entities_eval_v5",
    "entities_eval_v6",
    "entities_eval_v7",
    "entities_eval_v8",
    "entities_eval_v9",
    "entities_eval_v10",
    "entities_eval_v11",
    "entities_eval_v12",
    "entities_train_1",
    "entities_train_2",
    "entities_train_3",
)


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


# The entity modules, each holding its own binding of the lists it imports.
ENTITIES = (
    tokens,
    name_words,
    places,
    organisations,
    scan_starts,
    scanner,
    article,
    alias_merging,
)
# list name -> (modules, attribute) emptied for the ablation
LISTS = {
    "listed persons": ((gazetteer_module,), "PERSONS"),
    "curated names": ((gazetteer_module,), "CURATED"),
    "first names": (ENTITIES, "FIRST_NAMES"),
    "foreign first names": (ENTITIES, "FOREIGN_FIRST_NAMES"),
    "person roles": (ENTITIES, "PERSON_ROLES"),
    "organisation heads": (ENTITIES, "ORG_HEADS"),
    "not-name words": (ENTITIES, "NOT_NAME_WORDS"),
    "common-word places": ((gazetteer_module,), "COMMON_WORD_PLACES"),
    "facility nouns": (ENTITIES, "FACILITY_NOUNS"),
    "name joiners": (ENTITIES, "NAME_JOINERS"),
    "place heads": (ENTITIES, "PLACE_HEADS"),
    "area heads": (ENTITIES, "_AREA_HEADS"),
    "honorifics": (ENTITIES, "_NOT_NAMES"),
    "title words": (ENTITIES, "_TITLE_WORDS"),
    "construct roles": (ENTITIES, "_CONSTRUCT_ROLES"),
    "office adjectives": (ENTITIES, "_OFFICE_ADJECTIVES"),
    "kunya words": (ENTITIES, "_KUNYA"),
    "name particles": (ENTITIES, "_PARTICLES"),
    "compound name parts": (ENTITIES, "_COMPOUND_PARTS"),
    "nasab joiners": (ENTITIES, "_NASAB"),
    "heads of bodies led by a person": (ENTITIES, "_LED_BY"),
    "role modifiers": (ENTITIES, "_ROLE_MODIFIERS"),
    "son and daughter joiners": (ENTITIES, "_BIN"),
}
# Tables derived from a list at import, emptied with it.
DERIVED = {
    "PERSON_ROLES": {"_ROLE_FIRST": frozenset(), "_ROLE_MAX": 0},
    "_KUNYA": {"_KUNYA_FORMS": frozenset()},
}
_CACHED = (
    "_is_foreign_part",
    "_is_nationality",
    "_is_name_token",
    "_starts_pattern",
    "_may_be_surname",
    "_lexicon_name",
    "_opens_clause",
    "_closes_name",
    "_lexicon_ends",
    "_forms",
    "bare_forms",
    "_unknown_word",
    "_is_accusative",
    "_starts_place",
    "_word_code",
)


def _labelled_scores(tagged: pd.DataFrame) -> dict[str, dict]:
    """Per type P/R on the 42 written articles, the 105 drawn real ones, the fourth set's 120
    (a development set since issue 16's fourth round), the fifth set's 120 (one since its
    fifth round), the sixth set's 120 (never used in development of the rules), the seventh
    set's 120 (never used in development), and the silver person figures on the tagged
    corpus."""
    import sys

    sys.path.insert(0, str(ROOT / "tests"))
    import test_entities_eval as written
    from entity_scoring import score, scored_draw

    labelled = written.load()
    out = {}
    for name, got in (
        ("written_42", score(labelled, {a["id"]: a["text"] for a in labelled})),
        ("drawn_105", scored_draw(ROOT / "tests" / "fixtures" / "entities_eval_v2")),
        ("drawn_120_v4", scored_draw(ROOT / "tests" / "fixtures" / "entities_eval_v4")),
        ("drawn_120_v5", scored_draw(ROOT / "tests" / "fixtures" / "entities_eval_v5")),
        ("drawn_120_v6", scored_draw(ROOT / "tests" / "fixtures" / "entities_eval_v6")),
        ("drawn_120_v7", scored_draw(ROOT / "tests" / "fixtures" / "entities_eval_v7")),
        ("drawn_120_v8", scored_draw(ROOT / "tests" / "fixtures" / "entities_eval_v8")),
    ):
        out[name] = {k: [round(v["precision"], 3), round(v["recall"], 3)] for k, v in got.items()}
    out["tagged_silver"] = silver(tagged)
    return out


def load_tagged(path: Path = TAGGED) -> pd.DataFrame:
    """The tagged corpus as an article frame with its tags, without the articles of the drawn
    evaluation and training sets (their ids only are read)."""
    import importlib.util

    fixtures = ROOT / "tests" / "fixtures"
    spec = importlib.util.spec_from_file_location(
        "entity_draws", fixtures / "entities_eval_v2" / "draw.py"
    )
    draws = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(draws)
    drawn: set[str] = set()
    for folder in DRAWN_SETS:
        drawn |= {a["id"] for a in draws.draw(fixtures / folder, ROOT.parent / "shared" / "data")}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle]
    records = [r for r in records if r["url"] not in drawn and (r.get("body") or "").strip()]
    frame = pd.DataFrame(
        {
            "id": [r["url"] for r in records],
            "title": [r.get("title") or "" for r in records],
            "body": [r["body"] for r in records],
            "tags": [[t for t in r.get("keywords") or [] if t.strip()] for r in records],
        }
    )
    frame["in_text"] = [_tags_in_text(row) for row in frame.itertuples()]
    return frame


def _tags_in_text(row: object) -> list[tuple[str, ...]]:
    """The article's tags (as token tuples) that occur in its title or body, the first word
    with or without clitics."""
    from dashboard.text.arabic import tokenize

    norm = tokens.split_tokens(f"{row.title} . {row.body}")[1]
    starts: dict[str, list[int]] = {}
    for i, token in enumerate(norm):
        for form in tokens._forms(token):
            starts.setdefault(form, []).append(i)
    aliases = {tuple(tokenize(t)) for t in row.tags} - {()}
    return [
        alias
        for alias in aliases
        if any(tuple(norm[i + 1 : i + len(alias)]) == alias[1:] for i in starts.get(alias[0], ()))
    ]


def silver(tagged: pd.DataFrame) -> dict[str, float]:
    """Silver person figures on the tagged corpus; the extractor does not see the tags.

    Gold: (article, tag) pairs whose tag is in SILVER_PERSONS and occurs in the article's
    title or body. Recall (strict): the article has a person whose normalised name is the
    tag's; (lenient) or one name ends the other (ترامب / دونالد ترامب). Type precision: of the
    persons found that are a tag of their article seen in two articles' text or more, the
    share whose tag names a person.
    """
    from dashboard.text.arabic import tokenize

    persons = {
        tuple(tokenize(line)) for line in SILVER_PERSONS.read_text().splitlines() if line.strip()
    }
    frame = tagged[["id", "title", "body"]].assign(tags=[[] for _ in range(len(tagged))])
    mentions = extract_mentions(frame)
    found = mentions[mentions["type"] == "person"]
    by_article: dict[str, list[tuple[str, ...]]] = {}
    for article_id, entity in zip(found["article_id"], found["entity"], strict=True):
        by_article.setdefault(article_id, []).append(tuple(tokenize(entity)))
    in_text = dict(zip(tagged["id"], tagged["in_text"], strict=True))
    seen = pd.Series([a for aliases in in_text.values() for a in aliases]).value_counts()
    gold = strict = lenient = typed = typed_right = 0
    for article_id, aliases in in_text.items():
        names = by_article.get(article_id, [])
        for alias in aliases:
            if alias in persons:
                gold += 1
                strict += alias in names
                lenient += any(
                    alias[-min(len(alias), len(n)) :] == n[-min(len(alias), len(n)) :]
                    for n in names
                )
        for name in names:
            if name in aliases and seen.get(name, 0) >= 2:
                typed += 1
                typed_right += name in persons
    return {
        "gold_pairs": gold,
        "recall_strict": round(strict / gold, 3) if gold else 0.0,
        "recall_lenient": round(lenient / gold, 3) if gold else 0.0,
        "type_precision": round(typed_right / typed, 3) if typed else 0.0,
    }


def _reset_caches() -> None:
    """Forget the gazetteer and the cached word tests after a list changed."""
    gazetteer.cache_clear()
    for name in _CACHED:
        next(getattr(m, name) for m in ENTITIES if hasattr(m, name)).cache_clear()


def _bind(modules: tuple, values: dict[str, object]) -> None:
    """Set each named list in every one of ``modules`` that binds that name."""
    for name, value in values.items():
        for module in modules:
            if hasattr(module, name):
                setattr(module, name, value)


def ablation(tagged: pd.DataFrame) -> dict[str, dict]:
    """Scores with every list in place, then with each list emptied in turn."""
    result = {"all lists": _labelled_scores(tagged)}
    for label, (modules, attribute) in LISTS.items():
        saved = next(getattr(m, attribute) for m in modules if hasattr(m, attribute))
        empty = [] if isinstance(saved, list) else frozenset()
        derived = {name: getattr(name_words, name) for name in DERIVED.get(attribute, {})}
        _bind(ENTITIES, DERIVED.get(attribute, {}))
        _bind(modules, {attribute: empty})
        _reset_caches()
        try:
            result[f"without {label}"] = _labelled_scores(tagged)
        finally:
            _bind(modules, {attribute: saved})
            _bind(ENTITIES, derived)
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
    lists = ablation(load_tagged())
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
    print(
        "ablation: precision / recall per type (written 42 | drawn 105 | fourth set 120 | "
        "fifth set 120 | sixth set 120 | seventh set 120 | eighth set 120); "
        "tagged corpus: "
        "person recall strict / lenient, type precision"
    )
    for label, sets in lists.items():
        cells = [
            f"{kind[:5]} {sets['written_42'][kind][0]:.2f}/{sets['written_42'][kind][1]:.2f}"
            f" | {sets['drawn_105'][kind][0]:.2f}/{sets['drawn_105'][kind][1]:.2f}"
            f" | {sets['drawn_120_v4'][kind][0]:.2f}/{sets['drawn_120_v4'][kind][1]:.2f}"
            f" | {sets['drawn_120_v5'][kind][0]:.2f}/{sets['drawn_120_v5'][kind][1]:.2f}"
            f" | {sets['drawn_120_v6'][kind][0]:.2f}/{sets['drawn_120_v6'][kind][1]:.2f}"
            f" | {sets['drawn_120_v7'][kind][0]:.2f}/{sets['drawn_120_v7'][kind][1]:.2f}"
            f" | {sets['drawn_120_v8'][kind][0]:.2f}/{sets['drawn_120_v8'][kind][1]:.2f}"
            for kind in ("person", "organisation", "place")
        ]
        tagged = sets["tagged_silver"]
        cells.append(
            f"tagged {tagged['recall_strict']:.2f}/{tagged['recall_lenient']:.2f} "
            f"{tagged['type_precision']:.2f}"
        )
        print(f"  {label:<28} " + "   ".join(cells))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "entities.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
