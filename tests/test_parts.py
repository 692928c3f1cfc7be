"""Parted tables: ordered part files read as one table, appended to by linking the stored
parts and writing the new rows alone; a new store version reuses the checksums of the
files it links."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard.storage import arrayparts
from dashboard.storage import store as store_module
from dashboard.storage.parts import (
    Parted,
    append_parted,
    append_replacing,
    in_order,
    read_replacing,
    write_parted,
)
from dashboard.storage.rowtext import RowTexts, extend_texts, write_texts
from dashboard.storage.store import Store, write_store


def rows(start: int, count: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [f"a{i}" for i in range(start, start + count)],
            "body": [f"نص {i}" for i in range(start, start + count)],
            "published_at": pd.date_range("2020-01-01", periods=count, tz="UTC"),
            "topic": np.arange(start, start + count, dtype=np.int64) % 3,
            "map_x": np.linspace(0, 1, count),
        }
    )


def test_appended_parts_read_as_the_rows_concatenated(tmp_path: Path) -> None:
    earlier, later = tmp_path / "v1", tmp_path / "v2"
    earlier.mkdir(), later.mkdir()
    stored = rows(0, 25)
    write_parted(stored, earlier, "articles", rows=10)  # 10 + 10 + 5
    new = rows(25, 6).drop(columns=["map_x"])
    written = append_parted(earlier, later, "articles", new, rows=20)
    expected = pd.concat([stored, new], ignore_index=True)  # map_x null in the new rows
    table = Parted(later, "articles")
    assert [p.name for p in written] == [p.name for p in table.paths()]
    assert table.sizes() == [10, 10, 11]  # the last 5 joined with the 6 new ones
    pd.testing.assert_frame_equal(table.read(), expected)
    pd.testing.assert_frame_equal(pd.read_parquet(later / "articles"), expected)
    glob = duckdb.sql(f"SELECT id FROM read_parquet('{later}/articles/*.parquet')").fetchdf()
    assert glob["id"].tolist() == expected["id"].tolist()
    old = Parted(earlier, "articles").paths()
    assert [p.stat().st_ino for p in old[:2]] == [p.stat().st_ino for p in written[:2]]
    assert old[2].stat().st_ino != written[2].stat().st_ino
    with pytest.raises(ValueError, match="no column extra"):
        append_parted(earlier, tmp_path, "articles", new.assign(extra=1))


def test_small_appends_are_joined_as_a_binary_counter(tmp_path: Path) -> None:
    folder = tmp_path / "v0"
    folder.mkdir()
    write_parted(rows(0, 40), folder, "t", rows=40)
    for step in range(1, 8):
        following = tmp_path / f"v{step}"
        following.mkdir()
        append_parted(folder, following, "t", rows(40 + 3 * step, 3), rows=40)
        folder = following
    assert Parted(folder, "t").sizes() == [40, 12, 6, 3]  # 7 appends of 3: 4 + 2 + 1
    assert len(Parted(folder, "t")) == 40 + 21


def test_rows_and_row_numbers_across_parts(tmp_path: Path) -> None:
    frame = rows(0, 23)
    write_parted(frame, tmp_path, "t", rows=7)
    table = Parted(tmp_path, "t")
    picked = np.array([22, 0, 7, 6, 13, 7])
    got = table.take(picked, ["topic", "id"])
    pd.testing.assert_frame_equal(got, frame.iloc[picked][["topic", "id"]].reset_index(drop=True))
    numbered = duckdb.sql(f"SELECT row, id FROM ({table.sql(['id'])}) ORDER BY row").fetchdf()
    assert numbered["row"].tolist() == list(range(23))
    assert numbered["id"].tolist() == frame["id"].tolist()


def test_a_single_file_table_is_read_and_appended_to_as_its_first_part(tmp_path: Path) -> None:
    earlier, later = tmp_path / "v1", tmp_path / "v2"
    earlier.mkdir(), later.mkdir()
    rows(0, 30).to_parquet(earlier / "articles.parquet", index=False)  # a store from before
    before = (earlier / "articles.parquet").read_bytes()
    assert len(Parted(earlier, "articles")) == 30
    append_parted(earlier, later, "articles", rows(30, 2))
    assert Parted(later, "articles").sizes() == [30, 2]
    assert (earlier / "articles.parquet").read_bytes() == before  # linked, left as it was
    assert Parted(later, "articles").read()["id"].tolist()[-3:] == ["a29", "a30", "a31"]


def mentions(ids: list[str], tag: str) -> pd.DataFrame:
    """Two or three mention rows per article (as many as its number's parity allows)."""
    rows = [(i, f"{tag}{i}-{k}") for i in ids for k in range(2 + int(i[1:]) % 2)]
    frame = pd.DataFrame(rows, columns=["article_id", "entity"]).assign(count=1)
    return frame.astype({"article_id": "category", "entity": "category"})


def test_replaced_rows_are_hidden_by_tombstones_and_read_in_article_order(tmp_path: Path) -> None:
    order = pd.Index([f"a{i}" for i in range(13)])
    folders = [tmp_path / f"v{n}" for n in range(5)]
    for folder in folders:
        folder.mkdir()
    expected = mentions(list(order[:6]), "x")
    expected.to_parquet(folders[0] / "mentions.parquet", index=False)  # a store from before
    steps = [  # (new articles, old ones whose rows are replaced: a4's by none)
        (["a6", "a7"], ["a2", "a4"]),
        (["a8"], ["a6", "a2"]),
        (["a9", "a10", "a11"], ["a0", "a7"]),  # outnumbering the last parts: all joined
        (["a12"], []),  # after the join, whose part keeps its tombstones: none of its own
    ]
    sizes = []
    for step, (new, replaced) in enumerate(steps, 1):
        rows = mentions([i for i in replaced if i != "a4"] + new, f"s{step}-")
        append_replacing(folders[step - 1], folders[step], "mentions", rows, replaced, "article_id")
        kept = expected[~expected["article_id"].isin(replaced)].astype(str)
        expected = in_order(pd.concat([kept, rows.astype(str)]), "article_id", order)
        table = Parted(folders[step], "mentions")
        read = read_replacing(folders[step], "mentions", "article_id", ordered=False)
        got = in_order(read, "article_id", order)
        pd.testing.assert_frame_equal(got.astype(str), expected)
        some = read_replacing(folders[step], "mentions", "article_id", {"a2", "a3"}, ["entity"])
        assert sorted(some["entity"].astype(str)) == sorted(
            expected.loc[expected["article_id"].isin(["a2", "a3"]), "entity"]
        )
        sizes.append(table.sizes())
    assert sizes == [[15, 7], [15, 7, 6], [28], [28, 2]]  # joined: the hidden rows left out
    assert (folders[1] / "mentions" / "part-00000.parquet").stat().st_ino == (
        folders[0] / "mentions.parquet"
    ).stat().st_ino


def test_a_linked_file_keeps_its_checksum_and_stays_verifiable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "store"
    empty = pd.DataFrame({"x": pd.Series(dtype="int64")})
    frames = {n: empty for n in ("topics", "mentions", "rejected", "duplicates")}
    write_store(out, {**frames, "articles": rows(0, 40)}, np.zeros((40, 2)), {"build_id": "1"})
    first = Store(out).manifest["files"]["articles/part-00000.parquet"]
    hashed: list[str] = []
    hash_file = store_module.file_sha256
    monkeypatch.setattr(
        store_module, "file_sha256", lambda p: hashed.append(Path(p).name) or hash_file(p)
    )
    previous = out.resolve()

    def appended(folder: Path) -> None:
        append_parted(previous, folder, "articles", rows(40, 2))

    write_store(out, frames, np.zeros((42, 2)), {"build_id": "2"}, extras=appended)
    store = Store(out)
    assert store.manifest["files"]["articles/part-00000.parquet"] == first
    assert "part-00000.parquet" not in hashed and "part-00001.parquet" in hashed
    assert store.verify() == [] and len(store.articles) == 42
    with (out / "articles" / "part-00000.parquet").open("r+b") as handle:
        handle.seek(20)
        handle.write(b"XXXX")  # the linked part, whose checksum was not computed again
    assert store.verify() == ["articles/part-00000.parquet"]


def test_text_rows_appended_as_linked_parts_read_as_one_file(tmp_path: Path) -> None:
    texts = [f"نص المقال رقم {i} " * (i % 7 + 1) for i in range(65)]
    folder = tmp_path / "v0"
    folder.mkdir()
    write_texts(folder, "body", texts[:50])
    first = (folder / "text.body.bin").stat().st_ino
    for step, start in enumerate(range(50, 65, 5), 1):
        following = tmp_path / f"v{step}"
        following.mkdir()
        extend_texts(folder, following, "body", texts[start : start + 5])
        folder = following
    parts = arrayparts.part_paths(folder, "text.body.bin")
    sizes = [p.stat().st_size for p in parts]
    assert 1 < len(parts) < 4 and sizes == sorted(sizes, reverse=True)  # appends were joined
    assert parts[0].stat().st_ino == first  # linked through every version, never rewritten
    assert RowTexts(folder, "body").get([64, 0, 49, 50, 57]) == [
        texts[i] for i in (64, 0, 49, 50, 57)
    ]
    whole = tmp_path / "whole"
    whole.mkdir()
    write_texts(whole, "body", texts)
    assert b"".join(p.read_bytes() for p in parts) == (whole / "text.body.bin").read_bytes()
    offsets = arrayparts.part_paths(folder, "text.body.npy")  # the offsets in parts too
    assert len(offsets) > 1
    assert offsets[0].stat().st_ino == (tmp_path / "v0" / "text.body.npy").stat().st_ino
    every = np.load(whole / "text.body.npy")
    assert np.array_equal(arrayparts.read_all(folder, "text.body.npy"), every)


def keyed(keys: list[int], tag: str) -> pa.Table:
    """Rows of a keyed table: two rows a key, marked with the append that wrote them."""
    doubled = sorted(keys * 2)
    return pa.table(
        {
            "row": pa.array(doubled, pa.int64()),
            "text": [f"{tag}{k}.{n % 2}" for n, k in enumerate(doubled)],
        }
    )


def test_keyed_parts_replace_earlier_rows_and_are_joined_without_them(tmp_path: Path) -> None:
    """A keyed table appended to with rows replaced reads as a dict of the latest rows by
    key; joined parts leave out the rows they replace and keep the replaced keys for the
    parts before them; the first file (a single one, as a build writes) is linked."""
    folder = tmp_path / "v0"
    folder.mkdir()
    pq.write_table(keyed(list(range(10)), "a"), folder / "t.parquet")
    model = {k: [f"a{k}.0", f"a{k}.1"] for k in range(10)}
    steps = [([2, 5], [10, 11]), ([5, 7], [12, 13, 14]), ([0, 2, 11], [15]), ([3], [])]
    for number, (again, added) in enumerate(steps, start=1):
        following = tmp_path / f"v{number}"
        following.mkdir()
        tag = "bcde"[number - 1]
        append_replacing(folder, following, "t", keyed(again + added, tag), again, "row", 20)
        model |= {k: [f"{tag}{k}.0", f"{tag}{k}.1"] for k in again + added}
        folder = following
        got = read_replacing(folder, "t", "row")
        assert got["text"].tolist() == [t for k in sorted(model) for t in model[k]], number
        some = read_replacing(folder, "t", "row", [11, 2, 7])
        assert some["text"].tolist() == [t for k in (2, 7, 11) for t in model[k]], number
    sizes = Parted(folder, "t").sizes()
    assert sizes[0] == 20 and len(sizes) < 1 + len(steps)  # linked first file; parts joined
    assert (folder / "t" / "part-00000.parquet").stat().st_ino == (
        tmp_path / "v0" / "t.parquet"
    ).stat().st_ino
