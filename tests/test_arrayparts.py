"""Arrays kept as numbered parts: appended by linking, joined as a binary counter, read back
as the one array (rows of a 2-d array, positions of a 1-d one or Arrow term lists)."""

from __future__ import annotations

import itertools
import zlib
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from dashboard.storage import arrayparts
from dashboard.storage.arrayparts import PartedArray, append_rows, load_rows, part_paths
from dashboard.storage.rowtext import RowTexts

ROW_BYTES = 16  # a row of 8 float16


def rows(n: int, seed: int, width: int = 8) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, width)).astype(np.float16)


def appended(
    tmp_path: Path, sizes: list[int], monkeypatch: pytest.MonkeyPatch, limit: int = 100
) -> tuple[Path, np.ndarray]:
    """A folder whose rows were saved as ``sizes[0]`` rows and appended ``sizes[1:]`` at a
    time (parts joined up to ``limit`` rows), each append in a new folder; that folder and
    the rows written whole."""
    monkeypatch.setattr(arrayparts, "PART_BYTES", limit * ROW_BYTES)
    whole = rows(sizes[0], 0)
    folder = tmp_path / "v0"
    folder.mkdir(parents=True)
    np.save(folder / "embeddings.npy", whole)
    for number, size in enumerate(sizes[1:], start=1):
        new, target = rows(size, number), tmp_path / f"v{number}"
        target.mkdir()
        append_rows(folder, target, new.astype(np.float32))
        folder, whole = target, np.vstack([whole, new])
    return folder, whole


def test_parts_read_as_the_rows_written_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder, whole = appended(tmp_path, [50, 7, 3, 9, 1], monkeypatch)
    vectors = load_rows(folder)
    assert isinstance(vectors, PartedArray) and vectors.shape == whole.shape
    assert np.array_equal(np.asarray(vectors), whole)
    assert np.array_equal(np.asarray(vectors, dtype=np.float32), whole.astype(np.float32))
    for key in (0, 49, 50, 56, 57, -1, slice(None), slice(45, 62), slice(60, 61), slice(3, 3)):
        assert np.array_equal(vectors[key], whole[key]), key
    picked = np.array([69, 0, 55, 50, 50, 12, 60])
    assert np.array_equal(vectors[picked], whole[picked])
    assert np.array_equal(vectors[np.sort(picked)], whole[np.sort(picked)])
    mask = np.zeros(len(whole), dtype=bool)
    mask[[1, 52, 66]] = True
    assert np.array_equal(vectors[mask], whole[mask])
    assert np.array_equal(vectors[::7], whole[::7])
    assert np.array_equal(vectors[picked, 2], whole[picked, 2])
    with pytest.raises(IndexError):
        vectors[len(whole)]


def test_an_append_links_the_stored_parts_and_joins_only_small_last_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    folder, whole = appended(tmp_path, [50, 10, 10, 10, 10], monkeypatch, limit=100)
    names = [p.name for p in part_paths(folder, "embeddings.npy")]
    # 10 + 10 joined, then 10 kept, then 20 + 10 + 10 joined into 40 (the base is longer)
    assert names == ["embeddings.npy", "embeddings.1.npy"]
    assert len(np.load(folder / "embeddings.1.npy")) == 40
    first = (tmp_path / "v0" / "embeddings.npy").stat().st_ino
    assert (folder / "embeddings.npy").stat().st_ino == first
    assert np.array_equal(np.asarray(load_rows(folder)), whole)
    small, _ = appended(tmp_path / "small", [50, 10, 10, 10, 10], monkeypatch, limit=15)
    assert [len(np.load(p)) for p in part_paths(small, "embeddings.npy")] == [50, 10, 10, 10, 10]


def test_a_single_file_reads_as_its_memory_mapped_array(tmp_path: Path):
    np.save(tmp_path / "embeddings.npy", rows(5, 0))
    np.save(tmp_path / "embeddings.x.npy", rows(5, 1))  # not a part
    vectors = load_rows(tmp_path)
    assert isinstance(vectors, np.memmap) and vectors.shape == (5, 8)


def test_a_part_of_another_width_is_named(tmp_path: Path):
    np.save(tmp_path / "embeddings.npy", rows(5, 0))
    np.save(tmp_path / "embeddings.1.npy", rows(5, 1, width=4))
    with pytest.raises(ValueError, match=r"embeddings\.1\.npy"):
        load_rows(tmp_path)


@pytest.mark.parametrize("name", ["a.values.npy", "a.values.i32", "a.terms.arrow"])
def test_appends_read_back_as_one_array_and_share_the_stored_parts(
    tmp_path: Path, name: str
) -> None:
    rng = np.random.default_rng(1)
    sizes = [40, 10, 10, 0, 5, 30]  # 40, then 10 (a part), 10 joins it, nothing, 5, 30 joins
    values = [rng.integers(0, 1000, n).astype(np.int32) for n in sizes]
    if name.endswith(".arrow"):
        values = [[f"t{v}" for v in chunk] for chunk in values]
    first = tmp_path / "v0"
    first.mkdir()
    arrayparts.save(first / name, values[0])
    versions = [first]
    for number, chunk in enumerate(values[1:], start=1):
        version = tmp_path / f"v{number}"
        version.mkdir()
        arrayparts.append(versions[-1], version, name, chunk)
        versions.append(version)
        got = arrayparts.read_all(version, name)
        want = arrayparts.concatenated(values[: number + 1])
        assert list(got) == list(want), number
        assert not [p for p in version.iterdir() if p.name.startswith(".")]
    counts = [len(arrayparts.part_paths(v, name)) for v in versions]
    assert counts == [1, 2, 2, 2, 3, 1]  # joined while the last is no smaller than the one before
    linked = arrayparts.part_paths(versions[4], name)[0]
    assert linked.stat().st_ino == (first / name).stat().st_ino  # the first part shared
    assert (versions[5] / name).stat().st_ino != (first / name).stat().st_ino  # joined anew


def test_parts_are_not_joined_past_the_cap(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(arrayparts, "PART_BYTES", 300)
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    arrayparts.save(one / "x.i32", np.arange(50, dtype=np.int32))  # 200 bytes
    arrayparts.append(one, two, "x.i32", np.arange(60, dtype=np.int32))  # 240: 440 > 300
    assert len(arrayparts.part_paths(two, "x.i32")) == 2
    assert np.array_equal(arrayparts.read_all(two, "x.i32"), np.r_[np.arange(50), np.arange(60)])


def test_parts_index_as_the_concatenation() -> None:
    parts = [np.arange(0, 5), np.arange(5, 5), np.arange(5, 12), np.arange(12, 20)]
    whole = np.concatenate(parts)
    read = PartedArray(parts)
    assert len(read) == len(whole)
    for i in (0, 4, 5, 11, 12, 19, -1, -8):
        assert read[i] == whole[i], i
    for low, high in ((0, 20), (3, 14), (5, 5), (6, 11), (12, 40), (15, 3)):
        assert np.array_equal(read[low:high], whole[low:high]), (low, high)
    picks = np.array([[19, 0, 5], [11, 12, 4]])
    assert np.array_equal(read[picks], whole[picks])
    assert np.array_equal(read[np.zeros(0, dtype=np.int64)], whole[:0])
    with pytest.raises(IndexError):
        read[np.array([20])]


def test_a_store_of_the_earlier_modules_reads_back_whole(tmp_path: Path) -> None:
    """Part files as the two modules before this one wrote them after two adds (rows by
    ``rowparts``, 1-d arrays and term lists by ``pieces``, text data by ``rowtext``), written
    here byte for byte as they did, read back as the arrays written whole."""
    embeddings = [rows(6, 0), rows(3, 1), rows(2, 2)]
    for number, part in enumerate(embeddings):
        np.save(tmp_path / ("embeddings.npy" if number == 0 else f"embeddings.{number}.npy"), part)
    codes = [np.arange(k, 3 * k, dtype=np.int32) for k in (7, 4, 1)]
    for number, part in enumerate(codes):
        name = "vocab.codes.i32" if number == 0 else f"vocab.codes.{number}.i32"
        (tmp_path / name).write_bytes(part.tobytes())
    terms = [["أ", "ب", "ج"], ["د"], ["هـ", "و"]]
    for number, part in enumerate(terms):
        name = "vocab.terms.arrow" if number == 0 else f"vocab.terms.{number}.arrow"
        table = pa.table({"term": pa.array(part, pa.string())})
        with (
            pa.OSFile(str(tmp_path / name), "wb") as sink,
            pa.ipc.new_file(sink, table.schema) as w,
        ):
            w.write_table(table)
    words = [["واحد", "اثنان"], ["ثلاثة"], ["أربعة", ""]]
    texts = [[zlib.compress(w.encode()) if w else b"" for w in part] for part in words]
    end = 0
    for number, part in enumerate(texts):
        suffix = "" if number == 0 else f".{number}"
        (tmp_path / f"text.body{suffix}.bin").write_bytes(b"".join(part))
        ends = np.cumsum([len(t) for t in part]) + end
        first = [0] if number == 0 else []
        np.save(tmp_path / f"text.body{suffix}.npy", np.asarray(first + ends.tolist(), np.int64))
        end = int(ends[-1])
    assert np.array_equal(np.asarray(load_rows(tmp_path)), np.vstack(embeddings))
    assert np.array_equal(arrayparts.read_all(tmp_path, "vocab.codes.i32"), np.concatenate(codes))
    read = arrayparts.read(tmp_path, "vocab.codes.i32")
    assert np.array_equal(read[: len(read)], np.concatenate(codes))
    assert arrayparts.read_all(tmp_path, "vocab.terms.arrow") == [t for part in terms for t in part]
    offsets = arrayparts.read_all(tmp_path, "text.body.npy")
    data = arrayparts.read(tmp_path, "text.body.bin")
    flat = [text for part in texts for text in part]
    assert [data[a:b].tobytes() for a, b in itertools.pairwise(offsets)] == flat
    assert RowTexts(tmp_path, "body").get(range(len(flat))) == [w for p in words for w in p]
