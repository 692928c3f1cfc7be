"""One cell of an input record read as text, tags, related headlines or a URL's host."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from dashboard.pipeline.ingest import sizes

TAG_SEPARATORS = re.compile(r"[,،|;]")


def cell_text(value: object) -> str:
    """A cell as a string: missing values (None, NaN, pd.NA, NaT) become '', bytes are decoded
    as UTF-8, and the items of a list (paragraphs) are joined a line each."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", errors="replace")
    if isinstance(value, list | tuple | np.ndarray):
        return "\n".join(part for part in map(cell_text, value) if part.strip())
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return ""
    return str(value)


def url_host(url: str) -> str:
    """The host of a URL without "www.", '' when there is none."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def cell_tags(value: object) -> list[str]:
    """Tags from a list, a JSON list string or a delimited string."""
    if isinstance(value, str) and value.strip().startswith("["):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            value = value.strip("[]")
    if isinstance(value, str):
        parts = TAG_SEPARATORS.split(value)
    elif value is not None and pd.api.types.is_list_like(value):
        parts = [cell_text(v) for v in value]
    else:
        parts = []
    return [" ".join(p.split()) for p in parts if p and p.strip()]


def cell_links(value: object) -> list[str]:
    """Related headlines from a list, or from a string with one per line or "|" between."""
    if isinstance(value, str):
        value = re.split(r"[|\n]", value)
    if value is None or not pd.api.types.is_list_like(value):
        return []
    return [" ".join(cell_text(v).split()) for v in value if cell_text(v).strip()]


def short_repr(record: object) -> str:
    """A short repr of a record for the rejected table."""
    if isinstance(record, dict):
        record = {k: v for k, v in record.items() if cell_text(v) != ""}
    try:
        text = repr(record)
    except RecursionError:
        return "(nested too deeply to show)"
    return text if len(text) <= sizes.RAW_CHARS else text[: sizes.RAW_CHARS - 1] + "…"
