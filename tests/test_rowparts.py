"""Row arrays kept as numbered parts: appended by linking, read as the one array."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dashboard.storage.rowparts import PartedRows, append_rows, load_rows, part_paths


def rows(n: int, seed: int, width: int = 8) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, width)).astype(np.float16)


def appended(tmp_path: Path, sizes: list[int], limit: int = 100) -> tuple[Path, np.ndarray]:
    """A folder whose rows were saved as ``sizes[0]`` rows and appended ``sizes[1:]`` at a
    time, each append in a new folder; that folder and the rows written whole."""
    whole = rows(sizes[0], 0)
    folder = tmp_path / "v0"
    folder.mkdir(parents=True)
    np.save(folder / "embeddings.npy", whole)
    for number, size in enumerate(sizes[1:], start=1):
        new, target = rows(size, number), tmp_path / f"v{number}"
        target.mkdir()
        append_rows(folder, target, new.astype(np.float32), limit=limit)
        folder, whole = target, np.vstack([whole, new])
    return folder, whole


def test_parts_read_as_the_rows_written_whole(tmp_path: Path):
    folder, whole = appended(tmp_path, [50, 7, 3, 9, 1])
    vectors = load_rows(folder)
    assert isinstance(vectors, PartedRows) and vectors.shape == whole.shape
    assert np.array_equal(np.asarray(vectors), whole)
    assert np.array_equal(np.asarray(vectors, dtype=np.float32), whole.astype(np.float32))
    for key in (0, 49, 50, 56, 57, -1, slice(None), slice(45, 62), slice(60, 61), slice(3, 3)):
        assert np.array_equal(vectors[key], whole[key]), key
    picked = np.array([69, 0, 55, 50, 50, 12, 60])
    assert np.array_equal(vectors[picked], whole[picked])
    assert np.array_equal(vectors[np.sort(picked)], whole[np.sort(picked)])
    mask = np.zeros(len(whole), dtype=bool)
    mask[[1, 52, 66]] = True
    assert np.array_equal(vectors[mask], whole[mask])
    assert np.array_equal(vectors[::7], whole[::7])
    assert np.array_equal(vectors[picked, 2], whole[picked, 2])
    with pytest.raises(IndexError):
        vectors[len(whole)]


def test_an_append_links_the_stored_parts_and_joins_only_small_last_ones(tmp_path: Path):
    folder, whole = appended(tmp_path, [50, 10, 10, 10, 10], limit=100)
    names = [p.name for p in part_paths(folder, "embeddings")]
    # 10 + 10 joined, then 10 kept, then 20 + 10 + 10 joined into 40 (the base is longer)
    assert names == ["embeddings.npy", "embeddings.1.npy"]
    assert len(np.load(folder / "embeddings.1.npy")) == 40
    first = (tmp_path / "v0" / "embeddings.npy").stat().st_ino
    assert (folder / "embeddings.npy").stat().st_ino == first
    assert np.array_equal(np.asarray(load_rows(folder)), whole)
    small, _ = appended(tmp_path / "small", [50, 10, 10, 10, 10], limit=15)
    assert [len(np.load(p)) for p in part_paths(small, "embeddings")] == [50, 10, 10, 10, 10]


def test_a_single_file_reads_as_its_memory_mapped_array(tmp_path: Path):
    np.save(tmp_path / "embeddings.npy", rows(5, 0))
    np.save(tmp_path / "embeddings.x.npy", rows(5, 1))  # not a part
    vectors = load_rows(tmp_path)
    assert isinstance(vectors, np.memmap) and vectors.shape == (5, 8)


def test_a_part_of_another_width_is_named(tmp_path: Path):
    np.save(tmp_path / "embeddings.npy", rows(5, 0))
    np.save(tmp_path / "embeddings.1.npy", rows(5, 1, width=4))
    with pytest.raises(ValueError, match=r"embeddings\.1\.npy"):
        load_rows(tmp_path)
