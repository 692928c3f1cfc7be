import json
import shutil
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest

from dashboard.app import state
from dashboard.storage import store as store_module
from dashboard.storage.store import Store, StoreError, new_build_id, versions_dir, write_store


def frames(n: int) -> dict[str, pd.DataFrame]:
    articles = pd.DataFrame({"id": [f"a{i}" for i in range(n)], "title": ["عنوان"] * n})
    empty = pd.DataFrame({"x": pd.Series(dtype="int64")})
    return {
        "articles": articles,
        "topics": empty,
        "mentions": empty,
        "rejected": empty,
        "duplicates": empty,
    }


def test_write_then_read(tmp_path):
    out = tmp_path / "store"
    vectors = np.eye(3, 4, dtype=np.float32)
    write_store(out, frames(3), vectors, {"build_id": "b1"})
    store = Store(out)
    assert store.manifest["build_id"] == "b1"
    assert store.articles["id"].tolist() == ["a0", "a1", "a2"]
    assert store.embeddings.dtype == np.float16
    assert np.allclose(store.embeddings, vectors)
    assert store.verify() == []
    assert out.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".store.versions", "store"]


def test_rewrite_keeps_one_version_and_switches_the_link(tmp_path):
    out = tmp_path / "store"
    write_store(out, frames(2), np.zeros((2, 4), np.float32), {"build_id": "one"})
    first = out.resolve()
    write_store(out, frames(3), np.ones((3, 4), np.float32), {"build_id": "two"})
    assert Store(out).manifest["build_id"] == "two" and len(Store(out).articles) == 3
    assert not first.exists()
    assert [p.resolve() for p in versions_dir(out).iterdir()] == [out.resolve()]


def test_a_folder_from_before_links_is_replaced(tmp_path):
    out = tmp_path / "store"
    out.mkdir()
    (out / "manifest.json").write_text('{"build_id": "old"}')
    write_store(out, frames(1), np.zeros((1, 4), np.float32), {"build_id": "new"})
    assert out.is_symlink() and Store(out).manifest["build_id"] == "new"


def test_failed_write_keeps_previous_store(tmp_path, monkeypatch):
    out = tmp_path / "store"
    write_store(out, frames(2), np.zeros((2, 4), np.float32), {"build_id": "old"})

    def broken(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(store_module.np, "save", broken)
    with pytest.raises(OSError, match="disk full"):
        write_store(out, frames(3), np.zeros((3, 4), np.float32), {"build_id": "new"})
    assert json.loads((out / "manifest.json").read_text())["build_id"] == "old"
    assert [p.resolve() for p in versions_dir(out).iterdir()] == [out.resolve()]


def test_corruption_is_detected(tmp_path):
    out = tmp_path / "store"
    write_store(out, frames(2), np.zeros((2, 4), np.float32), {"build_id": "b"})
    with (out / "articles" / "part-00000.parquet").open("r+b") as handle:
        handle.seek(10)
        handle.write(b"XXXX")
    assert Store(out).verify() == ["articles/part-00000.parquet"]


def test_a_stamped_check_hashes_only_the_files_written_to_or_copied(tmp_path, monkeypatch):
    out = tmp_path / "store"
    write_store(out, frames(3), np.zeros((3, 4), np.float32), {"build_id": "b"})
    hashed = []
    hash_file = store_module.file_sha256
    monkeypatch.setattr(
        store_module, "file_sha256", lambda p: hashed.append(p.name) or hash_file(p)
    )
    assert Store(out).verify(stamped=True) == [] and hashed == []  # as written: none hashed
    part = out / "articles" / "part-00000.parquet"
    with part.open("r+b") as handle:  # the same size, other bytes
        handle.seek(10)
        handle.write(b"XXXX")
    assert Store(out).verify(stamped=True) == ["articles/part-00000.parquet"]
    assert hashed == ["part-00000.parquet"]
    hashed.clear()
    copy = tmp_path / "copy"
    shutil.copytree(out.resolve(), copy)  # the same times and sizes, other inodes
    (copy / "embeddings.npy").unlink()
    assert Store(copy).verify(stamped=True) == ["articles/part-00000.parquet", "embeddings.npy"]
    assert sorted(hashed) == sorted(
        p.name for p in copy.rglob("*") if p.is_file() and p.name != "manifest.json"
    )


def test_missing_store_names_the_build_command(tmp_path):
    with pytest.raises(StoreError, match="python -m dashboard build"):
        _ = Store(tmp_path / "nothing").manifest


def test_embeddings_must_match_articles(tmp_path):
    out = tmp_path / "store"
    write_store(out, frames(2), np.zeros((2, 4), np.float32), {"build_id": "b"})
    np.save(out / "embeddings.npy", np.zeros((5, 4), np.float16))
    with pytest.raises(StoreError, match="5 embeddings for 2 articles"):
        _ = Store(out).embeddings


def test_two_builds_in_one_second_get_different_ids():
    now = datetime(2026, 11, 29, 18, 5, 0, tzinfo=UTC)
    assert new_build_id(now) != new_build_id(now)
    assert state.BUILD_ID.fullmatch(new_build_id(now))  # a link can carry it


def test_the_frame_without_long_texts_holds_each_column_whole(tmp_path):
    """Taking rows from a column held in pieces (one per row group) joins every piece first,
    so a similar-article query paid for every article; whole columns cost the rows taken."""
    articles = frames(60)["articles"].assign(body="نص", search_text="نص")
    articles.to_parquet(tmp_path / "articles.parquet", row_group_size=7)
    store = Store(tmp_path, texts=False)
    assert list(store.articles.columns) == ["id", "title"]
    pd.testing.assert_frame_equal(store.articles, articles[["id", "title"]])
    for name in ("id", "title"):
        assert store.articles[name].array.__arrow_array__().num_chunks == 1
