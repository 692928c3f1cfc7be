"""Topic descriptions: clitic forms folded, variants merged, labels naming each word once,
headline labels, furniture topics reported."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.pipeline.topic_labels import Spellings, headline_label, merge_variants
from dashboard.pipeline.topics import describe_topics, furniture_topics

# An invented corpus: the bare words are used beside their clitic forms; بطاقة and its
# article form stand for a word whose first letter is its own.
CORPUS = [
    "أعلن الاتحاد الوطني لكرة القدم جدول الدوري وقال مدرب الفريق إن الكرة في ملعب النادي",
    "مباراة كرة القدم انتهت بفوز الفريق والنادي يحتفل بالفوز في كرة القدم",
    "اللجنة العامة للانتخابات تعلن موعد الانتخابات البلدية والبطاقة الانتخابية",
    "مهرجان الربيع يفتح أبوابه والمهرجان يستقبل الزوار لمهرجان الربيع فعاليات",
    "بطاقة الهوية مطلوبة والبطاقة تصدرها الوزارة ومصادر الطاقة والطاقة الشمسية",
    "الوزارة تطلق خدمات جديدة ووزارة العمل تفتح مكاتب الخدمات في وزارة العمل وتحسن الخدمة",
    "باراك يزور المدينة",
]
WORDS = Spellings.from_texts(CORPUS)


def spelled(titles: list[str]) -> Spellings:
    return Spellings.from_texts(titles)


def test_clitic_variants_of_a_keyword_become_one():
    words = [("الشرطة", 0.4), ("النفط", 0.3), ("شرطة", 0.2), ("بالشرطة", 0.1), ("والنفط", 0.1)]
    spellings = Spellings.from_texts(["الشرطة شرطة بالشرطة النفط والنفط"])
    merged = merge_variants(words, spellings)
    assert [w for w, _ in merged] == ["الشرطة", "النفط"]
    assert [round(s, 3) for _, s in merged] == [0.7, 0.4]


def test_different_words_stay_apart():
    words = [("الشرطة", 0.4), ("الشرطي", 0.3), ("وزير الداخلية", 0.2), ("الداخلية", 0.1)]
    spellings = Spellings.from_texts([" ".join(w for w, _ in words)])
    assert [w for w, _ in merge_variants(words, spellings)] == [w for w, _ in words]


def test_a_clitic_form_is_shown_bare_where_the_corpus_uses_the_bare_word():
    """Seen on a SaudiNewsNet build: keywords such as لكرة, and a label starting with it."""
    assert WORDS.fold("لكرة") == "كرة"
    assert WORDS.fold("للانتخابات") == "الانتخابات"  # the article the proclitic held stays
    assert WORDS.fold("لمهرجان") == "مهرجان"
    assert WORDS.term("للانتخابات البلدية") == "الانتخابات البلدية"
    assert WORDS.term("الوزارة والنفط") == "الوزارة والنفط"  # an inner و joins the phrase
    both = Spellings.from_texts(["للجنة لجنة لجنة اللجنة الجنة"])
    assert both.fold("للجنة") == "لجنة"  # ل + لجنة, not ل + الجنة: the reading used more


def test_a_word_whose_first_letter_is_its_own_keeps_it():
    assert WORDS.fold("بطاقة") == "بطاقة"  # it takes the article: البطاقة
    assert WORDS.fold("باراك") == "باراك"  # a name: اراك is not a word of the corpus
    assert WORDS.fold("وزارة") == "وزارة"


class Model:
    """The part of a fitted BERTopic model that describing topics reads."""

    def __init__(self, keywords: dict[int, list[str]]) -> None:
        self.keywords = keywords

    def get_topic(self, topic: int) -> list[tuple[str, float]]:
        words = self.keywords[topic]
        return [(w, 1.0 - i / 100) for i, w in enumerate(words)]


def describe(keywords: dict[int, list[str]], titles: list[str] = ()) -> pd.DataFrame:
    topics = np.repeat(list(keywords), 3)
    rng = np.random.default_rng(0)
    embeddings = rng.normal(size=(len(topics), 4)).astype(np.float32)
    embeddings /= np.linalg.norm(embeddings, axis=1, keepdims=True)
    titles = list(titles) or []
    return describe_topics(Model(keywords), topics, embeddings, WORDS, titles * len(topics))


def test_a_keyword_label_names_each_word_once_without_clitics():
    """Seen on a SaudiNewsNet build: «القدم · لكرة · الفريق» (كرة القدم was left out, as
    it held القدم) and «الوزارة · الخدمات · وزارة العمل» (الوزارة twice; الخدمة, the
    singular of الخدمات, came next)."""
    info = describe(
        {
            0: ["القدم", "لكرة", "لكرة القدم", "الفريق", "النادي", "بالفوز", "الكرة"],
            1: ["الوزارة", "الخدمات", "وزارة", "وزارة العمل", "الخدمة", "مكاتب"],
        }
    )
    labels = dict(zip(info["topic"], info["label"], strict=True))
    assert labels == {0: "كرة القدم · الفريق · النادي", 1: "وزارة العمل · الخدمات · مكاتب"}
    keywords = dict(zip(info["topic"], info["keywords"], strict=True))
    assert keywords[0][:3] == ["كرة", "القدم", "كرة القدم"]  # لكرة and الكرة weigh as one
    weights = info.set_index("topic")["weights"][0]
    assert weights == sorted(weights, reverse=True), weights
    assert keywords[1] == ["الوزارة", "الخدمات", "وزارة العمل", "الخدمة", "مكاتب"]


def test_a_headline_label_does_not_start_with_a_proclitic():
    """Seen on a SaudiNewsNet build: a label «لمهرجان ... بمفاجآت وفعاليات»."""
    info = describe({0: ["مهرجان", "الربيع", "فعاليات"]}, ["افتتاح لمهرجان الربيع بفعاليات"])
    assert info["label"].tolist() == ["مهرجان الربيع بفعاليات"]
    alone = Spellings.from_texts(["افتتاح لمهرجان الربيع"])  # no bare مهرجان: kept as written
    assert headline_label(["افتتاح لمهرجان الربيع"], ["لمهرجان", "الربيع"], alone) == (
        "لمهرجان الربيع"
    )


def test_label_is_the_headline_stretch_holding_most_keywords():
    titles = [
        "الحكومة تناقش الموازنة",
        "عاجل: البرلمان يقر الموازنة العامة ويرفع الضرائب بعد جلسة طويلة",
    ]
    label = headline_label(titles, ["الموازنة", "البرلمان", "الضرائب", "الحكومة"], spelled(titles))
    assert label == "البرلمان يقر الموازنة العامة ويرفع الضرائب"


def test_closer_headline_wins_a_tie_and_one_keyword_is_no_label():
    titles = ["ارتفاع أسعار النفط اليوم", "النفط: أسعار في ارتفاع"]
    assert headline_label(titles, ["النفط", "أسعار"], spelled(titles)) == "أسعار النفط"
    assert headline_label(["انتخابات بلدية"], ["النفط", "أسعار"], WORDS) is None


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
    first = headline_label(titles[:1], ["الأوسط", "مذكرات", "حمامة"], spelled(titles))
    second = headline_label(titles[1:], ["فيديو", "التحرش", "بفتاتين"], spelled(titles))
    assert (first, second) == ("الأوسط تنشر مذكرات فاتن حمامة", "فيديو التحرش بفتاتين")
    title = "فيلم «مينيون» يتصدر إيرادات السينما"
    kept = headline_label([title], ["فيلم", "إيرادات"], spelled([title]))
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
