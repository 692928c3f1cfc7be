"""The bundled demo corpus (data/demo/articles.jsonl) meets the demo's requirements.

The checks read the committed file as the dashboard would, and re-run the generator to make
sure the file is exactly what ``data/demo/make_demo.py`` produces.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import re
import sys
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from types import ModuleType

import pytest

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"
CORPUS = DEMO / "articles.jsonl"
FIELDS = ["title", "body", "date", "outlet", "url", "tags"]

MONTH_FORMS = {
    "يناير": 1, "كانون الثاني": 1, "فبراير": 2, "شباط": 2, "مارس": 3, "آذار": 3,
    "أبريل": 4, "نيسان": 4, "مايو": 5, "أيار": 5, "يونيو": 6, "حزيران": 6,
    "يوليو": 7, "تموز": 7, "أغسطس": 8, "آب": 8, "سبتمبر": 9, "أيلول": 9,
    "أكتوبر": 10, "تشرين الأول": 10, "نوفمبر": 11, "تشرين الثاني": 11,
    "ديسمبر": 12, "كانون الأول": 12,
}  # fmt: skip
LEVANTINE = {"كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول"}
LEVANTINE |= {"تشرين الأول", "تشرين الثاني", "كانون الأول"}
_NAMES = "|".join(sorted(MONTH_FORMS, key=len, reverse=True))
ARABIC_DATE = re.compile(rf"(\d{{1,2}}) ({_NAMES})(?:/({_NAMES}))? (\d{{4}})$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?$")
INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
BOILERPLATE = ("اقرأ أيضاً:", "تابعونا على", "جميع الحقوق محفوظة ©")
SENTENCE_END = re.compile(r"[.!؟](?=\s|$)")


def load_generator() -> ModuleType:
    """Import data/demo/make_demo.py (``data`` is not a package)."""
    spec = importlib.util.spec_from_file_location("make_demo", DEMO / "make_demo.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def parse(date: str) -> datetime:
    """Parse the date forms the demo uses: ISO, or day + Arabic month name(s) + year."""
    if ISO_DATE.match(date):
        return datetime.fromisoformat(date)
    match = ARABIC_DATE.search(date.translate(INDIC))
    assert match, f"unparseable date {date!r}"
    day, name, second, year = match.groups()
    assert second is None or MONTH_FORMS[second] == MONTH_FORMS[name], date
    return datetime(int(year), MONTH_FORMS[name], int(day))


def text_of(body: str) -> str:
    """The article text without trailing boilerplate lines."""
    return body.split("\n")[0]


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    return load_generator()


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    raw = CORPUS.read_text(encoding="utf-8")
    return [json.loads(line) for line in raw.splitlines()]


@pytest.fixture(scope="module")
def themes(rows: list[dict], gen: ModuleType) -> list[str]:
    """Each article's theme, read from its tags."""
    theme_tags = {spec["tag"] for spec in gen.THEMES.values()}
    out = []
    for row in rows:
        found = [t for t in row["tags"] if t in theme_tags]
        assert len(found) == 1, row["tags"]
        out.append(found[0])
    return out


def test_schema(rows: list[dict]) -> None:
    assert len(rows) >= 320
    for row in rows:
        assert list(row) == FIELDS
        assert all(isinstance(row[f], str) and row[f].strip() for f in FIELDS[:5])
        assert isinstance(row["tags"], list) and 2 <= len(row["tags"]) <= 5
        assert all(isinstance(t, str) and t for t in row["tags"])
        assert len(set(row["tags"])) == len(row["tags"])


def test_file_is_utf8_with_unescaped_arabic() -> None:
    raw = CORPUS.read_bytes()
    assert b"\\u06" not in raw
    assert "الانتخابات" in raw.decode("utf-8")


def test_outlets_and_urls(rows: list[dict]) -> None:
    outlets = Counter(r["outlet"] for r in rows)
    assert len(outlets) >= 7
    assert min(outlets.values()) >= 20
    urls = [r["url"] for r in rows]
    assert len(set(urls)) == len(urls)
    domains = defaultdict(set)
    for row in rows:
        assert row["url"].startswith("https://")
        domains[row["outlet"]].add(row["url"].split("/")[2])
    assert all(len(d) == 1 for d in domains.values())
    assert len({d for ds in domains.values() for d in ds}) == len(outlets)
    assert all(d.endswith(".example") for ds in domains.values() for d in ds)


def test_dates_span_months(rows: list[dict]) -> None:
    dates = [parse(r["date"]) for r in rows]
    months = {d.strftime("%Y-%m") for d in dates}
    assert len(months) >= 14
    assert min(dates) >= datetime(2024, 1, 1) and max(dates) < datetime(2025, 4, 1)


def test_arabic_month_dates(rows: list[dict]) -> None:
    arabic = [r["date"] for r in rows if not ISO_DATE.match(r["date"])]
    assert 0.08 <= len(arabic) / len(rows) <= 0.16
    names = [ARABIC_DATE.search(d.translate(INDIC)).groups() for d in arabic]
    assert any(second for _, _, second, _ in names), "no dual form such as أيار/مايو"
    assert any(name in LEVANTINE and not second for _, name, second, _ in names)
    assert any(name not in LEVANTINE for _, name, _, _ in names)
    assert any(re.search("[٠-٩]", d) for d in arabic), "no Arabic-Indic digits"
    iso = [r["date"] for r in rows if ISO_DATE.match(r["date"])]
    assert any(len(d) == 16 for d in iso) and any(len(d) == 10 for d in iso)


def test_themes(themes: list[str]) -> None:
    counts = Counter(themes)
    assert len(counts) >= 9
    assert min(counts.values()) >= 20


def test_theme_trends_differ(rows: list[dict], themes: list[str]) -> None:
    months = sorted({parse(r["date"]).strftime("%Y-%m") for r in rows})
    series: dict[str, list[int]] = {}
    for theme in sorted(set(themes)):
        per_month = Counter(
            parse(r["date"]).strftime("%Y-%m")
            for r, t in zip(rows, themes, strict=True)
            if t == theme
        )
        series[theme] = [per_month[m] for m in months]
        assert max(series[theme]) >= 2 * min(series[theme]) + 3, theme
    assert len({tuple(s) for s in series.values()}) == len(series)
    peaks = {months[s.index(max(s))] for s in series.values()}
    assert len(peaks) >= 4


def test_bodies(rows: list[dict]) -> None:
    for row in rows:
        text = text_of(row["body"])
        assert 4 <= len(SENTENCE_END.findall(text)) <= 9, text
        assert 60 <= len(text.split()) <= 200
        assert re.search("[\u0621-\u064a]", text)


def test_entities_recur(rows: list[dict], themes: list[str]) -> None:
    def share(theme: str, *names: str) -> float:
        docs = [r["title"] + r["body"] for r, t in zip(rows, themes, strict=True) if t == theme]
        return sum(any(n in d for n in names) for d in docs) / len(docs)

    assert share("الانتخابات الرئاسية", "الحداد", "القاسم") >= 0.8
    assert share("دوري النخبة", "النسور", "الشروق") >= 0.8
    assert share("وقف إطلاق النار", "الدوحة", "القاهرة", "عمّان") >= 0.5


def test_boilerplate(rows: list[dict]) -> None:
    tails = [r["body"].split("\n")[1:] for r in rows if "\n" in r["body"]]
    assert 0.05 <= len(tails) / len(rows) <= 0.12
    for lines in tails:
        assert all(any(m in line for m in BOILERPLATE) for line in lines), lines
    flat = [line for lines in tails for line in lines]
    for marker in BOILERPLATE:
        assert any(marker in line for line in flat), marker


def test_scraping_noise(rows: list[dict]) -> None:
    def scraped(text: str) -> bool:
        # Tatweel, or a short vowel or sukun; tanween and shadda occur in normal spelling.
        return bool(re.search("[\u0640\u064e\u064f\u0650\u0652]", text))

    noisy = [r for r in rows if scraped(r["title"] + r["body"])]
    assert 5 <= len(noisy) <= 0.1 * len(rows)


def test_syndicated_copies(rows: list[dict]) -> None:
    """Near-identical bodies from different outlets within a day or two form 10-16 groups."""
    words = [set(text_of(r["body"]).split()) for r in rows]
    dates = [parse(r["date"]) for r in rows]
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in itertools.combinations(range(len(rows)), 2):
        if rows[i]["outlet"] == rows[j]["outlet"] or abs((dates[i] - dates[j]).days) > 2:
            continue
        if len(words[i] & words[j]) / len(words[i] | words[j]) >= 0.6:
            assert rows[i]["url"] != rows[j]["url"]
            parent[find(i)] = find(j)
    groups = Counter(find(i) for i in range(len(rows)))
    sizes = [n for n in groups.values() if n > 1]
    assert 10 <= len(sizes) <= 16
    assert all(n <= 3 for n in sizes)
    bodies = Counter(r["body"] for r in rows)
    assert max(bodies.values()) == 1, "syndicated copies must be edited, not exact"


def test_generator_reproduces_file(tmp_path: Path, gen: ModuleType) -> None:
    out = tmp_path / "articles.jsonl"
    gen.main(out)
    assert out.read_bytes() == CORPUS.read_bytes()
