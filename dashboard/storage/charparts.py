"""The character vectors' files: ``charvec.npz`` written whole, the parts ``add`` writes, all
read back as one.

A build writes ``charvec.npz``: the IDF, the SVD's singular values and basis, and the rows and
latent rows of :class:`~dashboard.text.charvec.CharVectors` (float16 on disk). ``add`` links
it (and the parts before) into the new version and writes the new articles' rows and latent
rows as ``charvec.1.npz``, ``charvec.2.npz``, ..., joined with the last parts as
:mod:`dashboard.storage.arrayparts` joins parts; :func:`load_chars` reads them as one, the
rows that :meth:`CharVectors.extended` and :func:`save_chars` would have written whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy import sparse

from dashboard.storage.arrayparts import (
    joined_parts,
    link_parts,
    part_file,
    part_paths,
    value_bytes,
)
from dashboard.text.charvec import BUCKETS, CharVectors, counts, fold_in, weigh

FILE = "charvec.npz"


def save_chars(vectors: CharVectors, folder: Path) -> Path:
    """Write the rows, IDF, latent rows and basis into a store folder; the file written."""
    target = Path(folder) / FILE
    with target.open("wb") as handle:
        np.savez(
            handle,
            **row_arrays(vectors.rows, vectors.latent),
            idf=vectors.idf,
            singular=vectors.singular,
            fitted=np.int64(vectors.fitted),
            **({} if vectors.basis is None else {"basis": vectors.basis}),
        )
    return target


def load_chars(folder: Path) -> CharVectors | None:
    """The vectors saved in a store folder (its parts as one), or ``None`` when it has none
    (or was written before latent rows were)."""
    paths = part_paths(folder, FILE)
    if not paths:
        return None
    with np.load(paths[0]) as saved:
        if "latent" not in saved:
            return None
        basis = saved.get("basis")
        idf, singular, fitted = saved["idf"], saved["singular"], int(saved["fitted"])
        rows, latent = saved_rows(saved)
    if len(paths) > 1:
        parts = [(rows, latent)] + [part_rows(path) for path in paths[1:]]
        rows = sparse.vstack([r for r, _ in parts]).tocsr()
        latent = np.concatenate([np.asarray(x) for _, x in parts])
    return CharVectors(rows, idf, latent, singular, fitted, basis)


def append_chars(previous: Path, folder: Path, texts: Sequence[str]) -> Path | None:
    """Save into the store ``folder`` the character vectors of the store ``previous`` with
    rows for ``texts`` added, reading only the IDF and basis of its first file and the last
    parts it joins: the file written (None when ``previous`` has no vectors, so none are
    kept). A store without a kept basis is read and written whole (with the basis from then
    on)."""
    stored = part_paths(previous, FILE)
    if not stored:
        return None
    with np.load(stored[0]) as saved:
        if "latent" not in saved:
            return None
        if "basis" not in saved:
            whole = load_chars(previous)
            return None if whole is None else save_chars(whole.extended(texts), folder)
        idf, basis = saved["idf"], saved["basis"]
    new = weigh(counts(texts), idf)
    into = fold_in(new, basis)
    added = sum(array.nbytes for array in row_arrays(new, into).values())
    kept = len(stored) - joined_parts([value_bytes(path) for path in stored[1:]], added)
    link_parts(stored[:kept], folder, FILE)
    parts = [part_rows(path) for path in stored[kept:]] + [(new, into)]
    rows = sparse.vstack([r for r, _ in parts]).tocsr()
    latent = np.concatenate([np.asarray(x, dtype=np.float32) for _, x in parts])
    target = Path(folder) / part_file(FILE, kept)
    with target.open("wb") as handle:
        np.savez(handle, **row_arrays(rows, latent))
    return target


def row_arrays(rows: sparse.csr_matrix, latent: np.ndarray) -> dict[str, np.ndarray]:
    """The arrays that store ``rows`` and their ``latent`` rows (as a saved file keeps them)."""
    return {
        "indptr": rows.indptr.astype(np.int64),
        "indices": rows.indices.astype(np.int32),
        "data": rows.data.astype(np.float16),
        "latent": np.asarray(latent).astype(np.float16),
    }


def saved_rows(saved: np.lib.npyio.NpzFile) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The rows and latent rows that a saved file or part holds."""
    rows = sparse.csr_matrix(
        (saved["data"].astype(np.float32), saved["indices"], saved["indptr"]),
        shape=(len(saved["indptr"]) - 1, BUCKETS),
    )
    return rows, saved["latent"]


def part_rows(path: Path) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The rows and latent rows of the saved file or part at ``path``."""
    with np.load(path) as saved:
        return saved_rows(saved)
