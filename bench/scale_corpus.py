"""A scale corpus of real-length articles, resampled from SaudiNewsNet, written as a serving store.

``python -m bench.scale_corpus --articles N --out DIR [--seed S] [--years Y] [--copies C]``

Each generated article takes an outlet of the source corpus (by its share of the
source's articles) and one of ``C`` copies of it (``"<outlet> 3"``: outlets
multiplied), the sentence count of a real article of that outlet, and that many
sentences drawn from all of that outlet's articles (so sentences are shuffled across
articles of the same outlet and the length distribution is the real one); its title
is a real title of the outlet and its date is spread uniformly over ``Y`` years. The
same seed gives the same corpus, chunk by chunk, whatever the machine.

The output is a store-shaped folder for the *serving* benchmarks: ``articles.parquet``
(the build's columns the pages read, with ``search_text`` normalised exactly as the
build does), ``topics.parquet``, empty ``mentions``, ``rejected`` and ``duplicates``
frames, and a manifest. It is streamed in row groups of ``chunk`` articles, so no
more than one chunk is ever held in memory. What a real build adds is skipped, and
says so in the manifest (``"scale_corpus"``): no embeddings (the server memory-maps
them, so they do not weigh on its resident memory after loading), no topic model
(each article gets a uniformly drawn topic id, so topic filters and splits cost what
they cost on a built store, but topics mean nothing), no entity extraction, no
cleaning or de-duplication (the source articles are clean text already).
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from bench import SAUDINEWSNET
from dashboard.text.arabic import normalize

SENTENCE_END = re.compile(r"(?<=[.!?؟\n])\s+")
TOPICS = 40
START = pd.Timestamp("2015-01-01")
SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("title", pa.string()),
        ("body", pa.large_string()),
        ("published_at", pa.timestamp("ns")),
        ("outlet", pa.string()),
        ("url", pa.string()),
        ("date_source", pa.string()),
        ("topic", pa.int64()),
        ("search_text", pa.large_string()),
    ]
)


@dataclass(frozen=True)
class Outlet:
    """What the generator draws from for one source outlet."""

    name: str
    sentences: list[str]
    lengths: np.ndarray  # sentences per real article
    titles: list[str]


def sentences(body: str) -> list[str]:
    """The sentences of a body (split after . ! ? ؟ or a line break)."""
    return [s for s in (p.strip() for p in SENTENCE_END.split(body)) if s]


def source_outlets(path: Path = SAUDINEWSNET) -> tuple[list[Outlet], np.ndarray]:
    """The source's outlets (sorted by name) and each one's share of its articles."""
    pools: dict[str, tuple[list[str], list[int], list[str]]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            parts = sentences(record.get("content") or "")
            if not parts:
                continue
            pool = pools.setdefault(str(record["source"]), ([], [], []))
            pool[0].extend(parts)
            pool[1].append(len(parts))
            pool[2].append(record.get("title") or parts[0][:80])
    outlets = [
        Outlet(name, pool[0], np.asarray(pool[1]), pool[2]) for name, pool in sorted(pools.items())
    ]
    sizes = np.asarray([len(o.lengths) for o in outlets], dtype=float)
    return outlets, sizes / sizes.sum()


def chunk_frame(
    outlets: list[Outlet],
    weights: np.ndarray,
    first: int,
    size: int,
    seed: int,
    years: int,
    copies: int,
) -> pd.DataFrame:
    """Articles ``first`` to ``first + size - 1`` of the corpus of ``seed`` (one chunk)."""
    rng = np.random.default_rng([seed, first])
    chosen = rng.choice(len(outlets), size=size, p=weights)
    copy = rng.integers(1, copies + 1, size=size)
    seconds = rng.integers(0, int(years * 365.25 * 86400), size=size)
    topics = rng.integers(-1, TOPICS, size=size)
    titles, bodies, names = [], [], []
    for source, number in zip(chosen, copy, strict=True):
        outlet = outlets[source]
        count = int(outlet.lengths[rng.integers(len(outlet.lengths))])
        picks = rng.integers(len(outlet.sentences), size=count)
        bodies.append("\n".join(outlet.sentences[i] for i in picks))
        titles.append(outlet.titles[rng.integers(len(outlet.titles))])
        names.append(f"{outlet.name} {number}" if copies > 1 else outlet.name)
    ids = [f"{seed:x}-{first + i:010d}" for i in range(size)]
    return pd.DataFrame(
        {
            "id": ids,
            "title": titles,
            "body": bodies,
            "published_at": START + pd.to_timedelta(seconds, unit="s"),
            "outlet": names,
            "url": [f"https://scale.invalid/{i}" for i in ids],
            "date_source": "field",
            "topic": topics,
            "search_text": [normalize(f"{t} {b}") for t, b in zip(titles, bodies, strict=True)],
        }
    )


def chunks(n: int, seed: int, years: int, copies: int, chunk: int) -> Iterator[pd.DataFrame]:
    """The corpus of ``n`` articles, ``chunk`` at a time."""
    outlets, weights = source_outlets()
    for first in range(0, n, chunk):
        yield chunk_frame(outlets, weights, first, min(chunk, n - first), seed, years, copies)


def default_copies(n: int) -> int:
    """Copies of each source outlet: one per 100,000 articles (14 outlets become 140 at 1M)."""
    return max(1, math.ceil(n / 100_000))


def real_chunks(chunk: int, path: Path = SAUDINEWSNET) -> Iterator[pd.DataFrame]:
    """The source's own articles with a body (the 31K reference point), ``chunk`` at a time,
    with the same columns as a scale chunk (topic ids drawn as there, seed 0)."""
    rng = np.random.default_rng(0)
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        records = (json.loads(line) for line in handle)
        kept = (r for r in records if (r.get("content") or "").strip())
        for first in range(0, 1 << 40, chunk):
            batch = [r for _, r in zip(range(chunk), kept, strict=False)]
            if not batch:
                return
            titles = [r.get("title") or "" for r in batch]
            bodies = [r["content"] for r in batch]
            ids = [f"real-{first + i:010d}" for i in range(len(batch))]
            yield pd.DataFrame(
                {
                    "id": ids,
                    "title": titles,
                    "body": bodies,
                    "published_at": pd.to_datetime([r["date_extracted"] for r in batch]),
                    "outlet": [str(r["source"]) for r in batch],
                    "url": [r["url"] for r in batch],
                    "date_source": "crawl date",
                    "topic": rng.integers(-1, TOPICS, size=len(batch)),
                    "search_text": [
                        normalize(f"{t} {b}") for t, b in zip(titles, bodies, strict=True)
                    ],
                }
            )


def write_frames(out: Path, frames: Iterator[pd.DataFrame], build_id: str, notes: dict) -> dict:
    """Stream ``frames`` into a serving store at ``out`` (see the module's docstring)."""
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    outlets: set[str] = set()
    count = 0
    with pq.ParquetWriter(out / "articles.parquet", SCHEMA) as writer:
        for frame in frames:
            writer.write_table(pa.Table.from_pandas(frame, schema=SCHEMA, preserve_index=False))
            outlets.update(frame["outlet"].unique())
            count += len(frame)
    labels = [f"topic {i}" for i in range(TOPICS)]
    pd.DataFrame({"topic": range(TOPICS), "label": labels}).to_parquet(out / "topics.parquet")
    empty = {
        "mentions": {"article_id": [], "entity": [], "type": [], "count": []},
        "rejected": {"file": [], "row": [], "reason": []},
        "duplicates": {"id": [], "duplicate_of": []},
    }
    for name, columns in empty.items():
        pd.DataFrame(columns).astype(str).to_parquet(out / f"{name}.parquet")
    notes = {
        **notes,
        "seconds": round(time.perf_counter() - started, 1),
        "skipped": ["embeddings", "topic model", "entities", "cleaning"],
    }
    manifest = {
        "build_id": build_id,
        "corpus": [str(SAUDINEWSNET)],
        "counts": {"articles": count, "outlets": len(outlets), "topics": TOPICS, "mentions": 0},
        "scale_corpus": notes,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return manifest


def write_scale_store(
    out: Path,
    n: int,
    seed: int = 0,
    years: int = 5,
    copies: int | None = None,
    chunk: int = 20_000,
) -> dict:
    """Write the scale corpus of ``n`` articles as a serving store at ``out``; its manifest."""
    copies = copies or default_copies(n)
    notes = {"seed": seed, "years": years, "outlet_copies": copies}
    frames = chunks(n, seed, years, copies, chunk)
    return write_frames(out, frames, f"scale-{n}-{seed}", notes)


def write_real_store(out: Path, chunk: int = 20_000) -> dict:
    """Write the source corpus itself (articles with a body) as a serving store at ``out``."""
    return write_frames(out, real_chunks(chunk), "scale-real", {"source": "as is"})


def main() -> None:
    """Write one scale store from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=0, help="0: the source itself")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--copies", type=int, default=None)
    args = parser.parse_args()
    if args.articles:
        manifest = write_scale_store(args.out, args.articles, args.seed, args.years, args.copies)
    else:
        manifest = write_real_store(args.out)
    print(json.dumps(manifest["scale_corpus"]))


if __name__ == "__main__":
    main()
