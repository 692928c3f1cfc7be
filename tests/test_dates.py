"""Tests for dashboard.text.dates."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from dashboard.text import dates
from dashboard.text.dates import parse_date, parse_dates

BASE = datetime(2024, 6, 30, 12, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 يناير 2024", datetime(2024, 1, 3)),
        ("14 فبراير 2023", datetime(2023, 2, 14)),
        ("9 إبريل 2022", datetime(2022, 4, 9)),
        ("10 كانون الثاني 2024", datetime(2024, 1, 10)),
        ("2 شباط 2024", datetime(2024, 2, 2)),
        ("21 آذار 2024", datetime(2024, 3, 21)),
        ("7 آب 2021", datetime(2021, 8, 7)),
        ("1 تشرين الأول 2020", datetime(2020, 10, 1)),
        ("30 تشرين الثاني 2019", datetime(2019, 11, 30)),
        ("25 كانون الأول 2018", datetime(2018, 12, 25)),
        ("5 جانفي 2024", datetime(2024, 1, 5)),
        ("11 فيفري 2024", datetime(2024, 2, 11)),
        ("5 جوان 2024", datetime(2024, 6, 5)),
        ("12 جويلية 2023", datetime(2023, 7, 12)),
        ("3 أوت 2022", datetime(2022, 8, 3)),
    ],
)
def test_month_families(text: str, expected: datetime) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31 أيار/ مايو 2024", datetime(2024, 5, 31)),
        ("4 نوفمبر/ تشرين الثاني 2023", datetime(2023, 11, 4)),
        ("4 تشرين الثاني/نوفمبر 2023", datetime(2023, 11, 4)),
    ],
)
def test_dual_forms(text: str, expected: datetime) -> None:
    assert parse_date(text) == expected


def test_arabic_indic_digits_weekday_and_time() -> None:
    assert parse_date("الأحد ٥ مايو ٢٠٢٤") == datetime(2024, 5, 5)
    assert parse_date("الاثنين (١٠ حزيران ٢٠٢٤)") == datetime(2024, 6, 10)
    assert parse_date("نشر في 2 مارس 2024 - 10:30 م") == datetime(2024, 3, 2, 22, 30)


def test_slashes_are_day_first() -> None:
    assert parse_date("05/06/2024") == datetime(2024, 6, 5)
    assert parse_date("٠٥/٠٦/٢٠٢٤ 09:15") == datetime(2024, 6, 5, 9, 15)


def test_relative_dates_need_a_base() -> None:
    assert parse_date("منذ 20 يوما", base=BASE) == datetime(2024, 6, 10, 12, 0)
    assert parse_date("منذ يومين", base=BASE) == datetime(2024, 6, 28, 12, 0)
    assert parse_date("قبل 3 ساعات", base=BASE) == datetime(2024, 6, 30, 9, 0)
    assert parse_date("أمس", base=BASE) == datetime(2024, 6, 29)
    assert parse_date("منذ 20 يوما") is None


def test_year_less_date_lands_in_the_past_of_base() -> None:
    assert parse_date("23 ديسمبر", base=BASE) == datetime(2023, 12, 23)
    assert parse_date("23 مايو", base=BASE) == datetime(2024, 5, 23)


def test_implausible_years_are_none() -> None:
    assert parse_date("1 يناير 1850") is None
    assert parse_date("1899-12-31") is None
    assert parse_date(f"1 يناير {datetime.now().year + 2}") is None


def test_iso_fast_path_does_not_call_dateparser(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("dateparser was called")

    monkeypatch.setattr(dates, "_dateparser", fail)
    assert parse_date("2015-07-21 02:16:13") == datetime(2015, 7, 21, 2, 16, 13)
    assert parse_date("2024-05-05T10:30:00+03:00") == datetime(2024, 5, 5, 7, 30)
    assert parse_date("2024-05-05T10:30:00Z") == datetime(2024, 5, 5, 10, 30)


def test_dateparser_fallback_and_garbage() -> None:
    assert parse_date("May 5, 2024") == datetime(2024, 5, 5)
    assert parse_date("كلام بلا تاريخ") is None
    assert parse_date("") is None


def test_parse_dates_parses_each_unique_value_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = dates.parse_date

    def counting(text: str, base: datetime | None = None) -> datetime | None:
        calls.append(text)
        return real(text, base)

    monkeypatch.setattr(dates, "parse_date", counting)
    values = pd.Series(["3 يناير 2024", "3 يناير 2024", "هراء", None, "2024-01-04"])
    out = parse_dates(values)
    assert str(out.dtype) == "datetime64[ns]"
    assert sorted(calls) == sorted(["3 يناير 2024", "هراء", "2024-01-04"])
    assert out.tolist()[:2] == [pd.Timestamp(2024, 1, 3)] * 2
    assert out.isna().tolist() == [False, False, True, True, False]


def test_parse_dates_converts_aware_datetimes_to_naive_utc() -> None:
    values = pd.Series(pd.to_datetime(["2024-05-05 10:00"]).tz_localize("Asia/Riyadh"))
    out = parse_dates(values)
    assert out.tolist() == [pd.Timestamp(2024, 5, 5, 7, 0)]
    assert str(out.dtype) == "datetime64[ns]"


def test_find_date_takes_only_dates_with_day_and_year() -> None:
    assert dates.find_date("طالبت الحركة اليوم الاثنين (10 حزيران 2024)، بوقف") == datetime(
        2024, 6, 10
    )
    assert dates.find_date("في مكالمة يوم 23 ديسمبر قبل 20 يوما") is None
    assert dates.find_date("صدر القرار في 05/06/2024 ونفذ في 1 أيار 2025") == datetime(2024, 6, 5)


def test_is_implausible_only_for_dates_out_of_range() -> None:
    assert dates.is_implausible("2999-01-01")
    assert dates.is_implausible("3 يناير 1850")
    assert not dates.is_implausible("2024-01-01")
    assert not dates.is_implausible("قريبا")
