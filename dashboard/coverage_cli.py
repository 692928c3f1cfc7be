"""Command line for coverage: ``python -m dashboard coverage --store DIR ...``.

Prints one JSON object per line and period: series, period, count, total, share,
partial, gap, computed by the same code as the coverage page. With ``--split outlet
--share own`` each outlet's share is of its own articles (the Keyword in context page's
attention by outlet), and a line per outlet with ``"period": "all"`` sums the view.
"""

from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from dashboard.cli_support import add_filter_options, filters, print_lines, read_store
from dashboard.core import query
from dashboard.core.coverage import (
    coverage_records,
    outlet_attention,
    outlet_attention_overall,
    view_coverage,
)


def command_coverage(args: argparse.Namespace) -> int:
    """Coverage of the queries (or split) within the filters, as JSON lines."""
    if args.split and len(args.q) > 1:
        print("coverage: --split takes at most one --q (the view's query)", file=sys.stderr)
        return 2
    if args.share == "own" and args.split != "outlet":
        print("coverage: --share own needs --split outlet", file=sys.stderr)
        return 2
    opened = read_store(args.store, "coverage", lambda s: (s, s.frame("topics"), s.mentions))
    if opened is None:
        return 1
    store, topics, mentions = opened
    articles = store.articles
    view = filters(args, args.q[0] if args.split and args.q else "")
    first, last = query.collection_window(articles, view)
    frequency = args.freq or query.auto_frequency(first, last)
    if args.share == "own":
        print_own_shares(outlet_attention(articles, view, frequency, store.text_index))
        return 0
    cov = view_coverage(
        articles,
        topics,
        view,
        frequency,
        args.split or "",
        tuple(args.q),
        args.top,
        mentions=mentions,
        index=store.text_index,
    )
    print_lines(coverage_records(cov))
    return 0


def print_own_shares(table: pd.DataFrame) -> None:
    """Each outlet's share of its own articles per period, then one line per outlet over
    the whole view (``"period": "all"``)."""
    print_lines(coverage_records(table.rename(columns={"outlet": "series"})))
    for row in outlet_attention_overall(table).itertuples(index=False):
        share = None if pd.isna(row.share) else float(row.share)
        overall = {"series": str(row.outlet), "period": "all", "count": int(row.count)}
        overall |= {"total": int(row.total), "share": share, "partial": False}
        print(json.dumps(overall | {"gap": bool(row.total == 0)}, ensure_ascii=False))


def add_coverage_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``coverage`` on the command line."""
    parser = sub.add_parser(
        "coverage",
        help="articles, total and share per period as JSON lines (the coverage page's numbers)",
    )
    parser.add_argument("--store", required=True, help="a built store folder")
    parser.add_argument(
        "--q", action="append", default=[], metavar="QUERY", help="a keyword query (repeat)"
    )
    add_filter_options(parser)
    parser.add_argument("--freq", choices=list(query.FREQUENCIES))
    parser.add_argument("--split", choices=["outlet", "topic"])
    parser.add_argument("--top", type=int, default=8, help="outlets or topics before 'other'")
    parser.add_argument(
        "--share",
        choices=["all", "own"],
        default="all",
        help="share of all articles (all) or, with --split outlet, of each outlet's own (own)",
    )
    parser.set_defaults(run=command_coverage)
