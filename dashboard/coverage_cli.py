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
from datetime import date
from pathlib import Path

import pandas as pd

from dashboard.core import query
from dashboard.core.coverage import (
    coverage_records,
    outlet_attention,
    outlet_attention_overall,
    view_coverage,
)
from dashboard.core.store import Store, StoreError


def command_coverage(args: argparse.Namespace) -> int:
    """Coverage of the queries (or split) within the filters, as JSON lines."""
    if args.split and len(args.q) > 1:
        print("coverage: --split takes at most one --q (the view's query)", file=sys.stderr)
        return 2
    if args.share == "own" and args.split != "outlet":
        print("coverage: --share own needs --split outlet", file=sys.stderr)
        return 2
    try:
        store = Store(Path(args.store))
        articles = store.articles
        topics = store.frame("topics")
        mentions = store.mentions
    except (StoreError, FileNotFoundError) as error:
        print(f"coverage failed: {error}", file=sys.stderr)
        return 1
    filters = query.Filters(
        start=args.start,
        end=args.end,
        outlets=tuple(args.outlet),
        text=args.q[0] if args.split and args.q else "",
    )
    first, last = query.collection_window(articles, filters)
    frequency = args.freq or query.auto_frequency(first, last)
    if args.share == "own":
        print_own_shares(outlet_attention(articles, filters, frequency, store.text_index))
        return 0
    cov = view_coverage(
        articles,
        topics,
        filters,
        frequency,
        args.split or "",
        tuple(args.q),
        args.top,
        mentions=mentions,
        index=store.text_index,
    )
    for row in coverage_records(cov):
        print(json.dumps(row, ensure_ascii=False))
    return 0


def print_own_shares(table: pd.DataFrame) -> None:
    """Each outlet's share of its own articles per period, then one line per outlet over
    the whole view (``"period": "all"``)."""
    for row in coverage_records(table.rename(columns={"outlet": "series"})):
        print(json.dumps(row, ensure_ascii=False))
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
    parser.add_argument("--outlet", action="append", default=[], metavar="O")
    parser.add_argument("--from", dest="start", type=date.fromisoformat, metavar="D")
    parser.add_argument("--to", dest="end", type=date.fromisoformat, metavar="D")
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
