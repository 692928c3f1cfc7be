"""Command line for keyword in context: ``python -m dashboard kwic --store DIR --query Q``.

Prints one JSON object per line of the concordance (article, date, outlet, title, where,
left, keyword, right), computed by the same code as the Keyword in context page; a
one-line summary (places found, in how many articles, lines printed) goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from dashboard.argtypes import int_range
from dashboard.core import concordance, query
from dashboard.core.store import Store, StoreError

WIDTH = int_range(1, concordance.MAX_WIDTH)
CAP = int_range(1, 1_000_000)


def line_record(row: dict) -> dict:
    """A concordance line as printed: dates as ``YYYY-MM-DD``."""
    return {
        "article": str(row["article_id"]),
        "date": f"{row['published_at']:%Y-%m-%d}",
        "outlet": str(row["outlet"]),
        "title": str(row["title"]),
        "where": row["where"],
        "left": row["left"],
        "keyword": row["keyword"],
        "right": row["right"],
    }


def command_kwic(args: argparse.Namespace) -> int:
    """Every place the query's words stand in the filtered articles, as JSON lines."""
    try:
        store = Store(Path(args.store))
        articles = store.articles
    except (StoreError, FileNotFoundError) as error:
        print(f"kwic failed: {error}", file=sys.stderr)
        return 1
    filters = query.Filters(
        start=args.start,
        end=args.end,
        outlets=tuple(args.outlet),
        topics=tuple(args.topic),
        text=args.query,
    )
    chosen = articles[query.filter_mask(articles, filters, store.text_index).to_numpy()]
    found = concordance.concordance_lines(chosen, args.query, args.width, args.cap)
    lines = concordance.filter_lines(found.frame, args.context)
    lines = concordance.sort_lines(lines, args.sort)
    for row in concordance.export_frame(lines).to_dict("records"):
        print(json.dumps(line_record(row), ensure_ascii=False))
    print(
        f"{found.places} places in {found.articles} articles; "
        f"{len(lines)} lines printed (lines are built for the first {found.cap} places)",
        file=sys.stderr,
    )
    return 0


def add_kwic_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``kwic`` on the command line."""
    parser = sub.add_parser(
        "kwic", help="keyword in context: every place a query's words stand (JSON lines)"
    )
    parser.add_argument("--store", required=True, help="a built store folder")
    parser.add_argument("--query", required=True, help="a keyword query (its words are listed)")
    parser.add_argument(
        "--width",
        type=WIDTH,
        default=concordance.DEFAULT_WIDTH,
        help=f"words of context each side (1..{concordance.MAX_WIDTH})",
    )
    parser.add_argument("--outlet", action="append", default=[], metavar="O")
    parser.add_argument("--topic", action="append", default=[], type=int, metavar="T")
    parser.add_argument("--from", dest="start", type=date.fromisoformat, metavar="D")
    parser.add_argument("--to", dest="end", type=date.fromisoformat, metavar="D")
    parser.add_argument("--sort", choices=concordance.SORTS, default="date")
    parser.add_argument(
        "--context", default="", metavar="QUERY", help="keep the lines whose words match this"
    )
    parser.add_argument(
        "--cap", type=CAP, default=concordance.CAP, help="lines built at most (places all counted)"
    )
    parser.set_defaults(run=command_kwic)
