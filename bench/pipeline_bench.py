"""Marsad's build against the usual BERTopic pipeline, like for like: time and quality.

Both pipelines run from scratch (no embedding reuse), each in its own process, one after
the other, on the same sample of ``MARSAD_PIPELINE_SAMPLE`` raw records (default 2,000) of
the tagged development corpus (``bench.quality_data.CORPORA``). One table reports, for each:

- build time, wall and CPU (user + system of the process and its children);
- neighbour quality: tag-Jaccard@5 of each tagged article's 5 nearest neighbours
  (:func:`bench.quality_bench.tag_jaccard`), Marsad's similar articles as the dashboard
  ranks them against cosine neighbours of the usual pipeline's full-text embeddings;
- topics: NMI and ARI against the corpus's section labels (on the articles that have one),
  topics and outlier share.

The claim under test is "at least 1.5 times faster at equal or better quality". The usual
pipeline (``bench.baseline``) embeds title + whole body with the same embedder and fits
BERTopic's defaults. It runs twice: on the raw scraped bodies, as it would be run, and on
the cleaned bodies Marsad's build stored (``usual_clean``: the same text Marsad read, its
cleaning not timed). Raw bodies keep the page's tag line, which hands a text method the very
tags it is graded on (the share of tagged articles with one is printed), so quality is
compared like for like against ``usual_clean``; speed against the usual run on raw bodies.
Quality is read after the runs, outside the timings, on the articles all runs kept (matched
by URL). With ``MARSAD_PIPELINE_SCALE=1`` it also times the full
SaudiNewsNet build against the usual pipeline and an incremental add of 1,000 articles
(no tags there: time only). Writes ``bench/results/pipeline.json``.
"""

from __future__ import annotations

import gzip
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.quality_bench import K, dense_neighbours, tag_jaccard, tag_line_share
from bench.quality_data import CORPORA, TaggedCorpus

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
SHARED = ROOT.parent / "shared" / "data"
SAUDINEWSNET = SHARED / "saudinewsnet" / "saudinewsnet.jsonl.gz"
ALJAZEERA = SHARED / "aljazeera_palestine" / "aljazeera_palestine.jsonl"
NEW_ARTICLES = 1000
CLAIM = 1.5


def children_cpu() -> float:
    """CPU seconds (user + system) of every finished child process so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_json(command: list[str]) -> dict:
    """Run a command that prints one JSON object last; returns it with wall and CPU seconds."""
    cpu, load_before = children_cpu(), os.getloadavg()[0]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    result = json.loads(done.stdout[done.stdout.rfind("\n{") + 1 :])
    result["wall_s"] = round(wall, 1)
    result["cpu_s"] = round(children_cpu() - cpu, 1)
    # The 1-minute load before and after: on 2 cores, anything above ~2 means contention.
    result["loadavg_1m"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    return result


def sample_records(corpus: TaggedCorpus, out: Path, size: int, seed: int = 0) -> Path:
    """``size`` raw records of ``corpus`` drawn at random, as gzip'd JSON Lines."""
    with gzip.open(corpus.path, "rt", encoding="utf-8") as handle:
        lines = handle.readlines()
    rows = np.sort(np.random.default_rng(seed).choice(len(lines), min(size, len(lines)), False))
    with gzip.open(out, "wt", encoding="utf-8") as handle:
        handle.writelines(lines[i] for i in rows)
    return out


def cleaned_records(store, out: Path) -> Path:
    """The built store's articles (URL, title, cleaned body) as gzip'd JSON Lines."""
    columns = store.articles[["url", "title", "body"]].astype(str)
    with gzip.open(out, "wt", encoding="utf-8") as handle:
        for record in columns.to_dict("records"):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return out


def labels(sample: Path, corpus: TaggedCorpus) -> tuple[dict[str, set], dict[str, str]]:
    """Tags and section of each sampled record, by URL (the evaluation's ground truth)."""
    tags, sections = {}, {}
    with gzip.open(sample, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            url = record.get("url")
            keywords = record.get("keywords") or []
            tags.setdefault(url, {str(t).strip() for t in keywords if str(t).strip()})
            sections.setdefault(url, str(record.get(corpus.section) or "").strip())
    return tags, sections


def quality(
    urls: list[str],
    topics: np.ndarray,
    neighbours,
    shared: set[str],
    truth: tuple[dict[str, set], dict[str, str]],
) -> dict:
    """Tag-Jaccard@5 over the tagged articles both pipelines kept; topic NMI/ARI on sections."""
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    tags, sections = truth
    row_tags = [tags.get(u, set()) for u in urls]
    queries = np.array([i for i, u in enumerate(urls) if u in shared and row_tags[i]])
    named = np.array([i for i, u in enumerate(urls) if u in shared and sections.get(u)])
    section = [sections[urls[i]] for i in named]
    return {
        "tag_jaccard_at_5": round(tag_jaccard(row_tags, queries, neighbours), 4),
        "queries": len(queries),
        "topic_nmi_sections": round(float(normalized_mutual_info_score(section, topics[named])), 4),
        "topic_ari_sections": round(float(adjusted_rand_score(section, topics[named])), 4),
        "sectioned_articles": len(named),
        "topics": len(set(topics.tolist()) - {-1}),
        "outlier_share": round(float(np.mean(topics == -1)), 4),
    }


def like_for_like(corpus: TaggedCorpus, size: int) -> dict:
    """Build the sample with Marsad and the usual way (raw, then cleaned bodies); measure each."""
    from dashboard.analysis.search import Searcher
    from dashboard.storage.store import Store

    with tempfile.TemporaryDirectory() as scratch:
        sample = sample_records(corpus, Path(scratch) / "sample.jsonl.gz", size)
        store_dir, saved = Path(scratch) / "store", Path(scratch) / "usual"
        date = ["--map", f"published_at={corpus.date}"]
        build = ["build", "--corpus", str(sample), "--out", str(store_dir), "--threads", "2"]
        marsad = run_json([sys.executable, "-m", "dashboard", *build, *date])
        usual_cmd = [sys.executable, "-m", "bench.baseline", str(sample), "--body", corpus.body]
        usual = run_json([*usual_cmd, "--save", str(saved)])

        store = Store(store_dir)
        cleaned = cleaned_records(store, Path(scratch) / "cleaned.jsonl.gz")
        clean_saved = Path(scratch) / "usual_clean"
        clean_cmd = [sys.executable, "-m", "bench.baseline", str(cleaned), "--body", "body"]
        usual_clean = run_json([*clean_cmd, "--save", str(clean_saved)])

        truth = labels(sample, corpus)
        ours_urls = store.articles["url"].astype(str).tolist()
        usual_urls = {
            name: json.loads((folder / "urls.json").read_text())
            for name, folder in (("usual", saved), ("usual_clean", clean_saved))
        }
        shared = set(ours_urls) & set(usual_urls["usual"]) & set(usual_urls["usual_clean"])
        searcher = Searcher.open(store)
        marsad["quality"] = quality(
            ours_urls,
            store.articles["topic"].to_numpy(),
            lambda r: searcher.similar_rows(r, K)[0],
            shared,
            truth,
        )
        for run, folder, name in (
            (usual, saved, "usual"),
            (usual_clean, clean_saved, "usual_clean"),
        ):
            run["quality"] = quality(
                usual_urls[name],
                np.load(folder / "topics.npy"),
                dense_neighbours(np.load(folder / "embeddings.npy")),
                shared,
                truth,
            )
        tag_lines = tag_line_shares(sample, corpus, store, truth[0])
    return {
        "corpus": corpus.name,
        "records": size,
        "marsad": marsad,
        "usual": usual,
        "usual_clean": usual_clean,
        "tag_lines": tag_lines,
    }


def tag_line_shares(sample: Path, corpus: TaggedCorpus, store, tags: dict[str, set]) -> dict:
    """Share of the tagged articles whose body holds their own tag line: raw and cleaned."""
    with gzip.open(sample, "rt", encoding="utf-8") as handle:
        raw = {}
        for line in handle:
            record = json.loads(line)
            raw.setdefault(record.get("url"), str(record.get(corpus.body) or ""))
    urls = [u for u in raw if tags.get(u)]
    cleaned = store.articles.drop_duplicates("url").set_index("url")["body"].astype(str)
    kept = [u for u in urls if u in cleaned.index]
    return {
        "raw": round(tag_line_share([tags[u] for u in urls], [raw[u] for u in urls]), 4),
        "clean": round(tag_line_share([tags[u] for u in kept], [cleaned[u] for u in kept]), 4),
    }


def new_articles(path: Path) -> Path:
    """1,000 real articles the SaudiNewsNet store has never seen (Al Jazeera items)."""
    with ALJAZEERA.open(encoding="utf-8") as source:
        lines = [line for line in source if '"excerpt": ""' not in line][-NEW_ARTICLES:]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def scale_run() -> dict:
    """The full SaudiNewsNet build against the usual pipeline, and an add of 1,000 articles."""
    with tempfile.TemporaryDirectory() as scratch:
        store = Path(scratch) / "store"
        build = ["build", "--corpus", str(SAUDINEWSNET), "--out", str(store), "--threads", "2"]
        marsad = run_json([sys.executable, "-m", "dashboard", *build])
        new = new_articles(Path(scratch) / "new.jsonl")
        add = ["add", "--store", str(store), "--corpus", str(new), "--threads", "2"]
        added = run_json([sys.executable, "-m", "dashboard", *add])
    usual = run_json([sys.executable, "-m", "bench.baseline", str(SAUDINEWSNET)])
    return {
        "marsad": marsad,
        "usual": usual,
        "add": added,
        "speedup_wall": round(usual["wall_s"] / marsad["wall_s"], 2),
    }


RUNS = {
    "marsad": "Marsad (cleans, embeds title + lead)",
    "usual": "usual, raw bodies",
    "usual_clean": "usual, Marsad's cleaned bodies",
}


def print_table(result: dict) -> None:
    """The like-for-like table: time, neighbours and topics side by side."""
    print(f"{result['corpus']}: {result['records']:,} raw records, every pipeline from scratch")
    head = ("articles", "wall s", "CPU s", "tagJ@5", "NMI", "ARI", "topics", "outl.")
    print(f"{'pipeline':<38}" + "".join(f"{h:>9}" for h in head))
    for name, title in RUNS.items():
        run, q = result[name], result[name]["quality"]
        count = run["counts"]["articles"] if "counts" in run else run["articles"]
        print(
            f"{title:<38}{count:>9}{run['wall_s']:>9.1f}{run['cpu_s']:>9.1f}"
            f"{q['tag_jaccard_at_5']:>9.4f}{q['topic_nmi_sections']:>9.4f}"
            f"{q['topic_ari_sections']:>9.4f}{q['topics']:>9}{q['outlier_share']:>9.1%}"
        )
    print(f"tagged articles whose body holds their own tag line: {result['tag_lines']}")
    print("stages (s): " + "; ".join(f"{n} {result[n]['timings_s']}" for n in RUNS))
    print("load (1 min) before/after: " + ", ".join(f"{n} {result[n]['loadavg_1m']}" for n in RUNS))
    marsad, usual, clean = (result[n]["quality"]["tag_jaccard_at_5"] for n in RUNS)
    print(
        f"speed-up over the usual run on raw bodies: wall {result['speedup_wall']:.2f}x, "
        f"CPU {result['speedup_cpu']:.2f}x; tag-Jaccard@5 ({result['marsad']['quality']['queries']}"
        f" queries) Marsad {marsad:.4f}, usual on the same cleaned text {clean:.4f}, usual on "
        f"raw bodies {usual:.4f}\n"
        f"claim (>= {CLAIM}x faster, wall and CPU, at equal or better tag-Jaccard@5 than the "
        f"usual pipeline on the same cleaned text): "
        f"{'holds' if result['claim_holds'] else 'FAILS'}; against the raw run's tag-Jaccard@5 "
        f"(tag lines in its text): {'holds' if result['claim_holds_raw'] else 'FAILS'}"
    )


def main() -> None:
    """Run the like-for-like comparison (and the scale run when asked); print and write."""
    size = int(os.environ.get("MARSAD_PIPELINE_SAMPLE", "2000"))
    result = like_for_like(CORPORA["almayadeen"], size)
    marsad, usual = result["marsad"], result["usual"]
    result["speedup_wall"] = round(usual["wall_s"] / marsad["wall_s"], 2)
    result["speedup_cpu"] = round(usual["cpu_s"] / marsad["cpu_s"], 2)
    faster = min(result["speedup_wall"], result["speedup_cpu"]) >= CLAIM
    ours = marsad["quality"]["tag_jaccard_at_5"]
    result["claim_holds"] = bool(
        faster and ours >= result["usual_clean"]["quality"]["tag_jaccard_at_5"]
    )
    result["claim_holds_raw"] = bool(faster and ours >= usual["quality"]["tag_jaccard_at_5"])
    print_table(result)
    if os.environ.get("MARSAD_PIPELINE_SCALE") == "1":
        result["scale"] = scale = scale_run()
        marsad_s, usual_s = scale["marsad"]["wall_s"], scale["usual"]["wall_s"]
        print(
            f"SaudiNewsNet: marsad {marsad_s} s, usual {usual_s} s ({scale['speedup_wall']}x); "
            f"add {NEW_ARTICLES}: {scale['add']['wall_s']} s"
        )
    result["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version()}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "pipeline.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(f"written to {RESULTS / 'pipeline.json'}")


if __name__ == "__main__":
    main()
