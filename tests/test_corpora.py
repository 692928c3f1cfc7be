"""Built corpora: safe names, listing, resolving a name, and the build log read as progress."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.pipeline.upload_build import parse_log
from dashboard.storage import corpora
from dashboard.storage.corpora import CorpusError, available, check_name, resolve, suggest_name
from dashboard.storage.store import MANIFEST


@pytest.mark.parametrize("name", ["demo", "gaza-2024", "a", "x_1", "0", "a" * 48])
def test_safe_names_pass(name: str) -> None:
    assert check_name(name) == name


@pytest.mark.parametrize(
    "name",
    [
        "",
        "..",
        "../x",
        "a/b",
        "/etc",
        ".hidden",
        "-a",
        "_a",
        "Demo",
        "a b",
        "مدونة",
        "a\x00b",
        "a\nb",
        "a" * 49,
        "c:x",
        "a%2Fb",
    ],
)
def test_unsafe_names_are_refused(name: str) -> None:
    with pytest.raises(CorpusError, match="is not a corpus name"):
        check_name(name)


@pytest.mark.parametrize(
    ("filename", "name"),
    [
        ("Al Ufuq 2024.csv", "al-ufuq-2024"),
        ("../../etc/passwd.csv", "passwd"),
        ("C:\\data\\news.jsonl.gz", "news"),
        ("أخبار.csv", "my-corpus"),
        (".csv", "my-corpus"),
        ("x" * 80 + ".csv", "x" * 48),
    ],
)
def test_suggested_names_are_safe(filename: str, name: str) -> None:
    assert suggest_name(filename) == name
    assert check_name(suggest_name(filename))


def fake_store(path: Path, articles: int, built: str = "2026-11-29T10:00:00+00:00") -> Path:
    """A folder with just a manifest: enough for listing, which reads nothing else."""
    path.mkdir(parents=True)
    manifest = {"build_id": f"b{articles}", "created_at": built, "counts": {"articles": articles}}
    (path / MANIFEST).write_text(json.dumps(manifest))
    return path


def test_listing_and_resolving_corpora(tmp_path: Path) -> None:
    root, default = tmp_path / "corpora", tmp_path / "configured"
    fake_store(default, 405)
    fake_store(root / "beta", 30)
    fake_store(root / "alpha", 12)
    (root / "empty").mkdir()  # no manifest: not built
    (root / ".alpha.versions").mkdir()  # a store's hidden versions folder
    (root / "Bad Name").mkdir()
    fake_store(root / "broken", 1).joinpath(MANIFEST).write_text("{not json")
    found = available(root, default)
    assert list(found) == ["", "alpha", "beta"]
    assert (found[""].articles, found["alpha"].articles, found["beta"].built) == (
        405,
        12,
        "2026-11-29T10:00:00+00:00",
    )
    assert resolve(root, "", default) == default
    assert resolve(root, "beta", default) == root / "beta"
    for name in ("empty", "missing", "broken"):
        with pytest.raises(CorpusError, match=f"no corpus named '{name}' is built"):
            resolve(root, name, default)
    with pytest.raises(CorpusError, match="is not a corpus name"):
        resolve(root, "../configured", default)


def test_the_configured_store_is_listed_once(tmp_path: Path) -> None:
    """The demo lives under the root too (data/artifacts/demo): it is the default, not twice."""
    root = tmp_path / "artifacts"
    fake_store(root / "demo", 405)
    fake_store(root / "mine", 30)
    assert list(available(root, root / "demo")) == ["", "mine"]
    assert available(tmp_path / "none", tmp_path / "none" / "demo") == {"": None}


def test_describe_reads_the_manifest(tmp_path: Path) -> None:
    corpus = corpora.describe(fake_store(tmp_path / "x", 7), "x")
    assert corpus == corpora.Corpus("x", tmp_path / "x", 7, "2026-11-29T10:00:00+00:00", "b7")


LOG = (
    "[ingest] ...\n"
    "read 31 records: 30 loaded, 1 rejected, 0 duplicates\n"
    "[ingest] done in 1.2 s (peak RSS 500 MiB)\n"
    "[embed] ...\n"
    "embed:   0%|          | 0/30 [00:00<?, ?doc/s]\r"
    "embed:  50%|#####     | 15/30 [00:01<00:01, 12.0doc/s]\r"
)


def test_progress_while_embedding() -> None:
    progress = parse_log(LOG, returncode=None)
    assert progress.state == "running"
    assert progress.finished == {"ingest": 1.2}
    assert (progress.current, progress.percent) == ("embed", 50)
    assert progress.message == "read 31 records: 30 loaded, 1 rejected, 0 duplicates"
    assert progress.fraction == pytest.approx(1.5 / 6)  # six stages, the second half done
    assert parse_log("", None).fraction == 0.0


def test_progress_of_a_finished_build() -> None:
    log = LOG + "embed: 100%|##########| 30/30\n[embed] done in 2.5 s\n"
    for stage in ("topics", "entities", "store"):
        log += f"[{stage}] ...\n[{stage}] done in 0.5 s (peak RSS 900 MiB)\n"
    log += 'built 30 articles into /x/mine in 9.0 s\n{\n  "build_id": "b"\n}\n'
    progress = parse_log(log, returncode=0)
    assert progress.state == "done" and progress.fraction == 1.0
    assert list(progress.finished) == ["ingest", "embed", "topics", "entities", "store"]
    assert progress.current == ""
    assert progress.message == "built 30 articles into /x/mine in 9.0 s"


def test_a_failure_says_why() -> None:
    failed = parse_log("[ingest] ...\nbuild failed: x.csv: missing required columns\n", 1)
    assert (failed.state, failed.message, failed.busy) == (
        "failed",
        "x.csv: missing required columns",
        False,
    )
    busy = parse_log("build failed: another build of /r/mine is running (pid 7)\n", 1)
    assert busy.busy and busy.message.startswith("another build of /r/mine")
    crash = parse_log(LOG + "Traceback (most recent call last):\nMemoryError: out\n", 1)
    assert (crash.state, crash.message, crash.current) == ("failed", "MemoryError: out", "embed")
    assert parse_log(LOG, -9).message == "the build process was stopped (signal 9)"
    assert parse_log("", 2).message == "the build process ended with status 2"
