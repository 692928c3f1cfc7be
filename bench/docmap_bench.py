"""The document map in a real browser at the full SaudiNewsNet size: does it stay fluid?

The figure is the one the Topics page draws (:func:`dashboard.app.charts.maps.document_map`) over
every article of the corpus: its real titles, outlets and dates, at synthetic places (one
Gaussian cluster per topic, 40 topics), so no embedding is needed. Each colouring is
written as a standalone page with plotly.js inlined (no network) and opened in Debian's
Chromium; measured: the figure's size, the time to the first drawing, a hover, a lasso
drawn with the mouse until plotly reports the selection, and the longest task that
blocked the page's main thread (what a user feels as a freeze).

    python -m bench docmap            # MARSAD_DOCMAP_CORPUS names another JSON Lines file
    MARSAD_DOCMAP_SAMPLE=3000 python -m bench docmap   # the same on a sample, for scale

Writes ``bench/results/docmap.json`` (``docmap-3000.json`` for a sample of 3,000).
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from playwright.sync_api import sync_playwright

from dashboard.app import localserver
from dashboard.app.charts.maps import document_map

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "saudinewsnet" / "saudinewsnet.jsonl.gz"
TOPICS = 40
# Long tasks and the selection are recorded by the page itself.
PROBE = """
<script>
window.longest = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.longest = Math.max(window.longest, entry.duration);
}).observe({ type: "longtask", buffered: true });
window.drawnAt = null;
window.selected = null;
const watch = () => {
  const plot = document.querySelector(".js-plotly-plot");
  if (!plot || !plot.on) return setTimeout(watch, 5);
  const drawn = () => { if (window.drawnAt === null) window.drawnAt = performance.now(); };
  plot.on("plotly_afterplot", drawn);
  plot.on("plotly_selected", (event) => { window.selected = event ? event.points.length : 0; });
  if (plot._fullLayout) drawn();
};
watch();
</script>
"""


def articles(path: Path) -> pd.DataFrame:
    """Title, outlet and date of every article of a JSON Lines corpus (gzip or plain)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    frame = pd.DataFrame(
        {
            "title": [str(r.get("title") or "") for r in rows],
            "outlet": [str(r.get("source") or r.get("outlet") or "") for r in rows],
            "published_at": pd.to_datetime(
                [r.get("date_extracted") or r.get("date") for r in rows], errors="coerce"
            ),
        }
    )
    return frame.dropna(subset=["published_at"]).reset_index(drop=True)


def placed(frame: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """``frame`` with synthetic map places: a topic each, around its topic's centre."""
    rng = np.random.default_rng(seed)
    topic = rng.integers(-1, TOPICS, len(frame))
    centres = rng.uniform(-8, 8, (TOPICS + 1, 2))
    spread = rng.normal(0, 0.8, (len(frame), 2))
    return frame.assign(
        id=[f"a{i}" for i in range(len(frame))],
        topic=topic,
        label=[f"{t}: موضوع {t}" if t >= 0 else "—" for t in topic],
        map_x=centres[topic + 1, 0] + spread[:, 0],
        map_y=centres[topic + 1, 1] + spread[:, 1],
    )


def measure(page, html: Path) -> dict[str, float]:
    """Open ``html`` and time its first drawing, a hover and a lasso selection."""
    started = time.perf_counter()
    page.goto(html.as_uri())
    page.wait_for_function("window.drawnAt !== null", timeout=300_000, polling=20)
    drawn = (time.perf_counter() - started) * 1000
    box = page.locator(".js-plotly-plot .nsewdrag").first.bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    started = time.perf_counter()
    page.mouse.move(cx, cy)
    page.wait_for_selector(".hoverlayer .hovertext", timeout=60_000)
    hovered = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    page.mouse.move(cx - 150, cy - 100)
    page.mouse.down()
    for x, y in ((cx + 150, cy - 100), (cx + 150, cy + 100), (cx - 150, cy + 100)):
        page.mouse.move(x, y, steps=10)
    page.mouse.up()
    page.wait_for_function("window.selected !== null", timeout=120_000, polling=20)
    lasso = (time.perf_counter() - started) * 1000
    return {
        "first_drawing_ms": round(drawn),
        "hover_ms": round(hovered),
        "lasso_ms": round(lasso),
        "selected_points": page.evaluate("window.selected"),
        "longest_blocking_task_ms": round(page.evaluate("window.longest")),
    }


def main() -> None:
    """Draw the map of every article in each colouring, in Chromium, and time it."""
    corpus = Path(os.environ.get("MARSAD_DOCMAP_CORPUS", CORPUS))
    sample = int(os.environ.get("MARSAD_DOCMAP_SAMPLE", "0"))
    found = articles(corpus)
    points = placed(found.sample(sample, random_state=0) if 0 < sample < len(found) else found)
    matched = np.random.default_rng(1).random(len(points)) < 0.05
    figures = {
        "topic": document_map(points, "map", colour="topic", lang="ar"),
        "outlet": document_map(points, "map", colour="outlet", lang="ar"),
        "date": document_map(points, "map", colour="date", lang="ar"),
        "topic + 5% marked": document_map(points, "map", matched=matched, lang="ar"),
    }
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=localserver.CHROMIUM_FLAGS
        )
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        for name, fig in figures.items():
            html = Path(folder) / f"map-{len(results)}.html"
            text = fig.to_html(include_plotlyjs=True, full_html=True, default_height=650)
            html.write_text(text.replace("<body>", "<body>" + PROBE, 1), encoding="utf-8")
            size = len(fig.to_json().encode("utf-8")) / 2**20
            results[name] = {"figure_mib": round(size, 1), **measure(page, html)}
            print(name, results[name], flush=True)
        browser.close()
    report = {"articles": len(points), "corpus": corpus.name, "load": os.getloadavg()[0]}
    out = ROOT / "bench" / "results" / f"docmap{f'-{sample}' if sample else ''}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report | {"colourings": results}, indent=1), encoding="utf-8")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
