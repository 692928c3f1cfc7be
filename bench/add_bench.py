"""``add`` of 1,000 articles to stores of growing size: wall and CPU seconds, phase by phase.

The base store is ``MARSAD_ADD_BASE`` (a built store: copied, never modified) or, when that
is unset, ``bench/results/add-base`` built once from the first 5,000 SaudiNewsNet records.
Larger stores (``MARSAD_ADD_SIZES``, comma-separated article counts, default ``20000``) are
the base's articles resampled: row i of a store of N is a copy of base row ``i % n`` with
its own id and URL, keeping the base row's embedding, topic and entity scan (a scan
depends on its article alone), with the mentions merged over the whole store (and the
corpus totals of merging kept with the scans, as a build keeps them) and the
similarity index, character vectors and engine files written as a build writes them.

The articles added are the first ``ADDED`` SaudiNewsNet records whose URL the base does
not hold, as a JSON-lines corpus. Each add runs in a fresh process on a fresh copy of the
store, twice: with the store's entity scans (``stored``), and with them removed as in a
store built before they were kept (``rescan``: every article scanned again, as every add
did before). Its phases come from the manifest's ``update`` report: verify, ingest,
embed, topics, entities and publish (of which index, chars and engine; ``write`` is the
rest). The load average is printed with each run. A straight line a + b·N per phase
over the store sizes projects the 1M figure in CPU seconds (see :func:`projection`).
Writes ``bench/results/add.json``; ``python -m bench.add_bench project`` projects
again from it (and writes it back).

``python -m bench.add_bench run STORE CORPUS`` adds CORPUS to STORE (a scratch copy!) and
prints the update report as JSON. ``python -m bench.add_bench lexical ARTICLES N1 N2 …``
times the lexical index's part alone (:func:`lexical_costs`).
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from bench import RESULTS, ROOT, SAUDINEWSNET
from dashboard.storage.parts import Parted

ADDED = 1_000
BASE_ROWS = 5_000
PROJECTED = 1_000_000
PHASES = ("verify", "ingest", "embed", "topics", "entities", "index", "chars", "engine", "write")


def base_store() -> Path:
    """``MARSAD_ADD_BASE``, else a store of the first BASE_ROWS SaudiNewsNet records (built
    once into ``bench/results/add-base``)."""
    if os.environ.get("MARSAD_ADD_BASE"):
        return Path(os.environ["MARSAD_ADD_BASE"])
    store, corpus = RESULTS / "add-base", RESULTS / "add-base.jsonl"
    if not (store / "manifest.json").exists():
        RESULTS.mkdir(parents=True, exist_ok=True)
        with gzip.open(SAUDINEWSNET, "rt", encoding="utf-8") as lines:
            corpus.write_text("".join(itertools.islice(lines, BASE_ROWS)))
        command = ["build", "--corpus", str(corpus), "--out", str(store)]
        subprocess.run([sys.executable, "-m", "dashboard", *command], cwd=ROOT, check=True)
    return store


def new_corpus(base: Path, out: Path) -> Path:
    """The first ADDED SaudiNewsNet records with a body whose URL ``base`` does not hold."""
    known = set(Parted(base, "articles").read(["url"])["url"])
    kept = []
    with gzip.open(SAUDINEWSNET, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record.get("url") not in known and str(record.get("content", "")).strip():
                known.add(record.get("url"))
                kept.append(line)
                if len(kept) == ADDED:
                    break
    out.write_text("".join(kept), encoding="utf-8")
    return out


def copy_id(article_id: str, copy: int) -> str:
    """The id of the ``copy``-th copy of an article (the article's own id for copy 0)."""
    return (
        article_id if copy == 0 else hashlib.sha1(f"{article_id}#{copy}".encode()).hexdigest()[:16]
    )


def resampled(base: Path, rows: int, out: Path) -> Path:
    """A store of ``rows`` articles resampled from ``base`` (see the module's text), with its
    entity scans, written at ``out`` as a build publishes one."""
    from dashboard.analysis.engine import prepare
    from dashboard.pipeline.build import LocalExecutor
    from dashboard.pipeline.entities.mentions import merged_scans
    from dashboard.pipeline.entities.scan_store import write_scans
    from dashboard.pipeline.entities.scan_table import scan_table, table_scans, with_totals
    from dashboard.pipeline.entities.tables import compact
    from dashboard.pipeline.stages import SCANS, BuildConfig
    from dashboard.pipeline.topics import MODEL_DIR
    from dashboard.storage.index import write_index
    from dashboard.storage.store import Store, write_store
    from dashboard.text.charvec import CharVectors, article_texts

    store = Store(base)
    source = store.articles
    scans = LocalExecutor(2).map(SCANS, source, BuildConfig(threads=2))
    table = scan_table(scans, source["id"].tolist()).astype({"article_id": str})
    picked = np.arange(rows) % len(source)
    copies = np.arange(rows) // len(source)
    ids = [copy_id(source["id"].iat[i], c) for i, c in zip(picked, copies, strict=True)]
    articles = source.iloc[picked].reset_index(drop=True)
    articles["id"] = ids
    articles["url"] = [
        u + (f"#{c}" if c else "") for u, c in zip(articles["url"], copies, strict=True)
    ]
    parts, kept = [], set(ids)
    for copy in range(int(copies.max()) + 1):
        renamed = {a: copy_id(a, copy) for a in source["id"]}
        part = table.assign(article_id=table["article_id"].map(renamed).fillna(""))
        parts.append(part[(part["article_id"] == "") | part["article_id"].isin(kept)])
    table = pd.concat(parts, ignore_index=True)
    table = table.astype({c: "category" for c in ("article_id", "field", "key", "value")})
    mentions, totals = merged_scans([table_scans(table, ids)], ids)
    embeddings = np.asarray(store.embeddings, dtype=np.float32)[picked]
    frames = {
        "articles": articles,
        "topics": store.frame("topics"),
        "mentions": compact(mentions),
        "rejected": store.frame("rejected"),
        "duplicates": store.frame("duplicates"),
    }
    counts = {**store.manifest["counts"], "articles": rows, "mentions": len(mentions)}
    manifest = {**store.manifest, "counts": counts, "resampled": {"base": str(base)}}

    def extras(folder: Path) -> None:
        write_scans(folder, with_totals(table, totals))  # as a build keeps them
        model = Path(base) / MODEL_DIR
        (shutil.copytree if model.is_dir() else shutil.copy2)(model, folder / MODEL_DIR)
        write_index(folder, embeddings)
        CharVectors.fit(article_texts(articles["title"], articles["body"])).save(folder)
        prepare(folder)

    write_store(out, frames, embeddings, manifest, extras=extras)
    return out


def scratch_copy(store: Path, out: Path, scans: bool) -> Path:
    """A published copy of ``store`` at ``out``; without its scans (their files and manifest
    entries) unless ``scans``. The copy's files are stamped as written there (their bytes
    are the store's), so that ``add`` checks them as it checks a store that the build or
    the add before wrote in place."""
    from dashboard.storage.store import MANIFEST, publish, stamps, versions_dir

    version = versions_dir(out) / "copy"
    shutil.copytree(Path(store).resolve(), version)
    manifest = json.loads((version / MANIFEST).read_text(encoding="utf-8"))
    if not scans:
        for path in version.glob("scan*.parquet"):
            path.unlink()
            manifest["files"].pop(path.name, None)
    manifest["stamps"] = stamps(version, manifest["files"])
    (version / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
    publish(version, out)
    return out


def run_add(store: Path, corpus: Path) -> dict:
    """Add ``corpus`` to ``store`` in this process; the manifest's update report, with the
    process's peak resident memory."""
    from dashboard.pipeline.stages import peak_rss_mb
    from dashboard.pipeline.update import add_articles

    manifest = add_articles(
        store, [corpus], threads=2, log=lambda line: print(line, file=sys.stderr)
    )
    return {**manifest["update"], "peak_rss_mb": peak_rss_mb()}


def phases(update: dict) -> dict[str, dict[str, float]]:
    """Wall and CPU seconds per phase (``write``: publish less index, chars and engine)."""
    out = {}
    for kind, key in (("wall", "timings_s"), ("cpu", "cpu_s")):
        got = dict(update[key])
        got["write"] = got.pop("publish") - sum(got.get(n, 0) for n in ("index", "chars", "engine"))
        for name in PHASES:
            out.setdefault(name, {})[kind] = round(got.get(name, 0.0), 2)
    return out


def projection(rows: dict[str, dict], sizes: list[int]) -> dict[str, float]:
    """Each phase's CPU seconds at PROJECTED rows, from a least-squares line a + b·N through
    the sizes; a phase whose line falls with N (one that does not grow with the store: its
    differences are noise) is projected at its mean; the total is their sum. Wall seconds
    are not projected: on a
    shared machine they measure the load as much as the work."""
    out = {}
    for name in PHASES:
        seconds = [rows[str(n)][name]["cpu"] for n in sizes]
        slope, intercept = np.polyfit(sizes, seconds, 1) if len(sizes) > 1 else (0.0, 0.0)
        grows = len(sizes) > 1 and slope > 0
        out[name] = round(float(intercept + slope * PROJECTED if grows else np.mean(seconds)), 1)
    out["total"] = round(sum(out.values()), 1)
    return out


def project(results: dict) -> None:
    """Add (and print) each mode's projection to ``results``, from its measured sizes."""
    for mode, table in results["modes"].items():
        sizes = sorted(int(n) for n in table if n.isdigit())
        table["projected_1m_cpu_s"] = projection(table, sizes)
        shown = "  ".join(f"{k} {v:.0f}" for k, v in table["projected_1m_cpu_s"].items())
        print(f"{mode} projected CPU s at {PROJECTED:,}: {shown}", flush=True)


def lexical_costs(articles: Path, sizes: list[int]) -> dict:
    """CPU seconds of the lexical index's part of adding ADDED articles to the first N rows
    of ``articles`` (a store's ``articles`` folder, or an older store's ``articles.parquet``),
    N in ``sizes``: fitted again over every row (what ``add`` did before) against counting
    the added rows alone and saving
    (``extend``), with its norms pass (``norms``) alone; each projected to 1M rows."""
    import time

    import pyarrow.parquet as pq

    from dashboard.storage.lexical import Lexical

    texts = pq.read_table(articles, columns=["search_text"]).column(0).to_pylist()
    rows: dict = {}
    for n in sizes:
        with tempfile.TemporaryDirectory() as earlier, tempfile.TemporaryDirectory() as later:
            Lexical.fit(texts[:n]).save(Path(earlier))
            started = time.process_time()
            Lexical.fit(texts[: n + ADDED])
            refit = time.process_time() - started
            started = time.process_time()
            extended = Lexical.load(Path(earlier)).extended(texts[n : n + ADDED])
            extended.save(Path(later))
            extend = time.process_time() - started
            started = time.process_time()
            extended.computed_norms()
            norms = time.process_time() - started
        rows[str(n)] = {"refit": refit, "extend": extend, "norms": norms}
        print(f"lexical at {n:,} + {ADDED:,}: " + json.dumps(rows[str(n)]), flush=True)
    for name in ("refit", "extend", "norms"):
        slope, intercept = np.polyfit(sizes, [rows[str(n)][name] for n in sizes], 1)
        rows.setdefault("projected_1m_cpu_s", {})[name] = round(
            float(intercept + max(slope, 0.0) * PROJECTED), 1
        )
    print(f"projected CPU s at {PROJECTED:,}: {rows['projected_1m_cpu_s']}", flush=True)
    return rows


def main() -> None:
    """Every store size, both modes, each add in a fresh process; print and write JSON."""
    base = base_store()
    base_rows = json.loads((base / "manifest.json").read_text())["counts"]["articles"]
    sizes = [
        base_rows,
        *(int(s) for s in os.environ.get("MARSAD_ADD_SIZES", "20000").split(",") if s),
    ]
    results: dict = {"added_records": ADDED, "base": str(base), "modes": {}}
    RESULTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=RESULTS) as scratch_dir:
        scratch = Path(scratch_dir)
        corpus = new_corpus(base, scratch / "new.jsonl")
        stores = {}
        for n in sizes:
            stores[n] = RESULTS / f"add-store-{n // 1000}k"
            if not (stores[n] / "manifest.json").exists():
                resampled(base, n, stores[n])
                print(f"store of {n:,} articles written into {stores[n]}", flush=True)
        for mode in ("stored", "rescan"):
            table = results["modes"][mode] = {}
            for n in sizes:
                target = scratch_copy(stores[n], scratch / f"run-{mode}-{n}", mode == "stored")
                load = os.getloadavg()[0]
                command = [sys.executable, "-m", "bench.add_bench", "run", str(target), str(corpus)]
                done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True)
                update = json.loads(done.stdout.splitlines()[-1])
                row = phases(update)
                row["total"] = {
                    "wall": round(sum(v["wall"] for v in row.values()), 2),
                    "cpu": round(sum(v["cpu"] for v in row.values()), 2),
                }
                table[str(n)] = {
                    **row,
                    "added": update["added"],
                    "peak_rss_mb": update.get("peak_rss_mb"),
                    "load_1min": round(load, 2),
                }
                shown = "  ".join(f"{k} {v['wall']:.1f}/{v['cpu']:.1f}" for k, v in row.items())
                print(
                    f"{mode} store {n:,} +{update['added']} (load {load:.1f}) wall/CPU s: {shown}",
                    flush=True,
                )
                shutil.rmtree(target.resolve().parent, ignore_errors=True)
    project(results)
    (RESULTS / "add.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "run":
        print(json.dumps(run_add(Path(sys.argv[2]), Path(sys.argv[3]))))
    elif len(sys.argv) > 3 and sys.argv[1] == "lexical":
        lexical_costs(Path(sys.argv[2]), [int(n) for n in sys.argv[3:]])
    elif sys.argv[1:] == ["project"]:
        measured = json.loads((RESULTS / "add.json").read_text())
        project(measured)
        (RESULTS / "add.json").write_text(json.dumps(measured, indent=2) + "\n")
    else:
        main()
