"""The scans a store keeps in parts: rows of some keys read from the row groups that may hold
them, each article's scan read back from its record, and the decisions merging took kept
beside the totals."""

from __future__ import annotations

import pickle
from collections import Counter
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard.pipeline.entities.article import Article
from dashboard.pipeline.entities.corpus_totals import Totals, merge
from dashboard.pipeline.entities.scan_records import Records, has_records, write_records
from dashboard.pipeline.entities.scan_store import (
    StoredScans,
    by_article,
    by_text,
    sorted_rows,
    write_part,
    write_totals,
)
from dashboard.pipeline.entities.scan_table import (
    SCAN_COLUMNS,
    decision_rows,
    scan_table,
    table_decisions,
)
from dashboard.pipeline.gazetteer import gazetteer


def test_sorted_rows_are_those_of_a_whole_read(tmp_path: Path) -> None:
    texts = sorted(f"ك{i:03d}" for i in range(40) for _ in range(i % 3 + 1))
    table = pa.table({"text": texts, "n": list(range(len(texts)))})
    path = tmp_path / "keys.parquet"
    pq.write_table(table, path, row_group_size=7)  # many row groups
    assert pq.ParquetFile(path).metadata.num_row_groups > 5
    for wanted in ({"ك000", "ك017", "ك039"}, {"ك005", "غائب"}, {"ك010"}, {"غائب"}, set()):
        got = sorted_rows(path, "text", wanted, ["text", "n"]).to_pydict()
        expected = [(t, n) for t, n in zip(texts, range(len(texts)), strict=True) if t in wanted]
        assert list(zip(got["text"], got["n"], strict=True)) == expected, wanted


def test_the_decisions_kept_read_back_as_taken() -> None:
    def person(*key: str, n: int = 1) -> Article:
        return Article(counts=Counter({key: n}), kinds={key: "person"}, sources={key: "pattern"})

    articles = [
        person("محمد", "بن", "سلمان"),
        person("محمد", "بن", "سلمان"),
        person("سلمان"),
        Article(
            counts=Counter({("دونالد",): 1}),
            kinds={("دونالد",): "person"},
            extended={("دونالد",): ("دونالد", "ترامب")},
            loose=Counter({"ترامب": 1}),
        ),
        person("دونالد", "ترامب", n=2),
        person("دونالد", "ترامب"),
        Article(candidates=Counter({("كريستيانو", "رونالدو"): 1})),
        Article(candidates=Counter({("كريستيانو", "رونالدو"): 1})),
    ]
    made, _ = merge(pickle.loads(pickle.dumps(articles)), {}, gazetteer())
    assert made.candidates and made.owners and made.surnames and made.kinds
    frame = pd.DataFrame(decision_rows(made), columns=list(SCAN_COLUMNS))
    assert table_decisions(frame) == made
    assert table_decisions(frame.iloc[:0]) is None


def test_rows_are_ordered_as_a_stable_sort_by_article_then_by_text() -> None:
    # runs of one article's rows together (the build's table) and rows of one article apart
    together = ["b", "b", "a", "", "c", "c", "c", "a2", ""]
    apart = ["b", "a", "b", "", "a", "c"]
    for ids in (together, apart, ["", ""], []):
        column = pd.Series(ids, dtype="category")
        expected = sorted((i for i, x in enumerate(ids) if x), key=lambda i: ids[i])
        assert by_article(column).tolist() == expected, ids
    texts = ["و", "ا", "و", "ب", "ا", "و", "ا"]
    articles = ["2", "1", "1", "1", "1", "2", "3"]
    index = pa.table({"text": texts, "field": ["f"] * 7, "article_id": articles})
    expected = sorted(range(7), key=lambda i: (texts[i], articles[i]))
    assert by_text(index).tolist() == expected


def _scanned() -> tuple[list[Article], list[str]]:
    """Articles with every field a scan keeps, loose words in no sorted order."""
    first = Article(
        counts=Counter({("دونالد",): 2, ("الرياض",): 1}),
        kinds={("دونالد",): "person", ("الرياض",): "place"},
        sources={("دونالد",): "pattern", ("الرياض",): "gazetteer"},
        extended={("دونالد",): ("دونالد", "ترامب")},
        loose=Counter({"ترامب": 3, "بايدن": 1, "وترامب": 2}),
        tag_only={("السعودية",): "place"},
        candidates=Counter({("كريستيانو", "رونالدو"): 1}),
    )
    second = Article(loose=Counter({"سلمان": 1}))
    third = Article(counts=Counter({("جو", "بايدن"): 4}), kinds={("جو", "بايدن"): "person"})
    return [first, second, Article(), third], ["b", "a", "c", "a1"]


def _same(got: Article, expected: Article) -> bool:
    """Every field equal, items in the same order."""
    fields = ("counts", "kinds", "sources", "extended", "loose", "tag_only", "candidates")
    return all(list(getattr(got, f).items()) == list(getattr(expected, f).items()) for f in fields)


def test_records_read_back_the_scans_their_rows_keep(tmp_path: Path) -> None:
    articles, ids = _scanned()
    table = scan_table([(pickle.loads(pickle.dumps(articles)), {})], ids)
    write_part(tmp_path, table, 0)
    write_totals(tmp_path, Totals(), None)
    assert has_records(tmp_path, 0)
    records = Records(tmp_path, 0)
    wanted = ["a1", "b", "c", "absent"]
    got = records.read(wanted)
    assert sorted(got) == ["a1", "b", "c"]
    for article_id in got:
        assert _same(got[article_id], articles[ids.index(article_id)]), article_id
    # rows given in chunks of two (an article's rows straddle chunks): the same records
    rows = pq.read_table(tmp_path / "scans.parquet")
    other = tmp_path / "chunked"
    other.mkdir()
    assert write_records(other, 7, [rows.slice(i, 2) for i in range(0, len(rows), 2)])
    assert Records(other, 7).ids.to_pylist() == records.ids.to_pylist() == ["a", "a1", "b", "c"]
    chunked = (other / "scan_records.7.bin").read_bytes()
    assert chunked == (tmp_path / "scan_records.bin").read_bytes()
    fetched = StoredScans(tmp_path).fetch([("counts", "key", {"جو بايدن"})])
    assert list(fetched) == ["a1"] and _same(fetched["a1"], articles[3])


def test_a_part_whose_keys_hold_a_separator_is_read_from_its_rows(tmp_path: Path) -> None:
    articles, ids = _scanned()
    articles[0].loose["خطأ\x1fكلمة"] = 1
    table = scan_table([(pickle.loads(pickle.dumps(articles)), {})], ids)
    write_part(tmp_path, table, 0)
    write_totals(tmp_path, Totals(), None)
    assert not has_records(tmp_path, 0) and not list(tmp_path.glob("scan_records*"))
    got = StoredScans(tmp_path).fetch([("counts", "key", {"دونالد"})])
    assert list(got) == ["b"] and _same(got["b"], articles[0])


def test_a_part_written_in_batches_is_the_part_written_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard.pipeline.entities import scan_store

    articles, ids = _scanned()
    copies = [pickle.loads(pickle.dumps(articles)) for _ in range(6)]
    many = [art for copy in copies for art in copy]
    many_ids = [f"{i}-{n}" for n in range(6) for i in ids]
    table = scan_table([(many, {})], many_ids)
    monkeypatch.setattr(scan_store, "ROW_GROUP", 4)
    written = {}
    for batch in (8, 1 << 30):  # batches of two row groups; one batch
        monkeypatch.setattr(scan_store, "BATCH", batch)
        folder = tmp_path / str(batch)
        folder.mkdir()
        write_part(folder, table, 0)
        written[batch] = {p.name: p.read_bytes() for p in sorted(folder.iterdir())}
    assert sorted(written[8]) == [
        "scan_keys.parquet",
        "scan_records.bin",
        "scan_records.parquet",
        "scans.parquet",
    ]
    assert pq.ParquetFile(tmp_path / "8" / "scans.parquet").metadata.num_row_groups > 4
    assert len(pq.read_table(tmp_path / "8" / "scans.parquet")) > 16  # more than two batches
    assert written[8] == written[1 << 30]
    assert len(Records(tmp_path / "8", 0).read(many_ids)) == len(many_ids)
