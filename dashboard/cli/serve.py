"""``python -m dashboard serve``: run the dashboard on a built store with Streamlit."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from dashboard.cli.argtypes import PORT
from dashboard.config import ROOT, Settings, server_env


def serve_command(store: str, port: int, environ: Mapping[str, str]) -> tuple[list[str], dict]:
    """The server's command line and environment: tracebacks hidden from visitors, an
    over-long link answered with a page (:mod:`dashboard.app.webserver`), and read-only (no
    uploads or builds) unless ``MARSAD_ALLOW_UPLOADS`` says otherwise."""
    command = [
        sys.executable,
        "-m",
        "dashboard.app.webserver",
        "run",
        str(ROOT / "dashboard" / "app" / "main.py"),
    ]
    command += ["--server.port", str(port), "--client.showErrorDetails", "none"]
    env = {"MARSAD_ALLOW_UPLOADS": "0", **server_env(environ)}
    env["MARSAD_STORE"] = str(Path(store).absolute())  # the link: rebuilds show
    return command, env


def command_serve(args: argparse.Namespace) -> int:
    """Serve the dashboard over the store at ``--store`` with Streamlit."""
    command, env = serve_command(args.store, args.port, os.environ)
    os.chdir(ROOT)
    os.execve(sys.executable, command, env)
    return 0  # not reached: execv replaces the process


def add_serve_parser(sub: argparse._SubParsersAction, settings: Settings) -> None:
    """Register ``serve`` on the command line, its defaults from ``settings``."""
    serve = sub.add_parser("serve", help="run the dashboard on a built store")
    serve.add_argument("--store", default=str(settings.store))
    serve.add_argument("--port", type=PORT, default=8501)
    serve.set_defaults(run=command_serve)
