"""add writes the stored articles file with the new rows appended, streaming the old rows."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from dashboard.pipeline.update import append_rows


def test_appended_file_reads_as_the_rows_concatenated(tmp_path: Path) -> None:
    stored = pd.DataFrame(
        {
            "id": [f"a{i}" for i in range(25)],
            "body": [f"نص {i}" for i in range(25)],
            "published_at": pd.date_range("2020-01-01", periods=25, tz="UTC"),
            "topic": np.arange(25, dtype=np.int64) % 3,
            "map_x": np.linspace(0, 1, 25),
        }
    )
    source, target = tmp_path / "old.parquet", tmp_path / "new.parquet"
    stored.to_parquet(source, index=False)
    new = stored.iloc[:4].drop(columns=["map_x"]).assign(id=["b0", "b1", "b2", "b3"])
    append_rows(source, new, target, batch=10)
    expected = pd.concat([stored, new], ignore_index=True)
    pd.testing.assert_frame_equal(pd.read_parquet(target), expected)
    assert pq.ParquetFile(target).metadata.num_row_groups == 4  # 10 + 10 + 5 streamed, then new
    with pytest.raises(ValueError, match="no column extra"):
        append_rows(source, new.assign(extra=1), tmp_path / "other.parquet")
