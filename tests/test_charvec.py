"""Character n-gram vectors: the latent rows, folding new articles in, the stored file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
from scipy import sparse

from dashboard.text.charvec import FILE, CharVectors

TEXTS = [
    "وزارة الصحة تعلن حصيلة الإصابات اليومية بفيروس كورونا",
    "الصحة: ارتفاع الإصابات بكورونا وحصيلة جديدة للوزارة",
    "المنتخب يفوز في مباراة كرة القدم على أرضه",
    "مباراة حاسمة لكرة القدم والمنتخب يستعد لها",
    "البنك المركزي يرفع سعر الفائدة لكبح التضخم",
    "التضخم يدفع المصرف المركزي إلى رفع الفائدة",
]


def test_an_article_folded_in_lands_where_the_fit_put_it():
    vectors = CharVectors.fit(TEXTS, dimensions=4)
    again = vectors.extended([TEXTS[2], TEXTS[5]])
    assert again.rows.shape[0] == len(TEXTS) + 2 and again.fitted == len(TEXTS)
    np.testing.assert_allclose(again.latent[-2], vectors.latent[2], atol=1e-4)
    np.testing.assert_allclose(again.latent[-1], vectors.latent[5], atol=1e-4)


def test_latent_rows_group_articles_of_one_story():
    vectors = CharVectors.fit(TEXTS, dimensions=3)
    scores = vectors.latent_similar(0)
    assert abs(scores[0] - 1) < 1e-5
    assert scores[1] > max(scores[2:])


def test_saved_vectors_load_back_and_old_files_read_as_none(tmp_path: Path):
    vectors = CharVectors.fit(TEXTS, dimensions=4).extended(TEXTS[:1])
    vectors.save(tmp_path)
    loaded = CharVectors.load(tmp_path)
    assert loaded is not None and loaded.fitted == len(TEXTS)
    np.testing.assert_allclose(loaded.latent, vectors.latent, rtol=1e-3, atol=1e-4)
    np.testing.assert_allclose(loaded.latent_similar(3), vectors.latent_similar(3), atol=1e-3)
    with np.load(tmp_path / FILE) as saved:
        old = {k: saved[k] for k in ("indptr", "indices", "data", "idf")}
    np.savez(tmp_path / FILE, **old)
    assert CharVectors.load(tmp_path) is None


def test_folding_in_reads_the_kept_basis_not_the_fitted_rows(tmp_path: Path):
    vectors = CharVectors.fit(TEXTS, dimensions=4)
    assert vectors.basis is not None
    # The kept basis is what the fitted rows and latent rows give: Aᵀ (U S) / S².
    np.testing.assert_allclose(vectors.basis, vectors.derived_basis(), atol=1e-5)
    blank = replace(vectors, rows=sparse.csr_matrix(vectors.rows.shape, dtype=np.float32))
    added = [TEXTS[1], "الفائدة والتضخم في البنك"]
    np.testing.assert_allclose(
        blank.extended(added).latent[-2:], vectors.extended(added).latent[-2:], atol=1e-6
    )
    # A store saved before the basis was kept derives it once and keeps it from then on.
    vectors.save(tmp_path)
    with np.load(tmp_path / FILE) as saved:
        older = {k: saved[k] for k in saved.files if k != "basis"}
    np.savez(tmp_path / FILE, **older)
    loaded = CharVectors.load(tmp_path)
    assert loaded is not None and loaded.basis is None
    again = loaded.extended(added)
    np.testing.assert_allclose(again.latent[-2:], vectors.extended(added).latent[-2:], atol=1e-3)
    again.save(tmp_path)
    assert CharVectors.load(tmp_path).basis is not None
