"""Command line for similar articles and search: ``python -m dashboard similar|search ...``.

Both print one JSON object per line: id, score, title, outlet, date.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dashboard.core.embed import load_embedder
from dashboard.core.search import Searcher, records
from dashboard.core.store import Store, StoreError


def print_lines(rows: list[dict]) -> None:
    """Write each row as a JSON line (Arabic kept readable)."""
    for row in rows:
        print(json.dumps(row, ensure_ascii=False))


def command_similar(args: argparse.Namespace) -> int:
    """The k articles most like ``--article``."""
    try:
        searcher = Searcher.open(Store(Path(args.store)))
        found = searcher.similar(args.article, args.k, hybrid=not args.embeddings_only)
    except (StoreError, KeyError) as error:
        print(f"similar failed: {error}", file=sys.stderr)
        return 1
    print_lines(records(found))
    return 0


def command_search(args: argparse.Namespace) -> int:
    """The k best articles for a free-text query (BM25 and embeddings, fused)."""
    try:
        store = Store(Path(args.store))
        searcher = Searcher.open(store)
    except StoreError as error:
        print(f"search failed: {error}", file=sys.stderr)
        return 1
    embedder = load_embedder(store.manifest["embedder"]["name"], args.threads)
    vector = embedder.embed_queries([args.query])[0]
    print_lines(records(searcher.search(args.query, vector, args.k)))
    return 0


def add_similar_parsers(sub: argparse._SubParsersAction) -> None:
    """Add the ``similar`` and ``search`` sub-commands to ``sub``."""
    similar = sub.add_parser("similar", help="articles most similar to one article (JSON lines)")
    similar.add_argument("--store", required=True, help="artifact store folder")
    similar.add_argument("--article", required=True, help="article id")
    similar.add_argument("-k", type=int, default=10)
    similar.add_argument(
        "--embeddings-only", action="store_true", help="rank by embeddings alone, not hybrid"
    )
    similar.set_defaults(run=command_similar)

    search = sub.add_parser("search", help="free-text search over a store (JSON lines)")
    search.add_argument("--store", required=True, help="artifact store folder")
    search.add_argument("query", help="query text, Arabic or English")
    search.add_argument("-k", type=int, default=10)
    search.add_argument("--threads", type=int, default=2)
    search.set_defaults(run=command_search)
