"""A filtered frame rendered as download bytes: CSV, Excel, Parquet, JSON Lines; and what
every download says of where it comes from (:class:`About`).

CSV and Excel cells that a spreadsheet would run as a formula (starting with
``= + - @``, a tab or a carriage return) are prefixed with an apostrophe.

An export carries its :class:`About` (title, filters in words, corpus, build, date, link):
an Excel file as a second sheet, a Parquet file in its key-value metadata, a CSV or JSON
Lines file beside it as a JSON sidecar (:func:`sidecar`), a chart image as a caption line.

>>> print(neutralise("=SUM(A1:A9)"))
'=SUM(A1:A9)
>>> neutralise("-5 %"), neutralise("غزة")
("'-5 %", 'غزة')
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.analysis.query import Filters

FORMATS = {
    "csv": ("text/csv", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "parquet": ("application/vnd.apache.parquet", "parquet"),
    "jsonl": ("application/x-ndjson", "jsonl"),
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PARQUET_KEY = b"marsad.about"  # the Parquet key-value metadata entry holding the About JSON
APP_NAME = "Marsad"


@dataclass(frozen=True)
class About:
    """Where an exported table or chart comes from, so that a figure in a paper can be
    traced back to its view. ``fields`` are (label, value) pairs in the interface's
    language, for people; :meth:`record` is the same for programs (English keys)."""

    title: str
    filters: Filters
    filters_text: tuple[tuple[str, str], ...]  # (label, value) of each filter, in words
    corpus: str
    build: str
    exported: datetime  # UTC
    url: str
    labels: Mapping[str, str]  # field name -> its label in the interface's language
    language: str = "en"

    def fields(self) -> list[tuple[str, str]]:
        """(label, value) rows for a header sheet: title, each filter, corpus, build, date, link."""
        label = self.labels.get
        return [
            (label("title", "Title"), self.title),
            *self.filters_text,
            (label("corpus", "Corpus"), self.corpus),
            (label("build", "Build"), self.build),
            (label("exported", "Exported"), self.exported.strftime("%Y-%m-%d %H:%M UTC")),
            (label("url", "Link to the view"), self.url),
        ]

    def record(self) -> dict[str, object]:
        """The same as a JSON-ready dict: the filters both as values and in words."""
        f = self.filters
        return {
            "title": self.title,
            "filters": {
                "from": f.start.isoformat() if f.start else None,
                "to": f.end.isoformat() if f.end else None,
                "outlets": list(f.outlets),
                "topics": list(f.topics),
                "text": f.text,
            },
            "filters_in_words": dict(self.filters_text),
            "corpus": self.corpus,
            "build": self.build,
            "exported_at": self.exported.isoformat(timespec="seconds"),
            "url": self.url,
            "language": self.language,
            "made_with": APP_NAME,
        }

    def caption(self) -> str:
        """One line for under a chart's title: the filters set, corpus, build and date."""
        return " · ".join(self.caption_lines())

    def caption_lines(self) -> tuple[str, str]:
        """The caption in two short lines: the filters set and date; corpus and build. Each value
        is a first-strong isolate, so ids, dates and names keep their order among Arabic."""
        label, f = self.labels.get, self.filters
        chosen = (f.start or f.end, f.outlets, f.topics, f.text)  # in the order of filters_text
        filters = "; ".join(
            f"{name}: {_isolated(value)}"
            for (name, value), on in zip(self.filters_text, chosen, strict=True)
            if on
        ) or label("no filters", "all articles")
        day = _isolated(self.exported.strftime("%Y-%m-%d"))
        return (
            f"{label('app', APP_NAME)} · {filters} · {day}",
            f"{label('corpus', 'Corpus')}: {_isolated(self.corpus)} · "
            f"{label('build', 'Build')}: {_isolated(self.build)}",
        )


def _isolated(text: str) -> str:
    """``text`` in a first-strong isolate (U+2068 … U+2069)."""
    return f"\u2068{text}\u2069"


FIELD_LABELS = {
    "app": APP_NAME,
    "title": "Title",
    "dates": "Dates",
    "outlets": "Outlets",
    "topics": "Topics",
    "text": "Search text",
    "corpus": "Corpus",
    "build": "Build",
    "exported": "Exported",
    "url": "Link to the view",
    "sheet": "About",
    "all dates": "all dates",
    "all outlets": "all outlets",
    "all topics": "all topics",
    "no search text": "none",
    "no filters": "all articles",
}


def about(
    title: str,
    filters: Filters,
    *,
    corpus: str,
    build: str,
    url: str,
    words: Callable[[str], str] = str,
    topic_names: Mapping[int, str] | None = None,
    now: datetime | None = None,
    language: str = "en",
) -> About:
    """The :class:`About` of a view's export: ``words`` puts an English label in the
    interface's language; ``topic_names`` names the filters' topics.

    >>> made = about("Coverage", Filters(outlets=("الأفق",)), corpus="demo", build="b1",
    ...              url="http://x/coverage?outlet=الأفق", now=datetime(2024, 5, 1, tzinfo=UTC))
    >>> made.caption().replace("\u2068", "").replace("\u2069", "")
    'Marsad · Outlets: الأفق · 2024-05-01 · Corpus: demo · Build: b1'
    """
    labels = {key: words(text) for key, text in FIELD_LABELS.items()}
    names = topic_names or {}
    f = filters
    dates = (
        f"{f.start.isoformat() if f.start else '…'} → {f.end.isoformat() if f.end else '…'}"
        if f.start or f.end
        else labels["all dates"]
    )
    listed = [
        (labels["dates"], dates),
        (labels["outlets"], "، ".join(f.outlets) or labels["all outlets"]),
        (
            labels["topics"],
            "، ".join(names.get(t, str(t)) for t in f.topics) or labels["all topics"],
        ),
        (labels["text"], f.text or labels["no search text"]),
    ]
    return About(
        title=title,
        filters=filters,
        filters_text=tuple(listed),
        corpus=corpus,
        build=build,
        exported=(now or datetime.now(UTC)).astimezone(UTC),
        url=url,
        labels=labels,
        language=language,
    )


def sidecar(info: About) -> bytes:
    """The JSON file that goes beside a CSV or JSON Lines download (UTF-8, Arabic as is)."""
    return json.dumps(info.record(), ensure_ascii=False, indent=2).encode("utf-8")


def neutralise(value: object) -> object:
    """Prefix a string that a spreadsheet would read as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with list cells joined and text cells neutralised, for CSV and Excel."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            out[column] = series.map(
                lambda v: neutralise(
                    "، ".join(map(str, v)) if isinstance(v, list | tuple | np.ndarray) else v
                )
            )
        elif isinstance(series.dtype, pd.DatetimeTZDtype):
            out[column] = series.dt.tz_localize(None)
    return out


def to_bytes(frame: pd.DataFrame, fmt: str, info: About | None = None) -> bytes:
    """Render ``frame`` in format ``fmt`` (a key of ``FORMATS``); with ``info``, an Excel
    file gets an About sheet after the data sheet (so the first sheet, which programs
    read by default, is the data) and a Parquet file the About JSON in its metadata."""
    buffer = io.BytesIO()
    if fmt == "csv":
        # BOM so that Excel opens the file as UTF-8 and shows Arabic.
        buffer.write(spreadsheet_safe(frame).to_csv(index=False).encode("utf-8-sig"))
    elif fmt == "xlsx":
        with pd.ExcelWriter(buffer, engine="openpyxl") as book:
            spreadsheet_safe(frame).to_excel(book, index=False, sheet_name="data")
            if info is not None:
                rows = pd.DataFrame(info.fields(), columns=["", " "])
                sheet = info.labels.get("sheet", "About")[:31]
                spreadsheet_safe(rows).to_excel(book, index=False, header=False, sheet_name=sheet)
                book.sheets[sheet].column_dimensions["A"].width = 22
                book.sheets[sheet].column_dimensions["B"].width = 90
    elif fmt == "parquet":
        table = pa.Table.from_pandas(frame, preserve_index=False)
        if info is not None:
            meta = dict(table.schema.metadata or {})
            meta[PARQUET_KEY] = json.dumps(info.record(), ensure_ascii=False).encode("utf-8")
            table = table.replace_schema_metadata(meta)
        pq.write_table(table, buffer)
    elif fmt == "jsonl":
        text = frame.to_json(orient="records", lines=True, force_ascii=False, date_format="iso")
        buffer.write(text.encode("utf-8"))
    else:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return buffer.getvalue()
