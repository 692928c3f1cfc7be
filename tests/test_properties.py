"""Property-based tests: the date parser, the normaliser and the tag segmenter."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.text.arabic import normalize
from dashboard.text.dates import parse_date, parse_dates
from dashboard.text.tags import MAX_WORDS, segment_tags

# Month names by family, written here for the tests (index 0 is January).
FAMILIES: dict[str, tuple[str, ...]] = {
    "egyptian-gulf": (
        *("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو"),
        *("يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"),
    ),
    "levantine-iraqi": (
        *("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران"),
        *("تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"),
    ),
    "algerian-tunisian": (
        *("جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان"),
        *("جويلية", "أوت", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"),
    ),
    "moroccan": (
        *("يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو"),
        *("يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"),
    ),
}
WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
PLAIN_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
FOLDED = str.maketrans("أإآٱى", "ااااي")  # the letter forms normalisation folds

# Dates a newspaper could carry: 1950 up to today (the parser refuses the far future).
TODAY = datetime.now(UTC).replace(tzinfo=None)
news_dates = st.datetimes(min_value=datetime(1950, 1, 1), max_value=TODAY - timedelta(days=1)).map(
    lambda d: d.replace(second=0, microsecond=0)
)


def plausible(value: datetime) -> bool:
    """What parse_date may return: 1900 up to a year from now."""
    return (
        datetime(1900, 1, 1)
        <= value
        <= datetime.now(UTC).replace(tzinfo=None) + timedelta(days=366)
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=40))
def test_parse_date_never_raises_and_is_none_or_plausible(text: str) -> None:
    parsed = parse_date(text)
    assert parsed is None or (isinstance(parsed, datetime) and plausible(parsed))
    assert parsed is None or parsed.tzinfo is None


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet="0123456789/-.: ٠١٢٣٤٥٦٧٨٩TZ+منذيومساعةأمس", max_size=25),
    st.none() | news_dates,
)
def test_date_like_noise_never_raises(text: str, base: datetime | None) -> None:
    parsed = parse_date(text, base=base)
    assert parsed is None or plausible(parsed)


@settings(max_examples=150, deadline=None)
@given(
    news_dates,
    st.sampled_from(sorted(FAMILIES)),
    st.sampled_from(["{d} {m} {y}", "{w} {d} {m} {y}", "{d} {m}، {y}", "{w}، {d} {m} {y}"]),
    st.booleans(),
    st.booleans(),
)
def test_formatted_arabic_dates_round_trip(
    date: datetime, family: str, layout: str, indic: bool, with_time: bool
) -> None:
    text = layout.format(
        d=date.day, m=FAMILIES[family][date.month - 1], y=date.year, w=WEEKDAYS[date.weekday()]
    )
    if with_time:
        text += f" - {date:%H:%M}"
    if indic:
        text = text.translate(INDIC)
    expected = date if with_time else date.replace(hour=0, minute=0)
    assert parse_date(text) == expected, text


@settings(max_examples=60, deadline=None)
@given(news_dates, st.sampled_from(["levantine-iraqi", "egyptian-gulf"]))
def test_dual_month_names_round_trip(date: datetime, first: str) -> None:
    second = "egyptian-gulf" if first == "levantine-iraqi" else "levantine-iraqi"
    month = date.month - 1
    text = f"{date.day} {FAMILIES[first][month]}/ {FAMILIES[second][month]} {date.year}"
    assert parse_date(text) == date.replace(hour=0, minute=0), text


@settings(max_examples=100, deadline=None)
@given(
    news_dates, st.sampled_from(["{:%Y-%m-%d %H:%M}", "{:%Y-%m-%dT%H:%M:00Z}", "{:%d/%m/%Y %H:%M}"])
)
def test_numeric_and_iso_dates_round_trip(date: datetime, layout: str) -> None:
    assert parse_date(layout.format(date)) == date


@settings(max_examples=30, deadline=None)
@given(st.lists(news_dates, min_size=1, max_size=8), st.sampled_from(sorted(FAMILIES)))
def test_parse_dates_column_agrees_with_parse_date(dates: list[datetime], family: str) -> None:
    texts = [f"{d.day} {FAMILIES[family][d.month - 1]} {d.year}" for d in dates] + ["قريبا"]
    column = parse_dates(pd.Series(texts, dtype=object))
    expected = [pd.Timestamp(parse_date(t)) if parse_date(t) else pd.NaT for t in texts]
    assert column.tolist() == expected


arabic_text = st.text(
    alphabet=st.sampled_from(
        [chr(c) for c in range(0x0621, 0x0653)]  # letters, tatweel, harakat
        + list("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹ٱ \t\nabc123.,،؟")
        + ["\u0670", "\u202e", "\u200f", "\ufeff", "\u2067"]
    ),
    max_size=60,
)


@given(st.text())
def test_normalize_leaves_no_marks_forms_or_runs_of_space(text: str) -> None:
    out = normalize(text)
    assert not DIACRITICS.search(out)
    assert "\u0640" not in out  # tatweel
    assert not INVISIBLE.search(out)
    assert not set(out) & set("أإآٱى٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")
    assert out == " ".join(out.split())


@given(st.text())
def test_normalize_never_grows_beyond_compatibility_folding(text: str) -> None:
    # NFKC may expand a ligature (ﷺ); normalisation itself only removes or swaps characters.
    assert len(normalize(text)) <= len(unicodedata.normalize("NFKC", text))


@given(arabic_text)
def test_normalize_never_grows_arabic_text(text: str) -> None:
    assert len(normalize(text)) <= len(text)


@given(arabic_text)
def test_normalize_keeps_the_plain_letters_in_order(text: str) -> None:
    # Folding drops marks and folds alef and ya forms; no other letter changes or moves.
    kept = [c for c in text.translate(FOLDED) if c in PLAIN_LETTERS]
    assert [c for c in normalize(text) if c in PLAIN_LETTERS] == kept


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.lists(st.text(max_size=80), max_size=3))
def test_segment_tags_never_raises_and_keeps_every_word_in_order(
    line: str, texts: list[str]
) -> None:
    tags = segment_tags(line, texts)
    assert " ".join(tags).split() == line.split()
    assert all(1 <= len(tag.split()) <= MAX_WORDS and tag == tag.strip() for tag in tags)


words = st.text(alphabet=PLAIN_LETTERS, min_size=2, max_size=7)


@st.composite
def known_tags(draw: st.DrawFn) -> list[str]:
    """Tags of one to MAX_WORDS words, no word used twice."""
    pool = draw(st.lists(words, min_size=1, max_size=18, unique=True))
    sizes = draw(st.lists(st.integers(1, MAX_WORDS), min_size=len(pool), max_size=len(pool)))
    tags, start = [], 0
    for size in sizes:
        if start >= len(pool):
            break
        tags.append(" ".join(pool[start : start + size]))
        start += size
    return tags


@settings(max_examples=150, deadline=None)
@given(known_tags())
def test_tags_found_in_the_text_are_recovered_exactly(tags: list[str]) -> None:
    assert segment_tags(" ".join(tags), tags) == tags
