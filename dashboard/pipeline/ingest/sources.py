"""Where a corpus's bytes come from: folders, zip members and gzip streams, read in one pass.

A folder is walked without leaving it: symbolic links are not followed unless asked,
and every entry left out (a link, a dangling link, a device or other special file, a
hidden dot-file) is named with its reason. A zip is checked against the member-count
and unpacked-size limits before anything is unpacked, and its members are streamed,
never extracted. Gzip streams of several members are read to the end. Text is decoded
block by block, its encoding detected on the first block, and split into lines with
any line ending (LF, CRLF or CR alone).
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from dashboard.config import Settings

FORMATS = {
    ".csv": "delimited",
    ".tsv": "delimited",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".parquet": "parquet",
    ".xlsx": "excel",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".zip": "zip",
}
BLOCK = 1 << 20  # bytes read at a time
DETECT_BYTES = 1 << 20  # bytes the text encoding is detected on
# Zip compression methods zipfile can unpack (93 is Zstandard, 99 AES encryption: refused).
METHODS = {
    zipfile.ZIP_STORED: "stored",
    zipfile.ZIP_DEFLATED: "deflate",
    zipfile.ZIP_BZIP2: "bzip2",
    zipfile.ZIP_LZMA: "lzma",
}
METHOD_NAMES = {93: "Zstandard", 99: "AES encryption", 9: "deflate64", 98: "PPMd"}
MAX_BOM_LINES = 5  # lines named in the warning about byte-order marks inside a file


class IngestError(ValueError):
    """A file cannot be read as a corpus at all (format, encoding, columns, limits).

    ``columns`` holds the columns of the tables that were read, so that a
    person can map them when none was recognised.
    """

    def __init__(self, message: str, columns: list[str] | tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.columns = list(columns)

    def __reduce__(self) -> tuple:
        """Pickled with its columns (an upload's preview is read in another process)."""
        return type(self), (str(self), self.columns)


@dataclass
class Log:
    """Problems met while reading: files or members that failed, and warnings."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Limits:
    """How much one archive may hold: members, and bytes once unpacked (zip or gzip)."""

    members: int
    unpacked_bytes: int

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Limits:
        """The limits of :class:`~dashboard.config.Settings` (``MARSAD_MAX_ARCHIVE_*``)."""
        settings = settings or Settings.from_env()
        return cls(settings.max_archive_members, settings.max_archive_bytes)


@dataclass(frozen=True)
class Source:
    """One file to read: its name in reports, how to open its bytes, and its time."""

    name: str
    open: Callable[[], BinaryIO]
    stamp: datetime


def format_of(name: str) -> str | None:
    """The reader for a file name from its suffix (looking through .gz).

    >>> format_of("a.zip!News.CSV.gz"), format_of(".csv"), format_of("notes.pdf")
    ('delimited', None, None)
    """
    base = name.lower().rsplit("/", 1)[-1].removesuffix(".gz")
    dot = base.rfind(".")
    return FORMATS.get(base[dot:]) if dot > 0 else None


def expand(path: Path, log: Log, follow_links: bool = False) -> list[Path]:
    """A file itself, or the supported files under a folder, sorted.

    Inside a folder, links are followed only with ``follow_links`` (and never into a
    folder already walked); every entry left out is named in ``log.warnings`` with why.

    Raises:
        IngestError: ``path`` does not exist, is unsupported, or holds no supported file.
    """
    if path.is_dir():
        found, skipped = _walk(path, follow_links)
        unsupported = [p.name for p in found if not format_of(p.name)]
        if unsupported:
            log.warnings.append(
                f"{path}: skipped {len(unsupported)} file(s) of unsupported format: "
                + ", ".join(unsupported[:5])
                + (", ..." if len(unsupported) > 5 else "")
            )
        log.warnings.extend(f"{entry}: skipped ({reason})" for entry, reason in skipped)
        supported = [p for p in found if format_of(p.name)]
        if not supported:
            raise IngestError(
                f"{path}: no supported files in this folder (expected one of {', '.join(FORMATS)})"
            )
        return supported
    if not path.is_file():
        raise IngestError(f"{path}: no such file or folder")
    if not format_of(path.name):
        raise IngestError(f"{path}: unsupported format (expected one of {', '.join(FORMATS)})")
    return [path]


def _walk(root: Path, follow_links: bool) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The regular files under ``root``, and (entry, reason) for each entry left out."""
    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    seen = {os.path.realpath(root)}
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as err:
            skipped.append((folder, f"cannot be listed: {err.strerror}"))
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith("."):
                skipped.append((path, "hidden file or folder"))
                continue
            reason = _left_out(entry, follow_links)
            if reason:
                skipped.append((path, reason))
                continue
            if entry.is_dir(follow_symlinks=follow_links):
                real = os.path.realpath(path)
                if real in seen:
                    skipped.append((path, "a folder already read (a link loop)"))
                else:
                    seen.add(real)
                    pending.append(path)
            else:
                files.append(path)
    return sorted(files), skipped


def _left_out(entry: os.DirEntry, follow_links: bool) -> str:
    """Why a folder entry is not read ('' when it is): a link, a device, a pipe..."""
    if entry.is_symlink():
        if not os.path.exists(entry.path):
            return "dangling symbolic link"
        if not follow_links:
            return "symbolic link, not followed (pass --follow-links to read it)"
    try:
        mode = os.stat(entry.path).st_mode
    except OSError as err:
        return f"cannot be read: {err.strerror}"
    if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
        return ""
    kind = "device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "special file"
    return f"{kind}, not a regular file"


def members(path: Path, log: Log, limits: Limits) -> Iterator[Source]:
    """The file itself, or each supported member of a zip, streamed and never extracted.

    A zip with more members than ``limits.members``, or whose members unpack to more
    than ``limits.unpacked_bytes`` in all, is refused before anything is unpacked
    (zipfile reads no more than a member's declared size: a lie fails its CRC check).
    A member's unsafe path ("../x.csv", "/etc/x.csv") is shown without the unsafe parts.
    """
    stamp = datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(tzinfo=None)
    if format_of(path.name) != "zip":
        yield Source(str(path), lambda: path.open("rb"), stamp)
        return
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        log.errors.append(f"{path}: not a readable zip file: {err}")
        return
    with archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        if len(infos) > limits.members:
            log.errors.append(
                f"{path}: holds {len(infos):,} members, over the limit of {limits.members:,} "
                "(MARSAD_MAX_ARCHIVE_MEMBERS); refused without unpacking"
            )
            return
        total = sum(info.file_size for info in infos)
        if total > limits.unpacked_bytes:
            log.errors.append(
                f"{path}: members unpack to {total:,} bytes in all, over the limit of "
                f"{limits.unpacked_bytes:,} (MARSAD_MAX_ARCHIVE_BYTES); refused without unpacking"
            )
            return
        for info in infos:
            source = _member(path, archive, info, log)
            if source is not None:
                yield source


def _member(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, log: Log) -> Source | None:
    """A zip member as a source, or None (with a warning or error) when it cannot be read."""
    name = safe_member_name(info.filename)
    if name != info.filename:
        log.warnings.append(
            f"{path}: member {info.filename!r} has an unsafe path; "
            f"read in memory as {name!r}, nothing extracted"
        )
    if format_of(name) in (None, "zip"):
        log.warnings.append(f"{path}: member {name!r} skipped (unsupported format)")
        return None
    if info.flag_bits & 0x1:
        log.errors.append(
            f"{path}!{name}: member is encrypted (password-protected); refused: "
            "zip it again without a password"
        )
        return None
    if info.compress_type not in METHODS:
        method = METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
        log.errors.append(
            f"{path}!{name}: member is compressed with {method}, which cannot be read; refused: "
            f"zip it again with one of {', '.join(METHODS.values())}"
        )
        return None
    return Source(f"{path}!{name}", lambda: archive.open(info), datetime(*info.date_time))


def safe_member_name(name: str) -> str:
    """A zip member's path without drive letters, leading slashes or '..' parts."""
    parts = [p for p in re.split(r"[\\/]+", name) if p not in ("", ".", "..")]
    parts = [re.sub(r"^[A-Za-z]:", "", p) for p in parts]
    return "/".join(p for p in parts if p) or "unnamed"


def byte_blocks(source: Source, log: Log, limits: Limits) -> Iterator[bytes]:
    """The bytes of a source, block by block, unpacked when its name ends in .gz.

    Raises:
        IngestError: a gzip stream that is damaged, or unpacks past the limit.
        zipfile.BadZipFile, OSError: a damaged zip member or file (the caller names it).
    """
    with source.open() as handle:
        blocks = iter(lambda: handle.read(BLOCK), b"")
        if source.name.lower().endswith(".gz"):
            yield from _gunzip(blocks, source.name, log, limits.unpacked_bytes)
        else:
            yield from blocks


def _gunzip(blocks: Iterator[bytes], name: str, log: Log, limit: int) -> Iterator[bytes]:
    """Unpack gzip blocks, every member of a multi-member stream; a truncated stream gives
    what it holds, with a warning."""
    inflater, total, started = zlib.decompressobj(wbits=31), 0, False
    try:
        for block in blocks:
            data = block
            while data:
                started = True
                out = inflater.decompress(data, BLOCK)
                total += len(out)
                if total > limit:
                    raise IngestError(
                        f"{name}: too large: unpacks to more than {limit:,} bytes "
                        "(MARSAD_MAX_ARCHIVE_BYTES); refused, unpacking stopped at the limit"
                    )
                if out:
                    yield out
                data = inflater.unconsumed_tail
                if inflater.eof:
                    data = inflater.unused_data.lstrip(b"\x00")  # the next member, if any
                    inflater, started = zlib.decompressobj(wbits=31), False
    except zlib.error as err:
        raise IngestError(f"{name}: not a readable gzip file: {err}") from err
    if started and not inflater.eof:
        if not total:
            raise IngestError(f"{name}: truncated gzip file with nothing readable")
        log.warnings.append(
            f"{name}: truncated gzip file; read the first {total} bytes it holds "
            "(a record cut at the end is rejected)"
        )


def read_all(
    source: Source, log: Log, limits: Limits, most: tuple[int, str] | None = None
) -> bytes:
    """All the bytes of a source (for formats read whole: JSON, Excel, pages, archived Parquet).

    Raises:
        IngestError: an empty source, or one over ``most`` = (bytes, why that is the most),
            refused as soon as that many bytes are read.
    """
    blocks, size = [], 0
    for block in byte_blocks(source, log, limits):
        blocks.append(block)
        size += len(block)
        if most is not None and size > most[0]:
            raise IngestError(f"{source.name}: larger than {most[0]:,} bytes; {most[1]}")
    if not size:
        raise IngestError(f"{source.name}: empty file (0 bytes)")
    return b"".join(blocks)


def text_lines(blocks: Iterator[bytes], name: str, log: Log) -> Iterator[str]:
    """Decoded lines, each ending in "\\n", with any line ending turned into "\\n".

    The encoding is detected on the first block (see :func:`decode`); NUL characters and
    byte-order marks at the start of a line (files joined end to end) are removed, and
    named in a warning.

    Raises:
        IngestError: an empty file, an undetectable encoding, or mixed encodings.
    """
    blocks = iter(blocks)
    head = b""
    for block in blocks:
        head += block
        if len(head) >= DETECT_BYTES:
            break
    else:
        blocks = iter(())
    if not head:
        raise IngestError(f"{name}: empty file (0 bytes)")
    codec = codec_of(head, name, complete=len(head) < DETECT_BYTES)
    decoder = codecs.getincrementaldecoder(codec)(
        errors="replace" if codec == "cp1256" else "strict"
    )
    pending, number, nuls, boms = "", 0, 0, []
    for block, last in _with_last(_chain(head, blocks)):
        try:
            text = decoder.decode(block, final=last)
        except UnicodeDecodeError as err:
            line = number + pending.count("\n") + block.count(b"\n", 0, err.start) + 1
            raise IngestError(
                f"{name}: mixed text encodings: read as {codec}, but line {line} is not; "
                "save the whole file as UTF-8 and try again"
            ) from err
        if "\x00" in text:
            nuls += text.count("\x00")
            text = text.replace("\x00", "")
        text = pending + text
        if not last and text.endswith("\r"):
            text, pending = text[:-1], "\r"
        else:
            pending = ""
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        tail = lines.pop()  # the end of a line the next block goes on with, or the last line
        if last and tail:
            lines.append(tail)
        pending = "" if last else tail + pending
        for line in lines:
            number += 1
            if line.startswith("\ufeff") and number > 1:
                line = line.lstrip("\ufeff")
                boms.append(number)
            yield line + "\n"
    if nuls:
        log.warnings.append(f"{name}: removed {nuls} NUL characters")
    if boms:
        shown = ", ".join(map(str, boms[:MAX_BOM_LINES])) + (", ..." if len(boms) > 5 else "")
        log.warnings.append(
            f"{name}: removed {len(boms)} byte-order mark(s) inside the file, at the start of "
            f"line(s) {shown} (files joined end to end?)"
        )


def _chain(head: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    """The first block, then the others."""
    yield head
    yield from rest


def _with_last(blocks: Iterator[bytes]) -> Iterator[tuple[bytes, bool]]:
    """(block, whether it is the last one)."""
    previous = None
    for block in blocks:
        if previous is not None:
            yield previous, False
        previous = block
    yield previous or b"", True


def decode(data: bytes, path: Path | str = "<bytes>") -> str:
    """Decode text whose encoding is detected (see :func:`codec_of`), not assumed."""
    codec = codec_of(data, path)
    return data.decode(codec, errors="replace" if codec == "cp1256" else "strict")


def codec_of(data: bytes, path: Path | str = "<bytes>", complete: bool = True) -> str:
    """The encoding of text bytes (``complete=False``: the first block of a longer text).

    UTF-8 (with or without BOM), UTF-16 with a BOM or without one (when the
    bytes read as Arabic or ASCII text that way), then Windows-1256 when the
    result is mostly Arabic, then ISO-8859-6. Bytes that are mostly UTF-8 but
    not all of it (mixed encodings in one file) are refused, not misread.

    Raises:
        IngestError: None of them decodes the bytes, or they mix encodings.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if data.count(0) >= len(data) // 8:
        for codec in ("utf-16-le", "utf-16-be"):
            text = _try(data, codec, complete)
            if text is not None and _plain_text(text):
                return codec
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(data, final=complete)
        return "utf-8-sig"
    except UnicodeDecodeError as err:
        if _mostly_utf8(data):
            line = data.count(b"\n", 0, err.start) + 1
            raise IngestError(
                f"{path}: mixed text encodings: mostly UTF-8, but line {line} is not; "
                "save the whole file as UTF-8 and try again"
            ) from err
    if _mostly_arabic(data.decode("cp1256", errors="replace")):
        return "cp1256"
    text = _try(data, "iso-8859-6", complete)
    if text and _mostly_arabic(text):
        return "iso-8859-6"
    raise IngestError(
        f"{path}: cannot detect the text encoding (tried UTF-8, UTF-16, Windows-1256 and "
        "ISO-8859-6); save the file as UTF-8 and try again"
    )


def _try(data: bytes, codec: str, complete: bool) -> str | None:
    """``data`` decoded strictly (an incomplete last character allowed unless complete)."""
    try:
        return codecs.getincrementaldecoder(codec)().decode(data, final=complete)
    except UnicodeDecodeError:
        return None


def _mostly_utf8(data: bytes) -> bool:
    """Whether more non-ASCII characters decode as UTF-8 than fail to."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    return sum(1 for c in text if not c.isascii()) - bad > bad


def _plain_text(text: str) -> bool:
    """Whether nearly every character is Arabic, ASCII or common punctuation."""
    odd = sum(1 for c in text if not (c.isascii() or "\u0600" <= c <= "\u06ff" or c in "«»“”…–—"))
    return odd <= len(text) // 100


def _mostly_arabic(text: str, threshold: float = 0.9) -> bool:
    """Whether nearly all non-ASCII letters are Arabic (as cp1256 Arabic decodes)."""
    letters = [c for c in text if not c.isascii() and c.isalpha()]
    arabic = sum(1 for c in letters if "\u0600" <= c <= "\u06ff")
    return bool(letters) and arabic / len(letters) >= threshold
