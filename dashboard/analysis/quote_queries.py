"""Reading a table of quotes: a search by speaker and words, one entity's quotes, and the
speakers quoted most (the quotes themselves come from :mod:`dashboard.analysis.quotes`)."""

from __future__ import annotations

import pandas as pd

from dashboard.analysis.query import match_query
from dashboard.text.arabic import normalize


def search_quotes(quotes: pd.DataFrame, speaker: str = "", query: str = "") -> pd.DataFrame:
    """Quotes whose speaker words or entity contain ``speaker`` (normalised) and whose
    content matches the keyword ``query`` (whole words, as every search), newest first."""
    found = quotes
    needle = normalize(speaker).strip()
    if needle:
        said = (found["speaker"] + " " + found["entity"]).map(normalize)
        found = found[said.str.contains(needle, regex=False)]
    if query.strip() and len(found):
        found = found[match_query(found["quote"].map(normalize), query).to_numpy()]
    return found.sort_values(["published_at", "article_id", "start"], ascending=[False, True, True])


def quotes_of(quotes: pd.DataFrame, entity: str) -> pd.DataFrame:
    """What ``entity`` said, newest first."""
    mine = quotes[quotes["entity"] == entity]
    return mine.sort_values(["published_at", "article_id", "start"], ascending=[False, True, True])


def speaker_table(quotes: pd.DataFrame) -> pd.DataFrame:
    """Per linked entity: its quotes and the articles they are in, most quoted first."""
    linked = quotes[quotes["entity"] != ""]
    table = linked.groupby("entity", as_index=False).agg(
        quotes=("quote", "size"), articles=("article_id", "nunique")
    )
    return table.sort_values(["quotes", "entity"], ascending=[False, True], ignore_index=True)
