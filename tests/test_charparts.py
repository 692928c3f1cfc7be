"""The character vectors ``add`` extends by parts read back as those written whole."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from test_charvec import TEXTS

from dashboard.storage.charparts import append_chars
from dashboard.text.charvec import FILE, CharVectors, saved_parts

ADDED = [
    ["الفائدة والتضخم في البنك", "حصيلة كورونا اليوم"],
    ["المنتخب والمباراة"],
    ["وزارة الصحة", "البنك المركزي", "كرة القدم"],
]


def added(tmp_path: Path) -> list[Path]:
    """A folder of fitted vectors, then one folder per add of ``ADDED``."""
    folders = [tmp_path / "v0"]
    folders[0].mkdir()
    CharVectors.fit(TEXTS, dimensions=4).save(folders[0])
    for number, texts in enumerate(ADDED, start=1):
        folders.append(tmp_path / f"v{number}")
        folders[-1].mkdir()
        assert append_chars(folders[-2], folders[-1], texts) is not None
    return folders


def same(found: CharVectors, expected: CharVectors) -> None:
    for name in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(found.rows, name), getattr(expected.rows, name)), name
    assert np.array_equal(found.latent, expected.latent)
    assert np.array_equal(found.idf, expected.idf) and found.fitted == expected.fitted


def test_parts_read_back_as_the_vectors_extended_and_saved_whole(tmp_path: Path):
    folders = added(tmp_path)
    whole = CharVectors.load(folders[0])
    for texts in ADDED:  # the old way: loaded, extended and saved whole at each add
        (tmp_path / "whole").mkdir(exist_ok=True)
        whole.extended(texts).save(tmp_path / "whole")
        whole = CharVectors.load(tmp_path / "whole")
    found = CharVectors.load(folders[-1])
    assert found.rows.shape[0] == len(TEXTS) + sum(map(len, ADDED))
    same(found, whole)
    names = [p.name for p in saved_parts(folders[-1])]  # parts of 2, then 2 and 1, then 6
    assert names == [FILE, "charvec.1.npz"]
    assert (folders[-1] / FILE).stat().st_ino == (folders[0] / FILE).stat().st_ino


def test_a_store_without_a_kept_basis_is_extended_whole_once(tmp_path: Path):
    folder, target = tmp_path / "old", tmp_path / "new"
    folder.mkdir(), target.mkdir()
    vectors = CharVectors.fit(TEXTS, dimensions=4)
    vectors.save(folder)
    with np.load(folder / FILE) as saved:
        older = {k: saved[k] for k in saved.files if k != "basis"}
    np.savez(folder / FILE, **older)
    append_chars(folder, target, ADDED[0])
    assert [p.name for p in saved_parts(target)] == [FILE]
    found = CharVectors.load(target)
    assert found.basis is not None and found.rows.shape[0] == len(TEXTS) + 2
    np.testing.assert_allclose(found.latent[-2:], vectors.extended(ADDED[0]).latent[-2:], atol=1e-2)
