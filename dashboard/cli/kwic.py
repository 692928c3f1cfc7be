"""Command line for keyword in context: ``python -m dashboard kwic --store DIR --query Q``.

Prints one JSON object per line of the concordance (article, date, outlet, title, where,
left, keyword, right), computed by the same code as the Keyword in context page; a
one-line summary (places found, in how many articles, lines printed) goes to stderr.
"""

from __future__ import annotations

import argparse
import sys

from dashboard.analysis import concordance, query
from dashboard.cli.argtypes import int_range
from dashboard.cli.support import add_filter_options, filters, open_store, print_lines

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
    store = open_store(args.store, "kwic")
    if store is None:
        return 1
    articles = store.articles
    view = filters(args, args.query)
    chosen = articles[query.filter_mask(articles, view, store.text_index).to_numpy()]
    found = concordance.concordance_lines(chosen, args.query, args.width, args.cap)
    lines = concordance.filter_lines(found.frame, args.context)
    lines = concordance.sort_lines(lines, args.sort)
    print_lines(map(line_record, concordance.export_frame(lines).to_dict("records")))
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
    add_filter_options(parser, topics=True)
    parser.add_argument("--sort", choices=concordance.SORTS, default="date")
    parser.add_argument(
        "--context", default="", metavar="QUERY", help="keep the lines whose words match this"
    )
    parser.add_argument(
        "--cap", type=CAP, default=concordance.CAP, help="lines built at most (places all counted)"
    )
    parser.set_defaults(run=command_kwic)
