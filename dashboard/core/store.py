"""The artifact store: one folder per corpus build, written beside the old one and swapped in.

``DIR`` is a symbolic link to the current build in ``.DIR.versions/``; a build
writes a new version and moves the link in one atomic rename. Layout of a build::

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

import fcntl
import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.core.textindex import TextIndex

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


def versions_dir(out: Path) -> Path:
    """The hidden folder beside ``out`` that holds its build versions."""
    return out.with_name(f".{out.name}.versions")


def write_store(
    out: Path,
    frames: dict[str, pd.DataFrame],
    embeddings: np.ndarray,
    manifest: dict,
    topic_model: object | None = None,
    extras: Callable[[Path], None] | None = None,
) -> Path:
    """Write a complete store as a new version beside ``out``, then switch ``out`` to it.

    ``extras``, when given, writes further artifacts (an index, say) into the new
    version's folder before the checksums are taken.

    ``out`` is a symbolic link to the current version; the switch is one atomic
    rename of a new link over it, so a reader sees the old build or the new one,
    never a mix, and a build killed at any point leaves the old one served.
    Versions other than the new one are removed afterwards: call this with the
    build lock held (see :func:`build_lock`).
    """
    out = Path(out)
    versions = versions_dir(out)
    versions.mkdir(parents=True, exist_ok=True)
    staging = versions / f"{manifest.get('build_id', 'build')}-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    try:
        for name in FRAMES:
            frames[name].to_parquet(staging / f"{name}.parquet", index=False)
        np.save(staging / "embeddings.npy", embeddings.astype(np.float16))
        if topic_model is not None:
            topic_model.save(
                str(staging / "topic_model"), serialization="pickle", save_embedding_model=False
            )
        if extras is not None:
            extras(staging)
        files = sorted(p for p in staging.iterdir() if p.is_file())
        manifest = {**manifest, "files": {p.name: file_sha256(p) for p in files}}
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
        publish(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    prune(out)
    return out


def publish(version: Path, out: Path) -> None:
    """Point the link ``out`` at ``version`` with one atomic rename."""
    if out.exists() and not out.is_symlink():
        # A store folder written before stores were links: keep it as a version.
        os.rename(out, versions_dir(out) / f"earlier-{uuid.uuid4().hex[:8]}")
    link = out.with_name(f".{out.name}.link-{uuid.uuid4().hex[:8]}")
    os.symlink(os.path.relpath(version, out.parent), link)
    os.replace(link, out)


def prune(out: Path) -> None:
    """Remove every version of ``out`` but the current one, and stray links from killed builds."""
    current = out.resolve() if out.is_symlink() else None
    for version in versions_dir(out).iterdir():
        if version.resolve() != current:
            shutil.rmtree(version, ignore_errors=True)
    for link in out.parent.glob(f".{out.name}.link-*"):
        link.unlink(missing_ok=True)


class BuildBusy(RuntimeError):
    """Another build of the same store is running."""


@contextmanager
def build_lock(out: Path, wait: bool = False) -> Iterator[None]:
    """Hold the build lock of ``out`` for the duration of a build.

    The lock is an ``flock`` on a file beside ``out``: the kernel releases it
    when the holder exits, even by SIGKILL, so a killed build never blocks the
    next one.

    Raises:
        BuildBusy: when another process holds the lock and ``wait`` is false.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    path = out.with_name(f".{out.name}.lock")
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise BuildBusy(
                f"another build of {out} is running ({holder}); wait for it to finish, "
                "pass --wait to queue behind it, or build to another --out"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}")
        handle.flush()
        yield
    finally:
        handle.close()


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
    def mentions(self) -> pd.DataFrame:
        """Entity mentions, one row per (article, entity)."""
        return self.frame("mentions")

    @cached_property
    def ids(self) -> pd.Index:
        """The articles' ids, in row order, for lookups by id."""
        return pd.Index(self.articles["id"])

    def articles_by_id(self, ids: Sequence[str]) -> pd.DataFrame:
        """The articles with these ids, in that order (unknown ids are left out)."""
        rows = self.ids.get_indexer(list(ids))
        return self.articles.iloc[rows[rows >= 0]]

    @cached_property
    def text_index(self) -> TextIndex:
        """Substring search over the articles' normalised text, for keyword filters."""
        return TextIndex(self.articles["search_text"])

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
