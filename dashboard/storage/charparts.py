"""The character vectors that ``add`` extends: the stored files linked, the new rows one part.

``charvec.npz`` (the IDF, the SVD's basis and the first rows: :mod:`dashboard.text.charvec`)
is linked into the new version and the new articles' rows and latent rows are written as
``charvec.1.npz``, ``charvec.2.npz``, ..., joined with the last parts as
:mod:`dashboard.storage.arrayparts` joins parts; :meth:`CharVectors.load` reads them as
one, the rows that :meth:`CharVectors.extended` and ``save`` would have written whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy import sparse

from dashboard.storage.arrayparts import joined_parts, link_parts, part_file, value_bytes
from dashboard.text.charvec import (
    FILE,
    CharVectors,
    counts,
    fold_in,
    part_rows,
    row_arrays,
    saved_parts,
    weigh,
)


def append_chars(previous: Path, folder: Path, texts: Sequence[str]) -> Path | None:
    """Save into the store ``folder`` the character vectors of the store ``previous`` with
    rows for ``texts`` added, reading only the IDF and basis of its first file and the last
    parts it joins: the file written (None when ``previous`` has no vectors, so none are
    kept). A store without a kept basis is read and written whole (with the basis from then
    on)."""
    stored = saved_parts(previous)
    if not stored:
        return None
    with np.load(stored[0]) as saved:
        if "latent" not in saved:
            return None
        if "basis" not in saved:
            whole = CharVectors.load(previous)
            return None if whole is None else whole.extended(texts).save(folder)
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
