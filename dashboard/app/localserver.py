"""The dashboard served on loopback, for screenshots, real-browser tests and load benchmarks.

No streamlit import here: the server is a child process (``streamlit run`` through
:mod:`dashboard.app.webserver`) bound to 127.0.0.1, and the Chromium flags are those that
work on a machine with no network.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from dashboard.app.navigation import PAGES
from dashboard.config import ROOT, server_env

# Every page's URL path, in navigation order ("" is the overview).
PAGE_PATHS = [entry.path for entry in PAGES]
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(store: Path, port: int, log: Path | None = None, wait_s: float = 120) -> subprocess.Popen:
    """Serve the dashboard over ``store`` on 127.0.0.1:``port``; returns once it is healthy.

    Raises:
        RuntimeError: when the server exits or does not answer within ``wait_s``.
    """
    command = [sys.executable, "-m", "dashboard.app.webserver", "run", "dashboard/app/main.py"]
    command += ["--server.address", "127.0.0.1", "--server.port", str(port)]
    command += ["--server.headless", "true", "--server.fileWatcherType", "none"]
    output = log.open("w") if log else subprocess.DEVNULL
    server = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**server_env(os.environ), "MARSAD_STORE": str(Path(store).absolute())},  # the link
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise RuntimeError(
        f"the dashboard did not start on port {port}" + (f"; see {log}" if log else "")
    )


def stop(server: subprocess.Popen) -> None:
    """Stop a server started by :func:`start`."""
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
