"""Uploaded corpus files: size-checked, written to a private temporary folder, read, removed.

Uploads are read by the same ``read_corpus`` as a build. They are written to a
folder that only this process's user can open (``tempfile.mkdtemp``, mode
0700), each file created anew (mode 0600, never following a link), and the
folder is removed as soon as the files are read, whatever happens. The report
names files as uploaded, never by their temporary path.

>>> result = read_uploads([("a.csv", "title,body,date\\nعنوان,نص الخبر,2024-05-01\\n".encode())])
>>> result.report["loaded"], result.articles["source_file"].tolist()
(1, ['a.csv'])
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from dashboard.core.ingest import IngestError, IngestResult, read_corpus

MB = 1 << 20
DEFAULT_MAX_MB = 200
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:]+")


class UploadError(ValueError):
    """An upload refused as a whole (nothing given, or over the size limit)."""


def read_uploads(
    files: Sequence[tuple[str, bytes]],
    max_mb: int = DEFAULT_MAX_MB,
    parent: Path | None = None,
) -> IngestResult:
    """Read uploaded files as one corpus, through a private temporary folder.

    Args:
        files: (name as uploaded, content) pairs.
        max_mb: The most megabytes the files may hold together.
        parent: Where the temporary folder is made (default: the system's).

    Returns:
        What ``read_corpus`` made of the files, with files named as uploaded.

    Raises:
        UploadError: No files, or more than ``max_mb`` megabytes in all.
        IngestError: None of the files could be read; the message says why.
    """
    if not files:
        raise UploadError("no files were uploaded")
    total = sum(len(data) for _, data in files)
    if total > max_mb * MB:
        raise UploadError(
            f"the upload holds {total / MB:.1f} MB, over the limit of {max_mb} MB "
            "(MARSAD_MAX_UPLOAD_MB); upload fewer or smaller files"
        )
    folder = Path(tempfile.mkdtemp(prefix="marsad-upload-", dir=parent))
    prefix = f"{folder}{os.sep}"
    try:
        paths = _write_all(folder, files)
        result = read_corpus(paths)
    except IngestError as error:
        raise IngestError(str(error).replace(prefix, "")) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return _renamed(result, prefix)


def safe_name(name: str) -> str:
    """An uploaded file's name without folders, control characters or a leading dot."""
    base = PurePosixPath(name.replace("\\", "/")).name
    base = _UNSAFE.sub("_", base).lstrip(".")
    return base or "upload"


def _write_all(folder: Path, files: Sequence[tuple[str, bytes]]) -> list[Path]:
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
