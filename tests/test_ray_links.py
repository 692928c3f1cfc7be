"""The Ray build reads corpus folders as the local build does: symbolic links are skipped and
named unless ``--follow-links`` is given (issue 14).

The corpus is read before Ray starts, so these tests stop the build where it would connect:
no Ray cluster is started.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import cli
from dashboard.pipeline import ray_build
from dashboard.pipeline.build import BuildError

HEADER = "title,body,date\n"


class Stop(BuildError):
    """Raised where the Ray build would connect to Ray."""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder of one CSV and a link to a CSV outside it."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "own.csv").write_text(HEADER + "خبر أول,نص الخبر الأول هنا,2024-01-02\n")
    outside = tmp_path / "outside.csv"
    outside.write_text(HEADER + "خبر من الخارج,نص خبر من خارج المجلد,2024-01-03\n")
    (folder / "link.csv").symlink_to(outside)
    return folder


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list:
    """The ingest results the Ray build got; the build stops before connecting to Ray."""
    seen = []
    load = ray_build.load_corpus

    def spy(*args, **kwargs):
        loaded = load(*args, **kwargs)
        seen.append(loaded[0])
        return loaded

    def stop(*_args) -> bool:
        raise Stop("stopped before connecting to Ray")

    monkeypatch.setattr(ray_build, "load_corpus", spy)
    monkeypatch.setattr(ray_build, "connect", stop)
    return seen


@pytest.mark.parametrize("follow", [False, True])
def test_ray_build_follows_links_only_when_asked(
    corpus: Path, tmp_path: Path, reads: list, follow: bool
) -> None:
    with pytest.raises(Stop):
        ray_build.build_ray([corpus], tmp_path / "out", follow_links=follow, log=lambda _l: None)
    report = reads[0].report
    skipped = [w for w in report["warnings"] if "link.csv" in w and "symbolic link" in w]
    assert report["loaded"] == (2 if follow else 1)
    assert bool(skipped) is not follow


@pytest.mark.parametrize("follow", [False, True])
def test_cli_passes_follow_links_to_the_ray_engine(
    corpus: Path, tmp_path: Path, reads: list, follow: bool, capsys: pytest.CaptureFixture
) -> None:
    flag = ["--follow-links"] if follow else []
    argv = ["build", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "--engine", "ray"]
    assert cli.main(argv + flag) == 1
    assert "stopped before connecting to Ray" in capsys.readouterr().err
    assert reads[0].report["loaded"] == (2 if follow else 1)
