"""The artifact store: one folder per corpus build, written beside the old one and swapped in.

``DIR`` is a symbolic link to the current build in ``.DIR.versions/``; a build
writes a new version and moves the link in one atomic rename. A version that ``add``
writes hard-links the files it shares with the one before it, whose recorded checksums
it reuses (:func:`~dashboard.storage.parts.shared_checksums`). Layout of a build::

    manifest.json       corpus, hash, config, the learned entity models used, versions,
                        counts, stage timings, file checksums and stamps (what ``add``
                        checks without hashing)
    articles/           the canonical article frame plus ``topic``, a parted table
                        (``part-00000.parquet``, ...: :mod:`dashboard.storage.parts`; one
                        ``articles.parquet`` in older stores); row i <-> embeddings row i
    embeddings.npy      float16, unit-length rows (memory-mapped when read); ``add`` links
                        it and writes its rows as ``embeddings.1.npy``, ... (read as one:
                        :mod:`dashboard.storage.arrayparts`)
    topics.parquet      one row per topic: label, keywords, weights, size, representative ids
    mentions.parquet    one row per (article, entity), in article order; ``add`` makes it
                        ``mentions/``, keyed parts (the stored rows linked, the rows of new
                        and changed articles written with the tombstones of those they
                        replace: ``KEYED`` in :mod:`dashboard.storage.parts`), read as one
    rejected.parquet    input records not loaded, with file, row and reason
    duplicates.parquet  exact duplicates dropped, with the id they duplicate
    scans.parquet       each article's entity scan, which ``add`` merges new scans with
                        (absent from older stores and from builds with an NER model),
                        with scan_keys.parquet, scan_totals.parquet, the articles'
                        records scan_records.parquet / .bin, and a part of each
                        (scans.N.parquet ...) per ``add``
                        (see :mod:`dashboard.pipeline.entities.scan_store`)
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
from datetime import datetime
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
from pyarrow.lib import ArrowException

from dashboard.storage.arrayparts import PartedArray, load_rows
from dashboard.storage.parts import (
    KEYED,
    PART_ROWS,
    PARTED,
    Parted,
    in_order,
    read_replacing,
    shared_checksums,
    store_files,
    write_parted,
)
from dashboard.storage.textindex import TextIndex

MANIFEST = "manifest.json"
FRAMES = ("articles", "topics", "mentions", "rejected", "duplicates")
# Frames a store may lack: the entity scans (stores built before them, or by an NER model).
OPTIONAL_FRAMES = ("scans",)
# Every name a store folder holds (the manifest lists its files; the topic model is a folder).
LAYOUT = frozenset(
    [
        MANIFEST,
        "embeddings.npy",
        "topic_model",
        "vectors.faiss",
        "scan_keys.parquet",
        "scan_totals.parquet",
        "scan_records.parquet",
        "scan_records.bin",
        *(f"{n}.parquet" for n in FRAMES + OPTIONAL_FRAMES),
        *PARTED,
        *KEYED,
    ]
)
SYSTEM_ROOTS = (Path("/proc"), Path("/sys"), Path("/dev"))  # kernel views, never written to
REBUILD = "python -m dashboard build --corpus PATH --out DIR"


class StoreError(RuntimeError):
    """A store folder is missing, incomplete or damaged."""


class UnsafeTarget(OSError):
    """A store would be written where it could overwrite or remove what is not a store's."""


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def new_build_id(now: datetime) -> str:
    """A build id: the UTC time to the second, readable, plus a random part, so that two
    builds published within one second never share an id (ids key the dashboard's caches).

    >>> from datetime import UTC, datetime
    >>> new_build_id(datetime(2026, 11, 29, 18, 5, tzinfo=UTC))[:17]
    '20261129T180500Z-'
    """
    return f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"


def versions_dir(out: Path) -> Path:
    """The hidden folder beside ``out`` that holds its build versions."""
    return out.with_name(f".{out.name}.versions")


def _within(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or lies inside it."""
    return path == folder or folder in path.parents


def _links_to_version(out: Path) -> bool:
    """Whether ``out`` is a link into its own versions folder (a store, damaged or not)."""
    target = Path(os.path.normpath(out.parent / os.readlink(out)))
    return target.parent == versions_dir(out)


def _is_store_folder(folder: Path) -> bool:
    """Whether ``folder`` is a store written before stores were links: a manifest with a
    build id, and nothing but the store's own files beside it."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        names = {p.name for p in folder.iterdir()}
    except (OSError, ValueError):
        return False
    if not isinstance(manifest, dict) or "build_id" not in manifest:
        return False
    files = manifest.get("files")
    return names <= LAYOUT | (set(files) if isinstance(files, dict) else set())


def _refuse_target(out: Path, existing: bool) -> str:
    """Why a store may not be written at ``out`` (absolute, normalised); "" when it may."""
    if not out.name:
        return f"{out} is the root of the file system, not a store folder"
    for place in (out, Path(os.path.realpath(out))):
        if any(_within(place, root) for root in SYSTEM_ROOTS):
            return f"{out} is inside a system folder ({place.parts[1]})"
    if out.is_symlink():
        if _links_to_version(out):
            return ""
        return f"{out} is a link that is not a Marsad store; it stays as it is"
    if out.is_dir():
        if _is_store_folder(out) or (not existing and not any(out.iterdir())):
            return ""
        if existing:
            return f"{out} is not a Marsad store (no valid {MANIFEST})"
        shown = ", ".join(sorted(p.name for p in out.iterdir())[:3])
        return f"{out} is a folder that holds files of its own ({shown}) and is not a Marsad store"
    if out.exists():
        return f"{out} is an existing file, not a store folder"
    if existing:
        return f"no built corpus at {out}. Build one with: {REBUILD}"
    versions = versions_dir(out)
    if versions.is_symlink() or (versions.exists() and not versions.is_dir()):
        return f"{versions} is in the way: it is not a Marsad versions folder"
    above = next(p for p in out.parents if p.exists() or p.is_symlink())
    if not above.is_dir():
        return f"{above} is a file, so {out} cannot be a folder"
    if not os.access(above, os.W_OK | os.X_OK):
        return f"{above} is not writable"
    return ""


def check_target(out: Path, corpus: Sequence[str | Path] = (), existing: bool = False) -> Path:
    """``out`` (absolute) when a store may be written there, given the ``corpus`` read into it.

    A store is written only into a folder that is missing, empty, or already a Marsad
    store (its link into ``.NAME.versions``, or an older store folder holding nothing but
    a valid manifest and the store's files); with ``existing`` it must be a store. A
    corpus path equal to, inside or around ``out`` is refused (URLs are not checked).
    Nothing is created or changed here.

    Raises:
        UnsafeTarget: saying why, in one line.
    """
    out = Path(os.path.abspath(out))
    try:
        reason = _refuse_target(out, existing)
    except OSError as error:  # a folder that cannot be listed, say
        reason = f"{out} cannot be inspected ({error.strerror or error})"
    if reason:
        raise UnsafeTarget(f"refused: {reason}; nothing was changed")
    guarded = {out, Path(os.path.realpath(out)), versions_dir(out)}
    for path in corpus:
        if "://" in str(path):
            continue
        source = Path(os.path.realpath(path))
        for place in guarded:
            if _within(source, place) or _within(place, source):
                raise UnsafeTarget(
                    f"refused: the corpus {path} and the store {out} overlap (one is inside "
                    "the other); put the store elsewhere; nothing was changed"
                )
    return out


def write_store(
    out: Path,
    frames: dict[str, pd.DataFrame],
    embeddings: np.ndarray | None,
    manifest: dict,
    topic_model: object | None = None,
    extras: Callable[[Path], None] | None = None,
    part_rows: int = PART_ROWS,
) -> Path:
    """Write a complete store as a new version beside ``out``, then switch ``out`` to it.

    ``extras``, when given, writes further artifacts (an index, say) into the new
    version's folder before the checksums are taken (the articles are written as parts of
    ``part_rows`` rows), and any frame of ``FRAMES`` that
    ``frames`` leaves out (``add`` appends to the stored articles), and the embeddings
    when ``embeddings`` is None (``add`` appends a part: :mod:`dashboard.storage.arrayparts`).
    A file it links from the current version (same inode) keeps that version's recorded checksum.

    ``out`` is a symbolic link to the current version; the switch is one atomic
    rename of a new link over it, so a reader sees the old build or the new one,
    never a mix, and a build killed at any point leaves the old one served.
    Versions other than the new one are removed afterwards: call this with the
    build lock held (see :func:`build_lock`).
    """
    out = check_target(out)
    previous = out.resolve() if out.exists() else None
    versions = versions_dir(out)
    versions.mkdir(parents=True, exist_ok=True)
    staging = versions / f"{manifest.get('build_id', 'build')}-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    try:
        for name in [n for n in FRAMES + OPTIONAL_FRAMES if n in frames]:
            if name in PARTED:
                write_parted(frames[name], staging, name, part_rows)
            else:
                frames[name].to_parquet(staging / f"{name}.parquet", index=False)
        if embeddings is not None:
            np.save(staging / "embeddings.npy", embeddings.astype(np.float16))
        if topic_model is not None:
            topic_model.save(
                str(staging / "topic_model"), serialization="pickle", save_embedding_model=False
            )
        if extras is not None:
            extras(staging)
        missing = [n for n in FRAMES if not Parted(staging, n).present()]
        missing += [] if (staging / "embeddings.npy").is_file() else ["embeddings"]
        if missing:
            raise ValueError(f"no frame written for {', '.join(missing)}")
        files = checksums(staging, previous)
        manifest = {**manifest, "files": files, "stamps": stamps(staging, files)}
        (staging / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
        publish(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    prune(out)
    return out


def checksums(version: Path, previous: Path | None) -> dict[str, str]:
    """The checksum of every file of ``version`` by its name there, hashed, or taken from
    the manifest of ``previous`` for the files linked from it."""
    try:
        listed = json.loads((previous / MANIFEST).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, TypeError, KeyError):
        listed = {}
    shared = shared_checksums(previous, listed if isinstance(listed, dict) else {})
    found = {}
    for path in store_files(version):
        stat = path.stat()
        digest = shared.get((stat.st_dev, stat.st_ino)) or file_sha256(path)
        found[path.relative_to(version).as_posix()] = digest
    return found


def file_stamp(path: Path) -> list[int]:
    """What says a file is the one whose bytes were hashed: its inode, size and
    modification time (nanoseconds); writing to the file changes them, linking it does not."""
    stat = path.stat()
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns]


def stamps(version: Path, files: dict[str, str]) -> dict[str, list[int]]:
    """The stamp (:func:`file_stamp`) of each of ``files`` (names in ``version``), taken as
    their checksums are recorded."""
    return {name: file_stamp(version / name) for name in files}


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


OUT_OF_CORE = ("body", "search_text", "boilerplate")  # the long text columns


@dataclass(frozen=True)
class Store:
    """Read access to a built store folder; each artifact is loaded once, on first use.

    With ``texts`` false the articles frame leaves out the long text columns
    (``OUT_OF_CORE``): a server whose engine reads them by row (only for the articles
    shown) and answers keywords from its on-disk index never holds them all. With
    ``columns_read``, it holds those columns alone (``add`` reads the ids, outlets and
    topics).
    """

    path: Path
    texts: bool = True
    columns_read: tuple[str, ...] | None = None

    def rebuild_command(self) -> str:
        """The command that rebuilds this store from its corpus (as its manifest names it)."""
        try:
            corpus = json.loads((Path(self.path) / MANIFEST).read_text(encoding="utf-8"))["corpus"]
            paths = " ".join(map(str, corpus)) if isinstance(corpus, list) and corpus else "PATH"
        except (OSError, ValueError, TypeError, KeyError):
            paths = "PATH"
        return f"python -m dashboard build --corpus {paths} --out {self.path}"

    def damaged(self, name: str, reason: str) -> StoreError:
        """The error for a damaged store file: which file, why, and the rebuild command."""
        return StoreError(
            f"{Path(self.path) / name} is damaged ({reason}); rebuild the corpus with: "
            f"{self.rebuild_command()}"
        )

    @cached_property
    def manifest(self) -> dict:
        """The build manifest.

        Raises:
            StoreError: when it is missing, or not a JSON object with a build id.
        """
        path = Path(self.path) / MANIFEST
        if not path.exists():
            raise StoreError(
                f"no built corpus at {self.path} (no {MANIFEST}). Build one with: "
                f"python -m dashboard build --corpus PATH --out {self.path}"
            )
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise self.damaged(MANIFEST, f"not readable JSON: {error}") from None
        if not isinstance(manifest, dict) or "build_id" not in manifest:
            raise self.damaged(MANIFEST, "not a build manifest")
        return manifest

    def frame(
        self, name: str, columns: list[str] | None = None, whole: bool = False
    ) -> pd.DataFrame:
        """One of the stored frames, by name (see ``FRAMES`` and ``OPTIONAL_FRAMES``): every
        column or ``columns``; with ``whole``, each column in one piece rather than one per
        row group (taking rows from a column in pieces joins every piece first: 38 ms to
        take 10 of 1,000,000 articles in 50 row groups, 0.3 ms from whole columns; text
        columns past 2 GB cannot be joined, so only frames without the long texts are).

        Raises:
            StoreError: naming the file when it is missing or cannot be read.
        """
        table = Parted(Path(self.path), name)
        if name not in FRAMES + OPTIONAL_FRAMES or not table.present():
            path = Path(self.path) / f"{name}.parquet"
            raise StoreError(
                f"{path} is missing; rebuild the corpus with: {self.rebuild_command()}"
            )
        try:
            if name in KEYED and table.root.is_dir():  # written by `add`
                return self._keyed(name, columns)
            if whole:
                return table.table(columns).combine_chunks().to_pandas()
            return table.read(columns)
        except (OSError, ValueError, ArrowException) as error:
            reason = f"not a readable Parquet table: {error}"
            raise self.damaged(self.file_of(name), reason) from None

    def _keyed(self, name: str, columns: list[str] | None) -> pd.DataFrame:
        """A table that ``add`` appends to with replacements, as one frame: the rows its
        tombstones leave, in the articles' order (see :mod:`dashboard.storage.parts`)."""
        key = KEYED[name]
        frame = read_replacing(Path(self.path), name, key, columns=columns, ordered=False)
        frame = in_order(frame, key, self.ids)
        return frame if columns is None else frame[list(columns)]

    def file_of(self, name: str) -> str:
        """The file of frame ``name`` to name in a message: its first part that cannot be
        read (its folder when every part can be), or its single file."""
        table = Parted(Path(self.path), name)
        for path in table.paths():
            try:
                pq.read_metadata(path)
            except (OSError, ArrowException):
                return path.relative_to(self.path).as_posix()
        return table.root.name if table.root.is_dir() else f"{name}.parquet"

    @cached_property
    def articles(self) -> pd.DataFrame:
        """Articles with their topic, in embedding row order (without the long text
        columns unless ``texts``; ``columns_read`` alone when given)."""
        if self.columns_read is not None:
            return self.frame("articles", list(self.columns_read), whole=True)
        if self.texts or not Parted(Path(self.path), "articles").present():
            return self.frame("articles")
        return self.frame("articles", [c for c in self.columns if c not in OUT_OF_CORE], whole=True)

    @cached_property
    def columns(self) -> list[str]:
        """Every column of the stored articles (held in memory or not)."""
        try:
            return Parted(Path(self.path), "articles").schema().names
        except (OSError, IndexError, ArrowException) as error:
            raise self.damaged(
                self.file_of("articles"), f"not a readable Parquet table: {error}"
            ) from None

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
    def embeddings(self) -> np.ndarray | PartedArray:
        """Unit-length float16 embeddings, memory-mapped: ``embeddings.npy``, or it and the
        parts ``add`` appended as one :class:`~dashboard.storage.arrayparts.PartedArray`."""
        try:
            vectors = load_rows(Path(self.path))
        except FileNotFoundError as error:
            raise self.damaged("embeddings.npy", f"not a readable array: {error}") from None
        except ValueError as error:
            name, _, reason = str(error).partition(": ")
            raise self.damaged(name, reason) from None
        if len(vectors) != len(self.articles):
            raise StoreError(
                f"{self.path}: {len(vectors)} embeddings for {len(self.articles)} articles; "
                "rebuild the corpus"
            )
        return vectors

    def verify_error(self, stamped: bool = False) -> StoreError | None:
        """The error naming the first file that is missing or no longer matches its checksum
        (None when every file matches); see :meth:`verify` for ``stamped``."""
        damaged = self.verify(stamped)
        if not damaged:
            return None
        missing = not (Path(self.path) / damaged[0]).is_file()
        reason = "missing" if missing else "it no longer matches its checksum in the manifest"
        return self.damaged(damaged[0], reason)

    def verify(self, stamped: bool = False) -> list[str]:
        """Names of the files whose checksum differs from the manifest's (empty when intact).

        With ``stamped``, a file whose inode, size and modification time are still those the
        manifest recorded when its checksum was (``stamps``: the same file, not written to
        since its bytes were hashed) keeps its checksum unhashed; every other file (one
        written to, replaced or copied, or of a store without stamps) is hashed. What
        changes bytes without touching them (a failing disk, a forged time) is found by
        the plain check alone.
        """
        root = Path(self.path)
        files = self.manifest.get("files", {})
        recorded = self.manifest.get("stamps") if stamped else None
        if not isinstance(files, dict):
            raise self.damaged(MANIFEST, "its file list is not a mapping")
        if not isinstance(recorded, dict):
            recorded = {}

        def intact(name: str, digest: str) -> bool:
            path = root / name
            if not path.is_file():
                return False
            return recorded.get(name) == file_stamp(path) or file_sha256(path) == digest

        return [name for name, digest in files.items() if not intact(name, digest)]
