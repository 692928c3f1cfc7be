"""``python -m dashboard ingest PATH... --out articles.parquet --report report.json``.

Reads any mix of corpus files, zips and folders into one canonical article
table (Parquet), a JSON report of what became of every record, and a CSV of
the rejected records with their file, row and reason. Exits non-zero only
when nothing could be loaded.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

FIELD_FLAGS = ("title", "body", "date", "outlet", "url", "tags")


def add_ingest_parser(sub: argparse._SubParsersAction) -> None:
    """Add the ``ingest`` sub-command to a sub-parser set."""
    ingest = sub.add_parser(
        "ingest", help="read corpus files into a canonical article table, with a report"
    )
    ingest.add_argument("paths", nargs="+", metavar="PATH", help="files, zips or folders")
    ingest.add_argument("--out", required=True, help="the articles table to write (.parquet)")
    ingest.add_argument("--report", help="report JSON (default: OUT with .report.json)")
    ingest.add_argument("--rejected", help="rejected records CSV (default: OUT with .rejected.csv)")
    ingest.add_argument(
        "--crawl-date",
        type=datetime.fromisoformat,
        help="ISO date the pages were fetched: the base of relative dates ('منذ 3 أيام')",
    )
    for name in FIELD_FLAGS:
        ingest.add_argument(f"--{name}", metavar="COLUMN", help=f"the input column for {name}")
    ingest.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="CANONICAL=COLUMN",
        help="column mapping override, as on build, e.g. --map body=article_text",
    )
    ingest.add_argument(
        "--follow-links",
        action="store_true",
        help="follow symbolic links inside folders (skipped, and named, by default)",
    )
    ingest.set_defaults(run=command_ingest)


def command_ingest(args: argparse.Namespace) -> int:
    """Run the ingest; print the report's counts; 1 when nothing was loaded."""
    from dashboard.pipeline.ingest import IngestError, read_corpus

    out = Path(args.out)
    report_path = Path(args.report) if args.report else out.with_suffix(".report.json")
    rejected_path = Path(args.rejected) if args.rejected else out.with_suffix(".rejected.csv")
    try:
        result = read_corpus(
            args.paths,
            mapping=_mapping(args),
            crawl_date=args.crawl_date,
            follow_links=args.follow_links,
        )
    except IngestError as error:
        print(f"ingest failed: {error}", file=sys.stderr)
        return 1
    for line in result.report["warnings"] + result.report["errors"]:
        print(f"warning: {line}", file=sys.stderr)
    try:
        for path in (out, report_path, rejected_path):
            path.parent.mkdir(parents=True, exist_ok=True)
        result.rejected.to_csv(rejected_path, index=False)
        report_path.write_text(
            json.dumps(result.report, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
        )
        if len(result.articles):
            result.articles.to_parquet(out, index=False)
    except OSError as error:
        print(f"ingest failed: cannot write the output: {error}", file=sys.stderr)
        return 1
    counts = {k: result.report[k] for k in ("read", "loaded", "rejected", "duplicates")}
    counts["near_duplicates"] = result.report["near_duplicates"]
    print(json.dumps({**counts, "reasons": result.report["reasons"]}, ensure_ascii=False))
    if not len(result.articles):
        reasons = ", ".join(f"{r}: {n}" for r, n in result.report["reasons"].items())
        print(f"ingest failed: no article could be loaded ({reasons})", file=sys.stderr)
        return 1
    return 0


def _mapping(args: argparse.Namespace) -> dict[str, str]:
    """Canonical field -> input column from the --map pairs and the --title/--body/... flags."""
    from dashboard.cli.argtypes import parse_mapping

    canonical = {"date": "published_at"}
    flags = {canonical.get(n, n): getattr(args, n) for n in FIELD_FLAGS if getattr(args, n)}
    return {**parse_mapping(args.map), **flags}
