"""Tests for :mod:`.ingest.scraped` and :mod:`.text.tags`: raw pages and their tag lines."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from conftest import shared_file

from dashboard.pipeline.ingest import read_corpus
from dashboard.pipeline.ingest.scraped import split_page
from dashboard.text.tags import segment_tags


def sample_lines() -> list[str]:
    """The sample page's non-blank lines, stripped (expected values are read from the file
    itself, so no text of it is copied into the project)."""
    text = shared_file("samples/scraped-page.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def flat(text: str) -> str:
    """Text with every run of whitespace (no-break spaces included) as one space."""
    return " ".join(text.split())


def after(lines: list[str], marker: str) -> int:
    """Index of the first line that starts with ``marker``."""
    return next(i for i, line in enumerate(lines) if line.startswith(marker))


def test_scraped_sample_page_becomes_two_articles() -> None:
    lines = sample_lines()
    path = shared_file("samples/scraped-page.txt")
    result = read_corpus([path], crawl_date=datetime(2024, 6, 11))
    report = result.report
    assert (report["read"], report["loaded"], report["rejected"]) == (2, 2, 0)
    first, second = (row for _, row in result.articles.iterrows())
    # Each article has its own outlet; the first was republished from another one.
    assert first["outlet"] == "RT Arabic"
    assert first["source"] == "أكسيوس"
    assert second["outlet"] == "بغداد اليوم"
    # The second article's date is only in its text: "(10 حزيران 2024)".
    assert second["published_at"] == pd.Timestamp(2024, 6, 10)
    assert second["date_source"] == "text"
    first_end = lines[after(lines, "المصدر:") - 1]
    assert flat(first["body"]).endswith(flat(first_end))
    assert "حزيران" not in first["body"]
    read_also = after(lines, "إقرأ أيضاً")
    assert second["title"] == lines[read_also + 1]
    assert flat(second["body"]).startswith(flat(lines[read_also + 3])[:40])
    assert flat(second["body"]).endswith(flat(lines[after(lines, "مقالات مشابهة") - 1]))
    assert lines[read_also + 2] in second["boilerplate"]
    # The first shows no date of its own: it takes the crawl date, and says so.
    assert (first["published_at"], first["date_source"]) == (
        pd.Timestamp(2024, 6, 11),
        "crawl date",
    )
    # Its 9 tags: the tag line's words, grouped into multiword names.
    tag_line = lines[after(lines, "كلمات دلالية:")].split(":", 1)[1].split()
    assert len(first["tags"]) == 9
    assert " ".join(first["tags"]).split() == tag_line
    assert second["tags"] == []
    # The related headlines are links of the page's article, in neither body.
    listed = [line.lstrip("• ").strip() for line in lines[after(lines, "مقالات مشابهة") + 1 :]]
    related = first["related"]
    assert list(related) == listed and len(related) == 10
    for body in (first["body"], second["body"]):
        assert not any(headline in body for headline in related if headline != second["title"])
        for furniture in ("المصدر:", "كلمات دلالية", "إقرأ أيضاً", "مقالات مشابهة", "•"):
            assert furniture not in body
    # Each body is its own article's text, whole.
    assert flat(first["body"]).startswith(flat(lines[0]))


PAGE = """وصل وفد تجاري إلى المدينة الساحلية صباح الأحد في زيارة تستمر ثلاثة أيام يبحث خلالها \
فرص الاستثمار في الموانئ والصناعات الغذائية مع غرفة التجارة المحلية.

وقال رئيس الوفد إن الزيارة تهدف إلى توقيع اتفاقات لنقل البضائع عبر الميناء الجديد.

المصدر: وكالة الأنباء المحلية

كلمات دلالية: غرفة التجارة الميناء الجديد الصناعات الغذائية الموانئ

اقرأ أيضا:

• افتتاح معرض الكتاب السنوي
• ارتفاع أسعار الأسماك في السوق
"""


def test_read_also_block_of_headlines_becomes_related_links() -> None:
    [article] = split_page(PAGE)
    assert article.title == ""
    assert article.outlet == "وكالة الأنباء المحلية"
    assert article.original_source == ""
    assert article.related == ["افتتاح معرض الكتاب السنوي", "ارتفاع أسعار الأسماك في السوق"]
    assert article.tags == ["غرفة التجارة", "الميناء الجديد", "الصناعات الغذائية", "الموانئ"]
    assert article.body.endswith("عبر الميناء الجديد.")
    assert article.published_at is None


def test_dateline_with_agency_names_the_outlet() -> None:
    text = (
        "أمطار غزيرة في العاصمة\n\nالرياض - واس\n\n"
        "هطلت أمطار غزيرة على العاصمة يوم 5/4/2024 وأدت إلى إغلاق عدد من الطرق الفرعية."
    )
    [article] = split_page(text)
    assert (article.title, article.outlet) == ("أمطار غزيرة في العاصمة", "واس")
    assert article.published_at == datetime(2024, 4, 5)
    assert article.removed == ["الرياض - واس"]


def test_tags_segmented_by_the_text_they_occur_in() -> None:
    text = "التقى وزير الخارجية بنظيره في عمان لبحث ملف اللاجئين السوريين والأمن الغذائي"
    tags = segment_tags("وزير الخارجية عمان اللاجئين السوريين الأمن الغذائي", [text])
    assert tags == ["وزير الخارجية", "عمان", "اللاجئين السوريين", "الأمن الغذائي"]


def test_tags_not_in_the_text_are_grouped_in_short_runs() -> None:
    assert segment_tags("كأس العالم", []) == ["كأس العالم"]
    assert segment_tags("", ["نص"]) == []
