# ruff: noqa: E501  (the case table keeps one case a line)
"""Hostile and careless uses of Marsad, run end to end through its real command line.

``make redteam`` (or ``python scripts/redteam.py --store DIR``) runs every case of
:data:`CASES` in a fresh temporary folder, prints a table (case, expected, got, result)
and exits 1 when any case fails. A case passes when the command exits with the expected
status, says the expected phrase on stderr, shows no traceback, and (unless the case
says otherwise) leaves every file of its folder as it was.

Adding a case is one :class:`Case` line: the files to lay out (paths relative to the
case's folder; a value is text, bytes, or one of :class:`Link`, :class:`BuiltStore`,
:class:`Truncate`, :class:`Remove`), the command line (run in that folder), and what
it must do. ``STORE_ARGS`` and the layouts below are there to be reused.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Link:
    """A symbolic link to ``target``."""

    target: str


@dataclass(frozen=True)
class BuiltStore:
    """A private copy of the built store, published as builds publish one."""


@dataclass(frozen=True)
class Truncate:
    """The file cut to its first ``size`` bytes."""

    size: int


@dataclass(frozen=True)
class Remove:
    """The file or folder removed."""


Layout = dict[str, "str | bytes | Link | BuiltStore | Truncate | Remove"]


@dataclass(frozen=True)
class Case:
    """One hostile use: lay out ``files``, run ``command``, expect ``status`` and ``says``."""

    name: str
    files: Layout
    command: str  # the arguments of ``python -m dashboard``, split on spaces
    status: int
    says: str  # a phrase the command's stderr must hold
    untouched: bool = True  # the case's folder must be left exactly as it was


def _jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def _pickled() -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    return buffer.getvalue()


CORPUS = _jsonl(
    [{"title": f"عنوان {i}", "body": f"نص الخبر {i}", "date": f"2024-01-0{i}"} for i in (1, 2)]
)
NOTE = "the user's own notes"
USER = {"c.jsonl": CORPUS, "mine/notes.txt": NOTE}
STORE: Layout = {"c.jsonl": CORPUS, "store": BuiltStore()}
STORE_ARGS = "--store store"


def _zip_member_method(method: int) -> bytes:
    """A zip of one stored CSV member whose headers claim compression ``method`` (93: zstd)."""
    import struct
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("c.csv", "title,body,date\nعنوان,نص,2024-01-01\n")
    data = bytearray(buffer.getvalue())
    struct.pack_into("<H", data, 8, method)  # the local header
    struct.pack_into("<H", data, data.rfind(b"PK\x01\x02") + 10, method)  # the central one
    return bytes(data)


CORPUS2 = _jsonl([{"title": "خارج", "body": "نص من خارج المجلد", "date": "2024-01-03"}])
INGEST = "ingest in --out o.parquet"
CASES: list[Case] = [
    # Issue 14 §1: a build never deletes what is not a Marsad store.
    Case("out is a user folder", USER, "build --corpus c.jsonl --out mine", 2, "files of its own"),
    Case("corpus is the out", {"in/c.jsonl": CORPUS}, "build --corpus in --out in", 2, "refused"),
    Case("out is a file", USER, "build --corpus c.jsonl --out mine/notes.txt", 2, "existing file"),
    Case("out is .", USER, "build --corpus c.jsonl --out .", 2, "files of its own"),
    Case("out under /proc", USER, "build --corpus c.jsonl --out /proc/x", 2, "system folder"),
    Case("out's parent is a file", USER, "build --corpus c.jsonl --out mine/notes.txt/s", 2, "is a file"),
    Case("out inside corpus", {"in/c.jsonl": CORPUS}, "build --corpus in --out in/s", 2, "overlap"),
    Case("corpus inside out", STORE, "build --corpus store/topics.parquet --out store", 2, "overlap"),
    Case("out links elsewhere", {**USER, "l": Link("mine")}, "build --corpus c.jsonl --out l", 2, "link"),
    Case("remove user files", USER, "build --corpus c.jsonl --out s --remove-after-read", 2, "uploads"),
    Case("out name too long", USER, f"build --corpus c.jsonl --out {'a' * 300}", 2, "cannot be inspected"),
    Case("add into a user folder", USER, "add --store mine --corpus c.jsonl", 2, "not a Marsad store"),
    # Issue 14 §2: a damaged store is named, with the command that rebuilds it.
    Case("similar, empty articles part", {**STORE, "store/articles/part-00000.parquet": b""}, f"similar {STORE_ARGS} --article x", 1, "articles/part-00000.parquet is damaged"),
    Case("search, cut embeddings", {**STORE, "store/embeddings.npy": Truncate(100)}, f"search {STORE_ARGS} q", 1, "embeddings.npy is damaged"),
    Case("similar, pickled embeddings", {**STORE, "store/embeddings.npy": _pickled()}, f"similar {STORE_ARGS} --article x", 1, "embeddings.npy is damaged"),
    Case("verify, invalid manifest", {**STORE, "store/manifest.json": "{"}, f"verify {STORE_ARGS}", 1, "manifest.json is damaged"),
    Case("search, no manifest", {**STORE, "store/manifest.json": Remove()}, f"search {STORE_ARGS} q", 1, "no manifest.json"),
    Case("add, empty articles part", {**STORE, "store/articles/part-00000.parquet": b""}, f"add {STORE_ARGS} --corpus c.jsonl", 1, "articles/part-00000.parquet is damaged"),
    Case("add, no topic model", {**STORE, "store/topic_model": Remove()}, f"add {STORE_ARGS} --corpus c.jsonl", 1, "topic_model is damaged"),
    Case("unknown embedder", USER, "build --corpus c.jsonl --out s --embedder x/none", 2, "not on disk"),
    Case("missing seed topics", USER, "build --corpus c.jsonl --out s --seed-topics no.txt", 2, "seed-topics"),
    # Issue 23: every number has a range.
    Case("similar -k -5", STORE, f"similar {STORE_ARGS} --article x -k -5", 2, "in 1..1000, got -5"),
    Case("search -k 1001", STORE, f"search {STORE_ARGS} q -k 1001", 2, "in 1..1000, got 1001"),
    Case("build --threads 0", USER, "build --corpus c.jsonl --out s --threads 0", 2, "in 1..64"),
    Case("serve --port 70000", {}, "serve --port 70000", 2, "in 1..65535"),
    # Issue 14 §2 and 23: hostile files are read or refused by name, the folder never left.
    Case("json nested 100,000 deep", {"in/d.json": "[" * 100_000 + "]" * 100_000}, INGEST, 1, "nested more than", untouched=False),
    Case("lone surrogate escapes", {"in/s.jsonl": CORPUS.replace("عنوان 1", "\\ud800")}, INGEST, 0, "lone surrogate escapes", untouched=False),
    Case("5,000-digit integer", {"in/l.jsonl": CORPUS.replace('"date"', '"id": ' + "7" * 5000 + ', "date"')}, INGEST, 0, "kept as text", untouched=False),
    Case("byte-order mark mid-file", {"in/b.jsonl": CORPUS.encode("utf-8-sig") * 2}, INGEST, 0, "byte-order mark", untouched=False),
    Case("zstd zip member", {"in/z.zip": _zip_member_method(93)}, INGEST, 1, "Zstandard", untouched=False),
    Case("link out of the folder", {"in/c.jsonl": CORPUS, "in/x.jsonl": Link("../o/x.jsonl"), "o/x.jsonl": CORPUS2}, INGEST, 0, "symbolic link, not followed", untouched=False),
    Case("html nested 5,000 deep", {"in/p.html": "<table><tr><td>" * 5000 + "نص الخبر عن جسر جديد فوق النهر. " * 9 + "</td></tr></table>" * 5000}, INGEST, 0, "could not be parsed", untouched=False),
]  # fmt: skip


def lay_out(folder: Path, files: Layout, store: Path | None) -> None:
    """Create ``files`` under ``folder`` (see :class:`Case`)."""
    from dashboard.storage.store import publish, versions_dir

    for name, value in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(value, BuiltStore):
            if store is None:
                raise SystemExit("this case needs a built store: pass --store DIR")
            version = versions_dir(path) / "copy"
            shutil.copytree(Path(store).resolve(), version)
            publish(version, path)
        elif isinstance(value, Link):
            path.symlink_to(value.target)
        elif isinstance(value, Truncate):
            path.write_bytes(path.read_bytes()[: value.size])
        elif isinstance(value, Remove):
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        else:
            data = value.encode() if isinstance(value, str) else value
            path.write_bytes(data)


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry under ``folder``: a file's bytes, a link's target, or a folder."""
    found: dict[str, object] = {}
    for parent, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(parent) / name
            key = str(path.relative_to(folder))
            if path.is_symlink():
                found[key] = os.readlink(path)
            else:
                found[key] = "folder" if path.is_dir() else path.read_bytes()
    return found


@dataclass(frozen=True)
class Outcome:
    """What a case did, and whether that is what it expects."""

    case: Case
    status: int
    stderr: str
    changed: bool

    @property
    def passed(self) -> bool:
        """The expected status and phrase, no traceback, and nothing changed unless allowed."""
        return (
            self.status == self.case.status
            and self.case.says in self.stderr
            and "Traceback" not in self.stderr
            and not (self.case.untouched and self.changed)
        )

    @property
    def got(self) -> str:
        """The status and the last line of stderr, short."""
        last = (self.stderr.strip().splitlines() or [""])[-1]
        return f"{self.status}{' changed' if self.changed else ''}: {last[:90]}"


def in_subprocess(args: list[str], folder: Path, timeout: float = 600) -> tuple[int, str]:
    """Run ``python -m dashboard ARGS`` in ``folder``; (exit status, stderr)."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return done.returncode, done.stderr


def in_process(args: list[str], folder: Path) -> tuple[int, str]:
    """Run the same command line in this process (what the test suite does: no start-up
    cost per case); (exit status, stderr)."""
    from dashboard.cli import main as cli

    stderr, here = io.StringIO(), Path.cwd()
    try:
        os.chdir(folder)
        with contextlib.redirect_stderr(stderr):
            try:
                status = cli(args)
            except SystemExit as exit_:  # argparse's refusals
                status = exit_.code if isinstance(exit_.code, int) else 1
            except Exception:  # a crash: shown as the traceback it would print
                status = 1
                traceback.print_exc()
    finally:
        os.chdir(here)
    return status, stderr.getvalue()


Runner = Callable[[list[str], Path], tuple[int, str]]


def run_case(case: Case, store: Path | None, runner: Runner = in_subprocess) -> Outcome:
    """Run ``case`` in a fresh temporary folder (through ``python -m dashboard`` by default)."""
    with tempfile.TemporaryDirectory(prefix="marsad-redteam-") as tmp:
        folder = Path(tmp)
        lay_out(folder, case.files, store)
        before = snapshot(folder)
        status, stderr = runner(case.command.split(), folder)
        return Outcome(case, status, stderr, snapshot(folder) != before)


def table(outcomes: list[Outcome]) -> str:
    """The summary table: case, expected, got, pass/fail."""
    rows = [("case", "expected", "got", "result")]
    for o in outcomes:
        expected = f"{o.case.status}: {o.case.says}"
        rows.append((o.case.name, expected, o.got, "pass" if o.passed else "FAIL"))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join([*lines[:1], "-" * len(lines[0]), *lines[1:]])


def main(argv: list[str] | None = None, echo: Callable[[str], None] = print) -> int:
    """Run every case (or those whose name holds ``--only``); 1 when any fails."""
    args = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    args.add_argument("--store", type=Path, help="a built store (make build) to damage copies of")
    args.add_argument("--only", default="", help="run only the cases whose name holds this")
    options = args.parse_args(argv)
    outcomes = [run_case(c, options.store) for c in CASES if options.only in c.name]
    echo(table(outcomes))
    failed = sum(not o.passed for o in outcomes)
    echo(f"{len(outcomes) - failed} of {len(outcomes)} cases passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
