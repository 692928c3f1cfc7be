"""Copies across the corpus: exact duplicates, repeated ids, boilerplate lines an outlet
repeats, and near-copies linked to the article they copy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TypeVar

import numpy as np
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
from dashboard.text.neardup import Sketches, sketch

Part = TypeVar("Part")
Result = TypeVar("Result")


def dedupe(
    parts: list[pd.DataFrame], cheap: list[bytes] | None = None, marks: list[bytes] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, list[bytes] | None]:
    """``clean.dedupe`` of the articles of every chunk, in order, emptying ``parts``: the
    duplicates are found over all of them, then dropped a chunk at a time, so that only one
    chunk's text is copied at once. ``cheap`` holds the articles' ``clean.cheap_keys``, and
    ``marks`` their bodies' ``boilerplate.body_mark``, when the processes that cleaned them
    made them; the kept articles' marks are returned with them."""
    # Chunks concatenated without the object columns of an empty frame keep their Arrow
    # strings as they are, where object columns would copy them.
    duplicate_of = duplicates_of(pd.concat(parts, ignore_index=True), cheap)
    if marks is not None:
        marks = [mark for mark, of in zip(marks, duplicate_of, strict=True) if of is None]
    kept, duplicates, start = [], [], 0
    while parts:
        part = parts.pop(0)
        chunk_kept, chunk_duplicates = split_duplicates(
            part, duplicate_of[start : start + len(part)]
        )
        start += len(part)
        kept.append(chunk_kept)
        duplicates.append(chunk_duplicates)
    duplicates = [d for d in duplicates if len(d)] or duplicates[:1]
    return (
        pd.concat(kept, ignore_index=True),
        pd.concat([empty_loaded(), *duplicates], ignore_index=True),
        marks,
    )


def unique_ids(ids: pd.Series) -> pd.Series:
    """Suffix "-2", "-3", ... to repeated ids (same outlet, title and date, no URL)."""
    counts = ids.groupby(ids).cumcount().tolist()
    return pd.Series(
        [i if n == 0 else f"{i}-{n + 1}" for i, n in zip(ids, counts, strict=True)],
        index=ids.index,
        dtype=ids.dtype,
    )


def remove_repeated_lines(
    articles: pd.DataFrame, workers: int = 1, marks: list[bytes] | None = None
) -> tuple[pd.DataFrame, Sketches]:
    """Remove the boilerplate lines learned from the corpus, adding them to ``boilerplate``;
    and sketch each article's title and new body for near-duplicate detection in the same
    pass (``neardup.sketch``).

    Learning and removal each go ``CHUNK_ARTICLES`` articles at a time, reading each chunk's
    text from its Arrow strings, so that no step holds a second copy of every body as Python
    strings. With ``workers`` above one, rounds of that many chunks are counted, then
    stripped, in forked processes, a chunk each: they read the articles they inherit, and
    send back only the counts, the bodies that lost text and the sketches; the result is
    the same.
    """
    if articles.empty:
        return articles, sketch([])
    first = first_copies(articles["body"], articles["outlet"], marks)
    # Counts of slices add up exactly when every learned key is in twice as many articles
    # as there are slices (see KeyCounts).
    counting = workers if 2 * workers <= MIN_ARTICLES else 1
    counts = KeyCounts()
    for chunks in _rounds(len(articles), counting):
        for part in _map(partial(_count, articles=articles, first=first), chunks):
            counts.add(part)
    learned = counts.learned(MIN_ARTICLES, MIN_SHARE)
    positions, bodies, cut, sketches = [], [], [], []
    strip_chunk = partial(_strip, articles=articles, learned=learned)
    for chunks in _rounds(len(articles), workers):
        for changed, sketched in _map(strip_chunk, chunks):
            sketches.append(sketched)
            for position, body, lines in changed:
                positions.append(position)
                bodies.append(body)
                old = articles["boilerplate"].iat[position]
                cut.append("\n".join(filter(None, [old, *lines])))
    stripped = articles.assign(
        body=_replaced(articles["body"], positions, bodies),
        boilerplate=_replaced(articles["boilerplate"], positions, cut),
    )
    return stripped, Sketches.joined(sketches)


def _rounds(rows: int, workers: int) -> Iterator[list[tuple[int, int]]]:
    """Row ranges of ``CHUNK_ARTICLES`` rows, ``workers`` at a time."""
    chunks = [
        (a, min(a + sizes.CHUNK_ARTICLES, rows)) for a in range(0, rows, sizes.CHUNK_ARTICLES)
    ]
    for at in range(0, len(chunks), workers):
        yield chunks[at : at + workers]


def _count(chunk: tuple[int, int], articles: pd.DataFrame, first: list[bool]) -> KeyCounts:
    """:func:`count_keys` of the first copies among a range of rows."""
    start, stop = chunk
    part = articles.iloc[start:stop]
    rows = zip(part["body"], part["outlet"], part["title"], first[start:stop], strict=True)
    return count_keys((body, outlet, title) for body, outlet, title, keep in rows if keep)


def _strip(
    chunk: tuple[int, int], articles: pd.DataFrame, learned: dict[str, Learned]
) -> tuple[list[tuple[int, str, list[str]]], Sketches]:
    """:func:`strip_all` of a range of rows: (row, new body, removed lines) of each body that
    lost text; and the sketches of every row's title and new body."""
    start, stop = chunk
    part = articles.iloc[start:stop]
    titles = part["title"].tolist()
    kept, removed = strip_all(part["body"], part["outlet"], part["tags"], learned, titles)
    changed = [
        (start + i, body, lines)
        for i, (body, lines) in enumerate(zip(kept, removed, strict=True))
        if lines
    ]
    texts = (f"{title}\n{body}" for title, body in zip(titles, kept, strict=True))
    return changed, sketch(texts)


def _replaced(
    column: pd.Series, positions: list[int], values: list[str]
) -> pd.api.extensions.ExtensionArray:
    """The column's values as strings, with ``values`` at ``positions``."""
    out = column.astype("str").array.copy()
    if positions:
        out[np.array(positions, dtype=np.int64)] = values
    return out


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
