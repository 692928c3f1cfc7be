"""``python -m dashboard verify``: check a store's files against its manifest."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.config import Settings


def command_verify(args: argparse.Namespace) -> int:
    """Check a store's files against the checksums in its manifest."""
    from dashboard.storage.store import Store, StoreError

    try:
        error = Store(Path(args.store)).verify_error()
    except StoreError as failure:
        error = failure
    if error is not None:
        print(f"verify failed: {error}", file=sys.stderr)
        return 1
    print(f"{args.store}: every file matches its manifest checksum")
    return 0


def add_verify_parser(sub: argparse._SubParsersAction, settings: Settings) -> None:
    """Register ``verify`` on the command line, its defaults from ``settings``."""
    verify = sub.add_parser("verify", help="check a store's files against its manifest")
    verify.add_argument("--store", default=str(settings.store))
    verify.set_defaults(run=command_verify)
