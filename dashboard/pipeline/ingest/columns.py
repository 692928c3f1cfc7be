"""Which input column holds which canonical field: recognised by name, or mapped by hand."""

from __future__ import annotations

from collections.abc import Sequence

from dashboard.pipeline.ingest.sources import IngestError
from dashboard.text.arabic import normalize

# Canonical field -> input column names it is recognised under (case-insensitive).
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "العنوان"),
    "body": (
        *("body", "content", "text", "article", "maintext", "articlebody"),
        *("النص", "المحتوى"),
    ),
    "fallback_body": ("description", "excerpt", "summary", "الملخص"),
    "published_at": (
        *("published_at", "date", "published", "date_publish", "date_extracted", "pubdate"),
        *("published_time", "article:published_time", "datepublished", "date_published"),
        *("created_at", "timestamp", "التاريخ"),
    ),
    "outlet": (
        *("outlet", "source", "site", "publisher", "newspaper", "source_domain"),
        *("المصدر", "الموقع"),
    ),
    "url": ("url", "link", "الرابط"),
    "tags": ("tags", "keywords", "الكلمات", "الوسوم", "الكلمات المفتاحية", "الكلمات الدلالية"),
    "source": ("original_source", "source"),
    "source_id": ("id",),
    "related": ("related", "related_titles"),
    "date_source": ("date_source",),
}


REQUIRED = ("body", "published_at")  # a fallback body column stands in for a missing body


# The fields a person maps by hand, in the order a form shows them.
MAPPABLE = ("title", "body", "published_at", "outlet", "url", "tags")


# Readers whose records have columns of the file's own naming (pages have Marsad's).
TABULAR = frozenset({"delimited", "jsonl", "json", "parquet", "excel"})


def detect_columns(found: Sequence[object]) -> dict[str, str]:
    """Canonical field -> input column, recognised by name (see ``COLUMN_ALIASES``).

    >>> detect_columns(["Headline", "النص", "date", "notes"])
    {'title': 'Headline', 'body': 'النص', 'published_at': 'date'}
    """
    keys = {column_key(c): c for c in reversed(found)}
    columns: dict[str, str] = {}
    for name, aliases in COLUMN_ALIASES.items():
        taken = set(columns.values())
        match = next((keys[a] for a in map(column_key, aliases) if a in keys), None)
        if match is not None and match not in taken:
            columns[name] = match
    return columns


def map_columns(found: list[str], mapping: dict[str, str] | None, path: str) -> dict[str, str]:
    """Canonical field -> input column for one file, from aliases and ``mapping``."""
    columns = detect_columns(found)
    for name, column in (mapping or {}).items():
        if name not in COLUMN_ALIASES:
            raise IngestError(
                f"mapping names unknown field {name!r}; known: {list(COLUMN_ALIASES)}"
            )
        if not column:
            columns.pop(name, None)
            continue
        if column not in found:
            raise IngestError(
                f"{path}: mapped column {column!r} (for {name!r}) not found; columns found: {found}"
            )
        columns = {k: v for k, v in columns.items() if v != column}
        columns[name] = column
    missing = [
        name
        for name in REQUIRED
        if name not in columns and not (name == "body" and "fallback_body" in columns)
    ]
    if missing:
        expected = {name: list(COLUMN_ALIASES[name]) for name in missing}
        raise IngestError(
            f"{path}: missing required columns {missing}; columns found: {found}; "
            f"expected one of: {expected} (or pass mapping=)"
        )
    return columns


def column_key(name: object) -> str:
    """A column name folded for matching."""
    return normalize(str(name)).strip().lower()
