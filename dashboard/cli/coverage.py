"""Command line for coverage: ``python -m dashboard coverage --store DIR ...``.

Prints one JSON object per line and period: series, period, count, total, share,
partial, gap, computed by the same code as the coverage page. With ``--split outlet
--share own`` each outlet's share is of its own articles (the Keyword in context page's
attention by outlet), and a line per outlet with ``"period": "all"`` sums the view.
``--collection NAME`` compares an outlet collection (the articles of its outlets) and
``--saved NAME`` a saved query, read from the collections' database (``--links``, by
default the short links' database, ``MARSAD_PERMALINKS``), beside the ``--q`` queries.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from dashboard.analysis import query
from dashboard.analysis.coverage import (
    coverage_records,
    outlet_attention,
    outlet_attention_overall,
    view_coverage,
)
from dashboard.cli.support import add_filter_options, filters, print_lines, read_store
from dashboard.config import Settings
from dashboard.sharing import collections


def command_coverage(args: argparse.Namespace) -> int:
    """Coverage of the queries (or split) within the filters, as JSON lines."""
    if args.split and len(args.q) > 1:
        print("coverage: --split takes at most one --q (the view's query)", file=sys.stderr)
        return 2
    if args.share == "own" and args.split != "outlet":
        print("coverage: --share own needs --split outlet", file=sys.stderr)
        return 2
    if args.split and (args.collection or args.saved):
        print(
            "coverage: --collection and --saved are compared series, not a split", file=sys.stderr
        )
        return 2
    try:
        series = compared(args)
    except (collections.CollectionError, LookupError) as error:
        print(f"coverage: {error}", file=sys.stderr)
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
        series,
        args.top,
        mentions=mentions,
        index=store.text_index,
    )
    print_lines(coverage_records(cov))
    return 0


def compared(args: argparse.Namespace) -> tuple[query.Series, ...]:
    """The compared series the arguments name: each ``--q``, then each ``--saved`` query and
    ``--collection`` of outlets from the collections' database.

    Raises:
        LookupError: a name the database lacks.
        CollectionError: the database cannot be used.
    """
    series = [query.Series("query", q) for q in args.q if not args.split]
    if not (args.saved or args.collection):
        return tuple(series)
    db = Path(args.links) if args.links else Settings.from_env().permalinks
    found = {(c.kind, c.name): c for c in collections.listing(db)}
    for kind, names in (("query", args.saved), ("outlets", args.collection)):
        for name in names:
            chosen = found.get((kind, name.strip()))
            if chosen is None:
                raise LookupError(f"no {kind} collection named {name!r} in {db}")
            if kind == "query":
                series.append(query.Series("query", chosen.query, chosen.name))
            else:
                series.append(query.collection_series(chosen.name, chosen.items))
    return tuple(series)


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
    parser.add_argument(
        "--collection",
        action="append",
        default=[],
        metavar="NAME",
        help="compare an outlet collection: the articles of its outlets (repeat)",
    )
    parser.add_argument(
        "--saved",
        action="append",
        default=[],
        metavar="NAME",
        help="compare a saved query (repeat)",
    )
    parser.add_argument(
        "--links", metavar="DB", help="the collections' database (default: MARSAD_PERMALINKS)"
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
