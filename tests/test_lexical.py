"""The lexical index extended with new rows answers as a fresh index of all of them."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from dashboard.storage.lexical import Lexical, terms
from dashboard.text.arabic import normalize
from tests.conftest import shared_file

QUERIES = ("السعودية", "وزير الخارجية", "الرياض جدة", "كلمة-لا-توجد")


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """160 normalised SaudiNewsNet articles (every 150th record)."""
    source = shared_file("data/saudinewsnet/saudinewsnet.jsonl.gz")
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for i, line in enumerate(handle) if i % 150 == 0][:160]
    return [normalize(f"{r['title'] or ''} {r['content'] or ''}") for r in records]


def answers(lexical: Lexical) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """BM25 scores of the queries and TF-IDF cosines of every row."""
    return [lexical.scores(q) for q in QUERIES], [lexical.similar(r) for r in range(len(lexical))]


def test_added_rows_answer_as_a_fresh_index(texts: list[str], tmp_path: Path) -> None:
    fresh = Lexical.fit(texts)
    lexical = Lexical.fit(texts[:100])
    for step, (start, end) in enumerate([(100, 120), (120, 140), (140, 150), (150, 160)]):
        folder = tmp_path / str(step)
        folder.mkdir()
        lexical.extended(texts[start:end]).save(folder)
        lexical = Lexical.load(folder)
    # 100, then 20 + 20 joined into 40, then 10 and 10 joined into 20
    assert [len(s) for s in lexical.segments] == [100, 40, 20]
    for name in ("ids", "df", "lengths", "norms"):
        assert np.array_equal(np.asarray(getattr(lexical, name)), getattr(fresh, name)), name
    assert lexical.terms.column.equals(fresh.terms.column)
    (scores, cosines), (expected_scores, expected_cosines) = answers(lexical), answers(fresh)
    for got, expected in zip(scores + cosines, expected_scores + expected_cosines, strict=True):
        assert np.array_equal(got, expected)
    assert max(s.max() for s in scores) > 0 and cosines[0][0] == pytest.approx(1.0, abs=1e-5)
    # A term first seen in the added rows is found there.
    late = {t for text in texts[150:] for t in terms(text)} - {
        t for text in texts[:150] for t in terms(text)
    }
    word = min(t for t in late if set(terms(t)) <= late)
    assert lexical.scores(word)[150:].max() > 0 and lexical.scores(word)[:150].max() == 0


def test_stored_rows_are_linked_not_written_again(texts: list[str], tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    Lexical.fit(texts[:100]).save(first)
    Lexical.load(first).extended(texts[100:110]).save(second)
    stored = sorted(p.name for p in first.glob("lexical.rows0.*"))
    assert len(stored) == 6
    assert all((first / n).stat().st_ino == (second / n).stat().st_ino for n in stored)
    assert Lexical.present(second) and not Lexical.present(tmp_path)
