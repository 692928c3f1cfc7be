"""Command line: ``python -m dashboard build|add|ingest|similar|search|quotes|verify|serve ...``."""

from __future__ import annotations

import argparse

# Only the parser's wiring lives here (the docstring above is the top-level --help text):
# each command is a module of this package.
from dashboard.cli.add import add_add_parser
from dashboard.cli.build import add_build_parser
from dashboard.cli.collections import add_collections_parsers
from dashboard.cli.coverage import add_coverage_parser
from dashboard.cli.ingest import add_ingest_parser
from dashboard.cli.kwic import add_kwic_parser
from dashboard.cli.quotes import add_quotes_parser
from dashboard.cli.serve import add_serve_parser
from dashboard.cli.similar import add_similar_parsers
from dashboard.cli.verify import add_verify_parser
from dashboard.cli.words import add_words_parsers
from dashboard.config import Settings


def parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command."""
    settings = Settings.from_env()
    top = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)

    add_build_parser(sub, settings)
    add_add_parser(sub, settings)
    add_verify_parser(sub, settings)

    add_ingest_parser(sub)
    add_similar_parsers(sub)
    add_coverage_parser(sub)
    add_kwic_parser(sub)
    add_quotes_parser(sub)
    add_words_parsers(sub)
    add_collections_parsers(sub)

    add_serve_parser(sub, settings)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = parser().parse_args(argv)
    return args.run(args)
