"""Command line for quotes: ``python -m dashboard quotes --store DIR [--speaker X] [--query Q]``.

Prints one JSON object per quote, newest first: article_id, published_at, outlet, speaker,
entity, entity_type, cue, quote and the character offsets of the content and the speaker in
the article's cleaned body, found by the same code as the Quotes page.
"""

from __future__ import annotations

import argparse

from dashboard.analysis.quote_queries import search_quotes
from dashboard.analysis.quotes import extract_quotes
from dashboard.cli.support import print_lines, read_store


def command_quotes(args: argparse.Namespace) -> int:
    """The store's quotes matching the speaker and the query, as JSON lines."""
    tables = read_store(args.store, "quotes", lambda store: (store.articles, store.mentions))
    if tables is None:
        return 1
    articles, mentions = tables
    found = search_quotes(extract_quotes(articles, mentions), args.speaker, args.query)
    if args.limit:
        found = found.head(args.limit)
    rows = found.to_dict("records")
    print_lines(row | {"published_at": row["published_at"].isoformat()} for row in rows)
    return 0


def add_quotes_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``quotes`` on the command line."""
    parser = sub.add_parser(
        "quotes", help="who said what: reported speech with its speaker entity, as JSON lines"
    )
    parser.add_argument("--store", required=True, help="a built store folder")
    parser.add_argument("--speaker", default="", help="words of the speaker or of its entity")
    parser.add_argument(
        "--query", default="", help="a keyword query over what was said (whole words)"
    )
    parser.add_argument("--limit", type=int, default=0, help="at most this many (0: all)")
    parser.set_defaults(run=command_quotes)
