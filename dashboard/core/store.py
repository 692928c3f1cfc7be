"""The artifact store: one folder per corpus build, written beside the old one and swapped in.

Layout of a store folder::

    manifest.json       corpus, hash, config, versions, counts, stage timings, file checksums
    articles.parquet    the canonical article frame plus ``topic``; row i <-> embeddings row i
    embeddings.npy      float16, unit-length rows (memory-mapped when read)
    topics.parquet      one row per topic: label, keywords, weights, size, representative ids
    mentions.parquet    one row per (article, entity)
    rejected.parquet    input records not loaded, with file, row and reason
    duplicates.parquet  exact duplicates dropped, with the id they duplicate
    topic_model/        the fitted BERTopic model (no embedding model inside)
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

MANIFEST = "manifest.json"
FRAMES = ("articles", "topics", "mentions", "rejected", "duplicates")


class StoreError(RuntimeError):
    """A store folder is missing, incomplete or damaged."""


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_store(
    out: Path,
    frames: dict[str, pd.DataFrame],
    embeddings: np.ndarray,
    manifest: dict,
    topic_model: object | None = None,
) -> Path:
    """Write a complete store into a fresh folder beside ``out``, then swap it in.

    The previous store stays readable until the final rename, so a build that
    dies half-way leaves it intact.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}.building-{uuid.uuid4().hex[:8]}")
    staging.mkdir()
    try:
        for name in FRAMES:
            frames[name].to_parquet(staging / f"{name}.parquet", index=False)
        np.save(staging / "embeddings.npy", embeddings.astype(np.float16))
        if topic_model is not None:
            topic_model.save(
                str(staging / "topic_model"), serialization="pickle", save_embedding_model=False
            )
        files = sorted(p for p in staging.iterdir() if p.is_file())
        manifest = {**manifest, "files": {p.name: file_sha256(p) for p in files}}
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
        swap_in(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return out


def swap_in(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging`` with renames, removing the old folder last."""
    retired = out.with_name(f".{out.name}.retired-{uuid.uuid4().hex[:8]}")
    if out.exists():
        os.rename(out, retired)
    os.rename(staging, out)
    shutil.rmtree(retired, ignore_errors=True)


@dataclass(frozen=True)
class Store:
    """Read access to a built store folder; each artifact is loaded once, on first use."""

    path: Path

    @cached_property
    def manifest(self) -> dict:
        """The build manifest."""
        path = Path(self.path) / MANIFEST
        if not path.exists():
            raise StoreError(
                f"no built corpus at {self.path} (no {MANIFEST}). "
                "Build one with: python -m dashboard build --corpus PATH --out DIR"
            )
        return json.loads(path.read_text())

    def frame(self, name: str) -> pd.DataFrame:
        """One of the stored frames, by name (see ``FRAMES``)."""
        path = Path(self.path) / f"{name}.parquet"
        if name not in FRAMES or not path.exists():
            raise StoreError(f"{path} is missing: rebuild the corpus")
        return pd.read_parquet(path)

    @cached_property
    def articles(self) -> pd.DataFrame:
        """Articles with their topic, in embedding row order."""
        return self.frame("articles")

    @cached_property
    def embeddings(self) -> np.ndarray:
        """Unit-length float16 embeddings, memory-mapped."""
        vectors = np.load(Path(self.path) / "embeddings.npy", mmap_mode="r")
        if len(vectors) != len(self.articles):
            raise StoreError(
                f"{self.path}: {len(vectors)} embeddings for {len(self.articles)} articles; "
                "rebuild the corpus"
            )
        return vectors

    def verify(self) -> list[str]:
        """Names of the files whose checksum differs from the manifest's (empty when intact)."""
        root = Path(self.path)
        return [
            name
            for name, digest in self.manifest.get("files", {}).items()
            if not (root / name).exists() or file_sha256(root / name) != digest
        ]
