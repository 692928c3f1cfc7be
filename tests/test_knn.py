"""Tests for dashboard.pipeline.knn: UMAP is fitted on the exact cosine neighbours of its
rows, in the topic model and in the document map."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dashboard.pipeline import knn
from dashboard.pipeline.knn import ExactUMAP, cosine_neighbours
from dashboard.pipeline.topics import document_map, load_model
from dashboard.storage.store import Store


def brute_distances(data: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """Every cosine distance from each query row to each data row, by a plain product."""
    unit = data / np.linalg.norm(data, axis=1, keepdims=True)
    asked = queries / np.linalg.norm(queries, axis=1, keepdims=True)
    return 1.0 - asked.astype(np.float64) @ unit.T.astype(np.float64)


def test_each_row_gets_itself_then_its_exact_nearest_rows():
    rng = np.random.default_rng(3)
    data = rng.normal(size=(600, 24)).astype(np.float32)
    data[11] = 3 * data[10]  # the same direction: distance 0 both ways
    indices, distances = cosine_neighbours(data, 15)
    rows = np.arange(len(data))
    assert (indices[:, 0] == rows).all() and (distances[:, 0] == 0).all()
    assert indices[10, 1] == 11 and indices[11, 1] == 10
    full = brute_distances(data, data)
    full[rows, rows] = np.inf
    expected = np.sort(full, axis=1)[:, :14]
    assert np.allclose(distances[:, 1:], expected, atol=1e-5)
    assert np.allclose(full[rows[:, None], indices[:, 1:]], distances[:, 1:], atol=1e-5)
    assert all(len(set(row)) == 15 for row in indices.tolist())  # no row twice


def test_new_rows_get_their_exact_nearest_fitted_rows():
    rng = np.random.default_rng(4)
    data, queries = rng.normal(size=(500, 16)), rng.normal(size=(40, 16))
    indices, distances = cosine_neighbours(data, 10, queries)
    full = brute_distances(data, queries)
    assert np.allclose(distances, np.sort(full, axis=1)[:, :10], atol=1e-5)
    assert np.allclose(full[np.arange(40)[:, None], indices], distances, atol=1e-5)


def test_the_topic_models_umap_was_fitted_on_exact_neighbours(demo_store: Path):
    store = Store(demo_store)
    umap = load_model(store.path, embedder=None).umap_model
    assert isinstance(umap, ExactUMAP)
    vectors = np.asarray(store.embeddings, dtype=np.float32)  # the demo fits every article
    assert umap._knn_indices.shape == (len(vectors), umap.n_neighbors)
    full = brute_distances(vectors, vectors)
    rows = np.arange(len(vectors))
    full[rows, rows] = -1.0  # itself first
    expected = np.sort(full, axis=1)[:, : umap.n_neighbors]
    found = full[rows[:, None], umap._knn_indices]
    assert np.allclose(found, expected, atol=1e-4)


def test_the_document_map_is_fitted_on_exact_neighbours(
    demo_store: Path, monkeypatch: pytest.MonkeyPatch
):
    vectors = np.asarray(Store(demo_store).embeddings, dtype=np.float32)
    asked = []

    def counted(data, k, queries=None):
        asked.append((len(data), k, queries))
        return cosine_neighbours(data, k, queries)

    monkeypatch.setattr(knn, "cosine_neighbours", counted)
    coords = document_map(vectors, 120, seed=1)
    assert asked == [(120, 15, None)]
    assert np.isfinite(coords).all(axis=1).sum() == 120
