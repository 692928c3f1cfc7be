"""What the store commands share (``kwic``, ``coverage``, ``quotes``, ``words``,
``distinctive``): opening the store or saying on one line why it cannot be opened, the
view's filter options (``--outlet``, ``--topic``, ``--from``, ``--to``) and the filters
they make, and printing JSON lines; and the one-line refusal of ``build`` and ``add``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TypeVar

from dashboard.analysis.query import Filters
from dashboard.storage.store import Store, StoreError

T = TypeVar("T")


def read_store(path: str, command: str, read: Callable[[Store], T]) -> T | None:
    """What ``read`` takes from the store at ``path``, its articles read first; None, after
    ``COMMAND failed: why`` on stderr, when the store or a file ``read`` needs is missing or
    damaged."""
    try:
        store = Store(Path(path))
        _ = store.articles
        return read(store)
    except (StoreError, FileNotFoundError) as error:
        print(f"{command} failed: {error}", file=sys.stderr)
        return None


def open_store(path: str, command: str) -> Store | None:
    """The store at ``path``, its articles read; None (after saying why) when it fails."""
    return read_store(path, command, lambda store: store)


def add_filter_options(
    parser: argparse.ArgumentParser, prefix: str = "", what: str = "", topics: bool = False
) -> None:
    """``--outlet`` (and ``--topic`` when ``topics``), ``--from`` and ``--to``, each under
    ``prefix`` (``a-`` gives ``--a-outlet``...); :func:`filters` reads them back."""
    dest = prefix.replace("-", "_")
    parser.add_argument(
        f"--{prefix}outlet",
        dest=f"{dest}outlet",
        action="append",
        default=[],
        metavar="O",
        help=f"an outlet{what} (repeat)",
    )
    if topics:
        parser.add_argument(
            f"--{prefix}topic",
            dest=f"{dest}topic",
            action="append",
            default=[],
            type=int,
            metavar="T",
            help=f"a topic number{what} (repeat)",
        )
    for flag, name in (("from", "start"), ("to", "end")):
        parser.add_argument(
            f"--{prefix}{flag}", dest=f"{dest}{name}", type=date.fromisoformat, metavar="D"
        )


def filters(args: argparse.Namespace, text: str = "", prefix: str = "") -> Filters:
    """The filters of the options :func:`add_filter_options` added under ``prefix``, with
    ``text`` as their keyword query."""
    dest = prefix.replace("-", "_")
    return Filters(
        start=getattr(args, f"{dest}start"),
        end=getattr(args, f"{dest}end"),
        outlets=tuple(getattr(args, f"{dest}outlet")),
        topics=tuple(getattr(args, f"{dest}topic", ())),
        text=text,
    )


def print_lines(rows: Iterable[dict]) -> None:
    """Write each row as a JSON line (Arabic kept readable)."""
    for row in rows:
        print(json.dumps(row, ensure_ascii=False))


def refuse(message: str) -> int:
    """Print a refusal on one line of stderr; the exit status of a refused command (2)."""
    print(" ".join(message.split()), file=sys.stderr)
    return 2
