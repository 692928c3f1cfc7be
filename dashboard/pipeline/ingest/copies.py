"""Copies across the corpus: exact duplicates, repeated ids, boilerplate lines an outlet
repeats, and near-copies linked to the article they copy.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from itertools import pairwise

import numpy as np
import pandas as pd

from dashboard.pipeline.forkpool import fork_two_steps
from dashboard.pipeline.ingest import sizes
from dashboard.pipeline.ingest.articles import empty_loaded
from dashboard.text.boilerplate import (
    MIN_ARTICLES,
    MIN_SHARE,
    KeyCounts,
    Learned,
    Seen,
    count_keys,
    first_copies,
    strip_all,
)
from dashboard.text.clean import duplicates_of, split_duplicates
from dashboard.text.neardup import Sketches, sketch


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

    The articles are cut into one slice of about as many characters per worker, and each
    slice is counted, then stripped, in the same forked process (at once with one worker):
    the counts of every slice are added into what is learned, which each process strips
    its slice with. A process reads the articles it inherits, ``CHUNK_ARTICLES`` at a time
    from their Arrow strings (no step holds a second copy of every body as Python strings),
    keeps what counting saw of each body for stripping (``boilerplate.Seen``, up to
    ``SEEN_CHARS`` characters), and sends back only its counts, the bodies that lost text
    and the sketches; the result does not depend on the number of workers.
    """
    if articles.empty:
        return articles, sketch([])
    first = first_copies(articles["body"], articles["outlet"], marks)
    # Counts of slices add up exactly when every learned key is in twice as many articles
    # as there are slices (see KeyCounts).
    slices = _slices(articles["body"], min(workers, MIN_ARTICLES // 2))
    results = fork_two_steps(
        partial(_count, articles=articles, first=first),
        _learn,
        partial(_strip, articles=articles),
        slices,
    )
    changed = [row for rows, _ in results for row in rows]
    positions = [position for position, _, _ in changed]
    bodies = [body for _, body, _ in changed]
    cut = [lines for _, _, lines in changed]
    stripped = articles.assign(
        body=_replaced(articles["body"], positions, bodies),
        boilerplate=_replaced(articles["boilerplate"], positions, cut),
    )
    return stripped, Sketches.joined([sketched for _, sketched in results])


def _slices(bodies: pd.Series, parts: int) -> list[tuple[int, int]]:
    """Row ranges, one per part (fewer when there are fewer than ``CHUNK_ARTICLES`` rows a
    part), of about as many characters of body each."""
    parts = max(1, min(parts, len(bodies) // sizes.CHUNK_ARTICLES))
    if parts == 1:
        return [(0, len(bodies))]
    ends = np.cumsum(bodies.str.len().to_numpy(dtype=np.int64, na_value=0))
    cuts = np.searchsorted(ends, ends[-1] * np.arange(1, parts) / parts, side="right")
    bounds = [0, *sorted(set(np.clip(cuts, 1, len(bodies) - 1).tolist())), len(bodies)]
    return list(pairwise(bounds))


def _chunks(start: int, stop: int) -> Iterator[tuple[int, int]]:
    """The row range cut into ranges of ``CHUNK_ARTICLES`` rows."""
    for at in range(start, stop, sizes.CHUNK_ARTICLES):
        yield at, min(at + sizes.CHUNK_ARTICLES, stop)


def _count(
    rows: tuple[int, int], articles: pd.DataFrame, first: list[bool]
) -> tuple[KeyCounts, tuple[tuple[int, int], list[Seen | None]]]:
    """:func:`count_keys` of the first copies among a range of rows; and the range with what
    counting saw of each row's body (None for a copy, and once ``SEEN_CHARS`` characters
    are kept)."""
    counts, seen, chars = KeyCounts(), [], 0
    for start, stop in _chunks(*rows):
        part = articles.iloc[start:stop]
        keep = first[start:stop]
        found: list[Seen] = []
        texts = zip(part["body"], part["outlet"], part["title"], keep, strict=True)
        count_keys(((b, o, t) for b, o, t, k in texts if k), found, counts)
        kept = iter(found)
        for counted in keep:
            saw = next(kept) if counted else None
            chars += len(saw[1]) if saw else 0
            seen.append(saw if chars <= sizes.SEEN_CHARS else None)
    return counts, (rows, seen)


def _learn(counts: list[KeyCounts]) -> dict[str, Learned]:
    """What the counts of every slice, added up, learn."""
    total = KeyCounts()
    for part in counts:
        total.add(part)
    return total.learned(MIN_ARTICLES, MIN_SHARE)


def _strip(
    kept: tuple[tuple[int, int], list[Seen | None]],
    learned: dict[str, Learned],
    articles: pd.DataFrame,
) -> tuple[list[tuple[int, str, str]], Sketches]:
    """:func:`strip_all` of a range of rows (with what counting saw of them): (row, new
    body, its ``boilerplate`` with the removed lines added) of each body that lost text;
    and the sketches of every row's title and new body."""
    rows, seen = kept
    changed, sketches = [], []
    for start, stop in _chunks(*rows):
        part = articles.iloc[start:stop]
        titles = part["title"].tolist()
        bodies, removed = strip_all(
            part["body"],
            part["outlet"],
            part["tags"],
            learned,
            titles,
            seen[start - rows[0] : stop - rows[0]],
        )
        lost = [i for i, lines in enumerate(removed) if lines]
        before = part["boilerplate"].take(lost).tolist()
        changed += [
            (start + i, bodies[i], "\n".join(filter(None, [old, *removed[i]])))
            for i, old in zip(lost, before, strict=True)
        ]
        sketches.append(
            sketch(f"{title}\n{body}" for title, body in zip(titles, bodies, strict=True))
        )
    return changed, Sketches.joined(sketches)


def _replaced(
    column: pd.Series, positions: list[int], values: list[str]
) -> pd.api.extensions.ExtensionArray:
    """The column's values as strings, with ``values`` at ``positions``."""
    out = column.astype("str").array.copy()
    if positions:
        out[np.array(positions, dtype=np.int64)] = values
    return out


def link_copies(
    articles: pd.DataFrame, duplicates: pd.DataFrame, near: pd.DataFrame
) -> pd.DataFrame:
    """Mark near-copies and list, on each canonical article, who else ran the story and when."""
    of_near = dict(zip(near["id"], near["near_duplicate_of"], strict=True))
    near_rows = articles.loc[articles["id"].isin(list(of_near)), ["id", "outlet", "published_at"]]
    by_id = {i: (outlet, date) for i, outlet, date in near_rows.itertuples(index=False)}
    copies: dict[str, list[str]] = {}
    for copy_id, original in of_near.items():
        outlet, date = by_id[copy_id]
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
