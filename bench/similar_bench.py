"""Similar articles and search: quality on the demo, latency on SaudiNewsNet and 1M vectors.

- Quality (demo store, which has tags): mean tag Jaccard of each article's top-5
  neighbours, by embeddings alone, TF-IDF alone and the hybrid (RRF), against random pairs.
- SaudiNewsNet (the shared built store, see ``bench.snn_store``): similar-article and
  search latency p50/p95 (query embedding apart).
- Synthetic (``MARSAD_BENCH_N`` vectors, default 1,000,000, 512-d, generated here and
  never stored): index build time, index size, recall@10 against exact search and
  latency p50/p95 for a few ``nprobe`` settings, on 2 threads.

Prints a table and writes ``bench/results/similar.json``.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from bench import snn_store
from dashboard.analysis.search import Searcher, hybrid_similar, top
from dashboard.storage.index import VectorIndex, build_ann, cells, open_index
from dashboard.storage.store import Store

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
DEMO = ROOT / "data" / "artifacts" / "demo"
QUERIES = ["أسعار النفط", "الانتخابات الرئاسية", "حوادث المرور في الرياض", "وزارة الصحة كورونا"]


def percentiles(seconds: list[float]) -> dict[str, float]:
    """p50 and p95 in milliseconds."""
    p50, p95 = np.percentile(np.array(seconds) * 1000, [50, 95])
    return {"p50_ms": round(float(p50), 2), "p95_ms": round(float(p95), 2)}


def timed(call: object, args: list[tuple]) -> dict[str, float]:
    """Latency percentiles of ``call(*a)`` over ``args``."""
    seconds = []
    for a in args:
        start = time.perf_counter()
        call(*a)
        seconds.append(time.perf_counter() - start)
    return percentiles(seconds)


def jaccard(a: set, b: set) -> float:
    """Jaccard overlap of two tag sets (0 when both are empty)."""
    return len(a & b) / len(a | b) if a | b else 0.0


def quality(store_path: Path, k: int = 5) -> dict:
    """Mean tag Jaccard of top-k neighbours per ranking, and of random pairs."""
    searcher = Searcher.open(Store(store_path))
    tags = [set(t) for t in searcher.articles["tags"]]
    rows = [i for i, t in enumerate(tags) if t]
    index, lexical = searcher.index, searcher.lexical
    rankings = {
        "embeddings": lambda r: index.similar_to(r, k)[0],
        "tfidf": lambda r: top(np.where(np.arange(len(tags)) == r, 0, lexical.similar(r)), k),
        "hybrid": lambda r: hybrid_similar(lexical, index, r, k)[0],
    }
    result = {
        name: round(
            float(np.mean([np.mean([jaccard(tags[r], tags[n]) for n in rank(r)]) for r in rows])), 4
        )
        for name, rank in rankings.items()
    }
    rng = np.random.default_rng(0)
    pairs = rng.choice(rows, size=(5000, 2))
    result["random_pairs"] = round(
        float(np.mean([jaccard(tags[a], tags[b]) for a, b in pairs if a != b])), 4
    )
    result["articles"] = len(rows)
    return result


def real_corpus(store_path: Path, samples: int = 100) -> dict:
    """Latency of similar articles and search on a built store."""
    from dashboard.pipeline.embed import load_embedder

    store = Store(store_path)
    start = time.perf_counter()
    searcher = Searcher.open(store)
    opened = time.perf_counter() - start
    rng = np.random.default_rng(1)
    ids = searcher.articles["id"].to_numpy()[rng.choice(len(searcher.articles), samples)]
    embedder = load_embedder(store.manifest["embedder"]["name"], 2)
    start = time.perf_counter()
    vectors = embedder.embed_queries(QUERIES)
    embed_ms = (time.perf_counter() - start) * 1000 / len(QUERIES)
    queries = [(QUERIES[i % 4], vectors[i % 4], 10) for i in range(samples)]
    return {
        "articles": len(searcher.articles),
        "open_s": round(opened, 2),
        "similar_embeddings": timed(
            lambda i: searcher.similar(i, 10, hybrid=False), [(i,) for i in ids]
        ),
        "similar_hybrid": timed(lambda i: searcher.similar(i, 10), [(i,) for i in ids]),
        "search_hybrid": timed(searcher.search, queries),
        "query_embedding_ms": round(embed_ms, 1),
    }


def synthetic(path: Path, n: int, dim: int = 512, seed: int = 0) -> np.ndarray:
    """``n`` clustered unit vectors written to a float16 .npy file; returns it memory-mapped.

    Topics (2,000 random centres) hold stories (20 sub-centres each); an article is its
    story's centre plus noise, so neighbours are graded as in news, not all equidistant.
    """
    rng = np.random.default_rng(seed)
    topics = rng.normal(size=(2000, dim)).astype(np.float32)
    stories = topics.repeat(20, axis=0) + 0.8 * rng.normal(size=(40_000, dim)).astype(np.float32)
    out = np.lib.format.open_memmap(path, mode="w+", dtype=np.float16, shape=(n, dim))
    for first in range(0, n, 100_000):
        m = min(100_000, n - first)
        rows = stories[rng.integers(0, len(stories), m)]
        rows = rows + 0.9 * rng.normal(size=(m, dim)).astype(np.float32)
        out[first : first + m] = rows / np.linalg.norm(rows, axis=1, keepdims=True)
    out.flush()
    return np.load(path, mmap_mode="r")


def exact_truth(vectors: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    """Exact top-k rows per query (blocked over the rows)."""
    best = np.full((len(queries), k), -np.inf, dtype=np.float32)
    rows = np.zeros((len(queries), k), dtype=np.int64)
    for first in range(0, len(vectors), 131_072):
        block = np.asarray(vectors[first : first + 131_072], dtype=np.float32)
        scores = queries @ block.T
        both = np.concatenate([best, scores], axis=1)
        ids = np.concatenate(
            [rows, np.arange(first, first + len(block))[None].repeat(len(queries), axis=0)], axis=1
        )
        keep = np.argsort(-both, axis=1)[:, :k]
        best, rows = np.take_along_axis(both, keep, 1), np.take_along_axis(ids, keep, 1)
    return rows


def large(n: int, queries: int = 200) -> dict:
    """Build, size, recall and latency of the approximate index over ``n`` vectors."""
    import faiss

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        vectors = synthetic(Path(tmp) / "embeddings.npy", n)
        generated = time.perf_counter() - start
        rng = np.random.default_rng(2)
        picks = rng.choice(n, queries, replace=False)
        probe = np.asarray(vectors[picks], dtype=np.float32)
        probe += 0.02 * rng.normal(size=probe.shape).astype(np.float32)
        probe /= np.linalg.norm(probe, axis=1, keepdims=True)
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        ann = build_ann(vectors)
        built = time.perf_counter() - start
        faiss.write_index(ann, str(Path(tmp) / "vectors.faiss"))
        size_mb = (Path(tmp) / "vectors.faiss").stat().st_size / 2**20
        del ann
        index = open_index(Path(tmp), vectors) if n >= 200_000 else None
        if index is None:
            ann = faiss.read_index(str(Path(tmp) / "vectors.faiss"), faiss.IO_FLAG_MMAP)
            index = VectorIndex(vectors, ann)
        start = time.perf_counter()
        truth = exact_truth(vectors, probe, 10)
        exact_ms = (time.perf_counter() - start) * 1000 / queries
        sweep = {}
        for nprobe in (16, 32, 64, 96):
            index.nprobe = nprobe
            found, seconds = [], []
            for q in probe:
                t = time.perf_counter()
                found.append(index.search(q, 10)[0])
                seconds.append(time.perf_counter() - t)
            recall = np.mean([len(set(f) & set(t)) / 10 for f, t in zip(found, truth, strict=True)])
            sweep[nprobe] = {"recall_at_10": round(float(recall), 4), **percentiles(seconds)}
        return {
            "vectors": n,
            "dim": vectors.shape[1],
            "index": f"IVF{cells(n)},SQ8 (inner product), re-scored on float16 rows",
            "generate_s": round(generated, 1),
            "build_s": round(built, 1),
            "index_file_mb": round(size_mb, 1),
            "float16_vectors_mb": round(n * vectors.shape[1] * 2 / 2**20, 1),
            "build_peak_rss_growth_mb": round(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - rss0, 1
            ),
            "exact_ms_per_query_batched": round(exact_ms, 2),
            "by_nprobe": sweep,
        }


def main() -> None:
    """Run every part, print a table, write ``bench/results/similar.json``."""
    load = os.getloadavg()
    result: dict = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "loadavg_at_start": [round(x, 2) for x in load],
        }
    }
    print("quality (demo, tag Jaccard of top-5 neighbours) ...", flush=True)
    result["quality_demo"] = quality(DEMO)
    print(json.dumps(result["quality_demo"], ensure_ascii=False), flush=True)
    snn = snn_store()
    print(f"latency on {snn} ...", flush=True)
    result["saudinewsnet"] = real_corpus(snn)
    print(json.dumps(result["saudinewsnet"], ensure_ascii=False), flush=True)
    n = int(os.environ.get("MARSAD_BENCH_N", "1000000"))
    print(f"synthetic {n:,} vectors ...", flush=True)
    result["synthetic"] = large(n)
    print(json.dumps(result["synthetic"], indent=1), flush=True)
    result["machine"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "similar.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
