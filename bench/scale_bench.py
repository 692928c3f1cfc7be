"""Scale: server memory after loading and page times, in-memory path against the engine, per N.

Stores: the SaudiNewsNet articles themselves (``scale-real``, 31K) and scale corpora of N
resampled real-length articles (``MARSAD_SCALE_SIZES``, comma-separated, default
``300000``), written under ``bench/results/scale-*`` by :mod:`bench.scale_corpus` when
missing, each with its word index. Each path runs in a fresh process (so its memory is
its own): its resident memory after loading the store as the dashboard does, then
p50/p95 wall and CPU milliseconds of each page task over five filter states, three
times each, cold (no result cache):

- ``coverage``: coverage with share, split by outlet (top 8 and the rest);
- ``top_outlets``: the 8 largest outlets of the filtered articles;
- ``keyword``: the rows matching one keyword query (frequent, rare, prefix, phrase);
- ``drilldown``: the articles behind one period of the largest series, and the first
  20 of them with their bodies (what the list shows).

The in-memory path loads what ``cached.open_store`` loaded for every store (articles,
mentions, text index, ids); the ``served`` path what it loads now for a store with the
engine's files (articles without their long texts, mentions, ids, the engine, the saved
vocabulary and lexical index), with the page tasks that read that frame over the filtered
rows (``topic_shares``, ``outlet_topics``), the words page's top words and phrases
(``words``, ``phrases``), the quotes page's quotes (``quotes``) and the similar page's
shared words (``similar_words``), read from the saved vocabulary, quotes and lexical
index. Embeddings are memory-mapped there and absent from a scale store, so the similar
page's meaning part is not timed.
Writes ``bench/results/scale.json``; asserts nothing.

``python -m bench.scale_bench phrases STORE`` times quoted phrases alone on the engine:
20 two-word and 10 three-word phrases drawn (seeded) from the store's own text, plus
``"وزير الخارجية"``, by the pair lists, against the previous method in the same run
(rows holding every word, rechecked by reading their text back), with both answers
compared.

``python -m bench.scale_bench similar STORE N`` gives the store N embeddings resampled from
the SaudiNewsNet build's (and the fewest article columns when it has none), builds its
approximate index as the build does, and times the similar page's query
(:mod:`bench.scale_vectors`), each step in a fresh process.

``python -m bench.scale_bench prepare STORE STEP`` runs one step of ``engine.prepare`` and
prints its cost (:mod:`bench.scale_prepare`).

``python -m bench.scale_bench words STORE`` loads the saved vocabulary alone and counts the
top words of every article and of every tenth one.

``python -m bench.scale_bench chunk STORE N`` indexes the store's first N rows as one chunk
of ``prepare`` and prints the process's memory with their texts held and its peak.

``python -m bench.scale_bench index STORE CHUNK`` writes the store's word index (to a
temporary folder) in one pass (``CHUNK`` 0) or ``CHUNK`` rows at a time, and prints its
wall and CPU seconds and the process's peak memory.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from bench import RESULTS
from bench.scale_corpus import write_real_store, write_scale_store
from dashboard.analysis import query
from dashboard.analysis.query import Filters

TERMS = ("الملك", "النفط", "الرياض", "السعودية", "وزير", "ايران", "سلام", "اوبك", "في")
QUERIES = (*TERMS, "سعود*", '"وزير الخارجية"', "النفط OR اوبك -ايران")
REPEATS = 3
SHOWN = 20


def rss_mb() -> float:
    """Resident memory of this process, in MiB."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def filter_states(first: pd.Timestamp, last: pd.Timestamp, outlets: list[str]) -> list[Filters]:
    """No filter, the middle third of the span, two outlets, a keyword, all together."""
    start, end = (first + (last - first) / 3).date(), (first + 2 * (last - first) / 3).date()
    two = tuple(outlets[:2])
    return [
        Filters(),
        Filters(start=start, end=end),
        Filters(outlets=two),
        Filters(text="النفط"),
        Filters(start=start, end=end, outlets=two, text="الحكومة"),
    ]


def timed(task: Callable[[object], object], states: list) -> dict:
    """p50/p95 wall and CPU milliseconds of ``task`` over ``states``, REPEATS times each."""
    wall, cpu = [], []
    for _ in range(REPEATS):
        for state in states:
            start, used = time.perf_counter(), time.process_time()
            task(state)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - used) * 1000)
    return {
        "p50_ms": round(float(np.percentile(wall, 50)), 1),
        "p95_ms": round(float(np.percentile(wall, 95)), 1),
        "cpu_p95_ms": round(float(np.percentile(cpu, 95)), 1),
    }


def memory_tasks(folder: Path) -> tuple[dict, dict]:
    """The in-memory path: (loading figures, page tasks)."""
    from dashboard.storage.store import Store

    start = time.perf_counter()
    store = Store(folder)
    _ = store.articles, store.mentions, store.text_index, store.ids
    loaded = {"load_s": round(time.perf_counter() - start, 1), "rss_mb": round(rss_mb())}
    articles, index, topics = store.articles, store.text_index, store.frame("topics")
    first, last = articles["published_at"].min(), articles["published_at"].max()
    frequency = query.auto_frequency(first, last)
    outlets = articles["outlet"].value_counts().index.tolist()

    def drilldown(filters: Filters) -> object:
        cov = query.coverage_view(articles, topics, filters, frequency, "outlet", index=index)
        if cov.empty:
            return None
        period = cov.loc[cov["count"].idxmax()]
        found = query.period_articles(
            articles,
            topics,
            filters,
            frequency,
            "outlet",
            (),
            period.series,
            period.period,
            index=index,
        )
        return found.head(SHOWN)[["id", "title", "body"]]

    tasks = {
        "coverage": lambda f: query.coverage_view(
            articles, topics, f, frequency, "outlet", index=index
        ),
        "top_outlets": lambda f: query.top_outlets(
            articles[query.filter_mask(articles, f, index).to_numpy()], 8
        ),
        "drilldown": drilldown,
        "keyword": lambda text: np.flatnonzero(
            query.match_query(articles["search_text"], text, index)
        ),
    }
    return loaded, {"states": filter_states(first, last, outlets), "tasks": tasks}


def engine_tasks(folder: Path) -> tuple[dict, dict]:
    """The out-of-core engine: (loading figures, page tasks)."""
    from dashboard.analysis.engine import Engine

    start = time.perf_counter()
    engine = Engine(folder)
    topics = pd.read_parquet(folder / "topics.parquet")
    loaded = {"load_s": round(time.perf_counter() - start, 1), "rss_mb": round(rss_mb())}
    first, last = engine.span
    frequency = query.auto_frequency(first, last)
    outlets = engine.top_outlets(Filters(), 2)

    def drilldown(filters: Filters) -> object:
        cov = engine.coverage(topics, filters, frequency, "outlet")
        if cov.empty:
            return None
        period = cov.loc[cov["count"].idxmax()]
        rows = engine.period_rows(
            topics, filters, frequency, "outlet", (), period.series, period.period
        )
        return engine.read(rows[:SHOWN], ["id", "title", "body"])

    tasks = {
        "coverage": lambda f: engine.coverage(topics, f, frequency, "outlet"),
        "top_outlets": lambda f: engine.top_outlets(f, 8),
        "drilldown": drilldown,
        "keyword": lambda text: engine.keyword_rows(text),
    }
    return loaded, {"states": filter_states(first, last, outlets), "tasks": tasks, "engine": engine}


def served_tasks(folder: Path) -> tuple[dict, dict]:
    """The server as ``cached.open_store`` now loads a store with the engine's files: the
    articles without their long texts, mentions, ids, the engine, the words page's
    vocabulary and the lexical index (both memory-mapped); (loading figures, page tasks),
    the engine's plus the frame pages' (topics over time, outlets by topic, over the
    filtered rows), the words page's (top words, top two-word phrases), the quotes page's
    (the saved quotes of the filtered rows, newest first) and the similar page's shared
    words (TF-IDF cosine of one article with every other, the 50 best allowed ones). A file
    the store lacks (vocabulary, lexical index, quotes) is named in ``missing`` and its
    pages are left out."""
    from dashboard.analysis import quote_queries, quote_store, topic_time
    from dashboard.analysis.search import top
    from dashboard.analysis.vocabulary import Vocabulary, top_terms, vocabulary_present
    from dashboard.storage.lexical import Lexical
    from dashboard.storage.store import Store

    start = time.perf_counter()
    store = Store(folder, texts=False)
    _ = store.articles, store.mentions, store.ids
    _, work = engine_tasks(folder)  # one engine, as the server holds
    engine = work["engine"]
    topics = store.frame("topics")
    present = {
        "vocabulary": vocabulary_present(folder),
        "lexical": Lexical.present(folder),
        "quotes": quote_store.quotes_present(folder),
    }
    vocabulary = Vocabulary.load(folder) if present["vocabulary"] else None
    lexical = Lexical.load(folder) if present["lexical"] else None
    loaded = {
        "load_s": round(time.perf_counter() - start, 1),
        "rss_mb": round(rss_mb()),
        "missing": [name for name, found in present.items() if not found],
    }
    articles = store.articles
    first, last = engine.span
    frequency = query.auto_frequency(first, last)

    def frame(filters: Filters) -> pd.DataFrame:
        return articles.iloc[engine.filtered_rows(filters)]

    def similar(filters: Filters) -> np.ndarray:
        rows = engine.filtered_rows(filters)
        allowed = np.zeros(engine.rows, dtype=bool)
        allowed[rows] = True
        picked = int(rows[len(rows) // 2]) if len(rows) else 0
        allowed[picked] = False
        return top(lexical.similar(picked), 50, allowed)

    tasks = {
        **work["tasks"],
        "topic_shares": lambda f: topic_time.topic_shares(frame(f), frequency),
        "outlet_topics": lambda f: topic_time.outlet_topics(frame(f), topics),
        "words": lambda f: top_terms(vocabulary, engine.filtered_rows(f), 1, 30),
        "phrases": lambda f: top_terms(vocabulary, engine.filtered_rows(f), 2, 30),
        "quotes": lambda f: quote_queries.search_quotes(
            quote_store.read_quotes(folder, engine.filtered_rows(f))
        ),
        "similar_words": similar,
    }
    needs = {
        "words": "vocabulary",
        "phrases": "vocabulary",
        "similar_words": "lexical",
        "quotes": "quotes",
    }
    tasks = {name: task for name, task in tasks.items() if present.get(needs.get(name), True)}
    return loaded, {"states": work["states"], "tasks": tasks}


def index_figures(folder: Path, chunk: int) -> dict:
    """Write the word index of ``folder``'s ``search_text`` into a temporary folder, in one
    pass (``chunk`` 0) or ``chunk`` rows at a time: wall and CPU seconds, peak RSS (run it
    in a fresh process: the peak is the process's)."""
    import itertools
    import tempfile

    from dashboard.storage.parts import Parted
    from dashboard.storage.wordindex import write_word_index, write_word_index_chunks

    texts = (
        text
        for part in Parted(folder, "articles").batches(["search_text"])
        for text in part.column(0).to_pylist()
    )
    start, used = time.perf_counter(), time.process_time()
    with tempfile.TemporaryDirectory() as out:
        if chunk:
            chunks = iter(lambda: list(itertools.islice(texts, chunk)), [])
            rows = write_word_index_chunks(chunks, Path(out))
        else:
            rows = write_word_index(texts, Path(out))
    return {
        "rows": rows,
        "chunk": chunk,
        "wall_s": round(time.perf_counter() - start),
        "cpu_s": round(time.process_time() - used),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def chunk_figures(folder: Path, rows: int) -> dict:
    """Index the first ``rows`` of ``folder``'s ``search_text`` as ``prepare`` indexes one
    chunk (its texts held as a list, then one run written to a temporary folder): the
    process's resident memory with the texts held, its peak while indexing, wall and CPU
    seconds (run it in a fresh process: the peak is the process's)."""
    import itertools
    import tempfile

    from dashboard.storage.parts import Parted
    from dashboard.storage.wordindex import write_word_index

    texts = (
        text
        for part in Parted(folder, "articles").batches(["search_text"])
        for text in part.column(0).to_pylist()
    )
    chunk = list(itertools.islice(texts, rows))
    held = rss_mb()
    start, used = time.perf_counter(), time.process_time()
    with tempfile.TemporaryDirectory() as out:
        write_word_index(chunk, Path(out))
    return {
        "rows": len(chunk),
        "rss_with_texts_mb": round(held),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "wall_s": round(time.perf_counter() - start),
        "cpu_s": round(time.process_time() - used),
    }


def words_figures(folder: Path) -> dict:
    """The words page's vocabulary loaded from ``folder`` (resident memory before and
    after, its size) and the top 30 words of every article and of every tenth one (wall
    and CPU milliseconds), then the process's peak memory (run it in a fresh process)."""
    from dashboard.analysis.vocabulary import Vocabulary, top_terms
    from dashboard.storage.store import Store

    _ = Store(folder, texts=False).articles
    before = rss_mb()
    vocabulary = Vocabulary.load(folder)
    found = {
        "rss_before_mb": round(before),
        "rss_after_mb": round(rss_mb()),
        "terms": len(vocabulary.terms),
        "tokens": len(vocabulary.codes),
    }
    for name, step in (("all", 1), ("every_tenth", 10)):
        start, used = time.perf_counter(), time.process_time()
        top_terms(vocabulary, np.arange(0, len(vocabulary), step), 1, 30)
        found[f"top_words_{name}"] = {
            "wall_ms": round((time.perf_counter() - start) * 1000),
            "cpu_ms": round((time.process_time() - used) * 1000),
        }
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {**found, "peak_rss_mb": round(peak)}


def drawn_phrases(engine: object, seed: int = 7) -> list[str]:
    """Quoted 2- and 3-word phrases drawn from the text of random rows of ``engine``."""
    from dashboard.storage.textindex import words

    rng = np.random.default_rng(seed)
    found: list[str] = ['"وزير الخارجية"']
    for size, wanted in ((2, 20), (3, 10)):
        target = len(found) + wanted
        while len(found) < target:
            tokens = words(engine.search_texts(rng.integers(0, engine.rows, 1))[0])
            if len(tokens) > size:
                i = int(rng.integers(0, len(tokens) - size))
                found.append('"' + " ".join(tokens[i : i + size]) + '"')
    return found


def phrase_figures(folder: Path) -> dict:
    """Phrase query times on the engine: pair lists against every word's rows rechecked."""
    from dashboard.analysis.engine import Engine
    from dashboard.storage.textindex import TextIndex, words

    engine = Engine(folder)
    index = engine.words

    def rechecked(text: str) -> np.ndarray:
        term = text.strip('"')
        found = np.logical_and.reduce([index.word_mask(w) for w in words(term)])
        rows = np.flatnonzero(found)
        texts = engine.search_texts(rows).reset_index(drop=True)
        found[rows[~TextIndex(texts).contains(term)]] = False
        return np.flatnonzero(found)

    phrases = drawn_phrases(engine)
    same = all(np.array_equal(engine.keyword_rows(p), rechecked(p)) for p in phrases)
    return {
        "rows": engine.rows,
        "phrases": len(phrases),
        "same_rows": same,
        "pairs": timed(engine.keyword_rows, phrases),
        "rechecked": timed(rechecked, phrases),
        "example": {
            p: timed(engine.keyword_rows, [p])["p50_ms"] for p in phrases[:1] + phrases[-2:]
        },
    }


def measure(path: str, folder: Path) -> dict:
    """Load ``folder`` with one path (``memory`` or ``engine``) and time its page tasks."""
    chosen = {"memory": memory_tasks, "engine": engine_tasks, "served": served_tasks}[path]
    loaded, work = chosen(folder)
    print(json.dumps(loaded), flush=True)  # kept when a page then runs out of memory
    pages = {}
    for name, task in work["tasks"].items():
        pages[name] = timed(task, list(QUERIES) if name == "keyword" else work["states"])
    pages["keyword"]["by_query_p50_ms"] = {
        text: timed(work["tasks"]["keyword"], [text])["p50_ms"] for text in QUERIES
    }
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {**loaded, "peak_rss_mb": round(peak), "pages": pages}


def stores() -> dict[str, Path]:
    """The measured stores by name, written (with their word index) when missing."""
    from dashboard.analysis.engine import prepare, prepared

    sizes = [int(s) for s in os.environ.get("MARSAD_SCALE_SIZES", "300000").split(",") if s]
    found = {"saudinewsnet": RESULTS / "scale-real"}
    found.update({f"scale {n:,}": RESULTS / f"scale-{n // 1000}k" for n in sizes})
    for (name, folder), n in zip(found.items(), [0, *sizes], strict=True):
        if not (folder / "manifest.json").exists():
            print(f"writing {name} into {folder}", flush=True)
            write_scale_store(folder, n) if n else write_real_store(folder)
        if not prepared(folder):
            start = time.perf_counter()
            prepare(folder)
            print(f"engine files of {name}: {time.perf_counter() - start:.0f} s", flush=True)
    return found


def main() -> None:
    """Measure both paths on every store, each in a fresh process; print and write JSON."""
    results = {}
    for name, folder in stores().items():
        articles = json.loads((folder / "manifest.json").read_text())["counts"]["articles"]
        results[name] = {"articles": articles}
        for path in ("memory", "engine", "served"):
            command = [sys.executable, "-m", "bench.scale_bench", path, str(folder)]
            done = subprocess.run(command, capture_output=True, text=True)
            lines = done.stdout.splitlines()
            row = results[name][path] = json.loads(lines[-1]) if lines else {}
            if done.returncode:
                row["failed"] = (done.stderr.strip().splitlines() or ["no output"])[-1]
                print(f"{name} ({articles:,}) {path}: {row}", flush=True)
                continue
            pages = "  ".join(f"{k} p95 {v['p95_ms']:.0f} ms" for k, v in row["pages"].items())
            print(f"{name} ({articles:,}) {path}: RSS {row['rss_mb']} MiB; {pages}", flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "scale.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "words":
        print(json.dumps(words_figures(Path(sys.argv[2]))))
    elif len(sys.argv) == 4 and sys.argv[1] == "chunk":
        print(json.dumps(chunk_figures(Path(sys.argv[2]), int(sys.argv[3]))))
    elif len(sys.argv) == 4 and sys.argv[1] == "index":
        print(json.dumps(index_figures(Path(sys.argv[2]), int(sys.argv[3]))))
    elif len(sys.argv) == 4 and sys.argv[1] == "prepare":
        from bench.scale_prepare import step_figures

        print(json.dumps(step_figures(Path(sys.argv[2]), sys.argv[3])))
    elif len(sys.argv) == 4 and sys.argv[1] == "similar":
        from bench.scale_vectors import run

        run(Path(sys.argv[2]), int(sys.argv[3]))
    elif len(sys.argv) == 3 and sys.argv[1] == "phrases":
        print(json.dumps(phrase_figures(Path(sys.argv[2])), ensure_ascii=False))
    elif len(sys.argv) == 3:
        print(json.dumps(measure(sys.argv[1], Path(sys.argv[2]))))
    else:
        main()
