"""Timeline events: dated labels (with an optional web link) kept per corpus, drawn on every
time chart.

Events live in the short links' SQLite database (tables of their own). Each change to a
corpus's events also stores the new set under a code derived from it (an *event set*),
which never changes meaning: a link carries the code of the set it showed, so it shows
the same markers after the team edits the events. Every failure, a damaged database
included, is an :class:`EventError` that says what is wrong, so the dashboard degrades to
"timeline events are unavailable" and keeps serving.

A link is kept only when it is an ``http://`` or ``https://`` address with a host and
nothing a browser would read otherwise (no spaces, quotes or angle brackets).

>>> import tempfile, pathlib
>>> db = pathlib.Path(tempfile.mkdtemp()) / "links.sqlite"
>>> code = add(db, "", [make("2024-03-01", "هدنة", "https://example.org/a")])
>>> load_set(db, code)
('', (Event(day=datetime.date(2024, 3, 1), label='هدنة', link='https://example.org/a'),))
>>> current(db, "") == (code, load_set(db, code)[1])
True
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from dashboard.sharing.collections import CollectionError, visible
from dashboard.sharing.document import DocumentError, read_document
from dashboard.sharing.permalinks import ALPHABET, CODE_LENGTH, code_for
from dashboard.sharing.refusal import Refusal

MAX_EVENTS = 500  # of one corpus
MAX_LABEL = 120  # characters
MAX_LINK = 500  # characters
MAX_SETS = 20_000  # event sets kept for links; the least recently used go first
FIRST_YEAR, LAST_YEAR = 1900, 2100
FORMAT = "marsad-events"
UNSAFE_IN_LINK = re.compile(r"[\s\"'<>\\`]")
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS events (corpus TEXT NOT NULL, day TEXT NOT NULL, "
    "label TEXT NOT NULL, link TEXT NOT NULL, PRIMARY KEY (corpus, day, label))",
    "CREATE TABLE IF NOT EXISTS event_sets (code TEXT PRIMARY KEY, corpus TEXT NOT NULL, "
    "events TEXT NOT NULL, used REAL NOT NULL)",
)


class EventError(Refusal):
    """An event that cannot be made, read or stored; the message says why."""


@dataclass(frozen=True, order=True)
class Event:
    """A dated label on the timelines, with an optional http(s) link."""

    day: date
    label: str
    link: str = ""


def safe_link(text: str) -> str:
    """``text`` when it is a web address a browser opens as one; "" otherwise.

    >>> safe_link("https://example.org/a?b=1"), safe_link("javascript:alert(1)")
    ('https://example.org/a?b=1', '')
    """
    text = str(text).strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    return text if ok and len(text) <= MAX_LINK and not UNSAFE_IN_LINK.search(text) else ""


def make(day: date | str, label: str, link: str = "") -> Event:
    """A checked event: an ISO date from :data:`FIRST_YEAR` to :data:`LAST_YEAR`, a label of
    1 to :data:`MAX_LABEL` visible characters, and no link or a safe one (:func:`safe_link`).

    Raises:
        EventError: what is wrong with the date, label or link.
    """
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day.strip())
        except ValueError as error:
            raise EventError("Not a date: write it YYYY-MM-DD.", field="Date") from error
    if not isinstance(day, date):
        raise EventError("Not a date: write it YYYY-MM-DD.", field="Date")
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise EventError(
            "Outside the years {first} to {last}.", field="Date", first=FIRST_YEAR, last=LAST_YEAR
        )
    try:
        label = visible(label, "Label", MAX_LABEL)
    except CollectionError as error:
        raise EventError(error.reason, field=error.field, **error.values) from error
    link = str(link or "").strip()
    if link and not safe_link(link):
        raise EventError(
            "Not a web address: http:// or https://, a host, no spaces or quotes, at most "
            "{most} characters.",
            field="Link",
            most=MAX_LINK,
        )
    return Event(day, label, link)


def connect(db: Path) -> sqlite3.Connection:
    """Open (creating if needed) the database and its event tables."""
    db.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(db, timeout=10)
    for statement in SCHEMA:
        connection.execute(statement)
    return connection


def _damaged(db: Path, error: Exception) -> EventError:
    return EventError(
        "The timeline events database {db} cannot be used ({error}); move it away and a new "
        "one is made on the next change.",
        db=str(db),
        error=str(error),
    )


def _text(events: Sequence[Event]) -> str:
    rows = [[e.day.isoformat(), e.label, e.link] for e in sorted(events)]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def _events(text: str) -> tuple[Event, ...]:
    return tuple(sorted(make(*row) for row in json.loads(text)))


def set_code(corpus: str, events: Sequence[Event]) -> str:
    """The code of a corpus's event set ("" for none)."""
    return code_for(f"{corpus}\n{_text(events)}") if events else ""


def _rows(connection: sqlite3.Connection, corpus: str) -> tuple[Event, ...]:
    found = connection.execute(
        "SELECT day, label, link FROM events WHERE corpus = ?", (corpus,)
    ).fetchall()
    return tuple(sorted(make(*row) for row in found))


def _keep_set(connection: sqlite3.Connection, corpus: str, events: tuple[Event, ...]) -> str:
    """Store the event set (once) and return its code; trims the oldest past MAX_SETS."""
    code = set_code(corpus, events)
    if not code:
        return ""
    text = _text(events)
    row = connection.execute("SELECT corpus, events FROM event_sets WHERE code = ?", (code,))
    found = row.fetchone()
    if found is not None and tuple(found) != (corpus, text):
        raise EventError("The event-set code {code} names another set.", code=code)
    connection.execute(
        "INSERT OR REPLACE INTO event_sets (code, corpus, events, used) VALUES (?, ?, ?, ?)",
        (code, corpus, text, time.time()),
    )
    (count,) = connection.execute("SELECT COUNT(*) FROM event_sets").fetchone()
    if count > MAX_SETS:
        connection.execute(
            "DELETE FROM event_sets WHERE code IN "
            "(SELECT code FROM event_sets ORDER BY used LIMIT ?)",
            (count - MAX_SETS,),
        )
    return code


def _change(db: Path, corpus: str, change) -> str:
    try:
        with closing(connect(db)) as connection, connection:
            change(connection)
            events = _rows(connection, corpus)
            if len(events) > MAX_EVENTS:
                raise EventError(
                    "This corpus would have {size} events; at most {most}: nothing was changed.",
                    size=len(events),
                    most=MAX_EVENTS,
                )
            return _keep_set(connection, corpus, events)
    except (sqlite3.Error, ValueError, TypeError) as error:
        raise _damaged(db, error) from error


def add(db: Path, corpus: str, events: Iterable[Event]) -> str:
    """Add events (made by :func:`make`) to a corpus, replacing any of the same date and
    label; returns the code of the corpus's new event set.

    Raises:
        EventError: past :data:`MAX_EVENTS` (nothing is added), or the database cannot be used.
    """
    rows = [(corpus, e.day.isoformat(), e.label, e.link) for e in events]

    def insert(connection: sqlite3.Connection) -> None:
        connection.executemany(
            "INSERT OR REPLACE INTO events (corpus, day, label, link) VALUES (?, ?, ?, ?)", rows
        )

    return _change(db, corpus, insert)


def remove(db: Path, corpus: str, events: Iterable[Event]) -> str:
    """Remove events from a corpus; returns the code of its new event set ("" when none left).

    Raises:
        EventError: the database cannot be used.
    """
    rows = [(corpus, e.day.isoformat(), e.label) for e in events]

    def drop(connection: sqlite3.Connection) -> None:
        connection.executemany(
            "DELETE FROM events WHERE corpus = ? AND day = ? AND label = ?", rows
        )

    return _change(db, corpus, drop)


def current(db: Path, corpus: str) -> tuple[str, tuple[Event, ...]]:
    """A corpus's events now and the code of their set ("" and none when it has none).

    Raises:
        EventError: the database cannot be used.
    """
    if not db.exists():
        return "", ()
    try:
        with closing(connect(db)) as connection, connection:
            events = _rows(connection, corpus)
            code = set_code(corpus, events)
            known = connection.execute("SELECT 1 FROM event_sets WHERE code = ?", (code,))
            if code and known.fetchone() is None:  # events written by an older Marsad
                _keep_set(connection, corpus, events)
    except (sqlite3.Error, ValueError, TypeError) as error:
        raise _damaged(db, error) from error
    return code, events


def load_set(db: Path, code: str) -> tuple[str, tuple[Event, ...]] | None:
    """The corpus and events of the set a link names; None when the code is unknown.

    Raises:
        EventError: the database cannot be used.
    """
    if not db.exists() or len(code) != CODE_LENGTH or not set(code) <= set(ALPHABET):
        return None
    try:
        with closing(connect(db)) as connection, connection:
            row = connection.execute(
                "SELECT corpus, events FROM event_sets WHERE code = ?", (code,)
            ).fetchone()
            if row is None:
                return None
            connection.execute("UPDATE event_sets SET used = ? WHERE code = ?", (time.time(), code))
            return row[0], _events(row[1])
    except (sqlite3.Error, ValueError, TypeError) as error:
        raise _damaged(db, error) from error


def to_json(corpus: str, events: Sequence[Event]) -> str:
    """A corpus's events as a JSON document that :func:`from_json` reads back."""
    document = {
        "format": FORMAT,
        "version": 1,
        "corpus": corpus,
        "events": [
            {"date": e.day.isoformat(), "label": e.label, "link": e.link} for e in sorted(events)
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def from_json(text: str | bytes) -> list[Event]:
    """The events of a JSON document (see :func:`to_json`), each checked by :func:`make`.

    Raises:
        EventError: the document is not JSON or not of this format, has more than
            :data:`MAX_EVENTS` events, or an entry is malformed; the message names the
            entry and the problem.
    """
    try:
        document = read_document(text, FORMAT, "events")
    except DocumentError as error:
        raise EventError(error.reason, **error.values) from error
    entries = document["events"]
    if len(entries) > MAX_EVENTS:
        raise EventError(
            "The file holds {size} events; at most {most}.", size=len(entries), most=MAX_EVENTS
        )
    found = []
    for number, entry in enumerate(entries):
        try:
            found.append(_entry(entry))
        except EventError as error:
            raise error.within("events", number) from error
    return found


def _entry(entry: object) -> Event:
    """One event of an imported file."""
    if not isinstance(entry, dict):
        raise EventError("Not an object with date, label and link.")
    missing = [key for key in ("date", "label") if key not in entry]
    if missing:
        raise EventError("It has no {key}.", key=missing[0])
    if not all(isinstance(entry.get(key, ""), str) for key in ("date", "label", "link")):
        raise EventError("Its date, label and link must be texts.")
    return make(entry["date"], entry["label"], entry.get("link", ""))
