"""Arrays kept in parts: appended, linked, joined as a binary counter, read as one array."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dashboard.storage import pieces
from dashboard.storage.pieces import Pieces


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
    pieces.save(first / name, values[0])
    versions = [first]
    for number, chunk in enumerate(values[1:], start=1):
        version = tmp_path / f"v{number}"
        version.mkdir()
        pieces.append(versions[-1], version, name, chunk)
        versions.append(version)
        got = pieces.read_all(version, name)
        want = pieces.concatenated(values[: number + 1])
        assert list(got) == list(want), number
        assert not [p for p in version.iterdir() if p.name.startswith(".")]
    counts = [len(pieces.part_paths(v, name)) for v in versions]
    assert counts == [1, 2, 2, 2, 3, 1]  # joined while the last is no smaller than the one before
    linked = pieces.part_paths(versions[4], name)[0]
    assert linked.stat().st_ino == (first / name).stat().st_ino  # the first part shared
    assert (versions[5] / name).stat().st_ino != (first / name).stat().st_ino  # joined anew


def test_parts_are_not_joined_past_the_cap(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pieces, "JOIN_BYTES", 300)
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    pieces.save(one / "x.i32", np.arange(50, dtype=np.int32))  # 200 bytes
    pieces.append(one, two, "x.i32", np.arange(60, dtype=np.int32))  # 240: 440 > 300
    assert len(pieces.part_paths(two, "x.i32")) == 2
    assert np.array_equal(pieces.read_all(two, "x.i32"), np.r_[np.arange(50), np.arange(60)])


def test_pieces_index_as_the_concatenation() -> None:
    parts = [np.arange(0, 5), np.arange(5, 5), np.arange(5, 12), np.arange(12, 20)]
    whole = np.concatenate(parts)
    read = Pieces(parts)
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
