"""Entity scans kept in the store: what alias merging reads, as one Parquet table.

The build scans every article once (:func:`~dashboard.pipeline.entities.article.scan_frame`)
and merges the scans over the whole corpus
(:func:`~dashboard.pipeline.entities.mentions.merge_scans`). Keeping the scans lets ``add``
scan only its new articles and merge them with the stored ones, which gives the mentions a
build of the whole corpus gives.
One row per item of an article's scan, in the scan's own order::

    article_id  the article ('' for the corpus's surface forms)
    field       'article' (one row per article scanned), an :class:`Article` field
                (counts, kinds, sources, extended, loose, tag_only, candidates) or 'surface'
    key         the entity key, its tokens joined by spaces (a loose word: the word)
    value       kind, source, surface form or, for 'extended', the longer key
    count       the count (0 where the field has none)

Surface forms are kept summed over the corpus (merging only ever reads their sum).
"""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np
import pandas as pd

from dashboard.pipeline.entities.article import Article, Scan
from dashboard.pipeline.gazetteer import Key

SCAN_COLUMNS = ("article_id", "field", "key", "value", "count")
COUNTED = ("counts", "loose", "candidates")  # Counter fields: key -> count
LABELLED = ("kinds", "sources", "tag_only")  # dict fields: key -> value
FIELDS = ("article", *COUNTED, *LABELLED, "extended", "surface")
SEPARATOR = " "


class ScanTableError(ValueError):
    """A stored scan table is not what a build writes."""


def _text(key: Key | str) -> str:
    return key if isinstance(key, str) else SEPARATOR.join(key)


def scan_table(scans: list[Scan], ids: list[str]) -> pd.DataFrame:
    """The table of ``scans`` (slices in row order) for the articles ``ids``."""
    per_article = [article for found, _ in scans for article in found]
    if len(per_article) != len(ids):
        raise ValueError(f"{len(per_article)} articles scanned for {len(ids)} ids")
    rows: list[tuple[str, str, str, str, int]] = []
    for article_id, art in zip(ids, per_article, strict=True):
        rows.append((article_id, "article", "", "", 0))
        for name in COUNTED:
            rows += [(article_id, name, _text(k), "", n) for k, n in getattr(art, name).items()]
        for name in LABELLED:
            rows += [(article_id, name, _text(k), v, 0) for k, v in getattr(art, name).items()]
        rows += [(article_id, "extended", _text(k), _text(v), 0) for k, v in art.extended.items()]
    surfaces: dict[Key, Counter] = defaultdict(Counter)
    for _, found in scans:
        for key, counter in found.items():
            surfaces[key].update(counter)
    for key, forms in surfaces.items():
        rows += [("", "surface", _text(key), form, n) for form, n in forms.items()]
    frame = pd.DataFrame(rows, columns=list(SCAN_COLUMNS))
    frame["count"] = frame["count"].astype("int64")
    return frame.astype({c: "category" for c in ("article_id", "field", "key", "value")})


def check_scan_table(table: pd.DataFrame) -> None:
    """Raise :class:`ScanTableError` naming what is wrong when ``table`` is not a scan table."""
    missing = [c for c in SCAN_COLUMNS if c not in table.columns]
    if missing:
        raise ScanTableError(f"the scan table lacks columns: {', '.join(missing)}")
    if not pd.api.types.is_integer_dtype(table["count"]):
        raise ScanTableError("the scan table's count column is not integer")
    unknown = set(table["field"].astype(str).unique()) - set(FIELDS)
    if unknown:
        raise ScanTableError(f"the scan table has unknown fields: {', '.join(sorted(unknown))}")


def table_scans(table: pd.DataFrame, ids: list[str]) -> Scan:
    """The scan of the articles ``ids`` (in that order) read back from ``table``.

    Raises:
        ScanTableError: when the table is malformed or lacks an article of ``ids``.
    """
    check_scan_table(table)
    articles = table.loc[table["field"] == "article", "article_id"].astype(str)
    position = pd.Series(np.arange(len(ids)), index=pd.Index(ids))
    if not position.index.isin(articles).all():
        absent = [i for i in ids if i not in set(articles)][:3]
        raise ScanTableError(f"the scan table has no scan of articles {absent}")
    per_article = [Article() for _ in ids]
    keys = table["key"].astype("category")
    as_tuple = np.array([tuple(k.split(SEPARATOR)) for k in keys.cat.categories] + [()], object)
    key_objects = as_tuple[keys.cat.codes.to_numpy()]
    fields = table["field"].astype(str).to_numpy()
    rows_of = table["article_id"].astype(str).map(position).to_numpy()
    values = table["value"].astype(str).to_numpy()
    counts = table["count"].to_numpy()
    surfaces: dict[Key, Counter] = defaultdict(Counter)
    for name in FIELDS[1:]:
        chosen = np.flatnonzero(fields == name)
        if name == "surface":
            for i in chosen:
                surfaces[key_objects[i]][values[i]] += int(counts[i])
            continue
        chosen = chosen[~np.isnan(rows_of[chosen])]  # articles not asked for
        for i in chosen:
            art, key = per_article[int(rows_of[i])], key_objects[i]
            if name == "loose":
                art.loose[SEPARATOR.join(key)] = int(counts[i])
            elif name in COUNTED:
                getattr(art, name)[key] = int(counts[i])
            elif name == "extended":
                art.extended[key] = tuple(values[i].split(SEPARATOR))
            else:
                getattr(art, name)[key] = values[i]
    return per_article, surfaces
