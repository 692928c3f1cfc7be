"""The quotes a store keeps beside its articles, and how ``add`` keeps them current.

Every quote of a store, with its article's row, is written beside its articles
(``engine.prepare``) and read by the rows of the filtered articles. With them the store
keeps what each article's parse read of its entities (its checks, see
:func:`~dashboard.analysis.quotes.parsed_article`). Both are keyed tables by ``row``
(:func:`~dashboard.storage.parts.append_replacing`): a build writes ``quotes.parquet`` and
``quote_checks.parquet``; an ``add`` links them (and the parts after them) into the new
version and writes one more part of each, with the new articles' rows and those of the
old articles whose quotes changed, listing the rows it replaces. The old articles whose
entity lists the alias merge changed are linked to their new entities from their stored
quotes and checks (:func:`~dashboard.analysis.quotes.relinked`: no parse); only those
whose checks find otherwise, or that have none (a store written before checks were
kept), are parsed again. The rows read are always those a fresh pass writes.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.analysis.quotes import (
    CHECK_COLUMNS,
    OPENING_MARKS,
    PARSED,
    QUOTE_COLUMNS,
    check_frame,
    inside_marks,
    mention_lists,
    parsed_quotes,
    quote_frame,
    relinked,
)
from dashboard.pipeline.forkpool import fork_map, slice_count
from dashboard.storage.parts import Parted, append_replacing, read_replacing
from dashboard.storage.rowtext import RowTexts

QUOTES = "quotes"
CHECKS = "quote_checks"
ROW_GROUP = 65_536


def write_quotes(
    folder: Path,
    previous: Path | None = None,
    batch: int = 2_000,
    workers: int = 1,
    changed: Sequence[str] | None = None,
    mentions: pd.DataFrame | None = None,
) -> dict[str, float]:
    """Save the quotes of every article of the store in ``folder`` (its articles table
    and body row files), linked to the entities of its ``mentions.parquet``, and the
    parse's checks, reading ``batch`` bodies at a time, in up to ``workers`` forked
    processes (slices of ``forkpool.SLICE_ROWS`` rows at least; each article's quotes
    depend on it alone). With ``previous`` (a store whose articles are this one's first
    rows, with its quotes), only the new rows are parsed and the earlier ones whose entity
    lists changed re-linked: ``changed`` (their ids) when the caller knows them, else
    found by comparing the two stores' mention frames; ``mentions``, when given with
    ``changed``, the mention rows ``folder`` holds of those and of the new rows (else read
    from ``folder``: a pass over every stored row's article id). Read back, the tables
    are those a fresh pass writes. Returns the counts of articles re-linked, parsed again and parsed
    new, and of the rows written; after an add, with the CPU seconds of reading (the
    articles' ids and places, their mentions), re-linking, parsing and writing."""
    folder = Path(folder)
    clock = [time.process_time()]
    source = Parted(folder, "articles")
    short = source.read(["id", "published_at", "outlet"])
    bodies = RowTexts(folder, "body")
    schema = quote_schema(source.schema().field("published_at").type)
    if previous is None:
        todo = list(range(len(short)))
        linked = mention_lists(read_mentions(folder))
        quotes, checks = parsed_rows_forked(short, bodies, linked, todo, workers, batch)
        pq.write_table(
            table_of(quotes, schema), folder / f"{QUOTES}.parquet", row_group_size=ROW_GROUP
        )
        pq.write_table(
            table_of(checks, CHECK_SCHEMA), folder / f"{CHECKS}.parquet", row_group_size=ROW_GROUP
        )
        return {"parsed": len(todo), "quote_rows": len(quotes), "check_rows": len(checks)}
    first = len(Parted(Path(previous), "articles"))
    ids = short["id"].iloc[:first].astype(str)
    if changed is None:
        changed_rows = changed_articles(ids, read_mentions(previous), read_mentions(folder))
    else:
        changed_rows = sorted(pd.Index(ids).get_indexer(list(changed)).tolist())
    new_rows = list(range(first, len(short)))
    wanted = short["id"].iloc[changed_rows + new_rows].astype(str)
    if mentions is None or changed is None:
        mentions = read_mentions(folder, set(wanted))
    linked = mention_lists(mentions)
    clock.append(time.process_time())
    again = relinked_rows(previous, short, bodies, linked, changed_rows)
    clock.append(time.process_time())
    quotes, checks = parsed_rows_forked(
        short, bodies, linked, again.parse + new_rows, workers, batch
    )
    clock.append(time.process_time())
    quotes = pd.concat([again.quotes, quotes], ignore_index=True)
    replaced = sorted(again.replaced + again.parse)
    append_replacing(previous, folder, QUOTES, table_of(quotes, schema), replaced, "row")
    checks = table_of(checks, CHECK_SCHEMA)
    append_replacing(previous, folder, CHECKS, checks, again.parse, "row")
    clock.append(time.process_time())
    steps = zip(("read", "relink", "parse", "write"), clock[:-1], clock[1:], strict=True)
    return {
        **{f"cpu_{n}_s": round(b - a, 2) for n, a, b in steps},
        "relinked": len(changed_rows) - len(again.parse),
        "parsed_again": len(again.parse),
        "parsed": len(new_rows),
        "quote_rows": len(quotes),
        "check_rows": checks.num_rows,
    }


CHECK_SCHEMA = pa.schema(
    [("row", pa.int64()), ("kind", pa.int8())] + [(c, pa.int32()) for c in CHECK_COLUMNS[2:]]
)


def quote_schema(stamp: pa.DataType) -> pa.Schema:
    """The quotes table's schema, ``published_at`` of type ``stamp`` (the articles')."""
    return pa.schema(
        [(c, stamp if c == "published_at" else pa.string()) for c in QUOTE_COLUMNS[:8]]
        + [(c, pa.int64()) for c in [*QUOTE_COLUMNS[8:], "row"]]
    )


def table_of(frame: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    """``frame`` sorted by row (stable) as a table of ``schema``."""
    frame = frame.sort_values("row", kind="stable")
    return pa.Table.from_pandas(frame[schema.names], schema=schema, preserve_index=False)


class Relinked:
    """Old articles' quotes after their entity lists changed: the rows ``quotes`` of the
    articles whose rows differ (``replaced``), and the articles to parse again."""

    def __init__(self) -> None:
        self.quotes = quote_frame([])
        self.replaced: list[int] = []
        self.parse: list[int] = []


def relinked_rows(
    previous: Path,
    short: pd.DataFrame,
    bodies: RowTexts,
    linked: dict[str, list[tuple[str, str]]],
    rows: list[int],
) -> Relinked:
    """The stored quotes of the articles at ``rows`` linked to their entities in ``linked``
    from their stored checks, without a parse; those without checks, or whose checks now
    find otherwise, are left to parse."""
    out = Relinked()
    if not rows:
        return out
    stored = read_replacing(previous, QUOTES, "row", rows)
    checks = (
        read_replacing(previous, CHECKS, "row", rows)
        if Parted(previous, CHECKS).present()
        else check_frame([])
    )
    by_row: dict[int, list] = {}
    for check in zip(*(checks[c].tolist() for c in CHECK_COLUMNS), strict=True):
        by_row.setdefault(check[0], []).append(check[1:])
    quotes_of: dict[int, list[dict]] = {}
    columns = list(stored.columns)  # records as ``to_dict("records")`` makes them, faster
    for values in zip(*(stored[c].tolist() for c in columns), strict=True):
        record = dict(zip(columns, values, strict=True))
        quotes_of.setdefault(record["row"], []).append(record)
    found_rows: list[dict] = []
    ids = short["id"].iloc[rows].tolist()  # the articles' ids, read once
    for row, article_id, body in zip(rows, ids, bodies.get(rows), strict=True):
        read = by_row.get(row, [])
        if not any(kind == PARSED for kind, *_ in read):
            out.parse.append(row)
            continue
        records = quotes_of.get(row, [])
        entities = linked.get(str(article_id), [])
        found = relinked(body, entities, records, read)
        if found is None:
            out.parse.append(row)
        elif [(r["entity"], r["entity_type"]) for r in found] != [
            (r["entity"], r["entity_type"]) for r in records
        ]:
            out.replaced.append(row)
            found_rows.extend(found)
    if found_rows:
        out.quotes = pd.DataFrame(found_rows, columns=stored.columns)
    return out


def parsed_rows_forked(
    short: pd.DataFrame,
    bodies: RowTexts,
    linked: dict[str, list[tuple[str, str]]],
    todo: list[int],
    workers: int,
    batch: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`parsed_rows` of ``todo`` in up to ``workers`` forked slices."""
    read = partial(parsed_rows, short, bodies, linked, batch=batch)
    if not todo:
        return read([])
    step = -(-len(todo) // slice_count(len(todo), workers))
    slices = [todo[start : start + step] for start in range(0, len(todo), step)]
    found = fork_map(read, slices) if len(slices) > 1 else [read(s) for s in slices]
    return (
        pd.concat([q for q, _ in found], ignore_index=True),
        pd.concat([c for _, c in found], ignore_index=True),
    )


def parsed_rows(
    short: pd.DataFrame,
    bodies: RowTexts,
    linked: dict[str, list[tuple[str, str]]],
    rows: list[int],
    batch: int = 2_000,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`~dashboard.analysis.quotes.parsed_quotes` of the articles at ``rows`` of
    ``short`` (their bodies read from ``bodies``, ``batch`` at a time), in that order."""
    quotes, checks = [quote_frame([])], [check_frame([])]
    for start in range(0, len(rows), batch):
        some = rows[start : start + batch]
        found = parsed_quotes(short.iloc[some].assign(body=bodies.get(some)), linked)
        quotes.append(found[0])
        checks.append(found[1])
    return pd.concat(quotes, ignore_index=True), pd.concat(checks, ignore_index=True)


def changed_articles(ids: pd.Series, earlier: pd.DataFrame, later: pd.DataFrame) -> list[int]:
    """Positions in ``ids`` of the articles whose entity lists (:func:`mention_lists`: names
    and types in the frame's order) differ between two mention frames, found by one join
    on (article, place in its list) rather than a list per article."""
    both = listed(earlier).merge(
        listed(later), on=["article_id", "place"], how="outer", suffixes=("_0", "_1")
    )
    differs = (both["entity_0"] != both["entity_1"]) | (both["type_0"] != both["type_1"])
    changed = both.loc[differs, "article_id"].unique()
    return np.flatnonzero(ids.isin(changed).to_numpy()).tolist()


def listed(mentions: pd.DataFrame) -> pd.DataFrame:
    """Each mention's article, place in its article's list, entity and type, as strings."""
    columns = ("article_id", "entity", "type")
    if not len(mentions):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns}).assign(place=0)
    frame = pd.DataFrame({c: mentions[c].astype(str).to_numpy() for c in columns})
    return frame.assign(place=frame.groupby("article_id", sort=False).cumcount())


def read_mentions(folder: Path, articles: set[str] | None = None) -> pd.DataFrame:
    """The mentions of the store in ``folder`` (none when it has no mentions file), of the
    ``articles`` given alone (ids; every article when None): each article's rows in their
    order, the articles in the order of the parts that hold them (see ``KEYED`` in
    :mod:`dashboard.storage.parts`)."""
    if not Parted(Path(folder), "mentions").present():
        return pd.DataFrame()
    return read_replacing(Path(folder), "mentions", "article_id", articles, ordered=False)


def read_quotes(folder: Path, rows: np.ndarray | None = None) -> pd.DataFrame:
    """The saved quotes (:data:`QUOTE_COLUMNS`) of the articles at ``rows`` (every article
    when None), in row order, read by a filter on their rows, as the extractor writes them
    now (:func:`unmarked`): a store written before it left out the marks that enclose a
    quote whole keeps them in its rows, and ``add`` keeps those rows (linked, or re-linked
    without a parse), so they are left out here, where the pages, downloads and benches
    read them."""
    found = read_replacing(folder, QUOTES, "row", rows, QUOTE_COLUMNS)
    return unmarked(found[QUOTE_COLUMNS])


def unmarked(quotes: pd.DataFrame) -> pd.DataFrame:
    """Quote rows as the extractor writes them now: a quote kept with the marks that enclose
    it whole (:func:`~dashboard.analysis.quotes.inside_marks`; stores written before keep
    them) without them, its offsets inside them (a stored span starts at a token, so the
    quote's first character is the one at its start)."""
    marked = quotes["quote"].str.startswith(OPENING_MARKS, na=False).to_numpy(dtype=bool)
    if not marked.any():
        return quotes
    quotes = quotes.copy()
    for at in marked.nonzero()[0]:
        text, start = quotes["quote"].iat[at], int(quotes["start"].iat[at])
        inner, outer = inside_marks(text)
        if (inner, outer) != (0, len(text)):
            quotes.iloc[at, quotes.columns.get_indexer(["quote", "start", "end"])] = [
                text[inner:outer].strip(),
                start + inner,
                start + outer,
            ]
    return quotes


def read_checks(folder: Path) -> pd.DataFrame:
    """Every saved check (:data:`CHECK_COLUMNS`), in row order."""
    return read_replacing(folder, CHECKS, "row")[CHECK_COLUMNS]


def quotes_present(folder: Path) -> bool:
    """Whether ``folder`` holds its saved quotes."""
    return Parted(Path(folder), QUOTES).present()
