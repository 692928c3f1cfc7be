"""Embeddings for the scale stores, and the similar page's query path timed over them.

A scale store (:mod:`bench.scale_corpus`) has no embeddings. :func:`write_vectors` gives it
N of them, each a noisy copy of one row of a real store's embeddings (the SaudiNewsNet
build: ``MARSAD_BENCH_STORE``): that row plus Gaussian noise of ``NOISE`` per dimension,
made unit length again and stored as a build stores them (float16 ``embeddings.npy``,
memory-mapped when read), ``BLOCK`` rows at a time so memory holds one block. With noise
0.033 a copy keeps a cosine of about 0.8 with its source, and copies of the same source
about 0.64 with each other, near the median cosine of a real article with its nearest
neighbour in that store (0.70; its tenth nearest, 0.57). Deterministic by seed, block by
block. A folder without ``articles.parquet`` gets the fewest columns the similar page
reads (id, title, outlet, date): each row's title and outlet are its source article's
(the outlet copied once per 100,000 rows as the scale corpus copies them), its date
spread over five years. The approximate index is then built by the build's own function
(:func:`dashboard.storage.index.write_index`).

:func:`similar_figures` opens the store as the similar page does (the frame without long
texts, the embeddings memory-mapped, the saved index memory-mapped, the saved lexical
index when the store has one) and times ``Searcher.similar`` over seeded articles.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bench import snn_store
from bench.scale_corpus import START, default_copies
from dashboard.storage.arrayparts import load_rows
from dashboard.storage.parts import Parted

NOISE = 0.033
BLOCK = 65_536
NEIGHBOURS = 10  # the similar page's default


def sources(n: int, seed: int, width: int) -> list[tuple[int, np.random.Generator, np.ndarray]]:
    """Per block of ``n`` rows: its first row, its generator, and its rows' source rows."""
    found = []
    for first in range(0, n, BLOCK):
        rng = np.random.default_rng([seed, first])
        found.append((first, rng, rng.integers(0, width, size=min(BLOCK, n - first))))
    return found


def write_vectors(folder: Path, n: int, seed: int = 0, source: Path | None = None) -> dict:
    """Write ``n`` noisy resampled embeddings into ``folder`` (and the fewest article columns
    when it has no ``articles.parquet``); wall and CPU seconds."""
    folder, source = Path(folder), Path(source or snn_store())
    folder.mkdir(parents=True, exist_ok=True)
    real = np.asarray(load_rows(source), dtype=np.float32)  # every part of a store added to
    start, used = time.perf_counter(), time.process_time()
    target = np.lib.format.open_memmap(
        folder / "embeddings.npy", mode="w+", dtype=np.float16, shape=(n, real.shape[1])
    )
    blocks = sources(n, seed, len(real))
    for first, rng, rows in blocks:
        noisy = real[rows] + rng.standard_normal((len(rows), real.shape[1]), np.float32) * NOISE
        noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
        target[first : first + len(rows)] = noisy.astype(np.float16)
    target.flush()
    del target
    if not Parted(folder, "articles").present():
        write_frame(folder, n, seed, source, np.concatenate([rows for _, _, rows in blocks]))
    return {
        "rows": n,
        "wall_s": round(time.perf_counter() - start),
        "cpu_s": round(time.process_time() - used),
    }


def write_frame(folder: Path, n: int, seed: int, source: Path, rows: np.ndarray) -> None:
    """The fewest columns the similar page reads, for ``n`` rows copied from ``rows``."""
    real = Parted(source, "articles").read(["title", "outlet"])  # parted or one older file
    rng = np.random.default_rng([seed, n])
    copy = rng.integers(1, default_copies(n) + 1, size=n).astype(str)
    seconds = rng.integers(0, int(5 * 365.25 * 86400), size=n)
    outlets = real["outlet"].to_numpy(dtype=str)[rows]
    pd.DataFrame(
        {
            "id": [f"v{seed:x}-{i:010d}" for i in range(n)],
            "title": real["title"].to_numpy()[rows],
            "outlet": np.char.add(np.char.add(outlets, " "), copy),
            "published_at": START + pd.to_timedelta(seconds, unit="s"),
        }
    ).to_parquet(folder / "articles.parquet", row_group_size=20_000)


class FileRows:
    """The rows of a saved ``.npy`` matrix, read from the file when asked (a slice, or sorted
    row numbers), so that building an index maps none of the file: memory-mapped, 5 million
    rows took 5 GB of the 10 GB of address space a process is allowed here."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        mapped = np.load(self.path, mmap_mode="r")  # its header only: unmapped below
        self.shape, self.dtype, self.offset = mapped.shape, mapped.dtype, mapped.offset
        del mapped
        self.width = self.shape[1] * self.dtype.itemsize

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, key: slice | np.ndarray) -> np.ndarray:
        if isinstance(key, slice):
            start, stop, _ = key.indices(len(self))
            count = max(stop - start, 0) * self.shape[1]
            found = np.fromfile(
                self.path, self.dtype, count, offset=self.offset + start * self.width
            )
            return found.reshape(-1, self.shape[1])
        out = np.empty((len(key), self.shape[1]), dtype=self.dtype)
        with self.path.open("rb") as handle:
            for place, row in enumerate(np.asarray(key).tolist()):
                handle.seek(self.offset + row * self.width)
                out[place] = np.frombuffer(handle.read(self.width), dtype=self.dtype)
        return out


def index_figures(folder: Path) -> dict:
    """Build and save ``folder``'s approximate index with the build's function (its rows
    read from the file by block): wall and CPU seconds, the process's peak memory, the
    file's size (run it in a fresh process)."""
    from dashboard.storage.index import INDEX_FILE, cells, write_index

    vectors = FileRows(Path(folder) / "embeddings.npy")
    start, used = time.perf_counter(), time.process_time()
    written = write_index(folder, vectors)
    return {
        "rows": len(vectors),
        "cells": cells(len(vectors)),
        "index": written is not None,
        "wall_s": round(time.perf_counter() - start),
        "cpu_s": round(time.process_time() - used),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "index_mb": round((Path(folder) / INDEX_FILE).stat().st_size / 2**20) if written else 0,
    }


def allowed_masks(articles: pd.DataFrame) -> dict[str, np.ndarray]:
    """The filter states timed: every article, the middle third of the span, two outlets."""
    dates = articles["published_at"]
    first, last = dates.min(), dates.max()
    low, high = first + (last - first) / 3, first + 2 * (last - first) / 3
    two = articles["outlet"].value_counts().index[:2]
    return {
        "all": np.ones(len(articles), dtype=bool),
        "third_of_span": ((dates >= low) & (dates < high)).to_numpy(),
        "two_outlets": articles["outlet"].isin(two).to_numpy(),
    }


def similar_figures(folder: Path, queries: int = 200, seed: int = 7) -> dict:
    """Open ``folder`` as the similar page does and time ``Searcher.similar`` for
    ``queries`` seeded articles per filter state (wall and CPU ms, p50/p95), meaning alone
    and, when the store has a lexical index, meaning and words (the page's default); the
    process's memory after loading and its peak (run it in a fresh process)."""
    from dashboard.analysis.search import Searcher
    from dashboard.storage.charparts import load_chars
    from dashboard.storage.index import open_index
    from dashboard.storage.lexical import Lexical
    from dashboard.storage.store import Store

    start = time.perf_counter()
    store = Store(Path(folder), texts=False)
    articles = store.articles
    index = open_index(store.path, store.embeddings)
    lexical = Lexical.load(store.path) if Lexical.present(store.path) else None
    searcher = Searcher(articles, index, lexical, load_chars(store.path))
    loaded = {
        "rows": len(articles),
        "approximate": index.ann is not None,
        "lexical": lexical is not None,
        "load_s": round(time.perf_counter() - start, 1),
        "rss_mb": round(rss_mb()),
    }
    modes = {"meaning": False, **({"meaning_and_words": True} if lexical is not None else {})}
    rng = np.random.default_rng(seed)
    ids = articles["id"].to_numpy()
    timings = {}
    for state, allowed in allowed_masks(articles).items():
        picked = rng.choice(np.flatnonzero(allowed), queries, replace=False)
        for mode, hybrid in modes.items():
            wall, cpu = [], []
            for row in picked:
                began, spent = time.perf_counter(), time.process_time()
                found = searcher.similar(ids[row], NEIGHBOURS, allowed, hybrid=hybrid)
                wall.append((time.perf_counter() - began) * 1000)
                cpu.append((time.process_time() - spent) * 1000)
                assert len(found) and allowed[articles.index.get_indexer(found.index)].all()
            timings[f"{mode} / {state}"] = {
                "allowed": int(allowed.sum()),
                "p50_ms": round(float(np.percentile(wall, 50)), 1),
                "p95_ms": round(float(np.percentile(wall, 95)), 1),
                "cpu_p50_ms": round(float(np.percentile(cpu, 50)), 1),
                "cpu_p95_ms": round(float(np.percentile(cpu, 95)), 1),
            }
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {**loaded, "peak_rss_mb": round(peak), "queries": queries, "timings": timings}


def rss_mb() -> float:
    """Resident memory of this process, in MiB."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def run(folder: Path, n: int) -> dict:
    """The similar-article figures of the store at ``folder`` with ``n`` embeddings: its
    embeddings and index written when missing, each step in a fresh process; printed and
    returned by step."""
    from dashboard.storage.index import EXACT_BELOW, INDEX_FILE

    folder = Path(folder)
    steps = {
        "vectors": not (folder / "embeddings.npy").exists(),
        "ann": n >= EXACT_BELOW and not (folder / INDEX_FILE).exists(),
        "similar": True,
    }
    found = {}
    for step in (name for name, wanted in steps.items() if wanted):
        command = [sys.executable, "-m", "bench.scale_vectors", step, str(folder), str(n)]
        done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True)
        found[step] = json.loads(done.stdout.splitlines()[-1])
        print(step, json.dumps(found[step], ensure_ascii=False), flush=True)
    return found


if __name__ == "__main__":
    step, where, rows = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    chosen = {
        "vectors": lambda: write_vectors(where, rows),
        "ann": lambda: index_figures(where),
        "similar": lambda: similar_figures(where),
    }
    print(json.dumps(chosen[step](), ensure_ascii=False))
