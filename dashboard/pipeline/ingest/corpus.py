"""Reading files and folders of articles into one canonical frame (see the package)."""

from __future__ import annotations

import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path

import pandas as pd
import pyarrow as pa

from dashboard.pipeline.forkpool import ForkedMap
from dashboard.pipeline.ingest import sizes
from dashboard.pipeline.ingest.articles import (
    empty_loaded,
    empty_rejected,
    joined_fallbacks,
    to_articles,
)
from dashboard.pipeline.ingest.columns import TABULAR, map_columns
from dashboard.pipeline.ingest.copies import (
    dedupe,
    link_copies,
    listing,
    remove_repeated_lines,
    unique_ids,
)
from dashboard.pipeline.ingest.readers import tables
from dashboard.pipeline.ingest.report import change_warnings, fallback_warnings, reason_kind
from dashboard.pipeline.ingest.sources import (
    IngestError,
    Limits,
    Log,
    Source,
    expand,
    format_of,
    members,
)
from dashboard.pipeline.ingest.table import Batches, Table
from dashboard.text.boilerplate import body_mark
from dashboard.text.clean import cheap_keys
from dashboard.text.neardup import THRESHOLD as NEAR_THRESHOLD
from dashboard.text.neardup import near_duplicates


@dataclass
class IngestResult:
    """What ``read_corpus`` made of its input.

    ``articles`` holds every loaded article, near-duplicates included (they
    carry ``near_duplicate_of``); ``duplicates`` the exact duplicates left out,
    with ``duplicate_of``; ``near_duplicates`` one row per near-copy.
    """

    articles: pd.DataFrame
    rejected: pd.DataFrame
    duplicates: pd.DataFrame
    report: dict = field(default_factory=dict)
    near_duplicates: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def columns(self) -> list[str]:
        """The columns of the tables read, in the order first met (see ``IngestError``)."""
        return self.report.get("columns", [])


def read_corpus(
    paths: Sequence[str | Path],
    mapping: dict[str, str] | None = None,
    crawl_date: datetime | None = None,
    near_threshold: float = NEAR_THRESHOLD,
    follow_links: bool = False,
    workers: int = 1,
) -> IngestResult:
    """Read files and folders of articles into one canonical frame.

    A file that cannot be read at all (format, encoding, columns, limits) is
    listed in ``report["errors"]`` and the others are still read.

    Args:
        paths: Files (CSV, TSV, JSON Lines, JSON array, news-please JSON,
            Parquet, Excel, plain-text or HTML pages, any of them gzip'd or
            in a zip) and folders, searched recursively.
        mapping: Canonical field -> input column of the tables, overriding
            detection; an empty column leaves the field unused.
        crawl_date: The base for relative dates ("منذ 20 يوما"), and the
            date of a page that shows none; dates on a later day are rejected
            as future dates. Without it relative dates are rejected and undated
            pages take their file's time.
        near_threshold: The least Jaccard similarity (word 3-grams) of two
            near-duplicate articles.
        follow_links: Follow symbolic links inside folders (they are skipped,
            and named in the warnings, by default).
        workers: Processes that clean records and remove boilerplate (forked, each
            ``sizes.FORK_ROWS`` records or more); the result does not depend on them.

    Returns:
        The loaded articles, the rejected records, the duplicates and a report.

    Raises:
        IngestError: Nothing could be read, and the message says why.
    """
    reading = Reading(mapping, crawl_date, workers)
    for p in paths:
        try:
            reading.files.extend(expand(Path(p), reading.log, follow_links))
        except IngestError as err:
            reading.log.errors.append(str(err))
    reading.read_files()
    if reading.log.errors and not reading.loaded:
        raise IngestError("; ".join(reading.log.errors), columns=list(reading.found))
    # Without the empty frame's object columns when there are chunks: concatenating the
    # chunks keeps their Arrow strings as they are, where object columns would copy them.
    kept, duplicates, marks = dedupe(
        reading.loaded or [empty_loaded()], reading.keys, reading.marks
    )
    kept["id"] = unique_ids(kept["id"])
    kept, sketches = remove_repeated_lines(kept, workers, marks)
    # The bodies before boilerplate removal are gone: hand their Arrow memory back, so that
    # the next step's Python and numpy objects do not come on top of it.
    pa.default_memory_pool().release_unused()
    near = near_duplicates(
        kept["id"].tolist(), sketches, order=kept["published_at"].tolist(), threshold=near_threshold
    )
    kept = link_copies(kept, duplicates, near)
    rejected = pd.concat([empty_rejected(), *reading.rejected], ignore_index=True)
    report = reading.report(kept, rejected, duplicates, near)
    return IngestResult(kept, rejected, duplicates, report, near)


@dataclass
class Reading:
    """What reading the files gathers: their articles and rejected records a table at a time,
    the text that cleaning changed, the bodies taken from a fallback column, the count of
    records read, the tables' columns (in the order first met), and the log."""

    mapping: dict[str, str] | None
    crawl_date: datetime | None
    workers: int = 1
    files: list[Path] = field(default_factory=list)
    log: Log = field(default_factory=Log)
    loaded: list[pd.DataFrame] = field(default_factory=list)
    rejected: list[pd.DataFrame] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)
    fallbacks: list[dict] = field(default_factory=list)
    read: int = 0
    found: dict[str, None] = field(default_factory=dict)
    waiting: list[tuple[Table, dict[str, str]]] = field(default_factory=list)
    keys: list[bytes] = field(default_factory=list)  # each loaded article's cheap text key
    marks: list[bytes] = field(default_factory=list)  # and the hash of its body
    # Rounds of conversion started in forked processes: the tables, their slices, the workers.
    started: list[tuple[list[tuple[Table, dict[str, str]]], list[list[Table]], ForkedMap]] = field(
        default_factory=list
    )

    def read_files(self) -> None:
        """Read every file's tables, joined in batches, into articles; a file that cannot
        be read is named in the log's errors."""
        limits, batches = Limits.from_settings(), Batches()
        try:
            for path in self.files:
                for source in members(path, self.log, limits):
                    self.read_source(source, path, limits, batches)
            for ready in batches.flush():
                self.take(ready)
            self.convert()
            self.finish()
        finally:
            for _, _, forked in self.started:
                forked.close()

    def read_source(self, source: Source, path: Path, limits: Limits, batches: Batches) -> None:
        """Read one file's tables into the batches (the full ones into articles); a file that
        cannot be read is named in the log's errors."""
        tabular = format_of(source.name) in TABULAR
        try:
            for table in tables(source, self.crawl_date, self.log, limits):
                table.tabular = tabular
                if tabular:
                    self.found.update(dict.fromkeys(map(str, table.columns)))
                for ready in batches.add(table):
                    self.take(ready)
        except IngestError as err:
            self.log.errors.append(str(err))
        except (zipfile.BadZipFile, EOFError) as err:
            self.log.errors.append(f"{path}: not a readable zip file: {err}")
        except OSError as err:
            self.log.errors.append(f"{source.name}: cannot be read: {err}")

    def take(self, table: Table) -> None:
        """Map one table's columns and queue its records; they are converted once the queue
        holds ``CHUNK_ROWS`` records, and ``FORK_ROWS`` per worker (at once with one worker):
        each round of forked workers costs the parent a garbage collection and a start."""
        mapping = self.mapping if table.tabular else None
        try:
            columns = map_columns(table.columns, mapping, _label(table))
        except IngestError as err:
            self.log.errors.append(str(err))
            return
        self.waiting.append((table, columns))
        queued = sum(len(t.rows) for t, _ in self.waiting)
        if self.workers == 1 or queued >= max(self.workers * sizes.FORK_ROWS, sizes.CHUNK_ROWS):
            self.convert()

    def convert(self) -> None:
        """Turn the queued tables' records into articles and rejected records.

        Each table is cut into one slice per worker (``FORK_ROWS`` records or more each), and
        worker i converts slice i of every table, so that small tables (a chunk of long
        articles, a few files) still share the work; the results are taken back in table and
        row order, as one process gives them. Forked workers convert while the next tables
        are read: their results are taken once the next round has started (or at the end,
        :meth:`finish`), so that at most two rounds are under way.
        """
        waiting, self.waiting = self.waiting, []
        rows = sum(len(table.rows) for table, _ in waiting)
        slices = max(1, min(self.workers, rows // sizes.FORK_ROWS))
        cut = [table.split(slices) for table, _ in waiting]
        jobs = [
            [
                (parts[i], columns)
                for parts, (_, columns) in zip(cut, waiting, strict=True)
                if i < len(parts)
            ]
            for i in range(slices)
        ]
        convert = partial(_convert, crawl_date=self.crawl_date)
        if slices > 1:
            self.started.append((waiting, cut, ForkedMap(convert, jobs)))
            while len(self.started) > 1:  # the rounds before it, in order, while it runs
                self.collect(*self.started.pop(0))
        else:
            self.finish()
            self.collect(waiting, cut, [convert(job) for job in jobs])

    def finish(self) -> None:
        """Take the results of every round of forked processes started, in order."""
        while self.started:
            self.collect(*self.started.pop(0))

    def collect(
        self,
        waiting: list[tuple[Table, dict[str, str]]],
        cut: list[list[Table]],
        results: ForkedMap | list,
    ) -> None:
        """Take the results of one round of conversion (one list of results per slice)."""
        if isinstance(results, ForkedMap):
            results = results.results()
        done = [iter(d) for d in results]
        for (table, _), parts in zip(waiting, cut, strict=True):
            results = [next(done[i]) for i in range(len(parts))]
            changes = [change for result in results for change in result[2]]
            for articles, bad, _, _, (keys, marks) in results:
                self.loaded.append(articles)
                self.rejected.append(bad)
                self.keys.extend(keys)
                self.marks.extend(marks)
            # Each slice's changes are in row order: so are they all, once sorted again.
            self.changes.extend(sorted(changes, key=_change_order))
            self.fallbacks.extend(joined_fallbacks([f for r in results for f in r[3]]))
            self.read += table.size

    def report(
        self,
        kept: pd.DataFrame,
        rejected: pd.DataFrame,
        duplicates: pd.DataFrame,
        near: pd.DataFrame,
    ) -> dict:
        """The ingest report: counts, reasons, what was removed or changed, and the log."""
        changes, fallbacks = self.changes, self.fallbacks
        return {
            "read": self.read,
            "loaded": len(kept),
            "rejected": len(rejected),
            "duplicates": len(duplicates),
            "near_duplicates": len(near),
            "reasons": dict(Counter(reason_kind(r) for r in rejected["reason"])),
            "date_sources": dict(Counter(kept["date_source"])),
            "boilerplate_lines_removed": sum(len(b.split("\n")) for b in kept["boilerplate"] if b),
            "boilerplate_articles": sum(bool(b) for b in kept["boilerplate"]),
            "boilerplate_chars_removed": sum(len(b) for b in kept["boilerplate"]),
            "bodies_from_fallback": fallbacks,
            "text_changes": len({(c["source_file"], c["source_row"]) for c in changes}),
            "text_changes_list": changes,
            "duplicate_list": listing(duplicates, "duplicate_of"),
            "near_duplicate_list": near.to_dict("records"),
            "files": [str(f) for f in self.files],
            "columns": list(self.found),
            "errors": self.log.errors,
            "warnings": self.log.warnings + fallback_warnings(fallbacks) + change_warnings(changes),
        }


def _convert(
    job: list[tuple[Table, dict[str, str]]], crawl_date: datetime | None
) -> list[
    tuple[pd.DataFrame, pd.DataFrame, list[dict], list[dict], tuple[list[bytes], list[bytes]]]
]:
    """:func:`to_articles` of each table of a job, with the cheap duplicate key of each
    article (``clean.cheap_keys``) and the hash of its body (``boilerplate.body_mark``)."""
    out = []
    for table, columns in job:
        articles, bad, changed, fallbacks = to_articles(table, columns, crawl_date)
        bodies = articles["body"].tolist()  # read once from Arrow for both (faster than iterating)
        keys = cheap_keys(articles["title"].tolist(), bodies)
        marks = [body_mark(body) for body in bodies]
        out.append((articles, bad, changed, fallbacks, (keys, marks)))
    return out


def _change_order(change: dict) -> tuple[str, int]:
    """Where a changed record stands: its file and row."""
    return change["source_file"], change["source_row"]


def _label(table: Table) -> str:
    """The files of a table, for a message: the first, and how many more."""
    names = list(dict.fromkeys(table.names))
    more = f" (and {len(names) - 1:,} more with the same columns)" if len(names) > 1 else ""
    return f"{names[0]}{more}" if names else "?"
