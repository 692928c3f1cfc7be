"""Topic descriptions: clitic variants merged, headline labels, furniture topics reported."""

from __future__ import annotations

import pandas as pd

from dashboard.pipeline.topics import furniture_topics, headline_label, merge_variants


def test_clitic_variants_of_a_keyword_become_one():
    words = [("الشرطة", 0.4), ("النفط", 0.3), ("شرطة", 0.2), ("بالشرطة", 0.1), ("والنفط", 0.1)]
    merged = merge_variants(words)
    assert [w for w, _ in merged] == ["الشرطة", "النفط"]
    assert [round(s, 3) for _, s in merged] == [0.7, 0.4]


def test_different_words_stay_apart():
    words = [("الشرطة", 0.4), ("الشرطي", 0.3), ("وزير الداخلية", 0.2), ("الداخلية", 0.1)]
    assert [w for w, _ in merge_variants(words)] == [w for w, _ in words]


def test_label_is_the_headline_stretch_holding_most_keywords():
    titles = [
        "الحكومة تناقش الموازنة",
        "عاجل: البرلمان يقر الموازنة العامة ويرفع الضرائب بعد جلسة طويلة",
    ]
    label = headline_label(titles, ["الموازنة", "البرلمان", "الضرائب", "الحكومة"])
    assert label == "البرلمان يقر الموازنة العامة ويرفع الضرائب"


def test_closer_headline_wins_a_tie_and_one_keyword_is_no_label():
    titles = ["ارتفاع أسعار النفط اليوم", "النفط: أسعار في ارتفاع"]
    assert headline_label(titles, ["النفط", "أسعار"]) == "أسعار النفط"
    assert headline_label(["انتخابات بلدية"], ["النفط", "أسعار"]) is None


def info(*keyword_lists: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "topic": range(len(keyword_lists)),
            "label": ["x"] * len(keyword_lists),
            "size": [10] * len(keyword_lists),
            "keywords": list(keyword_lists),
        }
    )


def test_month_name_and_self_description_topics_are_reported():
    topics = info(
        ["آذار", "نيسان", "أيار", "تشرين الأول", "الحكومة", "حزيران"],
        ["الأفق", "الأفق نت", "تابعونا", "الحكومة", "النفط", "الموازنة"],
        ["الحكومة", "الموازنة", "البرلمان", "الضرائب", "آذار", "الأفق"],
    )
    found = furniture_topics(topics, outlets=["الأفق"])
    assert [(f["topic"], f["reason"]) for f in found] == [
        (0, "month names"),
        (1, "outlet self-description"),
    ]
    assert furniture_topics(topics) == found[:1]  # without outlet names: only the footer words


def test_a_topic_about_one_canal_or_one_month_is_news_not_furniture():
    """Half its keywords hold قناة, or one month: one word repeated is a subject; furniture
    repeats a block of different site words or months."""
    topics = info(
        ["قناة النهر", "النهر", "قناة", "حفر قناة", "القناة الجديدة", "الري"],
        ["حزيران", "حرب حزيران", "الذكرى", "حزيران الماضي", "الجيش", "النكسة"],
        ["القناة", "حقوق النشر", "محفوظة", "الموقع", "الحكومة", "النفط"],
    )
    found = furniture_topics(topics)
    assert [(f["topic"], f["reason"]) for f in found] == [(2, "outlet self-description")]


def test_a_label_keeps_no_quote_mark_its_cut_left_alone():
    """Seen on a SaudiNewsNet store: labels such as «الأوسط» تنشر مذكرات فاتن حمامة» cut
    without its opening mark, or «فيديو «التحرش بفتاتين» without its closing one."""
    titles = ["«الشرق الأوسط» تنشر مذكرات فاتن حمامة", "مقطع فيديو «التحرش بفتاتين» في الشارع"]
    first = headline_label(titles[:1], ["الأوسط", "مذكرات", "حمامة"])
    second = headline_label(titles[1:], ["فيديو", "التحرش", "بفتاتين"])
    assert (first, second) == ("الأوسط تنشر مذكرات فاتن حمامة", "فيديو التحرش بفتاتين")
    kept = headline_label(["فيلم «مينيون» يتصدر إيرادات السينما"], ["فيلم", "إيرادات"])
    assert kept == "فيلم «مينيون» يتصدر إيرادات"  # a pair inside stays


def test_labels_of_a_store_built_before_are_shown_balanced(monkeypatch):
    from dashboard.app import cached

    stored = pd.DataFrame({"topic": [0, 1], "label": ['مكة" يسيطر على حريق', 'خلايا "داعش"']})
    store = type("Stored", (), {"frame": lambda self, name: stored})()
    monkeypatch.setattr(cached, "open_store", lambda path, build: store)
    shown = cached.topics.__wrapped__("store", "build")
    assert shown["label"].tolist() == ["مكة يسيطر على حريق", 'خلايا "داعش"']
    assert stored["label"].iat[0] == 'مكة" يسيطر على حريق'  # the stored frame untouched


def test_topic_names_of_the_sidebar_and_cli_are_balanced():
    """The sidebar's topic filter read the stored labels directly: «الأوسط» تنشر» stayed cut."""
    from dashboard.analysis.query import topic_labels

    stored = pd.DataFrame({"topic": [4], "label": ["الأوسط» تنشر مذكرات فاتن حمامة"]})
    assert topic_labels(stored)[4] == "4: الأوسط تنشر مذكرات فاتن حمامة"
