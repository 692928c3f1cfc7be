"""Short permalinks: a long view state stored server-side under a short code.

Arabic text percent-encodes to six characters a letter, so a view with a few
Arabic queries makes an unwieldy URL. A permalink stores the query parameters
in an embedded SQLite database and hands out a code derived from them: the
same view always gets the same code, and a code never changes meaning.

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
from contextlib import closing
from pathlib import Path

ALPHABET = string.digits + string.ascii_letters
CODE_LENGTH = 10
SCHEMA = "CREATE TABLE IF NOT EXISTS permalinks (code TEXT PRIMARY KEY, params TEXT NOT NULL)"


def canonical(params: dict[str, list[str]]) -> str:
    """One JSON text per view: keys sorted, empty values dropped."""
    kept = {key: list(values) for key, values in sorted(params.items()) if values}
    return json.dumps(kept, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def code_for(text: str) -> str:
    """A short base-62 code from the SHA-256 of ``text``."""
    number = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")
    digits = []
    while len(digits) < CODE_LENGTH:
        number, digit = divmod(number, len(ALPHABET))
        digits.append(ALPHABET[digit])
    return "".join(digits)


def connect(db: Path) -> sqlite3.Connection:
    """Open (creating if needed) the permalink database."""
    db.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(db, timeout=10)
    connection.execute(SCHEMA)
    return connection


def save(db: Path, params: dict[str, list[str]]) -> str:
    """Store ``params`` and return their code (the same code for the same view)."""
    text = canonical(params)
    code = code_for(text)
    with closing(connect(db)) as connection, connection:
        connection.execute(
            "INSERT OR IGNORE INTO permalinks (code, params) VALUES (?, ?)", (code, text)
        )
        (stored,) = connection.execute(
            "SELECT params FROM permalinks WHERE code = ?", (code,)
        ).fetchone()
    if stored != text:
        raise RuntimeError(f"permalink code {code} already names another view")
    return code


def load(db: Path, code: str) -> dict[str, list[str]] | None:
    """The parameters stored under ``code``, or None when the code is unknown."""
    if not db.exists() or len(code) != CODE_LENGTH or not set(code) <= set(ALPHABET):
        return None
    with closing(connect(db)) as connection:
        row = connection.execute("SELECT params FROM permalinks WHERE code = ?", (code,)).fetchone()
    return json.loads(row[0]) if row else None
