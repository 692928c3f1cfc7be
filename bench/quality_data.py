"""Tagged corpora for the quality benchmark, and an on-disk cache of their embeddings.

A tagged corpus is read through Marsad's own ingest (so its bodies are cleaned as a
build cleans them) and joined by URL to its raw records for the raw body and the
section label, which only the evaluation sees. Embeddings are cached under
``bench/results/quality_cache/`` (gitignored; ``MARSAD_QUALITY_CACHE`` names another
folder), keyed by the embedder and the texts, so a rerun embeds nothing.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.pipeline.ingest import read_corpus

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
CACHE = Path(os.environ.get("MARSAD_QUALITY_CACHE", ROOT / "bench" / "results" / "quality_cache"))


@dataclass(frozen=True)
class TaggedCorpus:
    """Where a tagged corpus lies and which raw fields hold its date, body and section."""

    name: str
    path: Path
    date: str
    body: str
    section: str


CORPORA = {
    "almayadeen": TaggedCorpus(
        "almayadeen",
        SHARED / "almayadeen_2014_2022" / "almayadeen_2014_2022.jsonl.gz",
        date="published_time",
        body="body",
        section="category",
    ),
}


def load(corpus: TaggedCorpus, sample: int | None = None, seed: int = 0) -> pd.DataFrame:
    """The corpus's articles as Marsad ingests them, plus ``raw_body`` and ``section``.

    Args:
        corpus: Which corpus.
        sample: Keep this many articles, drawn at random (all when ``None``).
        seed: Seed of the draw.
    """
    result = read_corpus([corpus.path], mapping={"published_at": corpus.date})
    articles = result.articles.sort_values(["published_at", "id"], ignore_index=True)
    raw = pd.read_json(corpus.path, lines=True, dtype=False)
    raw = raw.drop_duplicates("url").set_index("url")
    articles["raw_body"] = articles["url"].map(raw[corpus.body]).fillna("").astype(str)
    articles["section"] = articles["url"].map(raw[corpus.section]).fillna("").astype(str)
    articles["tags"] = [sorted({t.strip() for t in tags if t.strip()}) for tags in articles["tags"]]
    if sample is not None and sample < len(articles):
        rows = np.sort(np.random.default_rng(seed).choice(len(articles), sample, replace=False))
        articles = articles.iloc[rows].reset_index(drop=True)
    return articles


def cached_embeddings(embedder, texts: list[str], label: str) -> np.ndarray:
    """``embedder``'s document vectors of ``texts``, from the cache when computed before."""
    digest = hashlib.sha1(embedder.name.encode())
    for text in texts:
        digest.update(text.encode())
        digest.update(b"\0")
    path = CACHE / f"{label}-{digest.hexdigest()[:16]}.npy"
    if path.exists():
        return np.load(path)
    vectors = embedder.embed_documents(texts)
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp.npy")
    np.save(partial, vectors)
    partial.replace(path)
    return vectors
