"""The server's build queue (issue 14): one build at a time, the others wait their turn in
order, know their place in line, can be cancelled, and start when a build before them fails.

Builds here are fast stand-ins (``build_command`` replaced): each notes when it starts and
ends, and fails when its corpus is named "fail…".
"""

from __future__ import annotations

import itertools
import os
import sys
import time
from pathlib import Path

import pytest

from dashboard.pipeline import upload_build
from dashboard.pipeline.upload_build import BuildJob, start_build
from dashboard.pipeline.uploads import UploadError

FAKE = """
import sys, time
from pathlib import Path
times, name = Path(sys.argv[1]), sys.argv[2]
with times.open("a") as f:
    f.write(f"start {name} {time.monotonic()}\\n")
print("[ingest] ...", flush=True)
time.sleep(0.6)
with times.open("a") as f:
    f.write(f"end {name} {time.monotonic()}\\n")
sys.exit(1 if name.startswith("fail") else 0)
"""


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A corpora root whose builds are the fast stand-in, noting their times in times.txt."""
    times = tmp_path / "times.txt"

    def command(_corpus, out, _mapping, _embedder, _threads) -> list[str]:
        return [sys.executable, "-c", FAKE, str(times), Path(out).name]

    monkeypatch.setattr(upload_build, "build_command", command)
    monkeypatch.setattr(upload_build, "WAIT_S", 0.05)
    (tmp_path / "corpora").mkdir()
    return tmp_path / "corpora"


def ask(root: Path, name: str, size: int = 10) -> BuildJob:
    """Ask for a build of ``name`` from an upload of ``size`` bytes."""
    return start_build([("a.csv", b"x" * size)], name, root, parent=root.parent, max_mb=1)


def finish(job: BuildJob, timeout: float = 60) -> str:
    """Poll a job until it has ended; its final state."""
    deadline = time.monotonic() + timeout
    while job.poll().state in ("queued", "running"):
        assert time.monotonic() < deadline, "the build did not end"
        time.sleep(0.05)
    return job.poll().state


def spans(root: Path) -> dict[str, tuple[float, float]]:
    """Corpus name -> (start, end) of each stand-in build that ran."""
    marks: dict[str, dict[str, float]] = {}
    for line in (root.parent / "times.txt").read_text().splitlines():
        kind, name, moment = line.split()
        marks.setdefault(name, {})[kind] = float(moment)
    return {name: (m["start"], m["end"]) for name, m in marks.items()}


def test_builds_wait_their_turn_and_run_one_at_a_time(root: Path) -> None:
    first, second, third = ask(root, "one"), ask(root, "two"), ask(root, "three")
    assert first.poll().state == "running"
    assert (second.poll().state, second.poll().position) == ("queued", 2)
    assert (third.poll().state, third.poll().position) == ("queued", 3)
    assert [finish(job) for job in (first, second, third)] == ["done"] * 3
    ran = spans(root)
    order = sorted(ran, key=lambda name: ran[name][0])
    assert order == ["one", "two", "three"]
    for before, after in itertools.pairwise(order):
        assert ran[before][1] <= ran[after][0]  # never two at once
    assert not list((root / upload_build.QUEUE).iterdir())  # no ticket left


def test_the_next_build_starts_when_one_fails(root: Path) -> None:
    failing, waiting = ask(root, "fail-first"), ask(root, "after")
    assert waiting.poll().state == "queued"
    assert finish(failing) == "failed"
    assert finish(waiting) == "done"
    assert set(spans(root)) == {"fail-first", "after"}


def test_a_waiting_build_can_be_cancelled(root: Path) -> None:
    running, cancelled, last = ask(root, "one"), ask(root, "two"), ask(root, "three")
    assert last.poll().position == 3
    assert cancelled.cancel()
    assert cancelled.poll().state == "cancelled" and not cancelled.folder.exists()
    assert last.poll().position == 2  # moved up
    assert [finish(running), finish(last)] == ["done", "done"]
    assert "two" not in spans(root)
    assert not running.cancel()  # a build that has started is not cancelled


def test_the_queue_holds_a_bounded_total_of_uploads(root: Path) -> None:
    running = ask(root, "one")
    big = 1 << 20  # the upload limit (max_mb=1) each
    waiting = [ask(root, f"w{i}", big) for i in range(upload_build.QUEUE_UPLOADS)]
    with pytest.raises(UploadError, match="the build queue is full"):
        ask(root, "one-too-many", big)
    for job in waiting:
        job.cancel()
    assert finish(running) == "done"


def test_the_page_shows_the_place_in_line_and_cancels(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("MARSAD_CORPORA", str(root))
    monkeypatch.setenv("MARSAD_STORE", str(root.parent / "demo"))
    monkeypatch.setenv("MARSAD_ALLOW_UPLOADS", "1")
    held = upload_build.try_lock(root)  # a build runs
    try:
        job = ask(root, "mine")
        page = Path(upload_build.__file__).parents[1] / "app" / "views" / "upload.py"
        app = AppTest.from_string(f"import runpy\nrunpy.run_path({str(page)!r})")
        app.query_params["lang"] = "en"
        app.session_state["upload_job"] = job
        app.run(timeout=60)
        assert not app.exception
        shown = [box.value for box in app.info]
        assert any("is number 2 in line" in text for text in shown), shown
        app.button(key="w_cancel").click().run(timeout=60)
        assert job.poll().state == "cancelled"
        assert any("cancelled before it started" in box.value for box in app.info)
    finally:
        os.close(held)
