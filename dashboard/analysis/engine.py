"""Page data out of core: DuckDB over a store's articles' Parquet parts, keywords on disk.

The in-memory path (:mod:`dashboard.analysis.query` over the whole article frame and a
:class:`TextIndex`) holds every body in the server. This engine holds none: each
question is one SQL query over the Parquet file that reads only the columns it
needs (``published_at``, ``outlet``, ``topic`` and the table's row numbers), keyword
queries go through the store's :class:`WordIndex` (memory-mapped), and the articles
shown are read back by row, and only those. Its answers are the in-memory path's,
number for number: same filters, same shares against the same base, same gaps,
same "other outlets" split, same drill-down rows (the tests compare both).

Rows are positions in the articles table (its parts in order,
:class:`~dashboard.storage.parts.Parted`), as the in-memory path's row positions. Entity
series need the mentions frame and are not answered here. :func:`prepare` writes what the
engine and the pages read beside the articles: the word index, the long
text columns by row (:mod:`dashboard.storage.rowtext`), the words page's vocabulary, the
lexical index of similar articles and search, and the quotes, streaming the rows: the
word index is written a chunk of rows at a time and the chunks merged on disk, so its
memory does not grow with the corpus's postings (the files are byte for byte those of one
pass); :func:`extend` writes them for a store with rows appended, from the earlier store's
files and the new rows alone, writing only files that grow with the new rows: the word
index's new segment, the new parts of the text columns, vocabulary and bags
(:mod:`dashboard.storage.arrayparts`), the stored ones linked (the lexical index counts the new
rows and derives its weights from the updated totals, :mod:`dashboard.storage.lexical`).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from dashboard.analysis import query
from dashboard.analysis.query import OTHER_OUTLETS, OTHER_TOPICS, Filters, Series
from dashboard.analysis.quote_store import quotes_present, write_quotes
from dashboard.analysis.vocabulary import vocabulary_present, write_vocabulary
from dashboard.pipeline.forkpool import Forked
from dashboard.storage.lexical import Lexical
from dashboard.storage.parts import Parted
from dashboard.storage.rowtext import COLUMNS, RowTexts, extend_texts, write_texts
from dashboard.storage.wordindex import WordIndex, extend_word_index, write_word_index_chunks

UNITS = {"day": "day", "week": "week", "month": "month"}  # query.FREQUENCIES, as date_trunc names
ALL = "TRUE"
# Rows indexed at a time by prepare: one chunk of 50,000 resampled real-length articles
# peaked at 1,191 MiB, 586 MiB of it the process with the chunk's texts held
# (``python -m bench.scale_bench chunk STORE 50000`` on the 300,000-article scale store).
CHUNK = 50_000


def prepare(folder: Path, batch: int = 10_000, chunk: int = CHUNK, workers: int = 1) -> None:
    """Write beside the articles the word index, the long text columns by row, the
    vocabulary of the words page, the lexical index of similar articles and search, and
    the quotes (linked to ``mentions.parquet``'s entities), reading ``batch`` rows at a
    time and indexing ``chunk`` rows at a time (the files do not depend on either; memory
    does). With ``workers`` above 1, the word index with the vocabulary, and the lexical
    index, are written in two forked processes (about as long as each other and as this
    one's part) while this one writes the long text columns by row, then the quotes in
    ``workers`` forked slices (the files are those of one process)."""
    folder = Path(folder)
    steps = [partial(write_words, folder, batch, chunk), partial(write_lexical, folder, batch)]
    rest = [Forked(step) for step in steps] if workers > 1 else []
    try:
        for name in COLUMNS:  # the quotes read the bodies by row
            write_texts(folder, name, column(folder, name, batch))
        write_quotes(folder, workers=workers)
        if not rest:
            run_steps(steps)
        for forked in rest:
            forked.result()
    finally:
        for forked in rest:
            forked.close()


def run_steps(steps: list[Callable[[], None]]) -> None:
    """Each of ``steps``, in order."""
    for step in steps:
        step()


def write_words(folder: Path, batch: int = 10_000, chunk: int = CHUNK) -> None:
    """Write the word index of ``folder``'s search texts, ``chunk`` rows at a time, and the
    words page's vocabulary."""
    texts = column(folder, "search_text", batch)
    chunks = iter(lambda: list(itertools.islice(texts, chunk)), [])
    write_word_index_chunks(chunks, folder)
    write_vocabulary(column(folder, "search_text", batch), folder)


def write_lexical(folder: Path, batch: int = 10_000) -> None:
    """Fit the lexical index over every row of ``folder`` and save it there."""
    Lexical.fit(column(folder, "search_text", batch)).save(folder)


def column(folder: Path, name: str, batch: int = 10_000) -> Iterator[str]:
    """One column of ``folder``'s articles, ``batch`` rows read at a time."""
    for part in Parted(Path(folder), "articles").batches([name], batch):
        yield from part.column(0).to_pylist()


def extend(
    previous: Path,
    folder: Path,
    new: pd.DataFrame,
    changed: Sequence[str] | None = None,
    mentions: pd.DataFrame | None = None,
) -> dict:
    """Write into ``folder`` the engine's files of ``previous``'s rows followed by ``new``
    (the rows its articles append): the files :func:`prepare` would write (the quotes
    read back as its), reading only the new rows' text (the quotes re-link the old
    articles whose entity lists ``changed``: ids, found by comparing the mention frames
    when None; ``mentions``: the mention rows ``folder`` holds of the new articles and of
    those, when the caller has them). ``previous`` without them is prepared afresh.
    Returns the quotes' counts (:func:`~dashboard.analysis.quote_store.write_quotes`) and
    their CPU seconds."""
    if not prepared(previous):
        prepare(folder)
        return {}
    rows = len(RowTexts(previous, "search_text"))
    for name in COLUMNS:
        extend_texts(previous, folder, name, new[name].tolist())
    extend_word_index(previous, new["search_text"].tolist(), rows, folder)
    write_vocabulary(new["search_text"].tolist(), folder, previous=previous)
    Lexical.load(previous).extended(new["search_text"].tolist()).save(folder)
    started = time.process_time()
    counts = write_quotes(folder, previous, changed=changed, mentions=mentions)
    return {**counts, "cpu_s": round(time.process_time() - started, 2)}


def prepared(folder: Path) -> bool:
    """Whether ``folder`` holds what the engine and the pages read besides the frames."""
    return (
        WordIndex.present(folder)
        and all(RowTexts.present(folder, c) for c in COLUMNS)
        and vocabulary_present(folder)
        and Lexical.present(folder)
        and quotes_present(folder)
    )


class Condition:
    """A SQL condition on the articles, its parameters, and the row sets it names."""

    def __init__(self, sql: str = ALL, params: list | None = None, rows: dict | None = None):
        self.sql, self.params, self.rows = sql, params or [], rows or {}

    def both(self, other: Condition) -> Condition:
        """This condition and ``other``."""
        return Condition(
            f"({self.sql}) AND ({other.sql})",
            self.params + other.params,
            {**self.rows, **other.rows},
        )


class Engine:
    """Answers filters, coverage with share, top outlets and drill-downs for one store."""

    def __init__(self, folder: Path, threads: int = 2) -> None:
        self.folder = Path(folder)
        self.table = Parted(self.folder, "articles")
        self.rows = len(self.table)
        self.connection = duckdb.connect(config={"threads": threads})
        source = self.table.sql(["published_at", "outlet", "topic"])
        self.connection.execute(f"CREATE VIEW articles AS {source}")
        first, last = self.connection.execute(
            "SELECT min(published_at), max(published_at) FROM articles"
        ).fetchone()
        self.span = (pd.Timestamp(first), pd.Timestamp(last))
        self.texts = {column: RowTexts(self.folder, column) for column in COLUMNS}
        self.words = WordIndex(self.folder, self.rows, self.search_texts)
        self.names = itertools.count()

    def read(self, rows: np.ndarray, columns: list[str]) -> pd.DataFrame:
        """``columns`` of the given rows (positions, in that order): long texts from their
        row files, the other columns from the row groups that hold the rows."""
        rows = np.asarray(rows, dtype=np.int64)
        found = pd.DataFrame(index=range(len(rows)))
        short = [c for c in columns if c not in COLUMNS]
        if short and len(rows):
            found = self.table.take(rows, short)
        for column in columns:
            if column in COLUMNS:
                found[column] = self.texts[column].get(rows)
        return found[columns] if len(rows) else pd.DataFrame(columns=columns)

    def search_texts(self, rows: np.ndarray) -> pd.Series:
        """The normalised text of the given rows (for phrases)."""
        return pd.Series(self.texts["search_text"].get(rows), dtype=object)

    def keyword_rows(self, text: str) -> np.ndarray | None:
        """Rows matching a keyword query (None: no query, every row matches)."""
        tree = query.parse_query(text)
        if tree is None:
            return None
        return np.flatnonzero(query.evaluate(tree, self.words))

    def _rows(self, rows: np.ndarray) -> Condition:
        """The condition "row is one of ``rows``" (the rows travel as an Arrow table)."""
        name = f"rows_{next(self.names)}"
        table = pa.table({"row": pa.array(rows, type=pa.int64())})
        return Condition(f"row IN (SELECT row FROM {name})", rows={name: table})

    def condition(self, filters: Filters, text: bool = True) -> Condition:
        """The SQL condition of ``filters`` (the keyword query too unless ``text`` is false)."""
        clauses, params = [], []
        if filters.start:
            clauses.append("published_at >= ?")
            params.append(pd.Timestamp(filters.start).to_pydatetime())
        if filters.end:
            clauses.append("published_at < ?")
            params.append((pd.Timestamp(filters.end) + pd.Timedelta(days=1)).to_pydatetime())
        if filters.outlets:
            clauses.append("list_contains(?::VARCHAR[], outlet)")
            params.append(list(filters.outlets))
        if filters.topics:
            clauses.append("list_contains(?::BIGINT[], topic)")
            params.append([int(t) for t in filters.topics])
        found = Condition(" AND ".join(clauses) or ALL, params)
        hits = self.keyword_rows(filters.text) if text else None
        return found if hits is None else found.both(self._rows(hits))

    def series_condition(self, series: Series) -> Condition:
        """The SQL condition of one compared series (query, topic, outlet or collection)."""
        if series.kind == "query":
            hits = self.keyword_rows(series.value)
            return Condition() if hits is None else self._rows(hits)
        if series.kind == "topic":
            return Condition("topic = ?", [int(series.value)])
        if series.kind == "outlet":
            return Condition("outlet = ?", [series.value])
        if series.kind == query.COLLECTION:
            return Condition(
                "list_contains(?::VARCHAR[], outlet)", [list(query.series_outlets(series))]
            )
        raise ValueError(f"the engine does not answer {series.kind!r} series")

    def sql(self, statement: str, where: Condition) -> pd.DataFrame:
        """Run ``statement`` (its ``{where}`` filled in) on a cursor of its own."""
        cursor = self.connection.cursor()
        try:
            for name, table in where.rows.items():
                cursor.register(name, table)
            return cursor.execute(statement.format(where=where.sql), where.params).fetchdf()
        finally:
            cursor.close()

    def filtered_rows(self, filters: Filters) -> np.ndarray:
        """Ascending positions of the articles passing ``filters``."""
        found = self.sql(
            "SELECT row FROM articles WHERE {where} ORDER BY row", self.condition(filters)
        )
        return found["row"].to_numpy(dtype=np.int64)

    def count(self, filters: Filters) -> int:
        """How many articles pass ``filters``."""
        return int(
            self.sql("SELECT count(*) AS n FROM articles WHERE {where}", self.condition(filters))[
                "n"
            ].iat[0]
        )

    def top_outlets(self, filters: Filters, n: int) -> list[str]:
        """The ``n`` outlets with the most filtered articles (ties: first seen first)."""
        return self.label_counts(self.condition(filters), "outlet").index[:n].tolist()

    def label_counts(self, where: Condition, column: str) -> pd.Series:
        """Articles per value of ``column``, largest first, ties in order of first row."""
        found = self.sql(
            f"SELECT {column} AS value, count(*) AS n, min(row) AS first FROM articles "
            "WHERE {where} GROUP BY 1 ORDER BY n DESC, first",
            where,
        )
        return pd.Series(found["n"].to_numpy(), index=found["value"].tolist())

    def period_counts(
        self, where: Condition, frequency: str, column: str | None = None
    ) -> pd.Series:
        """Articles per period start (and value of ``column``) under ``where``."""
        by = f", {column}" if column else ""
        found = self.sql(
            f"SELECT date_trunc('{UNITS[frequency]}', published_at) AS period{by}, "
            "count(*) AS n FROM articles WHERE {where} GROUP BY ALL",
            where,
        )
        found["period"] = found["period"].astype("datetime64[ns]")
        keys = ["period", column] if column else ["period"]
        return found.set_index(keys)["n"]

    def window(self, filters: Filters) -> tuple[pd.Timestamp, pd.Timestamp]:
        """As :func:`query.collection_window`."""
        first, last = self.span
        if filters.start:
            first = max(first, pd.Timestamp(filters.start))
        if filters.end:
            last = min(last, pd.Timestamp(filters.end))
        return first, last

    def members(
        self,
        topics: pd.DataFrame,
        filters: Filters,
        breakdown: str,
        series: tuple[Series, ...] = (),
        top: int = 8,
    ) -> dict[str, Condition]:
        """The condition of each series of a breakdown, by label (as
        :func:`query.series_members`)."""
        base = self.condition(query.base_filters(filters), text=False)
        if breakdown == "compare":
            series = series or ((Series("query", filters.text),) if filters.text.strip() else ())
            if not series:
                return {"all": base}
            named = query.named_series(series, query.topic_labels(topics))
            return {name: base.both(self.series_condition(s)) for name, s in named.items()}
        keep = base.both(self.condition(replace(Filters(), text=filters.text)))
        if breakdown == "topic":
            return self._topic_members(keep, topics, top)
        counts = self.label_counts(keep, "outlet")
        leading = counts.index[:top].tolist()
        found = {name: keep.both(Condition("outlet = ?", [name])) for name in leading}
        if len(counts) > top:
            rest = Condition("NOT list_contains(?::VARCHAR[], outlet)", [leading])
            found[OTHER_OUTLETS] = keep.both(rest)
        return found

    def _topic_members(self, keep: Condition, topics: pd.DataFrame, top: int) -> dict:
        """Topic breakdown members: the ``top`` largest assigned topics, then the rest."""
        counts = self.label_counts(keep, "topic")
        labels = query.topic_labels(topics)
        assigned = [t for t in counts.index if t != -1]
        # Labels are unique per topic id, so topic order is label order (value_counts ties:
        # first seen first).
        leading = assigned[:top]
        found = {
            labels.get(int(t), str(t)): keep.both(Condition("topic = ?", [int(t)])) for t in leading
        }
        if len(counts) > len(leading):
            rest = Condition("NOT list_contains(?::BIGINT[], topic)", [[int(t) for t in leading]])
            found[OTHER_TOPICS] = keep.both(rest)
        return found

    def coverage(
        self,
        topics: pd.DataFrame,
        filters: Filters,
        frequency: str,
        breakdown: str,
        series: tuple[Series, ...] = (),
        top: int = 8,
    ) -> pd.DataFrame:
        """As :func:`query.coverage_view` (outlet, topic and compare breakdowns)."""
        if not self.rows:
            return pd.DataFrame(columns=query.COVERAGE_COLUMNS)
        base = self.condition(query.base_filters(filters), text=False)
        totals = self.period_counts(base, frequency)
        totals.index = totals.index.get_level_values("period")
        if breakdown in ("outlet", "topic"):
            counts, labels = self.split_counts(topics, filters, frequency, breakdown, top)
            return query.count_grid(counts, totals, labels, frequency, self.window(filters))
        members = self.members(topics, filters, breakdown, series, top)
        parts = []
        for label, where in members.items():
            found = self.period_counts(where, frequency)
            parts.append(
                pd.Series(
                    found.to_numpy(),
                    index=pd.MultiIndex.from_arrays(
                        [found.index.get_level_values("period"), [label] * len(found)],
                        names=["period", "series"],
                    ),
                )
            )
        counts = pd.concat(parts) if parts else pd.Series(dtype="int64")
        return query.count_grid(counts, totals, list(members), frequency, self.window(filters))

    def split_counts(
        self, topics: pd.DataFrame, filters: Filters, frequency: str, column: str, top: int
    ) -> tuple[pd.Series, list[str]]:
        """(articles by period and series, series in order) of an outlet or topic split, from
        one grouped scan; the series are those of :meth:`members`."""
        keep = self.condition(filters)
        found = self.sql(
            f"SELECT date_trunc('{UNITS[frequency]}', published_at) AS period, {column} AS value, "
            "count(*) AS n, min(row) AS first FROM articles WHERE {where} GROUP BY 1, 2",
            keep,
        )
        found["period"] = found["period"].astype("datetime64[ns]")
        order = found.groupby("value").agg(n=("n", "sum"), first=("first", "min"))
        order = order.sort_values(["n", "first"], ascending=[False, True]).index.tolist()
        if column == "topic":
            names = query.topic_labels(topics)
            leading = [t for t in order if t != -1][:top]
            labels = {t: names.get(int(t), str(t)) for t in leading}
            other = OTHER_TOPICS
        else:
            leading, other = order[:top], OTHER_OUTLETS
            labels = {name: name for name in leading}
        series = found["value"].map(labels).fillna(other)
        counts = found.assign(series=series).groupby(["period", "series"])["n"].sum()
        listed = list(labels.values()) + ([other] if len(order) > len(leading) else [])
        return counts, listed

    def period_rows(
        self,
        topics: pd.DataFrame,
        filters: Filters,
        frequency: str,
        breakdown: str,
        series: tuple[Series, ...],
        label: str | None,
        first: pd.Timestamp,
        last: pd.Timestamp | None = None,
    ) -> np.ndarray:
        """Ascending positions of the articles behind a chart selection (as
        :func:`query.period_articles`)."""
        members = self.members(topics, filters, breakdown, series)
        chosen = list(members.values()) if label is None else [members.get(label)]
        chosen = [c for c in chosen if c is not None]
        if not chosen:
            return np.zeros(0, dtype=np.int64)
        low, high = query.period_start(
            pd.Series([pd.Timestamp(first), pd.Timestamp(last or first)]), frequency
        )
        either = Condition(
            " OR ".join(f"({c.sql})" for c in chosen),
            [p for c in chosen for p in c.params],
            {k: v for c in chosen for k, v in c.rows.items()},
        )
        inside = Condition(
            f"date_trunc('{UNITS[frequency]}', published_at) BETWEEN ? AND ?",
            [low.to_pydatetime(), high.to_pydatetime()],
        )
        found = self.sql("SELECT row FROM articles WHERE {where} ORDER BY row", either.both(inside))
        return found["row"].to_numpy(dtype=np.int64)
