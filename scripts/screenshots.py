"""Serve the dashboard on a built store and take a full-page screenshot of every page.

Uses Debian's Chromium through Playwright (no browser download):

    python scripts/screenshots.py --store data/artifacts/demo --out screenshots/
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["", "coverage", "topics", "entities", "similar", "search", "explore", "upload"]
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def wait_until_up(url: str, seconds: float = 60) -> None:
    """Poll Streamlit's health endpoint until it answers."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"the dashboard did not start at {url}")


def main() -> None:
    """Start the server, shoot every page, stop the server."""
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--store", default=str(ROOT / "data" / "artifacts" / "demo"))
    args.add_argument("--out", default=str(ROOT / "screenshots"))
    args.add_argument("--port", type=int, default=8599)
    args.add_argument("--query", default="", help="query string added to every page URL")
    options = args.parse_args()
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    url = f"http://127.0.0.1:{options.port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard/app.py",
            "--server.port",
            str(options.port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        env={**os.environ, "MARSAD_STORE": str(Path(options.store).resolve())},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(url)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"), args=CHROMIUM_FLAGS
            )
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            for name in PAGES:
                page.goto(f"{url}/{name}{options.query}")
                page.wait_for_selector("h1", timeout=60_000)
                page.wait_for_load_state("networkidle")
                time.sleep(3)  # plotly draws after the data arrives
                target = out / f"{name or 'overview'}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
