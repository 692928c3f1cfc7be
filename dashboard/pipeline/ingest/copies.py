"""Copies across the corpus: exact duplicates, repeated ids, boilerplate lines an outlet
repeats, and near-copies linked to the article they copy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TypeVar

import pandas as pd

from dashboard.pipeline.forkpool import fork_map
from dashboard.pipeline.ingest import sizes
from dashboard.pipeline.ingest.articles import empty_loaded
from dashboard.text.boilerplate import (
    MIN_ARTICLES,
    MIN_SHARE,
    KeyCounts,
    Learned,
    count_keys,
    first_copies,
    strip_all,
)
from dashboard.text.clean import duplicates_of, split_duplicates

Part = TypeVar("Part")
Result = TypeVar("Result")


def dedupe(parts: list[pd.DataFrame]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``clean.dedupe`` of the articles of every chunk, in order, emptying ``parts``: the
    duplicates are found over all of them, then dropped a chunk at a time, so that only one
    chunk's text is copied at once."""
    # Chunks concatenated without the object columns of an empty frame keep their Arrow
    # strings as they are, where object columns would copy them.
    duplicate_of = duplicates_of(pd.concat(parts, ignore_index=True))
    kept, duplicates, start = [], [], 0
    while parts:
        part = parts.pop(0)
        marks = duplicate_of[start : start + len(part)]
        start += len(part)
        chunk_kept, chunk_duplicates = split_duplicates(part, marks)
        kept.append(chunk_kept)
        duplicates.append(chunk_duplicates)
    duplicates = [d for d in duplicates if len(d)] or duplicates[:1]
    return pd.concat(kept, ignore_index=True), pd.concat(
        [empty_loaded(), *duplicates], ignore_index=True
    )


def unique_ids(ids: pd.Series) -> pd.Series:
    """Suffix "-2", "-3", ... to repeated ids (same outlet, title and date, no URL)."""
    counts = ids.groupby(ids).cumcount().tolist()
    return pd.Series(
        [i if n == 0 else f"{i}-{n + 1}" for i, n in zip(ids, counts, strict=True)],
        index=ids.index,
        dtype=ids.dtype,
    )


def remove_repeated_lines(articles: pd.DataFrame, workers: int = 1) -> pd.DataFrame:
    """Remove the boilerplate lines learned from the corpus, adding them to ``boilerplate``.

    Learning and removal each go ``CHUNK_ARTICLES`` articles at a time, each chunk's text
    kept as Arrow strings, so that no step holds a second copy of every body as Python
    strings. With ``workers`` above one, rounds of that many chunks are counted, then
    stripped, in forked processes, a chunk each; the result is the same.
    """
    first = first_copies(articles["body"], articles["outlet"])
    # Counts of slices add up exactly when every learned key is in twice as many articles
    # as there are slices (see KeyCounts).
    counting = workers if 2 * workers <= MIN_ARTICLES else 1
    counts = KeyCounts()
    for chunks in _rounds(len(articles), counting):
        parts = [
            [row for row, keep in zip(_rows(articles, a, b), first[a:b], strict=True) if keep]
            for a, b in chunks
        ]
        for part in _map(count_keys, parts):
            counts.add(part)
    learned = counts.learned(MIN_ARTICLES, MIN_SHARE)
    bodies, cut = [], []
    for chunks in _rounds(len(articles), workers):
        parts = [articles.iloc[a:b][["body", "outlet", "tags", "title"]] for a, b in chunks]
        for (a, b), (kept, removed) in zip(
            chunks, _map(partial(_strip, learned=learned), parts), strict=True
        ):
            bodies.append(pd.Series(kept, dtype="str"))
            before = articles["boilerplate"].iloc[a:b]
            cut.append(
                pd.Series(
                    [
                        "\n".join(filter(None, [old, *lines]))
                        for old, lines in zip(before, removed, strict=True)
                    ],
                    dtype="str",
                )
            )
    if not bodies:
        return articles
    return articles.assign(
        body=pd.concat(bodies, ignore_index=True).array,
        boilerplate=pd.concat(cut, ignore_index=True).array,
    )


def _rounds(rows: int, workers: int) -> Iterator[list[tuple[int, int]]]:
    """Row ranges of ``CHUNK_ARTICLES`` rows, ``workers`` at a time."""
    chunks = [
        (a, min(a + sizes.CHUNK_ARTICLES, rows)) for a in range(0, rows, sizes.CHUNK_ARTICLES)
    ]
    for at in range(0, len(chunks), workers):
        yield chunks[at : at + workers]


def _rows(articles: pd.DataFrame, start: int, stop: int) -> Iterator[tuple[str, str, str]]:
    """(body, outlet, title) of a range of rows."""
    part = articles.iloc[start:stop]
    return zip(part["body"], part["outlet"], part["title"], strict=True)


def _strip(part: pd.DataFrame, learned: dict[str, Learned]) -> tuple[list[str], list[list[str]]]:
    """:func:`strip_all` of a chunk of articles."""
    return strip_all(part["body"], part["outlet"], part["tags"], learned, part["title"])


def _map(function: Callable[[Part], Result], parts: list[Part]) -> list[Result]:
    """``function`` over ``parts``: in forked processes when there are several."""
    return fork_map(function, parts) if len(parts) > 1 else [function(p) for p in parts]


def link_copies(
    articles: pd.DataFrame, duplicates: pd.DataFrame, near: pd.DataFrame
) -> pd.DataFrame:
    """Mark near-copies and list, on each canonical article, who else ran the story and when."""
    of_near = dict(zip(near["id"], near["near_duplicate_of"], strict=True))
    by_id = articles.set_index("id")[["outlet", "published_at"]]
    copies: dict[str, list[str]] = {}
    for copy_id, original in of_near.items():
        outlet, date = by_id.loc[copy_id]
        copies.setdefault(original, []).append(_copy_label(outlet, date))
    for outlet, date, original in zip(
        duplicates["outlet"], duplicates["published_at"], duplicates["duplicate_of"], strict=True
    ):
        original = of_near.get(original, original)
        copies.setdefault(original, []).append(_copy_label(outlet, date))
    return articles.assign(
        near_duplicate_of=[of_near.get(i, "") for i in articles["id"]],
        also_published_by=[copies.get(i, []) for i in articles["id"]],
    )


def _copy_label(outlet: str, date: pd.Timestamp) -> str:
    """ "outlet (2024-06-10)": who ran a copy of a story, and when."""
    return f"{outlet or '?'} ({date:%Y-%m-%d})" if not pd.isna(date) else outlet or "?"


def listing(frame: pd.DataFrame, of: str) -> list[dict]:
    """Rows of a duplicates frame as small dicts for the report."""
    columns = ["id", of, "outlet", "source_file", "source_row"]
    return frame[columns].astype({"source_row": "int64"}).to_dict("records")
