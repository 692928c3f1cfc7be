import pytest

from dashboard.core import permalinks


def test_codes_are_stable_short_and_distinct(tmp_path):
    db = tmp_path / "p.sqlite"
    first = permalinks.save(db, {"q": ["غزة"]})
    assert len(first) == permalinks.CODE_LENGTH
    assert permalinks.save(db, {"q": ["غزة"], "topics": []}) == first  # empty values ignored
    assert permalinks.save(db, {"q": ["رفح"]}) != first


def test_unknown_or_malformed_codes_give_none(tmp_path):
    db = tmp_path / "p.sqlite"
    assert permalinks.load(db, "abc") is None  # no database yet
    permalinks.save(db, {"q": ["غزة"]})
    assert permalinks.load(db, "zzzzzzzzzz") is None
    assert permalinks.load(db, "'; DROP TABLE") is None


def test_a_code_never_changes_meaning(tmp_path, monkeypatch):
    db = tmp_path / "p.sqlite"
    taken = permalinks.save(db, {"q": ["غزة"]})
    monkeypatch.setattr(permalinks, "code_for", lambda _text: taken)  # force a collision
    with pytest.raises(RuntimeError, match="already names another view"):
        permalinks.save(db, {"q": ["رفح"]})
