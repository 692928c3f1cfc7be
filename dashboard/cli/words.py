"""Command line for words: ``python -m dashboard words|distinctive --store DIR ...``.

``words`` prints one JSON object per line and term: words, term, count, articles,
share (of the matching articles), for the top words, two- and three-word phrases.
``distinctive`` prints one per word: side (a or b), term, z, delta, counts and articles
in each set. Both are computed by the same code as the Words & framing page.
"""

from __future__ import annotations

import argparse
import sys

from dashboard.analysis.logodds import DEFAULT_ALPHA, distinctive, set_rows
from dashboard.analysis.query import filter_mask
from dashboard.analysis.vocabulary import MAX_WORDS, Vocabulary, top_terms
from dashboard.cli.argtypes import int_range
from dashboard.cli.support import add_filter_options, filters, open_store, print_lines

TOP = int_range(1, 1000)


def positive(text: str) -> float:
    """An argparse ``type``: a number above 0."""
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number above 0, got {text}")
    return value


def command_words(args: argparse.Namespace) -> int:
    """The top words and phrases of the articles matching the filters and query."""
    store = open_store(args.store, "words")
    if store is None:
        return 1
    rows = (
        filter_mask(store.articles, filters(args, args.query), store.text_index)
        .to_numpy()
        .nonzero()[0]
    )
    vocab = Vocabulary.from_texts(store.articles["search_text"])
    for n in args.n or range(1, MAX_WORDS + 1):
        print_lines(top_terms(vocab, rows, n, args.top).to_dict("records"))
    return 0


def command_distinctive(args: argparse.Namespace) -> int:
    """The words most distinctive of set A against set B (or the rest), by z."""
    store = open_store(args.store, "distinctive")
    if store is None:
        return 1
    base = filters(args, args.query)
    own_a = filters(args, args.a_query, "a-")
    own_b = filters(args, args.b_query, "b-")
    articles, index = store.articles, store.text_index
    rows_a = set_rows(articles, base, own_a, index)
    rows_b = set_rows(articles, base, own_b, index, rest_of=own_a if args.b_rest else None)
    vocab = Vocabulary.from_texts(articles["search_text"])
    table = distinctive(vocab, rows_a, rows_b, args.alpha, args.top)
    print(
        f"set A: {len(rows_a)} articles, set B: {len(rows_b)} articles", file=sys.stderr, flush=True
    )
    print_lines(table.to_dict("records"))
    return 0


def add_set_options(parser: argparse.ArgumentParser, prefix: str = "", what: str = "") -> None:
    """``--query`` and the filter options, each under ``prefix``."""
    dest = prefix.replace("-", "_")
    parser.add_argument(
        f"--{prefix}query", dest=f"{dest}query", default="", help=f"keyword query{what}"
    )
    add_filter_options(parser, prefix, what)


def add_words_parsers(sub: argparse._SubParsersAction) -> None:
    """Register ``words`` and ``distinctive`` on the command line."""
    words = sub.add_parser(
        "words", help="top words and phrases of the matching articles, as JSON lines"
    )
    words.add_argument("--store", required=True, help="a built store folder")
    add_set_options(words)
    words.add_argument("--top", type=TOP, default=30, help="terms of each length")
    words.add_argument(
        "--n",
        type=int,
        action="append",
        choices=range(1, MAX_WORDS + 1),
        help="words (1) or phrases of 2 or 3 words (repeat; default all)",
    )
    words.set_defaults(run=command_words)

    contrast = sub.add_parser(
        "distinctive",
        help="words distinctive of set A against set B (weighted log-odds z), as JSON lines",
    )
    contrast.add_argument("--store", required=True, help="a built store folder")
    add_set_options(contrast, what=" both sets share")
    add_set_options(contrast, "a-", " of set A")
    add_set_options(contrast, "b-", " of set B")
    contrast.add_argument(
        "--b-rest", action="store_true", help="set B is every article not in set A"
    )
    contrast.add_argument(
        "--alpha", type=positive, default=DEFAULT_ALPHA, help="the prior's total (alpha0)"
    )
    contrast.add_argument("--top", type=TOP, default=30, help="words on each side")
    contrast.set_defaults(run=command_distinctive)
