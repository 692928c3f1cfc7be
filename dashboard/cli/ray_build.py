"""``python -m dashboard build --engine ray ...``: the build's Ray options and their command.

Wiring in :mod:`dashboard.cli.build`: call ``add_ray_options(build)`` on the build sub-parser,
and at the top of ``command_build``::

    if args.engine == "ray":
        return command_build_ray(args, config, parse_mapping(args.map))
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from dashboard.cli.argtypes import THREADS

if TYPE_CHECKING:
    from dashboard.pipeline.build import BuildConfig


def add_ray_options(build: argparse.ArgumentParser) -> None:
    """Add ``--engine``, ``--address``, ``--workers`` and ``--scratch`` to the build parser."""
    group = build.add_argument_group("Ray engine (pip install -r requirements-ray.txt)")
    group.add_argument(
        "--engine",
        choices=("local", "ray"),
        default="local",
        help="local (default): this process; ray: Ray Data stages on a Ray cluster",
    )
    group.add_argument(
        "--address",
        default=None,
        help="Ray cluster: auto (the one this machine belongs to) or ray://host:port; "
        "default: start a Ray on this machine",
    )
    group.add_argument(
        "--workers", type=THREADS, default=2, help="embedding workers (each loads the model once)"
    )
    group.add_argument(
        "--scratch",
        default=None,
        help="where the Parquet shards go (a URL every node reads on a multi-node cluster)",
    )


def command_build_ray(
    args: argparse.Namespace, config: BuildConfig, mapping: dict[str, str] | None
) -> int:
    """Run the Ray build from parsed arguments; prints the summary JSON, returns the status."""
    from dashboard.pipeline.build import BuildError
    from dashboard.storage.store import BuildBusy, UnsafeTarget

    try:
        from dashboard.pipeline.ray_build import build_ray

        manifest = build_ray(
            args.corpus,
            args.out,
            config,
            address=args.address,
            workers=args.workers,
            scratch=args.scratch,
            mapping=mapping,
            log=lambda line: print(line, file=sys.stderr, flush=True),
            wait=args.wait,
            follow_links=args.follow_links,
        )
    except ModuleNotFoundError as error:
        if error.name != "ray" and not str(error.name).startswith("ray."):
            raise
        print(
            "build failed: --engine ray needs: pip install -r requirements-ray.txt", file=sys.stderr
        )
        return 1
    except UnsafeTarget as error:
        print(error, file=sys.stderr)
        return 2
    except (BuildError, BuildBusy) as error:
        print(f"build failed: {error}", file=sys.stderr)
        return 1
    keys = ("build_id", "engine", "ray", "counts", "timings_s", "peak_rss_mb")
    print(json.dumps({key: manifest[key] for key in keys}, ensure_ascii=False, indent=2))
    return 0
