"""The character vectors' files: saved and loaded back, and the parts ``add`` writes read
back as the vectors written whole."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from test_charvec import TEXTS

from dashboard.storage.arrayparts import part_paths
from dashboard.storage.charparts import FILE, append_chars, load_chars, save_chars
from dashboard.text.charvec import CharVectors

ADDED = [
    ["الفائدة والتضخم في البنك", "حصيلة كورونا اليوم"],
    ["المنتخب والمباراة"],
    ["وزارة الصحة", "البنك المركزي", "كرة القدم"],
]


def test_saved_vectors_load_back_and_old_files_read_as_none(tmp_path: Path):
    vectors = CharVectors.fit(TEXTS, dimensions=4).extended(TEXTS[:1])
    save_chars(vectors, tmp_path)
    loaded = load_chars(tmp_path)
    assert loaded is not None and loaded.fitted == len(TEXTS)
    np.testing.assert_allclose(loaded.latent, vectors.latent, rtol=1e-3, atol=1e-4)
    np.testing.assert_allclose(loaded.latent_similar(3), vectors.latent_similar(3), atol=1e-3)
    with np.load(tmp_path / FILE) as saved:
        old = {k: saved[k] for k in ("indptr", "indices", "data", "idf")}
    np.savez(tmp_path / FILE, **old)
    assert load_chars(tmp_path) is None


def test_a_store_saved_before_the_basis_was_kept_derives_it_once_and_keeps_it(tmp_path: Path):
    vectors = CharVectors.fit(TEXTS, dimensions=4)
    added = [TEXTS[1], "الفائدة والتضخم في البنك"]
    save_chars(vectors, tmp_path)
    with np.load(tmp_path / FILE) as saved:
        older = {k: saved[k] for k in saved.files if k != "basis"}
    np.savez(tmp_path / FILE, **older)
    loaded = load_chars(tmp_path)
    assert loaded is not None and loaded.basis is None
    again = loaded.extended(added)
    np.testing.assert_allclose(again.latent[-2:], vectors.extended(added).latent[-2:], atol=1e-3)
    save_chars(again, tmp_path)
    assert load_chars(tmp_path).basis is not None


def added(tmp_path: Path) -> list[Path]:
    """A folder of fitted vectors, then one folder per add of ``ADDED``."""
    folders = [tmp_path / "v0"]
    folders[0].mkdir()
    save_chars(CharVectors.fit(TEXTS, dimensions=4), folders[0])
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
    whole = load_chars(folders[0])
    for texts in ADDED:  # the old way: loaded, extended and saved whole at each add
        (tmp_path / "whole").mkdir(exist_ok=True)
        save_chars(whole.extended(texts), tmp_path / "whole")
        whole = load_chars(tmp_path / "whole")
    found = load_chars(folders[-1])
    assert found.rows.shape[0] == len(TEXTS) + sum(map(len, ADDED))
    same(found, whole)
    names = [p.name for p in part_paths(folders[-1], FILE)]  # parts of 2, then 2 and 1, then 6
    assert names == [FILE, "charvec.1.npz"]
    assert (folders[-1] / FILE).stat().st_ino == (folders[0] / FILE).stat().st_ino


def test_a_store_without_a_kept_basis_is_extended_whole_once(tmp_path: Path):
    folder, target = tmp_path / "old", tmp_path / "new"
    folder.mkdir(), target.mkdir()
    vectors = CharVectors.fit(TEXTS, dimensions=4)
    save_chars(vectors, folder)
    with np.load(folder / FILE) as saved:
        older = {k: saved[k] for k in saved.files if k != "basis"}
    np.savez(folder / FILE, **older)
    append_chars(folder, target, ADDED[0])
    assert [p.name for p in part_paths(target, FILE)] == [FILE]
    found = load_chars(target)
    assert found.basis is not None and found.rows.shape[0] == len(TEXTS) + 2
    np.testing.assert_allclose(found.latent[-2:], vectors.extended(ADDED[0]).latent[-2:], atol=1e-2)
