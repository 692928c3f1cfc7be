"""``python -m dashboard add``: add new articles to a built store without a refit."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dashboard.cli.argtypes import THREADS
from dashboard.cli.support import refuse
from dashboard.config import Settings


def command_add(args: argparse.Namespace) -> int:
    """Add new articles to a built store: embed them, assign topics, no refit."""
    from dashboard.pipeline.stages import BuildError
    from dashboard.pipeline.update import add_articles
    from dashboard.storage.store import BuildBusy, StoreError, UnsafeTarget

    try:
        manifest = add_articles(
            Path(args.store),
            [Path(p) for p in args.corpus],
            threads=args.threads,
            log=lambda line: print(line, file=sys.stderr, flush=True),
            wait=args.wait,
        )
    except UnsafeTarget as error:
        return refuse(str(error))
    except (BuildBusy, BuildError, StoreError) as error:
        print(f"add failed: {error}", file=sys.stderr)
        return 1
    print(json.dumps({k: manifest.get(k) for k in ("build_id", "counts", "update")}, indent=2))
    return 0


def add_add_parser(sub: argparse._SubParsersAction, settings: Settings) -> None:
    """Register ``add`` on the command line, its defaults from ``settings``."""
    add = sub.add_parser("add", help="add new articles to a built store without a refit")
    add.add_argument("--store", default=str(settings.store))
    add.add_argument("--corpus", nargs="+", required=True, help="files or folders")
    add.add_argument("--threads", type=THREADS, default=min(settings.threads, 64))
    add.add_argument("--wait", action="store_true", help="queue behind a running build")
    add.set_defaults(run=command_add)
