"""The approximate index that ``add`` extends with side indexes answers as one index of
every row (the index file extended whole, as ``add`` once wrote it) does."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dashboard.storage import index as index_module
from dashboard.storage.arrayparts import append_rows, load_rows, part_paths
from dashboard.storage.index import add_rows, extend_index, open_index, write_index


def clustered(n: int, dim: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = np.random.default_rng(0).normal(size=(40, dim))
    rows = centres[rng.integers(0, 40, n)] + 0.4 * rng.normal(size=(n, dim))
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float16)


@pytest.fixture()
def extended(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A store folder of 3,000 indexed rows, then four adds (each a new folder); the last."""
    monkeypatch.setattr(index_module, "EXACT_BELOW", 1000)
    folder = tmp_path / "v0"
    folder.mkdir()
    np.save(folder / "embeddings.npy", clustered(3000, 32, 0))
    write_index(folder, load_rows(folder))
    for number, size in enumerate([500, 500, 700, 300], start=1):
        target = tmp_path / f"v{number}"
        target.mkdir()
        start = len(load_rows(folder))
        append_rows(folder, target, clustered(size, 32, number))
        extend_index(folder, target, load_rows(target), start)
        folder = target
    return tmp_path / "v0", folder


def test_side_indexes_find_what_the_whole_index_finds(extended: tuple[Path, Path]):
    import faiss

    first, last = extended
    vectors = load_rows(last)
    assert len(vectors) == 5000
    whole = faiss.read_index(str(first / "vectors.faiss"))  # the old way: rows added to it
    add_rows(whole, np.asarray(vectors), 3000)
    reference = index_module.VectorIndex(np.asarray(vectors), whole)
    index = open_index(last, vectors)
    assert index.ann is not None and len(index.sides) == 3  # 500 + 500 joined, 700, 300
    half = np.zeros(5000, dtype=bool)
    half[::2] = True
    for row in range(0, 5000, 37):
        query = np.asarray(vectors[row], dtype=np.float32)[None]
        whole.nprobe = index_module.NPROBE  # the candidates are faiss's own search's
        _, plain = whole.search(query, 56)
        assert np.array_equal(reference.candidates(query, 56), plain[0][plain[0] >= 0])
        for allowed in (None, half):
            found, scores = index.search(vectors[row], 10, allowed)
            expected, expected_scores = reference.search(vectors[row], 10, allowed)
            assert np.array_equal(found, expected), row
            assert np.array_equal(scores, expected_scores)
    found, _ = index.similar_to(4100, 10)
    assert 4100 not in found and len(found) == 10


def test_an_add_links_the_index_and_writes_only_a_small_side(extended: tuple[Path, Path]):
    first, last = extended
    names = [p.name for p in part_paths(last, "vectors.faiss")]
    assert names == ["vectors.faiss", "vectors.1.faiss", "vectors.2.faiss", "vectors.3.faiss"]
    assert (last / "vectors.faiss").stat().st_ino == (first / "vectors.faiss").stat().st_ino


def test_sides_that_do_not_cover_the_rows_are_not_used(extended: tuple[Path, Path]):
    _, last = extended
    (last / "vectors.2.faiss").unlink()
    assert open_index(last, load_rows(last)).ann is None
