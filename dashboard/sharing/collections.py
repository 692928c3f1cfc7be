"""Collections: named sets of outlets ("Gulf press") and saved queries with aliases.

A saved query is a name and its aliases (داعش = تنظيم الدولة = الدولة الإسلامية); it
expands to an OR of the alias phrases in the keyword query language of
:mod:`dashboard.analysis.query`, so it works wherever a keyword query does. Collections are
shared by everyone who uses the dashboard and kept in the short links' SQLite database
(a table of their own); every failure, a damaged database included, is a
:class:`CollectionError` that says what is wrong, so the dashboard degrades to
"collections are unavailable" and keeps serving.

A view that uses a collection holds its expansion (the outlets, the query text), not
its name: a shared link shows the same articles after the collection is edited or
deleted, and on another server.

>>> expand(["داعش", "تنظيم الدولة", "الدولة الإسلامية"])
'("داعش" OR "تنظيم الدولة" OR "الدولة الإسلامية")'
>>> import tempfile, pathlib
>>> db = pathlib.Path(tempfile.mkdtemp()) / "links.sqlite"
>>> save(db, make("outlets", "Gulf press", ["الأفق", "الرائد", "الأفق"]))
>>> listing(db)
[Collection(kind='outlets', name='Gulf press', items=('الأفق', 'الرائد'))]
"""

from __future__ import annotations

import json
import sqlite3
import time
import unicodedata
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from dashboard.analysis.query import query_tokens
from dashboard.sharing.document import DocumentError, read_document
from dashboard.sharing.refusal import Refusal

KINDS = ("outlets", "query")
MAX_NAME = 60  # characters of a name
MAX_OUTLETS = 200  # outlets of one collection (as many as a link holds)
MAX_OUTLET = 500  # characters of an outlet name (as a link holds)
MAX_ALIASES = 20
MAX_ALIAS = 100  # characters of one alias
MAX_EXPANDED = 500  # characters of a saved query's expansion (as a link's query holds)
MAX_COLLECTIONS = 1_000
FORMAT = "marsad-collections"
# Format characters a name may hold: zero-width (non-)joiners and the direction marks that
# cleaned text keeps (bidi embeddings and overrides are refused).
KEPT_MARKS = "\u200c\u200d\u200e\u200f\u061c"
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS collections (kind TEXT NOT NULL, name TEXT NOT NULL, "
    "items TEXT NOT NULL, updated REAL NOT NULL, PRIMARY KEY (kind, name))"
)


class CollectionError(Refusal):
    """A collection that cannot be made, read or stored; the message says why."""


@dataclass(frozen=True)
class Collection:
    """A named set of outlets (``kind`` outlets) or a saved query's aliases (``kind`` query)."""

    kind: str
    name: str
    items: tuple[str, ...]

    @property
    def query(self) -> str:
        """A saved query's expansion (see :func:`expand`)."""
        return expand(self.items)


def visible(text: str, what: str, most: int) -> str:
    """``text`` stripped, when it is 1 to ``most`` characters without control characters."""
    text = str(text).strip()
    if not text:
        raise CollectionError("Empty: write at least one letter.", field=what)
    if len(text) > most:
        raise CollectionError(
            "Too long: {size} characters; at most {most}.", field=what, size=len(text), most=most
        )
    hidden = [c for c in text if unicodedata.category(c) in ("Cc", "Cf") and c not in KEPT_MARKS]
    if hidden:
        raise CollectionError(
            "It holds an invisible control character (U+{code}).",
            field=what,
            code=f"{ord(hidden[0]):04X}",
        )
    return text


def check_name(name: str) -> str:
    """A collection's name, stripped: 1 to :data:`MAX_NAME` characters, no control
    characters and no ``=`` (a compared series' link writes ``saved:NAME=QUERY``)."""
    name = visible(name, "Name", MAX_NAME)
    if "=" in name:
        raise CollectionError("It cannot hold =, which links put after the name.", field="Name")
    return name


def _alias(text: str) -> str:
    alias = visible(text, "Alias", MAX_ALIAS)
    if '"' in alias:
        raise CollectionError('It cannot hold a double quote (").', field="Alias")
    if not any(not isinstance(token, str) for token in query_tokens(f'"{alias.rstrip("*")}"')):
        raise CollectionError("It holds no word.", field="Alias")
    return alias


def expand(aliases: Sequence[str]) -> str:
    """The keyword query a saved query stands for: each alias a quoted phrase (a trailing
    ``*`` asks for words that start so), joined by OR, in parentheses when there are several."""
    phrases = [f'"{a.rstrip("*").strip()}"*' if a.endswith("*") else f'"{a}"' for a in aliases]
    return phrases[0] if len(phrases) == 1 else f"({' OR '.join(phrases)})"


def make(kind: str, name: str, items: Iterable[str]) -> Collection:
    """A checked collection: blank items dropped, duplicates once, caps enforced.

    Raises:
        CollectionError: an unknown kind, a bad name or item, or too many items.
    """
    if kind not in KINDS:
        raise CollectionError(
            "Unknown kind of collection {kind}: outlets or query.", field="Kind", kind=kind
        )
    if isinstance(items, str):
        raise CollectionError("Not a list of texts.", field="Items")
    texts = [str(item) for item in items if str(item).strip()]
    if kind == "outlets":
        kept = tuple(dict.fromkeys(visible(t, "Outlet", MAX_OUTLET) for t in texts))
        most, noun = MAX_OUTLETS, "Outlets"
    else:
        kept = tuple(dict.fromkeys(_alias(t) for t in texts))
        most, noun = MAX_ALIASES, "Aliases"
    if not kept:
        raise CollectionError("Nothing to save: give at least one.", field=noun)
    if len(kept) > most:
        raise CollectionError(
            "{size} of them; at most {most}.", field=noun, size=len(kept), most=most
        )
    if kind == "query" and len(expand(kept)) > MAX_EXPANDED:
        raise CollectionError(
            "Together they make a query of {size} characters; at most {most}.",
            field=noun,
            size=len(expand(kept)),
            most=MAX_EXPANDED,
        )
    return Collection(kind, check_name(name), kept)


def connect(db: Path) -> sqlite3.Connection:
    """Open (creating if needed) the database and its collections table."""
    db.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(db, timeout=10)
    connection.execute(SCHEMA)
    return connection


def _damaged(db: Path, error: Exception) -> CollectionError:
    return CollectionError(
        "The collections database {db} cannot be used ({error}); move it away and a new one "
        "is made on the next change.",
        db=str(db),
        error=str(error),
    )


def listing(db: Path, kind: str | None = None) -> list[Collection]:
    """Every collection (of ``kind``), by kind and name; none when there is no database yet.

    Raises:
        CollectionError: the database cannot be used.
    """
    if not db.exists():
        return []
    try:
        with closing(connect(db)) as connection, connection:
            rows = connection.execute(
                "SELECT kind, name, items FROM collections ORDER BY kind, name"
            ).fetchall()
    except sqlite3.Error as error:
        raise _damaged(db, error) from error
    try:
        found = [Collection(k, n, tuple(json.loads(i))) for k, n, i in rows]
    except (ValueError, TypeError) as error:
        raise _damaged(db, error) from error
    return [c for c in found if kind is None or c.kind == kind]


def save(db: Path, collection: Collection, now: float | None = None) -> None:
    """Store ``collection`` (made by :func:`make`), replacing one of the same kind and name.

    Raises:
        CollectionError: past :data:`MAX_COLLECTIONS`, or the database cannot be used.
    """
    now = time.time() if now is None else now
    items = json.dumps(list(collection.items), ensure_ascii=False)
    try:
        with closing(connect(db)) as connection, connection:
            (count,) = connection.execute("SELECT COUNT(*) FROM collections").fetchone()
            known = connection.execute(
                "SELECT 1 FROM collections WHERE kind = ? AND name = ?",
                (collection.kind, collection.name),
            ).fetchone()
            if known is None and count >= MAX_COLLECTIONS:
                raise CollectionError(
                    "There are {most} collections already: delete some first.",
                    most=MAX_COLLECTIONS,
                )
            connection.execute(
                "INSERT OR REPLACE INTO collections (kind, name, items, updated) "
                "VALUES (?, ?, ?, ?)",
                (collection.kind, collection.name, items, now),
            )
    except sqlite3.Error as error:
        raise _damaged(db, error) from error


def delete(db: Path, kind: str, name: str) -> bool:
    """Delete a collection; whether there was one.

    Raises:
        CollectionError: the database cannot be used.
    """
    if not db.exists():
        return False
    try:
        with closing(connect(db)) as connection, connection:
            done = connection.execute(
                "DELETE FROM collections WHERE kind = ? AND name = ?", (kind, name)
            )
            return done.rowcount > 0
    except sqlite3.Error as error:
        raise _damaged(db, error) from error


def to_json(collections: Sequence[Collection]) -> str:
    """Collections as a JSON document that :func:`from_json` reads back."""
    document = {
        "format": FORMAT,
        "version": 1,
        "collections": [
            {"kind": c.kind, "name": c.name, "items": list(c.items)} for c in collections
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def from_json(text: str | bytes) -> list[Collection]:
    """The collections of a JSON document (see :func:`to_json`), each checked by :func:`make`.

    Raises:
        CollectionError: the document is not JSON or not of this format, or an entry is
            malformed; the message names the entry and the problem.
    """
    try:
        document = read_document(text, FORMAT, "collections")
    except DocumentError as error:
        raise CollectionError(error.reason, **error.values) from error
    found = []
    for number, entry in enumerate(document["collections"]):
        try:
            found.append(_entry(entry))
        except CollectionError as error:
            raise error.within("collections", number) from error
    return found


def _entry(entry: object) -> Collection:
    """One collection of an imported file."""
    if not isinstance(entry, dict):
        raise CollectionError("Not an object with kind, name and items.")
    missing = [key for key in ("kind", "name", "items") if key not in entry]
    if missing:
        raise CollectionError("It has no {key}.", key=missing[0])
    if not isinstance(entry["items"], list) or not all(
        isinstance(item, str) for item in entry["items"]
    ):
        raise CollectionError("Not a list of texts.", field="Items")
    return make(str(entry["kind"]), str(entry["name"]), entry["items"])


def import_all(db: Path, collections: Sequence[Collection]) -> dict[str, int]:
    """Store every collection, replacing those of the same kind and name; the counts.

    Raises:
        CollectionError: past :data:`MAX_COLLECTIONS`, or the database cannot be used.
    """
    collections = list({(c.kind, c.name): c for c in collections}.values())
    known = {(c.kind, c.name) for c in listing(db)}
    total = len(known | {(c.kind, c.name) for c in collections})
    if total > MAX_COLLECTIONS:
        raise CollectionError(
            "The import would make {size} collections; at most {most}: nothing was imported.",
            size=total,
            most=MAX_COLLECTIONS,
        )
    for collection in collections:
        save(db, collection)
    replaced = sum((c.kind, c.name) in known for c in collections)
    return {"added": len(collections) - replaced, "replaced": replaced}
