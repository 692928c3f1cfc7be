"""Many users at once: concurrent browsers against a real Streamlit server on loopback.

Starts the dashboard on 127.0.0.1 (a free port, ``localserver.start``: the server's own
environment) over a built store, then runs ROUNDS rounds of USERS browser contexts of one
headless Chromium (Debian's, through Playwright) for SECONDS each: each user opens a
random page with random filters in the URL (``?q=...&outlet=...&from=...&to=...``), again
and again. Every page load is a new Streamlit session, and every round's users are new
browser contexts, so a server whose memory grew with the sessions it has served would end
round 2 higher than round 1; a bounded one plateaus. A page's time runs from navigation
until its h1 shows, the script has finished (no status widget) and every Plotly chart on it
has drawn. Errors are timeouts, failed navigations and exceptions shown on the page.

The server's RSS and the pickled size of its ``st.cache_data`` entries (from its
``/_stcore/metrics``) are read at boot, after one warm-up visit of every page, at the end
of each round, after IDLE seconds without users, and after one more visit then (the run
in which the server releases what the expired sessions held: ``dashboard.app.sessions``).

Environment: MARSAD_BENCH_STORE (default: the 31K SaudiNewsNet store), MARSAD_BENCH_USERS
(20), MARSAD_BENCH_SECONDS (120 per round), MARSAD_BENCH_ROUNDS (2), MARSAD_BENCH_IDLE
(130: Streamlit drops a closed tab's session after server.disconnectedSessionTTL, 60 s).
Writes ``bench/results/load.json``; asserts nothing.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import statistics
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

from bench import snn_store
from dashboard.app import localserver
from dashboard.config import SERVER_ENV, server_env
from dashboard.storage.store import Store
from dashboard.text.arabic import is_keyword, tokenize

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PAGE_TIMEOUT_S = 90
# Done: a title, no script running, every Plotly chart drawn.
RENDERED = """() => {
  if (!document.querySelector('h1')) return false;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]');
  return Array.from(charts).every(c => c.querySelector('.main-svg'));
}"""


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cache_data_mb(base: str) -> float:
    """Pickled size of every ``st.cache_data`` entry of the server at ``base``, in MB."""
    url = f"{base}/_stcore/metrics?families=cache_memory_bytes"
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            text = response.read().decode()
    except OSError:
        return float("nan")
    sizes = [
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("cache_memory_bytes{") and 'cache_type="st_cache_data"' in line
    ]
    return sum(sizes) / 1e6


def reading(label: str, base: str, pid: int) -> dict:
    """The server's RSS and cache size now, under ``label``."""
    return {
        "at": label,
        "rss_mb": round(rss_mb(pid), 1),
        "cache_data_mb": round(cache_data_mb(base), 1),
    }


def filter_pool(store: Path) -> dict[str, list]:
    """Values users pick filters from: outlets, words from titles and date ranges."""
    articles = Store(store).articles
    outlets = articles["outlet"].value_counts().index[:10].tolist()
    words = Counter(
        w for title in articles["title"].head(3000) for w in tokenize(title) if is_keyword(w)
    )
    dates = articles["published_at"].dropna().sort_values()
    cuts = [dates.quantile(q) for q in (0, 0.25, 0.5, 0.75, 1)]
    spans = [(a.date().isoformat(), b.date().isoformat()) for a in cuts for b in cuts if a < b]
    return {"outlets": outlets, "words": [w for w, _ in words.most_common(30)], "spans": spans}


def random_url(base: str, pool: dict[str, list], rnd: random.Random) -> tuple[str, str]:
    """(page, URL) with a random mix of filters."""
    page = rnd.choice(localserver.PAGE_PATHS)
    params: list[tuple[str, str]] = []
    if pool["words"] and rnd.random() < 0.4:
        params.append(("q", rnd.choice(pool["words"])))
    if pool["outlets"] and rnd.random() < 0.5:
        params += [("outlet", o) for o in rnd.sample(pool["outlets"], rnd.randint(1, 2))]
    if pool["spans"] and rnd.random() < 0.5:
        start, end = rnd.choice(pool["spans"])
        params += [("from", start), ("to", end)]
    if rnd.random() < 0.3:
        params.append(("freq", rnd.choice(["day", "week", "month"])))
    query = f"?{urlencode(params)}" if params else ""
    return page or "overview", f"{base}/{page}{query}"


async def visit(page, url: str) -> tuple[float, str]:
    """Open ``url`` and wait until it has rendered; (seconds, error or '')."""
    start = time.perf_counter()
    try:
        await page.goto(url, timeout=PAGE_TIMEOUT_S * 1000)
        await page.wait_for_function(RENDERED, timeout=PAGE_TIMEOUT_S * 1000, polling=100)
    except Exception as error:  # Playwright's timeouts and navigation failures
        return time.perf_counter() - start, f"{type(error).__name__}: {str(error)[:160]}"
    seconds = time.perf_counter() - start
    if await page.locator('[data-testid="stException"]').count():
        text = await page.locator('[data-testid="stException"]').first.inner_text()
        return seconds, f"exception on the page: {text[:160]}"
    return seconds, ""


async def user(browser, base: str, pool: dict, seed: int, deadline: float, log: list) -> None:
    """One user: a browser context opening random pages with random filters until ``deadline``."""
    rnd = random.Random(seed)
    context = await browser.new_context()
    page = await context.new_page()
    try:
        while time.monotonic() < deadline:
            name, url = random_url(base, pool, rnd)
            seconds, error = await visit(page, url)
            log.append({"user": seed, "page": name, "url": url, "s": seconds, "error": error})
            await asyncio.sleep(rnd.uniform(0.5, 2.0))  # reading time
    finally:
        await context.close()


async def drive(
    base: str, pool: dict, users: int, seconds: float, rounds: int, server_pid: int
) -> dict:
    """Warm up, then ``rounds`` rounds of ``users`` new users for ``seconds`` each; the
    visits (with their round) and a reading after the warm-up and after each round."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=localserver.CHROMIUM_FLAGS
        )
        warm = await browser.new_page()
        warmup = [await visit(warm, f"{base}/{p}") for p in localserver.PAGE_PATHS]
        await warm.close()
        readings = [reading("after warm-up", base, server_pid)]
        log: list[dict] = []
        for number in range(1, rounds + 1):
            visits: list[dict] = []
            deadline = time.monotonic() + seconds
            seeds = range((number - 1) * users, number * users)
            tasks = [user(browser, base, pool, seed, deadline, visits) for seed in seeds]
            await asyncio.wait_for(asyncio.gather(*tasks), seconds + 2 * PAGE_TIMEOUT_S + 60)
            log += [{**v, "round": number} for v in visits]
            readings.append(reading(f"end of round {number}", base, server_pid))
        await browser.close()
    return {"warmup": warmup, "visits": log, "readings": readings}


async def one_visit(base: str) -> tuple[float, str]:
    """One visit of the overview in a new browser: a run that lets the server release what
    expired sessions held (``dashboard.app.sessions``)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=localserver.CHROMIUM_FLAGS
        )
        result = await visit(await browser.new_page(), base)
        await browser.close()
    return result


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) of ``values``, nan when empty."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]


def summary(visits: list[dict]) -> dict:
    """Count, errors, p50 and p95 of successful page times."""
    ok = [v["s"] for v in visits if not v["error"]]
    return {
        "visits": len(visits),
        "errors": sum(1 for v in visits if v["error"]),
        "p50_s": round(percentile(ok, 50), 2),
        "p95_s": round(percentile(ok, 95), 2),
        "max_s": round(max(ok), 2) if ok else None,
    }


def main() -> None:
    """Run the load test and write ``bench/results/load.json``."""
    if shutil.which("chromium") is None:
        raise SystemExit("Debian's chromium is needed (apt-get install chromium)")
    store = snn_store()
    users = int(os.environ.get("MARSAD_BENCH_USERS", "20"))
    seconds = float(os.environ.get("MARSAD_BENCH_SECONDS", "120"))
    rounds = int(os.environ.get("MARSAD_BENCH_ROUNDS", "2"))
    idle = float(os.environ.get("MARSAD_BENCH_IDLE", "130"))
    pool = filter_pool(store)
    RESULTS.mkdir(parents=True, exist_ok=True)
    port = localserver.free_port()
    log = Path(tempfile.gettempdir()) / f"marsad-load-{port}.log"
    load_before = os.getloadavg()
    base = f"http://127.0.0.1:{port}"
    server = localserver.start(store, port, log)
    try:
        boot = reading("boot", base, server.pid)
        run = asyncio.run(drive(base, pool, users, seconds, rounds, server.pid))
        time.sleep(idle)
        readings = [boot, *run["readings"], reading(f"after {idle:.0f} s idle", base, server.pid)]
        last = asyncio.run(one_visit(base))
        readings.append(reading("after one more visit", base, server.pid))
    finally:
        localserver.stop(server)
    visits = run["visits"]
    figures = {
        "store": str(store),
        "articles": Store(store).manifest["counts"]["articles"],
        "users": users,
        "seconds": seconds,
        "rounds": rounds,
        "server_env": {name: server_env(os.environ)[name] for name in SERVER_ENV},
        **summary(visits),
        "per_round": [
            summary([v for v in visits if v["round"] == n]) for n in range(1, rounds + 1)
        ],
        "per_page": {
            name: summary([v for v in visits if v["page"] == name])
            for name in sorted({v["page"] for v in visits})
        },
        "warmup_s": [round(s, 2) for s, _ in run["warmup"]],
        "warmup_errors": [e for _, e in [*run["warmup"], last] if e],
        "error_samples": [f"{v['url']}: {v['error']}" for v in visits if v["error"]][:10],
        "readings": readings,
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
    }
    (RESULTS / "load.json").write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")
    print(f"{'page':<10} {'visits':>6} {'errors':>6} {'p50 s':>7} {'p95 s':>7}")
    for name, row in {**figures["per_page"], "all": summary(visits)}.items():
        print(
            f"{name:<10} {row['visits']:>6} {row['errors']:>6} {row['p50_s']:>7} {row['p95_s']:>7}"
        )
    for number, row in enumerate(figures["per_round"], start=1):
        print(
            f"round {number}: {row['visits']} visits, {row['errors']} errors, p95 {row['p95_s']} s"
        )
    for row in readings:
        rss, cache = row["rss_mb"], row["cache_data_mb"]
        print(f"{row['at']:<22} server RSS {rss:>7.0f} MB, cache_data {cache:>5.0f} MB")
    for sample in figures["error_samples"]:
        print("error:", sample)
