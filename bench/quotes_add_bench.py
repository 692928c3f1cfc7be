"""The quotes' part of ``add`` of 1,000 articles to stores of growing size: CPU seconds and
bytes written, before (every changed old article parsed again, the file rewritten whole)
and after (re-linked from the kept checks, one more part written).

``python -m bench.quotes_add_bench OLD_QUOTES_PY N1 N2 ...`` resamples light stores of N
articles from ``MARSAD_ADD_BASE`` (a built store; the bench's resampling,
:func:`bench.add_bench.resampled`: article copies with their own ids and their entity
scans, the mentions merged over all of them) holding only what the quotes read (articles,
body row texts, mentions, quotes and checks), adds the bench's new articles (their
mentions those of a merge over the old scans and theirs, as ``add`` gives them), and
times ``write_quotes`` of the module at OLD_QUOTES_PY (the code before, e.g. ``git show
REV:dashboard/analysis/quotes.py > old.py``) against this one's, in this process, with
the same changed articles given to both. Each result is checked against the other.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bench.add_bench import copy_id, new_corpus
from dashboard.analysis.quote_store import changed_articles, read_quotes, write_quotes
from dashboard.analysis.quotes import QUOTE_COLUMNS
from dashboard.pipeline.build import LocalExecutor
from dashboard.pipeline.entities.mentions import merged_scans
from dashboard.pipeline.entities.scan_table import scan_table, table_scans
from dashboard.pipeline.stages import SCANS, BuildConfig, load_corpus
from dashboard.storage.parts import append_parted, write_parted
from dashboard.storage.rowtext import extend_texts, write_texts

COLUMNS = ["id", "published_at", "outlet", "body"]


def resampled_table(table: pd.DataFrame, source_ids: list[str], ids: list[str]) -> pd.DataFrame:
    """The scan table of the resampled articles ``ids`` (copies of ``source_ids``)."""
    parts, kept = [], set(ids)
    for copy in range(len(ids) // len(source_ids) + 1):
        renamed = {a: copy_id(a, copy) for a in source_ids}
        part = table.assign(article_id=table["article_id"].map(renamed).fillna(""))
        parts.append(part[(part["article_id"] == "") | part["article_id"].isin(kept)])
    joined = pd.concat(parts, ignore_index=True)
    return joined.astype({c: "category" for c in ("article_id", "field", "key", "value")})


def light_store(folder: Path, articles: pd.DataFrame, mentions: pd.DataFrame) -> None:
    """What the quotes read: articles, body row texts, mentions."""
    folder.mkdir()
    write_parted(articles[COLUMNS], folder, "articles")
    write_texts(folder, "body", articles["body"])
    mentions.to_parquet(folder / "mentions.parquet", index=False)


def appended(previous: Path, folder: Path, new: pd.DataFrame, mentions: pd.DataFrame) -> None:
    """``previous`` with ``new`` appended (linked parts) and the merged ``mentions``."""
    folder.mkdir()
    append_parted(previous, folder, "articles", new[COLUMNS])
    extend_texts(previous, folder, "body", new["body"])
    mentions.to_parquet(folder / "mentions.parquet", index=False)


def written_bytes(folder: Path) -> int:
    """Bytes of the quotes' files of ``folder`` written there (not linked from before)."""
    found = [*folder.glob("quote*.parquet"), *folder.glob("quote*/*.parquet")]
    found = [p for p in found if p.stat().st_nlink == 1]
    return sum(p.stat().st_size for p in found)


def measure(old, base: Path, sizes: list[int], scratch: Path) -> dict:
    """Each size's CPU seconds and bytes of the quotes' part of an add, before and after."""
    source = pd.read_parquet(base / "articles.parquet")
    config = BuildConfig(threads=2)
    scans = LocalExecutor(2).map(SCANS, source, config)
    table = scan_table(scans, source["id"].tolist()).astype({"article_id": str})
    corpus = new_corpus(base, scratch / "new.jsonl")
    result, _ = load_corpus([corpus], None, lambda _line: None, required=False)
    new = result.articles[~result.articles["id"].isin(set(source["id"]))]
    new = new.reset_index(drop=True)
    out = {}
    for rows in sizes:
        picked, copies = np.arange(rows) % len(source), np.arange(rows) // len(source)
        ids = [copy_id(source["id"].iat[i], c) for i, c in zip(picked, copies, strict=True)]
        articles = source.iloc[picked].reset_index(drop=True).assign(id=ids)
        kept = resampled_table(table, source["id"].tolist(), ids)
        before, _ = merged_scans([table_scans(kept, ids)], ids)
        added = LocalExecutor(2).map(SCANS, new, config)
        after, _ = merged_scans([table_scans(kept, ids), *added], ids + new["id"].tolist())
        changed = changed_articles(pd.Series(ids), before, after)
        previous = scratch / f"store-{rows}"
        light_store(previous, articles, before)
        started = time.process_time()
        write_quotes(previous)
        build = time.process_time() - started
        row: dict = {"changed": len(changed), "build_cpu_s": round(build, 2)}
        for name, write in (("before", old.write_quotes), ("after", write_quotes)):
            folder = scratch / f"{name}-{rows}"
            appended(previous, folder, new, after)
            load = os.getloadavg()[0]
            started = time.process_time()
            counts = write(folder, previous, changed=[ids[i] for i in changed])
            row[name] = {
                "cpu_s": round(time.process_time() - started, 2),
                "bytes": written_bytes(folder),
                "load_1min": round(load, 1),
                **(counts or {}),
            }
        whole = pd.read_parquet(scratch / f"before-{rows}" / "quotes.parquet")[QUOTE_COLUMNS]
        row["same_rows"] = bool(read_quotes(scratch / f"after-{rows}").equals(whole))
        row["quote_rows"] = len(whole)
        out[str(rows)] = row
        print(rows, json.dumps(row), flush=True)
    return out


def main() -> None:
    """Load the old module, measure every size in a scratch folder, print JSON."""
    spec = importlib.util.spec_from_file_location("old_quotes", sys.argv[1])
    old = sys.modules["old_quotes"] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(old)
    sizes = [int(n) for n in sys.argv[2:]]
    with tempfile.TemporaryDirectory(dir=os.environ.get("TMPDIR", "/tmp")) as scratch:
        found = measure(old, Path(os.environ["MARSAD_ADD_BASE"]), sizes, Path(scratch))
    print(json.dumps(found))


if __name__ == "__main__":
    main()
