"""Serve the dashboard on a built store and take a full-page screenshot of every page.

Uses Debian's Chromium through Playwright (no browser download):

    python scripts/screenshots.py --store data/artifacts/demo --out shots/ [--query "?lang=en"]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from dashboard import localserver


def main() -> None:
    """Start the server, shoot every page, stop the server."""
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--store", default="data/artifacts/demo")
    args.add_argument("--out", default="screenshots")
    args.add_argument("--query", default="", help="query string added to every page URL")
    options = args.parse_args()
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    port = localserver.free_port()
    server = localserver.start(Path(options.store), port)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"), args=localserver.CHROMIUM_FLAGS
            )
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            for name in localserver.PAGE_PATHS:
                page.goto(f"http://127.0.0.1:{port}/{name}{options.query}")
                page.wait_for_selector("h1", timeout=60_000)
                page.wait_for_load_state("networkidle")
                time.sleep(3)  # plotly draws after the data arrives
                target = out / f"{name or 'overview'}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
            browser.close()
    finally:
        localserver.stop(server)


if __name__ == "__main__":
    main()
