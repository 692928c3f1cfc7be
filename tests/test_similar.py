import numpy as np

from dashboard.storage.index import VectorIndex
from dashboard.storage.similar import nearest


def unit_rows(n: int, d: int, seed: int = 0) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(n, d)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_nearest_matches_brute_force_across_blocks(monkeypatch):
    monkeypatch.setattr("dashboard.storage.similar.BLOCK", 7)
    vectors = unit_rows(50, 8)
    rows, scores = nearest(vectors, vectors[3], 5)
    expected = np.argsort(-(vectors @ vectors[3]))[:5]
    assert rows.tolist() == expected.tolist()
    assert rows[0] == 3 and abs(scores[0] - 1.0) < 1e-5
    assert np.all(np.diff(scores) <= 0)


def test_similar_to_excludes_itself_and_respects_mask():
    vectors = unit_rows(20, 4, seed=1)
    allowed = np.zeros(20, dtype=bool)
    allowed[[2, 5, 9]] = True
    rows, _ = VectorIndex(vectors).similar_to(5, 10, allowed)
    assert sorted(rows.tolist()) == [2, 9]
    assert allowed[5]  # the caller's mask is not changed


def test_float16_storage_gives_the_same_order():
    vectors = unit_rows(30, 16, seed=2)
    exact, _ = nearest(vectors, vectors[0], 5)
    half, _ = nearest(vectors.astype(np.float16), vectors[0], 5)
    assert exact.tolist() == half.tolist()
