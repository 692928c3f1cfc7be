"""Command line for similar articles and search: ``python -m dashboard similar|search ...``.

Both print one JSON object per line: id, score, title, outlet, date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.cli.argtypes import THREADS, K
from dashboard.cli.support import print_lines


def command_similar(args: argparse.Namespace) -> int:
    """The k articles most like ``--article``."""
    from dashboard.analysis.search import Searcher, records
    from dashboard.storage.store import Store, StoreError

    try:
        store = Store(Path(args.store))
        _ = store.manifest  # a store is known by its manifest: a damaged one is named
        searcher = Searcher.open(store)
        found = searcher.similar(args.article, args.k, hybrid=not args.embeddings_only)
    except (StoreError, KeyError) as error:
        message = error.args[0] if isinstance(error, KeyError) else error  # KeyError quotes
        print(f"similar failed: {message}", file=sys.stderr)
        return 1
    print_lines(records(found))
    return 0


def command_search(args: argparse.Namespace) -> int:
    """The k best articles for a free-text query (BM25 and embeddings, fused)."""
    from dashboard.analysis.search import Searcher, records
    from dashboard.pipeline.embed import EmbedderError, load_embedder
    from dashboard.storage.store import Store, StoreError

    try:
        store = Store(Path(args.store))
        name = store.manifest["embedder"]["name"]
        searcher = Searcher.open(store)
        embedder = load_embedder(name, args.threads)
    except (StoreError, EmbedderError) as error:
        print(f"search failed: {error}", file=sys.stderr)
        return 1
    vector = embedder.embed_queries([args.query])[0]
    print_lines(records(searcher.search(args.query, vector, args.k)))
    return 0


def add_similar_parsers(sub: argparse._SubParsersAction) -> None:
    """Add the ``similar`` and ``search`` sub-commands to ``sub``."""
    similar = sub.add_parser("similar", help="articles most similar to one article (JSON lines)")
    similar.add_argument("--store", required=True, help="artifact store folder")
    similar.add_argument("--article", required=True, help="article id")
    similar.add_argument("-k", type=K, default=10, help="how many (1..1000)")
    similar.add_argument(
        "--embeddings-only", action="store_true", help="rank by embeddings alone, not hybrid"
    )
    similar.set_defaults(run=command_similar)

    search = sub.add_parser("search", help="free-text search over a store (JSON lines)")
    search.add_argument("--store", required=True, help="artifact store folder")
    search.add_argument("query", help="query text, Arabic or English")
    search.add_argument("-k", type=K, default=10, help="how many (1..1000)")
    search.add_argument("--threads", type=THREADS, default=2)
    search.set_defaults(run=command_search)
