"""Character n-gram vectors: the latent rows, folding new articles in, the stored file."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from itertools import islice

import numpy as np
import pytest
from conftest import shared_file
from scipy import sparse

from dashboard.text import charvec
from dashboard.text.charvec import (
    BUCKETS,
    KEEP,
    ArticleTexts,
    CharVectors,
    folded,
    ngram_ids,
)

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


def test_folding_in_reads_the_kept_basis_not_the_fitted_rows():
    vectors = CharVectors.fit(TEXTS, dimensions=4)
    assert vectors.basis is not None
    # The kept basis is what the fitted rows and latent rows give: Aᵀ (U S) / S².
    np.testing.assert_allclose(vectors.basis, vectors.derived_basis(), atol=1e-5)
    blank = replace(vectors, rows=sparse.csr_matrix(vectors.rows.shape, dtype=np.float32))
    added = [TEXTS[1], "الفائدة والتضخم في البنك"]
    np.testing.assert_allclose(
        blank.extended(added).latent[-2:], vectors.extended(added).latent[-2:], atol=1e-6
    )


@pytest.fixture(scope="module")
def news() -> list[str]:
    """300 SaudiNewsNet articles' texts (title and whole body), and an empty one."""
    with gzip.open(shared_file("data/saudinewsnet/saudinewsnet.jsonl.gz"), "rt") as handle:
        records = [json.loads(line) for line in islice(handle, 0, 1500, 5)]
    titles = [r["title"] for r in records] + [""]
    return ArticleTexts(titles, [r["content"] for r in records] + [""])


def whole_fit(
    texts: list[str], dimensions: int = 256
) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray, np.ndarray]:
    """The rows, IDF, latent rows and basis as the fit gave them when it held every text's
    counts at once (the implementation before issue 21), to compare the fit with."""
    from sklearn.utils.extmath import randomized_svd

    found = [np.unique(ngram_ids(text), return_counts=True) for text in texts]
    ids = np.concatenate([i for i, _ in found])
    df = np.bincount(ids, minlength=BUCKETS).astype(np.float32)
    idf = (np.log((1 + len(texts)) / (1 + df)) + 1).astype(np.float32)
    indptr, indices, data = [0], [], []
    for row_ids, freq in found:
        values = (1 + np.log(freq.astype(np.float32))) * idf[row_ids]
        if len(values) > KEEP:
            best = np.argpartition(-values, KEEP - 1)[:KEEP]
            values, row_ids = values[best], row_ids[best]
        norm = np.linalg.norm(values)
        indices.append(row_ids)
        data.append(values / norm if norm > 0 else values)
        indptr.append(indptr[-1] + len(row_ids))
    rows = sparse.csr_matrix(
        (np.concatenate(data), np.concatenate(indices), indptr), shape=(len(texts), BUCKETS)
    )
    left, singular, right = randomized_svd(folded(rows), dimensions, n_iter=4, random_state=0)
    return rows, idf, left * singular, right.T


def test_the_fit_in_two_passes_gives_the_whole_counts_fit_on_real_news(news):
    """Counting each text twice (document frequencies, then each row weighed and pruned with
    the IDF of all texts) keeps the rows and IDF of the fit that held every text's counts at
    once, bit for bit, and the same latent space; an IDF over part of the texts, or a row
    left unweighed, would differ."""
    rows, idf, latent, basis = whole_fit(news)
    vectors = CharVectors.fit(news, sample=len(news))  # at the sample size: no sampling
    assert vectors.rows.shape == rows.shape and rows.nnz > 250 * KEEP
    np.testing.assert_array_equal(vectors.rows.indptr, rows.indptr)
    np.testing.assert_array_equal(vectors.rows.indices, rows.indices)
    np.testing.assert_array_equal(vectors.rows.data, rows.data)
    np.testing.assert_array_equal(vectors.idf, idf)
    np.testing.assert_array_equal(vectors.latent, latent)  # the same SVD of the same input
    np.testing.assert_array_equal(vectors.basis, basis)


def test_article_texts_read_by_position_and_in_slices_are_titles_then_bodies():
    """Article texts joined when read (by row, by slice, or iterated a thousand at a time)
    are each article's title and body, by position whatever the frame's index."""
    import pandas as pd

    titles = pd.Series([f"عنوان {i}" for i in range(2_500)], index=range(5_000, 0, -2))
    bodies = pd.Series([f"نص {i}" for i in range(2_500)], index=range(2_500))
    texts = ArticleTexts(titles, bodies)
    expected = [f"عنوان {i}\nنص {i}" for i in range(2_500)]
    assert len(texts) == 2_500 and list(texts) == expected
    assert texts[1_999] == expected[1_999] and texts[998:1_003] == expected[998:1_003]
    with pytest.raises(ValueError):
        ArticleTexts(titles, bodies[:-1])


def test_above_the_sample_every_row_is_folded_into_the_samples_basis(news, monkeypatch):
    """Past ``sample`` rows the SVD is fitted on a seeded sample and every row, slice by
    slice, is folded into its basis (x V, as an added article is); the sample's basis holds
    nearly as much of all rows (89% at 200 of 301) as the basis of their whole SVD."""
    monkeypatch.setattr(charvec, "FOLD_ROWS", 64)
    whole, _, _, basis = whole_fit(news, dimensions=32)
    vectors = CharVectors.fit(news, dimensions=32, sample=200)
    assert vectors.latent.shape == (len(news), 32) and vectors.fitted == len(news)
    np.testing.assert_array_equal(vectors.rows.data, whole.data)
    each = np.vstack([folded(vectors.rows[row : row + 1]) @ vectors.basis for row in range(301)])
    np.testing.assert_allclose(vectors.latent, each, rtol=0, atol=1e-6)
    np.testing.assert_allclose(vectors.basis.T @ vectors.basis, np.eye(32), atol=1e-5)
    rows = folded(whole)
    held = np.linalg.norm(rows @ vectors.basis) ** 2 / np.linalg.norm(rows @ basis) ** 2
    assert held > 0.85, held
