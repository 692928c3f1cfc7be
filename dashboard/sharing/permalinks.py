"""Short permalinks: a long view state stored server-side under a short code.

Arabic text percent-encodes to six characters a letter, so a view with a few
Arabic queries makes an unwieldy URL. A permalink stores the query parameters
in an embedded SQLite database and hands out a code derived from them: the
same view always gets the same code, and a code never changes meaning.

The store is bounded: a view of more than :data:`MAX_BYTES` is refused, links unused for
:data:`MAX_AGE_DAYS` expire, and past :data:`MAX_ROWS` links the least recently used are
dropped. Every failure, a damaged database included, is a :class:`PermalinkError` that
says what is wrong, so the dashboard degrades to "short links are unavailable".

>>> import tempfile, pathlib
>>> db = pathlib.Path(tempfile.mkdtemp()) / "links.sqlite"
>>> code = save(db, {"q": ["غزة"], "freq": ["month"]})
>>> load(db, code)
{'freq': ['month'], 'q': ['غزة']}
>>> save(db, {"freq": ["month"], "q": ["غزة"]}) == code
True
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import string
import time
from contextlib import closing
from pathlib import Path

ALPHABET = string.digits + string.ascii_letters
CODE_LENGTH = 10
MAX_BYTES = 16_384  # one view's parameters, as canonical JSON in UTF-8
MAX_ROWS = 50_000
MAX_AGE_DAYS = 365  # since the link was last made or opened
ATTEMPTS = 5  # codes tried for one view before a collision is given up
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS permalinks (code TEXT PRIMARY KEY, params TEXT NOT NULL, used REAL)"
)


class PermalinkError(RuntimeError):
    """A short link that cannot be made or read; the message says why."""


class ViewTooLarge(PermalinkError):
    """A view over :data:`MAX_BYTES`: its full link is the way to share it."""


def canonical(params: dict[str, list[str]]) -> str:
    """One JSON text per view: keys sorted, empty values dropped."""
    kept = {key: list(values) for key, values in sorted(params.items()) if values}
    return json.dumps(kept, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def code_for(text: str, attempt: int = 0) -> str:
    """A short base-62 code from the SHA-256 of ``text`` (and the attempt, after a collision)."""
    salted = text if attempt == 0 else f"{attempt}:{text}"
    number = int.from_bytes(hashlib.sha256(salted.encode("utf-8")).digest()[:8], "big")
    digits = []
    while len(digits) < CODE_LENGTH:
        number, digit = divmod(number, len(ALPHABET))
        digits.append(ALPHABET[digit])
    return "".join(digits)


def connect(db: Path) -> sqlite3.Connection:
    """Open (creating if needed) the permalink database; a database of an older layout gains
    the column of last use (its links count as used now)."""
    db.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(db, timeout=10)
    connection.execute(SCHEMA)
    columns = {row[1] for row in connection.execute("PRAGMA table_info(permalinks)")}
    if "used" not in columns:
        connection.execute("ALTER TABLE permalinks ADD COLUMN used REAL")
    connection.execute("UPDATE permalinks SET used = ? WHERE used IS NULL", (time.time(),))
    return connection


def _damaged(db: Path, error: Exception) -> PermalinkError:
    return PermalinkError(
        f"the short-link database {db} cannot be used ({error}); move it away and a new one "
        "is made on the next short link"
    )


def save(db: Path, params: dict[str, list[str]], now: float | None = None) -> str:
    """Store ``params`` and return their code (the same code for the same view).

    Raises:
        PermalinkError: the view is over :data:`MAX_BYTES`, the codes it may take all name
            other views, or the database cannot be used.
    """
    text = canonical(params)
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise ViewTooLarge(f"this view is too large for a short link ({size:,} bytes; at most "
                             f"{MAX_BYTES:,})")  # fmt: skip
    now = time.time() if now is None else now
    try:
        with closing(connect(db)) as connection, connection:
            connection.execute(
                "DELETE FROM permalinks WHERE used < ?", (now - MAX_AGE_DAYS * 86_400,)
            )
            for attempt in range(ATTEMPTS):
                code = code_for(text, attempt)
                row = connection.execute(
                    "SELECT params FROM permalinks WHERE code = ?", (code,)
                ).fetchone()
                if row is None or row[0] == text:
                    connection.execute(
                        "INSERT OR REPLACE INTO permalinks (code, params, used) VALUES (?, ?, ?)",
                        (code, text, now),
                    )
                    _trim(connection)
                    return code
    except sqlite3.Error as error:
        raise _damaged(db, error) from error
    raise PermalinkError(f"no free short-link code for this view after {ATTEMPTS} tries")


def _trim(connection: sqlite3.Connection) -> None:
    """Drop the least recently used links past :data:`MAX_ROWS`."""
    (rows,) = connection.execute("SELECT COUNT(*) FROM permalinks").fetchone()
    if rows > MAX_ROWS:
        connection.execute(
            "DELETE FROM permalinks WHERE code IN "
            "(SELECT code FROM permalinks ORDER BY used LIMIT ?)",
            (rows - MAX_ROWS,),
        )


def load(db: Path, code: str, now: float | None = None) -> dict[str, list[str]] | None:
    """The parameters stored under ``code``, or None when the code is unknown or expired.

    Raises:
        PermalinkError: the database cannot be used.
    """
    if not db.exists() or len(code) != CODE_LENGTH or not set(code) <= set(ALPHABET):
        return None
    now = time.time() if now is None else now
    try:
        with closing(connect(db)) as connection, connection:
            row = connection.execute(
                "SELECT params, used FROM permalinks WHERE code = ?", (code,)
            ).fetchone()
            if row is None or row[1] < now - MAX_AGE_DAYS * 86_400:
                return None
            connection.execute("UPDATE permalinks SET used = ? WHERE code = ?", (now, code))
    except sqlite3.Error as error:
        raise _damaged(db, error) from error
    return json.loads(row[0])
