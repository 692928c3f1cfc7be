"""The add bench's arithmetic: bytes written by a version, phases, the 1M projection."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.add_bench import PHASES, PROJECTED, inodes, line_at, phases, projection, written_files


def test_written_files_leave_out_hard_links_of_the_previous_version(tmp_path: Path) -> None:
    previous, version = tmp_path / "v1", tmp_path / "v2"
    (previous / "articles").mkdir(parents=True)
    (previous / "articles" / "part-0.parquet").write_bytes(b"x" * 100)
    (previous / "index.bin").write_bytes(b"y" * 40)
    (version / "articles").mkdir(parents=True)
    os.link(previous / "articles" / "part-0.parquet", version / "articles" / "part-0.parquet")
    (version / "articles" / "part-1.parquet").write_bytes(b"z" * 7)
    (version / "index.bin").write_bytes((previous / "index.bin").read_bytes())  # a copy
    assert written_files(version, inodes(previous)) == {
        "articles/part-1.parquet": 7,
        "index.bin": 40,
    }


def test_line_at_extends_a_growing_line_and_averages_a_falling_one() -> None:
    assert line_at([1_000, 2_000, 4_000], [3.0, 5.0, 9.0], 10_000) == pytest.approx(21.0)
    assert line_at([1_000, 2_000, 4_000], [9.0, 8.0, 7.0], 10_000) == pytest.approx(8.0)
    assert line_at([1_000], [4.0], 10_000) == pytest.approx(4.0)


def report(cpu: dict[str, float], process: float) -> dict:
    """An update report whose phases took ``cpu`` seconds (wall the same)."""
    return {"timings_s": cpu, "cpu_s": cpu, "process_cpu_s": process}


def test_phases_hold_the_whole_process() -> None:
    cpu = {"verify": 1.0, "ingest": 2.0, "embed": 10.0, "topics": 1.0, "entities": 5.0}
    cpu |= {"publish": 9.0, "index": 1.0, "chars": 2.0, "engine": 3.0}
    row = phases(report(cpu, 40.0))
    assert row["write"]["cpu"] == pytest.approx(3.0)
    assert row["other"]["cpu"] == pytest.approx(12.0)
    assert sum(v["cpu"] for v in row.values()) == pytest.approx(40.0)


def test_projection_sums_every_phase_and_projects_bytes() -> None:
    sizes = [10_000, 100_000]
    rows = {}
    for n in sizes:
        row = {name: {"cpu": 1.0} for name in PHASES}
        row["entities"] = {"cpu": 1.0 + n / 10_000}  # 0.1 ms an article
        row["embed"] = {"cpu": 100.0 if n == sizes[0] else 80.0}  # spins: falls, at its mean
        row["other"] = {"cpu": 4.0}
        rows[str(n)] = {**row, "bytes_written": 1_000 + n}
    got = projection(rows, sizes)
    assert got["entities"] == pytest.approx(1.0 + PROJECTED / 10_000)
    assert got["embed"] == pytest.approx(90.0)
    assert got["other"] == pytest.approx(4.0)
    assert got["total"] == pytest.approx(101.0 + 90.0 + 4.0 + len(PHASES) - 2)
    assert got["bytes_written"] == 1_000 + PROJECTED
    one = projection(rows, sizes, embed_cpu=15.0)
    assert one["embed"] == pytest.approx(15.0)
    assert one["total"] == pytest.approx(got["total"] - 75.0)
    assert one["total_measured"] == pytest.approx(got["total"])
