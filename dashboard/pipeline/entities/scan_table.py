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

Surface forms are kept summed over the corpus (merging only ever reads their sum), and so
are the corpus totals alias merging decides from (article_id '', field 'total.' and the name
of a :class:`~dashboard.pipeline.entities.corpus_totals.Totals` field; 'value' holds the kind
of the nested ones) and the decisions it took from them (field 'decision.' and the name of a
:class:`~dashboard.pipeline.entities.corpus_totals.Decisions` field): ``add`` extends them
with its new articles and reads again only the scans of the old articles whose merging a new
decision changes (how a store keeps the table: :mod:`.scan_store`).
"""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from dashboard.pipeline.entities.article import Article, Scan
from dashboard.pipeline.entities.corpus_totals import COUNTERS, Decisions, Totals
from dashboard.pipeline.gazetteer import Key

SCAN_COLUMNS = ("article_id", "field", "key", "value", "count")
COUNTED = ("counts", "loose", "candidates")  # Counter fields: key -> count
LABELLED = ("kinds", "sources", "tag_only")  # dict fields: key -> value
FIELDS = ("article", *COUNTED, *LABELLED, "extended", "surface")
TOTAL = "total."
DECISION = "decision."
TOTAL_KINDS = ("kinds", "final_kinds")  # nested totals: key -> kind -> articles
WORD_TOTALS = ("loose", "alone")  # totals keyed by a word, not an entity key
TOTALS = tuple(TOTAL + name for name in (*COUNTERS, *TOTAL_KINDS))
SEPARATOR = " "


class ScanTableError(ValueError):
    """A stored scan table is not what a build writes."""


def _text(key: Key | str) -> str:
    return key if isinstance(key, str) else SEPARATOR.join(key)


Row = tuple[str, str, str, str, int]


def scan_table(scans: list[Scan], ids: list[str]) -> pd.DataFrame:
    """The table of ``scans`` (slices in row order) for the articles ``ids``."""
    return _frame(scan_rows(scans, ids))


def scan_rows(scans: list[Scan], ids: list[str]) -> list[Row]:
    """The rows of :func:`scan_table`."""
    per_article = [article for found, _ in scans for article in found]
    if len(per_article) != len(ids):
        raise ValueError(f"{len(per_article)} articles scanned for {len(ids)} ids")
    rows: list[Row] = []
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
    return rows


def _frame(rows: list[Row]) -> pd.DataFrame:
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
    unknown = set(table["field"].drop_duplicates().astype(str)) - set(FIELDS) - set(TOTALS)
    if unknown:
        raise ScanTableError(f"the scan table has unknown fields: {', '.join(sorted(unknown))}")


def table_scans(table: pd.DataFrame, ids: list[str]) -> Scan:
    """The scan of the articles ``ids`` (in that order) read back from ``table``.

    Raises:
        ScanTableError: when the table is malformed or lacks an article of ``ids``.
    """
    check_scan_table(table)
    articles = table.loc[table["field"] == "article", "article_id"].astype(str)
    position = pd.Index(ids)
    if not position.isin(articles).all():
        absent = [i for i in ids if i not in set(articles)][:3]
        raise ScanTableError(f"the scan table has no scan of articles {absent}")
    per_article = [Article() for _ in ids]
    key_codes, key_texts = _coded(table["key"])
    as_tuple = np.array([tuple(k.split(SEPARATOR)) for k in key_texts[:-1]] + [()], object)
    field_codes, field_names = _coded(table["field"])
    id_codes, id_names = _coded(table["article_id"])
    rows_of = position.get_indexer(id_names)[id_codes]  # -1: an article not asked for
    value_codes, value_names = _coded(table["value"])
    counts = table["count"].to_numpy()
    surfaces: dict[Key, Counter] = defaultdict(Counter)
    for name in FIELDS[1:]:
        chosen = np.flatnonzero(field_codes == _code(field_names, name))
        key_objects, values = as_tuple[key_codes[chosen]], value_names[value_codes[chosen]]
        if name == "surface":
            for key, value, i in zip(key_objects, values, chosen, strict=True):
                surfaces[key][value] += int(counts[i])
            continue
        for key, value, i in zip(key_objects, values, chosen, strict=True):
            if rows_of[i] < 0:
                continue
            art = per_article[rows_of[i]]
            if name == "loose":
                art.loose[SEPARATOR.join(key)] = int(counts[i])
            elif name in COUNTED:
                getattr(art, name)[key] = int(counts[i])
            elif name == "extended":
                art.extended[key] = tuple(value.split(SEPARATOR))
            else:
                getattr(art, name)[key] = value
    return per_article, surfaces


def _coded(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A column's codes and its distinct values as strings, 'nan' last (code -1: a missing
    value): the rows are never made Python strings one by one."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        column = column.astype("category")
    names = [*column.cat.categories.astype(str), "nan"]
    return column.cat.codes.to_numpy(), np.asarray(names, dtype=object)


def _code(names: np.ndarray, name: str) -> int:
    """The code of ``name`` among a column's values (see :func:`_coded`; -2 when absent)."""
    found = np.flatnonzero(names[:-1] == name)
    return int(found[0]) if len(found) else -2


def totals_rows(totals: Totals) -> list[Row]:
    """The rows of the scan table that keep ``totals`` (but the surface forms, kept as
    'surface' rows)."""
    rows: list[Row] = []
    for name in COUNTERS:
        field = TOTAL + name
        rows += [("", field, _text(k), "", n) for k, n in getattr(totals, name).items()]
    for name in TOTAL_KINDS:
        for key, kinds in getattr(totals, name).items():
            rows += [("", TOTAL + name, _text(key), kind, n) for kind, n in kinds.items()]
    rows.sort(key=lambda row: row[1:4])  # one order whatever order the scans were merged in
    return rows


def with_totals(table: pd.DataFrame, totals: Totals) -> pd.DataFrame:
    """A scan table with the rows keeping ``totals`` after its own."""
    return joined_tables(table, _frame(totals_rows(totals)))


def kept_table(rows: list[Row], totals: Totals) -> pd.DataFrame:
    """The scan table of ``rows`` (see :func:`scan_rows`) with ``totals`` kept after them."""
    return _frame(rows + totals_rows(totals))


def joined_tables(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Two scan tables as one (surface forms of both are summed when it is read)."""
    joined = {
        column: union_categoricals([first[column].astype("category"), second[column]])
        if isinstance(second[column].dtype, pd.CategoricalDtype)
        else np.concatenate([first[column].to_numpy(), second[column].to_numpy()])
        for column in second.columns
    }
    return pd.DataFrame(joined)


def surface_rows(surfaces: dict[Key, Counter]) -> list[Row]:
    """The 'surface' rows keeping the corpus's surface forms."""
    rows = [
        ("", "surface", _text(k), form, n)
        for k, forms in surfaces.items()
        for form, n in forms.items()
    ]
    rows.sort(key=lambda row: row[2:4])
    return rows


def decision_rows(made: Decisions) -> list[Row]:
    """The rows keeping the decisions merging took (field 'decision.' and their name)."""
    rows: list[Row] = [("", DECISION + "mined", _text(k), "", 0) for k in made.mined]
    rows += [("", DECISION + "candidates", _text(k), "", 0) for k in made.candidates]
    for surname, names in made.owners.items():
        rows += [("", DECISION + "owners", _text(k), surname, n) for k, n in names.items()]
    rows += [("", DECISION + "surnames", s, _text(k), 0) for s, k in made.surnames.items()]
    rows += [("", DECISION + "kinds", _text(k), kind, 0) for k, kind in made.kinds.items()]
    rows += [("", DECISION + "merged", _text(k), _text(v), 0) for k, v in made.merged.items()]
    rows.sort(key=lambda row: row[1:4])
    return rows


def table_decisions(table: pd.DataFrame) -> Decisions | None:
    """The decisions that the rows of ``table`` keep (None when it keeps none)."""
    fields = table["field"].astype(str).to_numpy()
    chosen = np.flatnonzero(np.char.startswith(fields.astype(str), DECISION))
    if not len(chosen):
        return None
    made = Decisions(set(), set(), {}, {}, {}, {})
    keys = table["key"].astype(str).to_numpy()[chosen].tolist()
    values = table["value"].astype(str).to_numpy()[chosen].tolist()
    counts = table["count"].to_numpy()[chosen].tolist()
    for field, key, value, n in zip(fields[chosen].tolist(), keys, values, counts, strict=True):
        name = field.removeprefix(DECISION)
        if name in ("mined", "candidates"):
            getattr(made, name).add(_key(key))
        elif name == "owners":
            made.owners.setdefault(value, Counter())[_key(key)] = n
        elif name == "surnames":
            made.surnames[key] = _key(value)
        elif name == "kinds":
            made.kinds[_key(key)] = value
        else:
            made.merged[_key(key)] = _key(value)
    return made


def _key(text: str) -> Key:
    return tuple(text.split(SEPARATOR))


def table_totals(table: pd.DataFrame) -> Totals | None:
    """The totals that the rows of ``table`` keep (None when it keeps none: a store written
    before they were kept), with the surface forms summed."""
    fields = table["field"].astype(str).to_numpy()
    if not np.isin(fields, TOTALS).any():
        return None
    totals = Totals()
    keys = table["key"].astype("category")
    texts = keys.cat.categories.astype(str).tolist()
    split = np.array([_key(k) for k in texts] + [()], object)
    words = np.array([*texts, ""], object)
    codes = keys.cat.codes.to_numpy()
    values = table["value"].astype(str).to_numpy()
    counts = table["count"].to_numpy()
    for field in (*TOTALS, "surface"):
        chosen = np.flatnonzero(fields == field)
        name = "surfaces" if field == "surface" else field.removeprefix(TOTAL)
        at = codes[chosen]
        named = (words if name in WORD_TOTALS else split)[at].tolist()
        if name in COUNTERS:
            setattr(totals, name, Counter(dict(zip(named, counts[chosen].tolist(), strict=True))))
            continue
        nested = getattr(totals, name)
        for key, value, n in zip(
            named, values[chosen].tolist(), counts[chosen].tolist(), strict=True
        ):
            nested.setdefault(key, Counter())[value] += n
    return totals
