"""A filtered frame rendered as download bytes: CSV, Excel, Parquet, JSON Lines.

CSV and Excel cells that a spreadsheet would run as a formula (starting with
``= + - @``, a tab or a carriage return) are prefixed with an apostrophe.

>>> print(neutralise("=SUM(A1:A9)"))
'=SUM(A1:A9)
>>> neutralise("-5 %"), neutralise("غزة")
("'-5 %", 'غزة')
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

FORMATS = {
    "csv": ("text/csv", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "parquet": ("application/vnd.apache.parquet", "parquet"),
    "jsonl": ("application/x-ndjson", "jsonl"),
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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


def to_bytes(frame: pd.DataFrame, fmt: str) -> bytes:
    """Render ``frame`` in format ``fmt`` (a key of ``FORMATS``)."""
    buffer = io.BytesIO()
    if fmt == "csv":
        # BOM so that Excel opens the file as UTF-8 and shows Arabic.
        buffer.write(spreadsheet_safe(frame).to_csv(index=False).encode("utf-8-sig"))
    elif fmt == "xlsx":
        spreadsheet_safe(frame).to_excel(buffer, index=False, engine="openpyxl")
    elif fmt == "parquet":
        frame.to_parquet(buffer, index=False)
    elif fmt == "jsonl":
        text = frame.to_json(orient="records", lines=True, force_ascii=False, date_format="iso")
        buffer.write(text.encode("utf-8"))
    else:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return buffer.getvalue()
