"""Uploaded corpus files: size-checked, written to a private temporary folder, read, removed.

Uploads are read by the same ``read_corpus`` as a build. They are written to a
folder that only this process's user can open (``tempfile.mkdtemp``, mode
0700), each file created anew (mode 0600, never following a link), and the
folder is removed as soon as the files are read, whatever happens. The report
names files as uploaded, never by their temporary path. The dashboard reads an
upload's preview with :func:`preview_uploads`: in a process of its own, its
address space capped, so that a hostile file cannot slow or exhaust the server.

>>> result = read_uploads([("a.csv", "title,body,date\\nعنوان,نص الخبر,2024-05-01\\n".encode())])
>>> result.report["loaded"], result.articles["source_file"].tolist()
(1, ['a.csv'])

A table whose columns are not recognised by name is read with a mapping:

>>> files = [("b.csv", "headline,story,day\\nعنوان,نص الخبر,2024-05-01\\n".encode())]
>>> read_uploads(files)
Traceback (most recent call last):
dashboard.pipeline.ingest.sources.IngestError: b.csv: missing required columns ['body', ...
>>> chosen = {**column_choices(["headline", "story", "day"], {}), "body": "story"}
>>> mapping = mapping_for(["headline", "story", "day"], {**chosen, "published_at": "day"})
>>> mapping, read_uploads(files, mapping=mapping).report["loaded"]
({'body': 'story', 'published_at': 'day'}, 1)
"""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from dashboard.pipeline.ingest import (
    MAPPABLE,
    IngestError,
    IngestResult,
    detect_columns,
    read_corpus,
)

MB = 1 << 20
DEFAULT_MAX_MB = 200
DEFAULT_MEMORY_MB = 4096
OUT_OF_MEMORY = 3  # the preview process's exit status when its memory cap was hit
PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # where ``python -m dashboard...`` runs
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:]+")


class UploadError(IngestError):
    """An upload refused as a whole (nothing given, or over the size limit)."""


def read_uploads(
    files: Sequence[tuple[str, bytes]],
    max_mb: int = DEFAULT_MAX_MB,
    parent: Path | None = None,
    mapping: dict[str, str] | None = None,
) -> IngestResult:
    """Read uploaded files as one corpus, through a private temporary folder.

    Args:
        files: (name as uploaded, content) pairs.
        max_mb: The most megabytes the files may hold together.
        parent: Where the temporary folder is made (default: the system's).
        mapping: Canonical field -> column of the tables, overriding detection
            ("" leaves a field unused); see :func:`mapping_for`.

    Returns:
        What ``read_corpus`` made of the files, with files named as uploaded.

    Raises:
        UploadError: No files, or more than ``max_mb`` megabytes in all.
        IngestError: None of the files could be read; the message says why, and
            ``columns`` lists the columns of the tables that were read.
    """
    check_size(files, max_mb)
    folder = private_folder("marsad-upload-", parent)
    prefix = f"{folder}{os.sep}"
    try:
        paths = write_files(folder, files)
        result = read_corpus(paths, mapping=mapping)
    except IngestError as error:
        raise IngestError(str(error).replace(prefix, ""), error.columns) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return _renamed(result, prefix)


def preview_uploads(
    files: Sequence[tuple[str, bytes]],
    max_mb: int = DEFAULT_MAX_MB,
    mapping: dict[str, str] | None = None,
    memory_mb: int = DEFAULT_MEMORY_MB,
    parent: Path | None = None,
) -> IngestResult:
    """:func:`read_uploads` in a process of its own whose address space is capped.

    Args:
        files: (name as uploaded, content) pairs.
        max_mb: The most megabytes the files may hold together.
        mapping: Column mapping, as for :func:`read_uploads`.
        memory_mb: The most address space, in megabytes, the reading may use
            (``MARSAD_PREVIEW_MEMORY_MB``).
        parent: Where the private temporary folder is made (default: the system's).

    Raises:
        UploadError: no files, too many megabytes, or the reading hit its memory cap
            or failed; the message says which.
        IngestError: none of the files could be read; the message says why.
    """
    check_size(files, max_mb)
    folder = private_folder("marsad-preview-", parent)
    prefix = f"{folder / 'upload'}{os.sep}"
    try:
        (folder / "upload").mkdir(mode=0o700)
        paths = write_files(folder / "upload", files)
        request = {"paths": [str(p) for p in paths], "mapping": mapping or {}}
        (folder / "request.json").write_text(json.dumps(request), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "dashboard.pipeline.uploads", str(folder), str(memory_mb)],
            cwd=PACKAGE_ROOT,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env={**os.environ, "MALLOC_ARENA_MAX": "2"},
        )
        if done.returncode == OUT_OF_MEMORY:
            raise UploadError(
                f"reading the files needed more than {memory_mb:,} MB of memory (the limit, "
                "MARSAD_PREVIEW_MEMORY_MB); upload fewer or smaller files"
            )
        if done.returncode < 0:
            raise UploadError(
                f"the process reading the files was stopped (signal {-done.returncode}), "
                f"perhaps at its memory limit of {memory_mb:,} MB (MARSAD_PREVIEW_MEMORY_MB)"
            )
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or [""])[-1]
            raise UploadError(f"reading the files failed (status {done.returncode}): {last}")
        with (folder / "result.pickle").open("rb") as handle:
            outcome = pickle.load(handle)  # written by our own child process just now
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if isinstance(outcome, IngestError):
        raise IngestError(str(outcome).replace(prefix, ""), outcome.columns)
    return _renamed(outcome, prefix)


def _preview_child(folder: Path, memory_mb: int) -> int:
    """The preview process: cap the address space, read the request's files, write the
    outcome (a result or an ``IngestError``) for the parent; returns the exit status."""
    import resource

    request = json.loads((folder / "request.json").read_text(encoding="utf-8"))
    cap = memory_mb * MB
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    try:
        try:
            outcome: IngestResult | IngestError = read_corpus(
                [Path(p) for p in request["paths"]], mapping=request["mapping"]
            )
        except IngestError as error:
            outcome = error
        with (folder / "result.pickle").open("wb") as handle:
            pickle.dump(outcome, handle)
    except MemoryError:
        return OUT_OF_MEMORY
    return 0


def check_size(files: Sequence[tuple[str, bytes]], max_mb: int) -> None:
    """Refuse an empty upload, or one over ``max_mb`` megabytes in all.

    Raises:
        UploadError: saying which, and how large the upload is.
    """
    if not files:
        raise UploadError("no files were uploaded")
    total = sum(len(data) for _, data in files)
    if total > max_mb * MB:
        raise UploadError(
            f"the upload holds {total / MB:.1f} MB, over the limit of {max_mb} MB "
            "(MARSAD_MAX_UPLOAD_MB); upload fewer or smaller files"
        )


def private_folder(prefix: str, parent: Path | None = None) -> Path:
    """A new temporary folder that only this process's user can open (mode 0700)."""
    return Path(tempfile.mkdtemp(prefix=prefix, dir=parent))


def column_choices(columns: Sequence[str], mapping: dict[str, str]) -> dict[str, str]:
    """The column each mappable field is read from: ``mapping``'s, else the one recognised by
    name, else "" (not used)."""
    detected = detect_columns(columns)
    return {name: mapping.get(name, detected.get(name, "")) for name in MAPPABLE}


def mapping_for(columns: Sequence[str], choices: dict[str, str]) -> dict[str, str]:
    """The mapping that reads each field from its chosen column: only the choices that differ
    from what is recognised by name, so files with other column names still read as before."""
    detected = detect_columns(columns)
    return {
        name: column
        for name, column in choices.items()
        if name in MAPPABLE and column != detected.get(name, "")
    }


def safe_name(name: str) -> str:
    """An uploaded file's name without folders, control characters or a leading dot."""
    base = PurePosixPath(name.replace("\\", "/")).name
    base = _UNSAFE.sub("_", base).lstrip(".")
    return base or "upload"


def write_files(folder: Path, files: Sequence[tuple[str, bytes]]) -> list[Path]:
    """Write each file into ``folder`` under a unique safe name; returns the paths."""
    paths: list[Path] = []
    for name, data in files:
        base = safe_name(name)
        path, n = folder / base, 1
        while path.exists():
            n += 1
            path = folder / f"{n}-{base}"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        with os.fdopen(os.open(path, flags, 0o600), "wb") as handle:
            handle.write(data)
        paths.append(path)
    return paths


def _renamed(result: IngestResult, prefix: str) -> IngestResult:
    """The result with the temporary folder left out of every file name it mentions."""

    def strip(text: object) -> object:
        return text.replace(prefix, "") if isinstance(text, str) else text

    for frame in (result.articles, result.rejected, result.duplicates):
        if "source_file" in frame:
            frame["source_file"] = frame["source_file"].map(strip)
    report = result.report
    for key in ("files", "errors", "warnings"):
        report[key] = [strip(line) for line in report.get(key, [])]
    report["duplicate_list"] = [
        {k: strip(v) for k, v in row.items()} for row in report.get("duplicate_list", [])
    ]
    return result


if __name__ == "__main__":  # the preview process (see preview_uploads)
    sys.exit(_preview_child(Path(sys.argv[1]), int(sys.argv[2])))
