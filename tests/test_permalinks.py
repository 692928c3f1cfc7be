import sqlite3

import pytest

from dashboard.sharing import permalinks


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


def test_a_collision_takes_another_code_and_no_code_changes_meaning(tmp_path, monkeypatch):
    db = tmp_path / "p.sqlite"
    taken = permalinks.save(db, {"q": ["غزة"]})
    real = permalinks.code_for
    # every view's first code is the taken one: the second view must move to its next code
    monkeypatch.setattr(
        permalinks, "code_for", lambda text, attempt=0: (attempt and real(text, attempt)) or taken
    )
    other = permalinks.save(db, {"q": ["رفح"]})
    assert other != taken
    assert permalinks.load(db, taken) == {"q": ["غزة"]}
    assert permalinks.load(db, other) == {"q": ["رفح"]}
    assert permalinks.save(db, {"q": ["رفح"]}) == other  # the same view, the same code again
    monkeypatch.setattr(permalinks, "code_for", lambda text, attempt=0: taken)
    with pytest.raises(permalinks.PermalinkError, match="no free short-link code"):
        permalinks.save(db, {"q": ["خان يونس"]})


def damaged(db):
    db.write_bytes(b"this is not a database, a partial copy " * 100)


def locked_schema(db):
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE permalinks (code INTEGER)")  # another layout


@pytest.mark.parametrize("breaks", [damaged, locked_schema], ids=["not-a-database", "other-schema"])
def test_a_damaged_database_is_a_clear_error(tmp_path, breaks):
    db = tmp_path / "p.sqlite"
    breaks(db)
    for call in (
        lambda: permalinks.save(db, {"q": ["غزة"]}),
        lambda: permalinks.load(db, "a" * 10),
    ):
        with pytest.raises(permalinks.PermalinkError, match="move it away"):
            call()


def test_a_view_over_the_byte_cap_is_refused(tmp_path):
    db = tmp_path / "p.sqlite"
    with pytest.raises(permalinks.PermalinkError, match="too large"):
        permalinks.save(db, {"q": ["غ" * permalinks.MAX_BYTES]})
    assert permalinks.save(db, {"q": ["غ" * 1000]})


def test_links_expire_after_their_age_and_use_renews_them(tmp_path):
    db = tmp_path / "p.sqlite"
    day, age = 86_400, permalinks.MAX_AGE_DAYS
    old = permalinks.save(db, {"q": ["غزة"]}, now=0)
    used = permalinks.save(db, {"q": ["رفح"]}, now=0)
    assert permalinks.load(db, used, now=(age - 1) * day) == {"q": ["رفح"]}  # renewed
    assert permalinks.load(db, old, now=(age + 1) * day) is None
    assert permalinks.load(db, used, now=(age + 1) * day) == {"q": ["رفح"]}
    permalinks.save(db, {"q": ["جنين"]}, now=(age + 1) * day)  # purges the expired row
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT COUNT(*) FROM permalinks").fetchone() == (2,)


def test_rows_are_capped_dropping_the_least_recently_used(tmp_path, monkeypatch):
    db = tmp_path / "p.sqlite"
    monkeypatch.setattr(permalinks, "MAX_ROWS", 3)
    codes = [permalinks.save(db, {"q": [f"خبر {i}"]}, now=i) for i in range(5)]
    assert [permalinks.load(db, c, now=10) is not None for c in codes] == [0, 0, 1, 1, 1]
