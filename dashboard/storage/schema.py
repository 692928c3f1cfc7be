"""The canonical article frame every corpus is turned into."""

from __future__ import annotations

import hashlib

import pandas as pd

# Column -> meaning. Later stages add their own columns (topic, ...) beside these.
ARTICLE_COLUMNS: dict[str, str] = {
    "id": "stable identifier: a hash of the URL, or of outlet + title + date without one",
    "title": "headline, cleaned",
    "body": "article text, cleaned of boilerplate",
    "published_at": "publication time, timezone-naive UTC (datetime64[ns])",
    "outlet": "the outlet that published the article",
    "url": "article URL ('' when unknown)",
    "tags": "list of tag strings",
    "source": "original source when republished from another outlet ('' otherwise)",
}


def article_id(url: str, outlet: str, title: str, published_at: str) -> str:
    """A 16-hex-digit id from the URL, or from outlet, title and date."""
    key = url.strip() or f"{outlet}\x1f{title}\x1f{published_at}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def empty_articles() -> pd.DataFrame:
    """An article frame with the canonical columns and dtypes and no rows."""
    frame = pd.DataFrame({name: pd.Series(dtype="object") for name in ARTICLE_COLUMNS})
    frame["published_at"] = pd.Series(dtype="datetime64[ns]")
    return frame


def validate(frame: pd.DataFrame) -> None:
    """Raise ``ValueError`` naming what is wrong if ``frame`` is not canonical."""
    missing = [c for c in ARTICLE_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"article frame lacks columns: {', '.join(missing)}")
    if not pd.api.types.is_datetime64_any_dtype(frame["published_at"]):
        raise ValueError("published_at must be a datetime column")
    if frame["id"].duplicated().any():
        dupes = frame.loc[frame["id"].duplicated(), "id"].head(3).tolist()
        raise ValueError(f"article ids are not unique, e.g. {dupes}")
