"""Publication dates as Arabic news writes them, parsed to naive UTC datetimes.

ISO strings take a fast path. Arabic dates go through a month-name table that
covers the Egyptian/Gulf, Levantine/Iraqi and Maghreb families (and dual forms
such as "31 أيار/ مايو 2024"), then dateparser is tried one locale at a time.

>>> parse_date("2024-05-05T10:30:00+03:00")
datetime.datetime(2024, 5, 5, 7, 30)
>>> parse_date("الأحد ٥ أيار/ مايو ٢٠٢٤")
datetime.datetime(2024, 5, 5, 0, 0)
>>> parse_date("منذ 20 يوما", base=datetime(2024, 6, 30))
datetime.datetime(2024, 6, 10, 0, 0)
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd

from dashboard.text.arabic import normalize

# Month names as written (the first is the one the interface shows), folded with
# ``normalize`` before use.
MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("يناير", "كانون الثاني", "كانون ثاني", "جانفي"),
    2: ("فبراير", "شباط", "فيفري"),
    3: ("مارس", "آذار"),
    4: ("أبريل", "إبريل", "نيسان", "أفريل"),
    5: ("مايو", "أيار", "ماي"),
    6: ("يونيو", "يونيه", "حزيران", "جوان"),
    7: ("يوليو", "يوليه", "تموز", "جويلية", "يوليوز"),
    8: ("أغسطس", "آب", "أوت", "غشت"),
    9: ("سبتمبر", "أيلول", "شتنبر"),
    10: ("أكتوبر", "تشرين الأول", "تشرين أول"),
    11: ("نوفمبر", "تشرين الثاني", "تشرين ثاني", "نونبر"),
    12: ("ديسمبر", "كانون الأول", "كانون أول", "دجنبر"),
}
MONTHS: dict[str, int] = {
    normalize(name): month for month, names in MONTH_NAMES.items() for name in names
}
_MONTH = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_A = "\u0621-\u064a"  # Arabic letters: a month name must not sit inside a word
_TIME = r"(?:\D{0,12}?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(ص|م|صباحا|مساء|am|pm)?)?"
ARABIC_DATE = re.compile(
    rf"(?:(\d{{1,2}})\s*)?(?<![{_A}])({_MONTH})(?![{_A}])"
    rf"(?:\s*/\s*(?:{_MONTH})(?![{_A}]))?"
    rf"(?:\s*[,،]?\s*(\d{{4}}))?" + _TIME,
    re.IGNORECASE,
)
NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)" + _TIME)
ISO_DATE = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$"
)

_UNITS: dict[str, timedelta] = {
    "دقيقه": timedelta(minutes=1),
    "دقيقة": timedelta(minutes=1),
    "دقائق": timedelta(minutes=1),
    "ساعه": timedelta(hours=1),
    "ساعة": timedelta(hours=1),
    "ساعات": timedelta(hours=1),
    "يوم": timedelta(days=1),
    "يوما": timedelta(days=1),
    "ايام": timedelta(days=1),
    "اسبوع": timedelta(weeks=1),
    "اسبوعا": timedelta(weeks=1),
    "اسابيع": timedelta(weeks=1),
    "شهر": timedelta(days=30),
    "شهرا": timedelta(days=30),
    "اشهر": timedelta(days=30),
    "شهور": timedelta(days=30),
    "سنه": timedelta(days=365),
    "سنة": timedelta(days=365),
    "سنوات": timedelta(days=365),
    "عام": timedelta(days=365),
    "عاما": timedelta(days=365),
    "اعوام": timedelta(days=365),
}
# Dual forms: "منذ يومين" is two days.
_DUALS: dict[str, timedelta] = {
    "دقيقتين": timedelta(minutes=2),
    "ساعتين": timedelta(hours=2),
    "يومين": timedelta(days=2),
    "اسبوعين": timedelta(weeks=2),
    "شهرين": timedelta(days=60),
    "سنتين": timedelta(days=730),
    "عامين": timedelta(days=730),
}
RELATIVE = re.compile(
    r"(?:منذ|قبل)\s+(?:(\d+)\s+("
    + "|".join(sorted(_UNITS, key=len, reverse=True))
    + r")|("
    + "|".join(_DUALS)
    + r"))"
)
# Unix times: below each size, the units per second (seconds, ms, µs; above: ns).
EPOCH_UNITS = ((1e11, 1.0), (1e14, 1e3), (1e17, 1e6))
EPOCH_TEXT = re.compile(r"^-?\d{9,19}$")  # a Unix time written as digits
_DAY_WORDS = {"اليوم": 0, "امس": 1, "البارحه": 1, "البارحة": 1}

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_DATEPARSER_TRIES: tuple[dict[str, list[str]], ...] = (
    {"languages": ["ar"]},
    {"locales": ["ar-IQ"]},
    {"locales": ["ar-DZ"]},
    {"languages": ["en"]},
)


def parse_date(text: str, base: datetime | None = None) -> datetime | None:
    """Parse one date string to a naive UTC datetime.

    Args:
        text: The date as written (ISO, "5/6/2024", "الأحد 5 مايو 2024", ...).
        base: The crawl time; relative dates ("منذ 20 يوما") need it and are
            not parsed without it. It also decides the year of "23 ديسمبر".

    Returns:
        The datetime, or None when the text holds no plausible date (years
        before 1900 or over a year ahead of today are implausible).
    """
    if not isinstance(text, str) or not text.strip():
        return None
    parsed = _parse(text.strip(), base)
    return parsed if parsed is not None and _plausible(parsed) else None


def find_date(text: str, base: datetime | None = None) -> datetime | None:
    """The first date with a year written inside running text, e.g. "(10 حزيران 2024)".

    Only day-month-year forms count ("10 حزيران 2024", "10/6/2024"): a bare
    "23 ديسمبر" or "منذ 20 يوما" in a body is not taken for the article's date.
    """
    folded = normalize(text).lower()
    found = []
    for pattern in (ARABIC_DATE, NUMERIC_DATE):
        match = next((m for m in pattern.finditer(folded) if _has_day_and_year(m)), None)
        if match:
            found.append((match.start(), match.group(0)))
    for _, candidate in sorted(found):
        parsed = parse_date(candidate, base)
        if parsed is not None:
            return parsed
    return None


def _has_day_and_year(match: re.Match[str]) -> bool:
    """Whether a date match names a day and a year (numeric dates always do)."""
    return match.re is NUMERIC_DATE or bool(match.group(1) and match.group(3))


def is_implausible(text: str) -> bool:
    """Whether a date string parses, but to a year before 1900 or over a year ahead."""
    if not isinstance(text, str) or not text.strip():
        return False
    parsed = _parse(text.strip(), None)
    return parsed is not None and not _plausible(parsed)


def parse_dates(values: pd.Series, base: datetime | None = None) -> pd.Series:
    """Parse a column of dates, each distinct value once.

    Datetime values pass through (converted to naive UTC); strings go through
    ``parse_date``; anything else becomes NaT.

    Returns:
        A ``datetime64[ns]`` series aligned with ``values``.
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return _naive_utc_series(values)
    if values.dtype == object:
        values = pd.Series([scalar_date(v) for v in values], index=values.index, dtype=object)
    parsed = {value: _parse_value(value, base) for value in pd.unique(values)}
    out = pd.to_datetime(values.map(parsed).astype(object), errors="coerce")
    return out.astype("datetime64[ns]")


RELATIVE_SOURCE = "relative"  # the ingest's ``date_source`` for a date read against the crawl
RELATIVE_CHECK = timedelta(days=400)  # how far back the base moves to see a date move with it


def relative_dates(values: pd.Series, base: datetime | None = None) -> pd.Series:
    """Whether each cell of a date column is read relative to ``base``, the crawl date
    ("منذ 20 يوما", "أمس", or a day and month without a year): parsed again against a
    base :data:`RELATIVE_CHECK` earlier, such a date moves with it. Without a base no
    date is relative (relative dates are not parsed at all)."""
    if base is None or pd.api.types.is_datetime64_any_dtype(values.dtype):
        return pd.Series(False, index=values.index)
    cells = pd.Series([scalar_date(v) for v in values], index=values.index, dtype=object)
    earlier = _naive_utc(base) - RELATIVE_CHECK
    moved = {}
    for cell in pd.unique(cells):
        read = _parse_value(cell, base) if isinstance(cell, str) else None
        moved[cell] = read is not None and read != _parse_value(cell, earlier)
    return cells.map(moved).astype(bool)


def scalar_date(value: object) -> object:
    """A date cell as one value: a MongoDB export's ``{"$date": …}`` (its ``$numberLong`` too)
    becomes what it holds, a list its first non-empty item; other cells are left as they are.

    >>> scalar_date({"$date": {"$numberLong": "1714521600000"}}), scalar_date(["", "2024-05-01"])
    (1714521600000, '2024-05-01')
    """
    for _ in range(4):  # a few levels of wrapping, no more
        if isinstance(value, dict):
            inner = next((value[k] for k in ("$date", "$numberLong", "date") if k in value), None)
            value = int(inner) if isinstance(inner, str) and inner.isdigit() else inner
        elif isinstance(value, list | tuple | np.ndarray):
            value = next((v for v in value if v is not None and str(v).strip()), None)
        else:
            return value
    return None if isinstance(value, dict | list | tuple | np.ndarray) else value


def _parse_value(value: object, base: datetime | None) -> datetime | None:
    """One cell of a date column: a string, a datetime, a calendar date, a Unix time
    (seconds, milliseconds, microseconds or nanoseconds) or something else."""
    if isinstance(value, str):
        if EPOCH_TEXT.match(value.strip()):
            return _checked(from_number(int(value)))
        return parse_date(value, base)
    if isinstance(value, datetime) and not pd.isna(value):
        return _checked(_naive_utc(value))
    if isinstance(value, date):
        return _checked(datetime(value.year, value.month, value.day))
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        return _checked(from_number(value)) if np.isfinite(value) else None
    return None


def from_number(value: float) -> datetime | None:
    """A date written as a number: YYYYMMDD, or a Unix time whose unit is told by its size
    (seconds up to 1e11, then milliseconds, microseconds and nanoseconds).

    >>> {from_number(1714521600), from_number(1714521600000), from_number(20240501)}
    {datetime.datetime(2024, 5, 1, 0, 0)}
    """
    if float(value).is_integer() and 19000101 <= value <= 21001231:
        text = str(int(value))
        return _build(int(text[:4]), int(text[4:6]), int(text[6:]), (None,) * 4)
    size = abs(value)
    scale = next((s for limit, s in EPOCH_UNITS if size < limit), 1e9)
    try:
        return datetime(1970, 1, 1) + timedelta(seconds=float(value) / scale)
    except OverflowError:
        return None


def _checked(value: datetime | None) -> datetime | None:
    """``value`` when it is plausible, else None."""
    return value if value is not None and _plausible(value) else None


def _parse(text: str, base: datetime | None) -> datetime | None:
    """Try the fast parsers in turn, then dateparser."""
    if ISO_DATE.match(text):
        try:
            return _naive_utc(datetime.fromisoformat(text))
        except ValueError:
            return None
    folded = normalize(text).lower()
    for parser in (_numeric, _arabic, _relative):
        parsed = parser(folded, base)
        if parsed is not None:
            return parsed
    return _dateparser(text, base)


def _numeric(text: str, base: datetime | None) -> datetime | None:
    """Day/month/year with slashes, dots or dashes: "05/06/2024 10:30"."""
    match = NUMERIC_DATE.search(text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.group(1, 2, 3))
    return _build(year, month, day, match.groups()[3:])


def _arabic(text: str, base: datetime | None) -> datetime | None:
    """Day, month name (any family, dual forms too), year and optional time."""
    match = ARABIC_DATE.search(text)
    if not match or not (match.group(1) or match.group(3)):
        return None
    day = int(match.group(1)) if match.group(1) else 1
    month = MONTHS[match.group(2)]
    year = int(match.group(3)) if match.group(3) else _past_year(month, day, base)
    return _build(year, month, day, match.groups()[3:])


def _relative(text: str, base: datetime | None) -> datetime | None:
    """ "منذ 20 يوما", "قبل ساعتين", "أمس" relative to ``base``."""
    if base is None:
        return None
    match = RELATIVE.search(text)
    if match:
        count, unit, dual = match.groups()
        delta = _DUALS[dual] if dual else int(count) * _UNITS[unit]
        return _naive_utc(base) - delta
    words = text.split()
    days = next((_DAY_WORDS[w] for w in words if w in _DAY_WORDS), None)
    if days is None:
        return None
    day = _naive_utc(base) - timedelta(days=days)
    return day.replace(hour=0, minute=0, second=0, microsecond=0)


def _dateparser(text: str, base: datetime | None) -> datetime | None:
    """dateparser, one language or locale after another (they cannot be mixed)."""
    import dateparser  # slow to import: only when the fast parsers fail

    text = re.sub(r"(\d+\s+)يوما\b", r"\1يوم", text.translate(_DIGITS))
    for kwargs in _DATEPARSER_TRIES:
        if base is not None:
            parsed = dateparser.parse(text, settings=_settings(base), **kwargs)
        else:
            # Without a base, a result that moves with the base is relative: refuse it.
            parsed = dateparser.parse(text, settings=_settings(_today()), **kwargs)
            earlier = _today() - timedelta(days=400)
            if parsed != dateparser.parse(text, settings=_settings(earlier), **kwargs):
                return None
        if parsed is not None:
            return _naive_utc(parsed)
    return None


def _settings(base: datetime) -> dict[str, object]:
    """dateparser settings: past dates, day before month, relative to ``base``."""
    return {
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": "DMY",
        "RELATIVE_BASE": _naive_utc(base),
    }


def _build(year: int, month: int, day: int, clock: tuple) -> datetime | None:
    """A datetime from parts and an optional (hour, minute, second, ampm) match."""
    hour, minute, second, ampm = clock
    h, m, s = int(hour or 0), int(minute or 0), int(second or 0)
    if ampm in ("م", "مساء", "pm") and h < 12:
        h += 12
    elif ampm in ("ص", "صباحا", "am") and h == 12:
        h = 0
    try:
        return datetime(year, month, day, h, m, s)
    except ValueError:
        return None


def _past_year(month: int, day: int, base: datetime | None) -> int:
    """The year that puts a year-less day/month at or before ``base`` (or today)."""
    ref = _naive_utc(base) if base is not None else _today()
    return ref.year if (month, day) <= (ref.month, ref.day) else ref.year - 1


def _naive_utc(value: datetime) -> datetime:
    """Convert an aware datetime to naive UTC; naive ones are taken as UTC."""
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def _naive_utc_series(values: pd.Series) -> pd.Series:
    """A datetime column as naive UTC nanoseconds, implausible values as NaT."""
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_convert("UTC").dt.tz_localize(None)
    low, high = pd.Timestamp(1900, 1, 1), pd.Timestamp(_today() + timedelta(days=366))
    # Out-of-range values (year 1 or 3000 in a Parquet file) are dropped before the
    # conversion to nanoseconds, which cannot hold them.
    values = values.where(values.between(low, high))
    return values.astype("datetime64[ns]")


def _plausible(value: datetime) -> bool:
    """Between 1900 and a year after today."""
    return value.year >= 1900 and value <= _today() + timedelta(days=366)


def _today() -> datetime:
    """Now, naive UTC."""
    return datetime.now(UTC).replace(tzinfo=None)
