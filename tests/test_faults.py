"""Faults during builds: a build killed at any stage leaves the served store intact, two builds
of one store never interleave, and damaged artifacts are detected."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DEMO, ROOT

from dashboard.storage.store import BuildBusy, Store, build_lock, versions_dir


def build_process(out: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "dashboard", "build", "--corpus", str(DEMO), "--out", str(out)]
    return subprocess.Popen(
        command, cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )


def kill_when(process: subprocess.Popen, marker: str) -> None:
    """SIGKILL the build as soon as it logs ``marker``."""
    for line in process.stderr:
        if marker in line:
            os.kill(process.pid, signal.SIGKILL)
            break
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, f"the build ended before {marker!r}"


@pytest.mark.parametrize("stage", ["ingest", "embed", "topics", "store"])
def test_build_killed_at_a_stage_leaves_the_served_store_intact(served: Path, stage: str):
    before = Store(served).manifest["build_id"]
    kill_when(build_process(served), f"[{stage}] ...")
    store = Store(served)
    assert store.manifest["build_id"] == before
    assert store.verify() == []
    assert len(store.articles) == len(store.embeddings) > 300
    with build_lock(served):  # the killed build's lock died with it
        pass


def test_the_next_build_after_a_kill_succeeds_and_cleans_up(served: Path):
    kill_when(build_process(served), "[topics] ...")
    done = build_process(served)
    _, errors = done.communicate(timeout=600)
    assert done.returncode == 0, errors
    assert Store(served).verify() == []
    assert [p.resolve() for p in versions_dir(served).iterdir()] == [served.resolve()]
    assert not list(served.parent.glob(".store.link-*"))


def test_a_second_build_of_the_same_store_is_refused_clearly(served: Path):
    with build_lock(served):
        with (
            pytest.raises(BuildBusy, match=r"another build of .* is running .*pid"),
            build_lock(served),
        ):
            pass
        refused = subprocess.run(
            [
                sys.executable,
                "-m",
                "dashboard",
                "build",
                "--corpus",
                str(DEMO),
                "--out",
                str(served),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert refused.returncode == 1
    assert "another build of" in refused.stderr and "--wait" in refused.stderr


def test_a_damaged_artifact_is_named(served: Path):
    target = served / "embeddings.npy"
    data = bytearray(target.read_bytes())
    data[-8:] = b"\x00" * 8
    target.write_bytes(bytes(data))
    assert Store(served).verify() == ["embeddings.npy"]


def test_the_app_names_a_damaged_file_and_how_to_rebuild(served: Path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    (served / "mentions.parquet").write_bytes(b"not parquet")
    monkeypatch.setenv("MARSAD_STORE", str(served))
    app = AppTest.from_file(str(ROOT / "dashboard" / "app" / "main.py"), default_timeout=60).run()
    message = app.error[0].value
    assert "mentions.parquet" in message and "python -m dashboard build" in message
