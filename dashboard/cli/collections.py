"""Command line for collections and timeline events:
``python -m dashboard collections list|export|import`` and
``python -m dashboard events list|export|import|add|remove``.

``--store`` is the SQLite database they live in (by default the short links' database,
``MARSAD_PERMALINKS``). ``list`` prints one JSON object per line; ``export`` writes the JSON
document that ``import`` (and the dashboard's upload) reads back. A malformed file is
refused on one line of stderr naming the problem (exit status 2), and nothing is changed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dashboard.config import Settings
from dashboard.sharing import collections, events
from dashboard.storage import corpora


def _database(args: argparse.Namespace) -> Path | None:
    """The database ``--store`` names; None (with a message) when it is a folder."""
    db = Path(args.store)
    if db.is_dir():
        print(
            f"{args.command}: --store is the SQLite database file, and {db} is a folder "
            f"(try {db / 'permalinks.sqlite'})",
            file=sys.stderr,
        )
        return None
    return db


def _read(path: str) -> bytes:
    return sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()


def _write(text: str, path: str | None) -> None:
    if path:
        Path(path).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)


def command_collections(args: argparse.Namespace) -> int:
    """List, export or import collections."""
    db = _database(args)
    if db is None:
        return 2
    try:
        if args.action == "list":
            for c in collections.listing(db, args.kind):
                row = {"kind": c.kind, "name": c.name, "items": list(c.items)}
                if c.kind == "query":
                    row["query"] = c.query
                print(json.dumps(row, ensure_ascii=False))
        elif args.action == "export":
            _write(collections.to_json(collections.listing(db, args.kind)), args.out)
        else:
            found = collections.from_json(_read(args.file))
            print(json.dumps(collections.import_all(db, found)))
    except OSError as error:
        print(f"collections: {error}", file=sys.stderr)
        return 2
    except collections.CollectionError as error:
        print(f"collections {args.action} refused: {error}", file=sys.stderr)
        return 2
    return 0


def command_events(args: argparse.Namespace) -> int:
    """List, export, import, add or remove a corpus's timeline events."""
    db = _database(args)
    if db is None:
        return 2
    if args.action in ("add", "remove") and not (args.date and args.label):
        print(f"events {args.action}: give --date and --label", file=sys.stderr)
        return 2
    try:
        if args.corpus:
            corpora.check_name(args.corpus)
        if args.action in ("list", "export"):
            _, found = events.current(db, args.corpus)
            if args.action == "export":
                _write(events.to_json(args.corpus, found), args.out)
            for e in found if args.action == "list" else ():
                row = {"date": e.day.isoformat(), "label": e.label, "link": e.link}
                print(json.dumps(row, ensure_ascii=False))
            return 0
        if args.action == "import":
            found = events.from_json(_read(args.file))
            code = events.add(db, args.corpus, found)
        else:
            one = events.make(args.date, args.label, args.link)
            change = events.add if args.action == "add" else events.remove
            code = change(db, args.corpus, [one])
        print(json.dumps({"events": len(events.current(db, args.corpus)[1]), "set": code}))
    except OSError as error:
        print(f"events: {error}", file=sys.stderr)
        return 2
    except (events.EventError, corpora.CorpusError) as error:
        print(f"events {args.action} refused: {error}", file=sys.stderr)
        return 2
    return 0


def add_collections_parsers(sub: argparse._SubParsersAction) -> None:
    """Register ``collections`` and ``events`` on the command line."""
    settings = Settings.from_env()
    store = {"default": str(settings.permalinks), "help": "the SQLite database file"}

    shared = sub.add_parser("collections", help="list, export or import collections")
    shared.add_argument("action", choices=("list", "export", "import"))
    shared.add_argument("file", nargs="?", default="-", help="for import: a JSON file, - stdin")
    shared.add_argument("--store", **store)
    shared.add_argument("--kind", choices=collections.KINDS, help="only outlets or queries")
    shared.add_argument("--out", help="for export: a file (default: stdout)")
    shared.set_defaults(run=command_collections)

    timeline = sub.add_parser("events", help="list, export, import, add or remove events")
    timeline.add_argument("action", choices=("list", "export", "import", "add", "remove"))
    timeline.add_argument("file", nargs="?", default="-", help="for import: a JSON file, - stdin")
    timeline.add_argument("--store", **store)
    timeline.add_argument(
        "--corpus", default="", help="a corpus name under MARSAD_CORPORA (default: the store)"
    )
    timeline.add_argument("--date", help="for add and remove: YYYY-MM-DD")
    timeline.add_argument("--label", help="for add and remove")
    timeline.add_argument("--link", default="", help="for add: an http(s) address")
    timeline.add_argument("--out", help="for export: a file (default: stdout)")
    timeline.set_defaults(run=command_events)
