"""A table's records turned into canonical articles, or rejected with a reason."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import pandas as pd

from dashboard.pipeline.ingest.cells import cell_links, cell_tags, cell_text, short_repr, url_host
from dashboard.pipeline.ingest.table import Table
from dashboard.storage.schema import ARTICLE_COLUMNS, article_id, empty_articles
from dashboard.text.clean import clean_line, clean_text, removed_by_cleaning, strip_boilerplate
from dashboard.text.dates import RELATIVE_SOURCE, is_implausible, parse_dates, relative_dates

# Columns beside the canonical ones: where each record came from, what was cut from it,
# related headlines, how its date was found, and the copies of its story.
EXTRA = {
    "source_file": "object",
    "source_row": "int64",
    "source_id": "object",
    "boilerplate": "object",
    "related": "object",
    "date_source": "object",
    "near_duplicate_of": "object",
    "also_published_by": "object",
}


PROVENANCE = tuple(EXTRA)


REJECTED_COLUMNS = ("source_file", "source_row", "reason", "raw")


# Text fields whose cleaning is reported record by record (bidirectional controls removed,
# and markup removed from every one but the body, where HTML is an input format).
REPORTED_FIELDS = ("title", "body", "outlet", "source", "tags")


def to_articles(
    table: Table, columns: dict[str, str], crawl_date: datetime | None
) -> tuple[pd.DataFrame, pd.DataFrame, list[dict], list[dict]]:
    """Turn a table's records into canonical articles, rejected records, the changes
    cleaning made to their text (see ``_text_changes``) and the bodies taken from a
    fallback column."""
    frame = table.to_frame()

    def text(name: str) -> list[str]:
        if name not in columns:
            return [""] * len(frame)
        return [cell_text(v) for v in frame[columns[name]]]

    tag_values = frame[columns["tags"]] if "tags" in columns else [None] * len(frame)
    raw = {name: text(name) for name in ("title", "body", "outlet", "source")}
    raw["body"], fallbacks = _fallback_bodies(raw["body"], text("fallback_body"), columns, table)
    urls = text("url")
    raw["outlet"] = [
        o if o.strip() else url_host(u) for o, u in zip(raw["outlet"], urls, strict=True)
    ]
    raw["tags"] = [cell_tags(v) for v in tag_values]
    changes = _text_changes(raw, table.rows, table.files)
    titles = [clean_line(t) if "\n" in t else clean_text(t) for t in raw["title"]]
    stripped = [strip_boilerplate(clean_text(b)) for b in raw["body"]]
    raw_dates = frame[columns["published_at"]].reset_index(drop=True)
    dates = parse_dates(raw_dates, base=crawl_date)
    relative = relative_dates(raw_dates, base=crawl_date)
    reasons = [
        _reason(title, body, raw, date, crawl_date)
        for title, (body, _), raw, date in zip(titles, stripped, raw_dates, dates, strict=True)
    ]
    related = frame[columns["related"]] if "related" in columns else [None] * len(frame)
    cut = frame["boilerplate"] if "boilerplate" in frame else [""] * len(frame)
    out = pd.DataFrame(
        {
            "title": titles,
            "body": [body for body, _ in stripped],
            "published_at": dates,
            "outlet": [clean_line(o) for o in raw["outlet"]],
            "url": urls,
            "tags": [[t for t in map(clean_line, tags) if t] for tags in raw["tags"]],
            "source": [clean_line(s) for s in raw["source"]],
            "source_file": table.files,
            "source_row": table.rows,
            "source_id": text("source_id"),
            "boilerplate": [
                "\n".join(filter(None, [cell_text(page), *removed]))
                for page, (_, removed) in zip(cut, stripped, strict=True)
            ],
            "related": [cell_links(v) for v in related],
            "date_source": [
                given or (RELATIVE_SOURCE if moved else "field")
                for given, moved in zip(text("date_source"), relative, strict=True)
            ],
        }
    )
    ok = pd.Series([r is None for r in reasons], dtype=bool)
    out = out.loc[ok]
    out.insert(0, "id", _ids(out))
    bad = [
        (
            table.files[position],
            table.rows[position],
            reason,
            short_repr(frame.iloc[position].to_dict()),
        )
        for position, reason in enumerate(reasons)
        if reason is not None
    ]
    bad_frame = pd.DataFrame(table.bad + bad, columns=list(REJECTED_COLUMNS))
    return out.reset_index(drop=True), bad_frame, changes, fallbacks


def _fallback_bodies(
    bodies: list[str], fallback: list[str], columns: dict[str, str], table: Table
) -> tuple[list[str], list[dict]]:
    """Bodies with the fallback column (``description``, ...) standing in where the body is
    empty or there is no body column; and a line per file saying how many, and why."""
    if "fallback_body" not in columns:
        return bodies, []
    reason = "the body is empty" if "body" in columns else "there is no body column"
    used: Counter[str] = Counter()
    out = []
    for body, spare, name in zip(bodies, fallback, table.files, strict=True):
        if not body.strip() and spare.strip():
            used[name] += 1
            body = spare
        out.append(body)
    column = columns["fallback_body"]
    return out, [
        {"source_file": name, "column": column, "rows": n, "reason": reason}
        for name, n in used.items()
    ]


def _text_changes(fields: dict[str, list], rows: list[int], files: list[str]) -> list[dict]:
    """Each record and field whose cleaning removed bidirectional controls or markup (in
    ``REPORTED_FIELDS``), with what was removed, in row order."""
    changes = []
    for name in REPORTED_FIELDS:
        for row, source_file, value in zip(rows, files, fields[name], strict=True):
            removed = removed_by_cleaning(
                "\n".join(value) if isinstance(value, list) else value, markup=name != "body"
            )
            if removed:
                where = {"source_file": source_file, "source_row": row}
                changes.append({**where, "field": name, "removed": removed})
    return sorted(changes, key=lambda change: (change["source_file"], change["source_row"]))


def _reason(
    title: str, body: str, raw_date: object, date: pd.Timestamp, crawl_date: datetime | None
) -> str | None:
    """Why a record cannot be loaded, or None when it can."""
    if not title and not body:
        return "missing title and body"
    if not body:
        return "empty body"
    if pd.isna(date):
        if not cell_text(raw_date).strip():
            return "missing date"
        if is_implausible(cell_text(raw_date)):
            return f"implausible date: {cell_text(raw_date)[:60]!r}"
        return f"unparseable date: {cell_text(raw_date)[:60]!r}"
    if crawl_date is not None and date >= _next_day(crawl_date):
        return (
            f"future date: {cell_text(raw_date)[:60]!r} is {date:%Y-%m-%d}, "
            f"after the crawl date {crawl_date:%Y-%m-%d}"
        )
    return None


def _next_day(moment: datetime) -> pd.Timestamp:
    """Midnight at the start of the day after ``moment``."""
    return pd.Timestamp(moment.date() + timedelta(days=1))


def joined_fallbacks(fallbacks: list[dict]) -> list[dict]:
    """Fallback lines of parts of one table, one per file, column and reason (rows added).

    >>> line = {"source_file": "a.csv", "column": "description", "rows": 2, "reason": "r"}
    >>> joined_fallbacks([line, {**line, "rows": 3}, {**line, "source_file": "b.csv"}])
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'source_file': 'a.csv', 'column': 'description', 'rows': 5, 'reason': 'r'},
     {'source_file': 'b.csv', 'column': 'description', 'rows': 2, 'reason': 'r'}]
    """
    joined: dict[tuple, dict] = {}
    for line in fallbacks:
        key = (line["source_file"], line["column"], line["reason"])
        if key in joined:
            joined[key]["rows"] += line["rows"]
        else:
            joined[key] = dict(line)
    return list(joined.values())


def _ids(frame: pd.DataFrame) -> list[str]:
    """schema.article_id for each row."""
    return [
        article_id(url, outlet, title, date.isoformat())
        for url, outlet, title, date in zip(
            frame["url"], frame["outlet"], frame["title"], frame["published_at"], strict=True
        )
    ]


def empty_loaded() -> pd.DataFrame:
    """An empty loaded-articles frame: canonical columns plus provenance."""
    frame = empty_articles()
    for name, dtype in EXTRA.items():
        frame[name] = pd.Series(dtype=dtype)
    return frame[[*ARTICLE_COLUMNS, *PROVENANCE]]


def empty_rejected() -> pd.DataFrame:
    """An empty rejected-records frame."""
    return pd.DataFrame({name: pd.Series(dtype="object") for name in REJECTED_COLUMNS})
