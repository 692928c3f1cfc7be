"""Tests for dashboard.core.scraped and dashboard.core.tags: raw pages and their tag lines."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from conftest import shared_file

from dashboard.core.ingest import read_corpus
from dashboard.core.scraped import split_page
from dashboard.core.tags import segment_tags

SAMPLE_TAGS = [
    "أنتوني بلينكن",
    "الحرب على غزة",
    "القضية الفلسطينية",
    "بنيامين نتنياهو",
    "تل أبيب",
    "جو بايدن",
    "طوفان الأقصى",
    "قطاع غزة",
    "واشنطن",
]


def test_scraped_sample_page_becomes_two_articles() -> None:
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
    assert second["title"] == "حماس تطالب واشنطن بالضغط على إسرائيل لوقف الحرب"
    # The first shows no date of its own: it takes the crawl date, and says so.
    assert (first["published_at"], first["date_source"]) == (
        pd.Timestamp(2024, 6, 11),
        "crawl date",
    )
    assert first["tags"] == SAMPLE_TAGS
    assert second["tags"] == []
    # The related headlines are links of the page's article, in neither body.
    related = first["related"]
    assert len(related) == 10
    assert related[0] == "ما احتمالية التوصل لوقف إطلاق نار في غزة بعد قرار مجلس الأمن؟"
    for body in (first["body"], second["body"]):
        assert not any(headline in body for headline in related if headline != second["title"])
        for furniture in ("المصدر:", "كلمات دلالية", "إقرأ أيضاً", "مقالات مشابهة", "•"):
            assert furniture not in body
    # Each body is its own article's text, whole.
    assert first["body"].startswith('أفاد موقع "أكسيوس"')
    assert first["body"].endswith("داخل البيت الأبيض وداخل الوزارة.")
    assert "حزيران" not in first["body"]
    assert second["body"].startswith("طالبت حركة حماس اليوم الاثنين (10 حزيران 2024)")
    assert second["body"].endswith("قمة مجموعة السبع، الأربعاء.")
    assert "بغداد اليوم - متابعة" in second["boilerplate"]


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
