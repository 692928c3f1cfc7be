"""Rules of reported speech on sentences written for these tests (names are invented)."""

from __future__ import annotations

import re

import pandas as pd

from dashboard.analysis.quote_queries import quotes_of, search_quotes
from dashboard.analysis.quotes import (
    article_quotes,
    extract_quotes,
    tokens_of,
)

PEOPLE = [("سليم حداد", "person"), ("نورا العطار", "person"), ("وزارة الصحة", "organisation")]


def said(body: str, entities: list[tuple[str, str]] = PEOPLE) -> list[tuple[str, str, str]]:
    """(speaker, entity, quote) of every quote found in ``body``."""
    return [(q["speaker"], q["entity"], q["quote"]) for q in article_quotes(body, entities)]


def test_verb_role_name_and_content_after_inna() -> None:
    body = "وقال وزير الري سليم حداد إن السدود امتلأت بعد أسبوع من المطر."
    [quote] = article_quotes(body, PEOPLE)
    assert (quote["speaker"], quote["entity"], quote["cue"]) == (
        "وزير الري سليم حداد",
        "سليم حداد",
        "وقال",
    )
    assert body[quote["start"] : quote["end"]] == "السدود امتلأت بعد أسبوع من المطر"
    assert body[quote["speaker_start"] : quote["speaker_end"]] == "وزير الري سليم حداد"


def test_a_quote_written_in_its_own_marks_is_kept_without_them() -> None:
    body = (
        "وقال سليم حداد إن «الاتفاق لا يبدد كل القلق». "
        "وأكدت نورا العطار أن «لا» تعني «لا شيء بعد اليوم»."
    )
    whole, parts = article_quotes(body, PEOPLE)
    assert whole["quote"] == "الاتفاق لا يبدد كل القلق"  # not «الاتفاق لا يبدد كل القلق»
    assert body[whole["start"] : whole["end"]] == whole["quote"]
    assert parts["quote"] == "«لا» تعني «لا شيء بعد اليوم»"  # marks around parts stay
    assert body[parts["start"] : parts["end"]] == parts["quote"]


def test_a_circumstance_between_speaker_and_content() -> None:
    body = "وأكدت نورا العطار في مؤتمر صحفي أمس أن المدارس ستفتح أبوابها في موعدها."
    assert said(body) == [("نورا العطار", "نورا العطار", "المدارس ستفتح أبوابها في موعدها")]


def test_surname_alone_links_the_full_name() -> None:
    body = "وأوضح حداد أن الخطة تشمل القرى النائية كلها."
    assert said(body)[0][1] == "سليم حداد"


def test_quotation_marks_and_a_verb_without_speaker_continues_the_speaker() -> None:
    body = (
        "وقالت نورا العطار إن الامتحانات ستجري عن بعد هذا العام.\n"
        "وأضافت: «لن نترك أي طالب دون جهاز يتابع به دروسه»."
    )
    found = said(body)
    assert [q[1] for q in found] == ["نورا العطار", "نورا العطار"]
    assert found[1][2] == "لن نترك أي طالب دون جهاز يتابع به دروسه"


def test_participle_after_a_comma_opens_a_new_quote_of_the_same_speaker() -> None:
    body = "وقال سليم حداد إن الموسم كان جيدا، مؤكدا أن الأسعار ستنخفض قريبا."
    assert said(body) == [
        ("سليم حداد", "سليم حداد", "الموسم كان جيدا"),
        ("سليم حداد", "سليم حداد", "الأسعار ستنخفض قريبا"),
    ]


def test_quotation_then_a_postposed_verb() -> None:
    body = "«سنبني ثلاثة مستشفيات جديدة قبل نهاية العام»، قالت نورا العطار."
    assert said(body) == [
        ("نورا العطار", "نورا العطار", "سنبني ثلاثة مستشفيات جديدة قبل نهاية العام")
    ]


def test_attribution_after_and_before_the_content() -> None:
    tail = "وارتفع عدد الإصابات إلى أربعين حالة، بحسب وزارة الصحة."
    assert said(tail) == [("وزارة الصحة", "وزارة الصحة", "وارتفع عدد الإصابات إلى أربعين حالة")]
    head = "ووفقا لمصادر محلية، فإن الطريق أغلق طوال الليل بسبب الثلوج."
    [(speaker, entity, quote)] = said(head)
    assert (speaker, entity) == ("لمصادر محلية", "")  # as written, with its preposition
    assert quote == "الطريق أغلق طوال الليل بسبب الثلوج"


def test_reported_through_an_agency() -> None:
    body = "ونقلت وكالة الأنباء عن سليم حداد قوله إن المعبر سيفتح غدا أمام المسافرين."
    assert said(body) == [("سليم حداد", "سليم حداد", "المعبر سيفتح غدا أمام المسافرين")]


def test_a_role_alone_takes_the_previous_speakers_entity() -> None:
    body = (
        "وقال وزير الري سليم حداد إن السدود امتلأت بالكامل.\n"
        "وأضاف الوزير أن التوزيع سيبدأ الشهر المقبل في كل المحافظات."
    )
    found = article_quotes(body, PEOPLE)
    assert [(q["speaker"], q["entity"]) for q in found] == [
        ("وزير الري سليم حداد", "سليم حداد"),
        ("الوزير", "سليم حداد"),
    ]


def test_what_is_not_reported_speech() -> None:
    assert said("أعلن النادي رحيل مدربه عن الفريق بعد أن خسر ثلاث مباريات متتالية.") == []
    assert said("ويذكر أن المهرجان يقام كل عام في الربيع منذ عشرين عاما.") == []
    assert said('وأكدت الصحيفة ذلك في عددها الصادر عن "دار الأفق".') == []
    assert said("وبدأ العمل وفق الخطة الموضوعة، ثم توقف بعد يومين.") == []
    assert said("وقالوا إن الطريق مغلق منذ الصباح بسبب الحادث.") == []


def test_frame_search_and_profile() -> None:
    articles = pd.DataFrame(
        {
            "id": ["a", "b"],
            "body": [
                "وقال سليم حداد إن المطر سيعود الأسبوع المقبل بقوة.",
                "وقالت نورا العطار إن الامتحانات ستؤجل إلى الربيع المقبل.",
            ],
            "published_at": pd.to_datetime(["2024-01-01", "2024-02-01"]),
            "outlet": ["الأفق", "المدار"],
        }
    )
    mentions = pd.DataFrame(
        {"article_id": ["a", "b"], "entity": ["سليم حداد", "نورا العطار"], "type": ["person"] * 2}
    )
    quotes = extract_quotes(articles, mentions)
    assert quotes["article_id"].tolist() == ["a", "b"]
    assert search_quotes(quotes, query="الامتحانات")["article_id"].tolist() == ["b"]
    assert search_quotes(quotes, query="امتحان").empty  # whole words only
    assert search_quotes(quotes, speaker="حداد")["article_id"].tolist() == ["a"]
    assert search_quotes(quotes)["article_id"].tolist() == ["b", "a"]  # newest first
    assert quotes_of(quotes, "نورا العطار")["outlet"].tolist() == ["المدار"]


def test_the_page_choices_travel_in_the_link() -> None:
    from dashboard.app.state import ViewState, from_params, parse, to_params

    view = ViewState(quote_speaker="حداد", quote_query="المطر OR الثلج")
    params = to_params(view)
    assert params == {"speaker": ["حداد"], "said": ["المطر OR الثلج"]}
    assert from_params(params) == view
    assert parse({"said": ["ن" * 600]}).dropped == ("said",)
    assert parse({"speaker": [" "]}).dropped == ()


def test_speaker_table_counts_linked_speakers() -> None:
    from dashboard.analysis.quote_queries import speaker_table

    quotes = pd.DataFrame(
        {
            "entity": ["سليم حداد", "", "سليم حداد", "نورا العطار"],
            "quote": ["أ", "ب", "ج", "د"],
            "article_id": ["a", "a", "b", "b"],
        }
    )
    assert speaker_table(quotes).values.tolist() == [["سليم حداد", 2, 2], ["نورا العطار", 1, 1]]


def test_a_name_in_quotation_marks_is_passed_over_on_the_way_to_the_content() -> None:
    body = 'وقال مصدر في الوزارة لـ"الأفق": "سيصدر القرار خلال أيام قليلة بعد المراجعة".'
    assert said(body) == [("مصدر", "", "سيصدر القرار خلال أيام قليلة بعد المراجعة")]
    named = 'وأضاف "حداد": "الموسم الزراعي سيبدأ في موعده المحدد".'
    assert said(named)[0][1:] == ("سليم حداد", "الموسم الزراعي سيبدأ في موعده المحدد")


def test_a_participle_may_take_ila_before_its_content() -> None:
    body = "وقال سليم حداد إن الموسم كان جيدا، مشيرا إلى أن الأسعار ستنخفض قريبا."
    assert said(body)[1] == ("سليم حداد", "سليم حداد", "الأسعار ستنخفض قريبا")


def reference_tokens(text: str) -> list[tuple[int, int, str, int]]:
    """The tokens of :func:`tokens_of` as its rule states them, one match at a time."""
    from dashboard.text.arabic import normalize

    out, sentence, last_key, last_end = [], 0, "", -1
    for match in re.finditer(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u0640]+|[^\w\s]", text):
        piece, start = match.group(), match.start()
        if last_end >= 0:
            if last_key in ".!?؟":
                if not (last_key == "." and start == last_end and piece.isdigit()):
                    sentence += 1
            elif last_key != ":" and "\n" in text[last_end:start]:
                sentence += 1
        key = (normalize(piece) if piece[0].isalnum() or piece[0] == "_" else piece) or piece
        last_key, last_end = key, match.end()
        out.append((start, last_end, key, sentence))
    return out


TOKEN_CASES = [
    "",
    " \n ",
    "\nوقال سليم حداد:\nإن النسبة 3.5 بالمئة؟\n\nوأضاف «نعم». ثم مضى!",
    "قال: «الأمر محسوم»\nانتهى.   \n",
    "ـــ ً  النص 2024.\n.5 و.. ؟؟ \t\n نهاية",
]


def test_tokens_follow_their_rule_offsets_keys_and_sentences() -> None:
    for text in TOKEN_CASES:
        assert [tuple(t) for t in tokens_of(text)] == reference_tokens(text)


def test_every_token_a_quote_may_start_from_is_a_cue() -> None:
    from dashboard.analysis import quotes

    body = (
        "وقال حداد إن المطر قادم، مشيرا إلى أن السدود امتلأت. نقلت الوكالة عن العطار قوله "
        "إن الخطة جاهزة. وبحسب الوزارة، فإن المدارس مفتوحة. وعلى لسان المتحدث: «لا تغيير "
        "في الموعد المعلن»، فقال حداد. وفقا لمصادر، فالقرار نهائي."
    )
    article = quotes._Article(body, PEOPLE)
    for j, token in enumerate(article.tokens):
        verb = quotes._conj(token.key, quotes.VERBS)
        starts = verb or token.key in quotes.SAYING or token.key in quotes.PARTICIPLES
        if starts or article.attributed(j) is not None:
            assert j in article.cues, token.key


def test_entities_read_by_their_words_as_by_trying_each() -> None:
    """``entity_in`` looks up the words it reads in the entities' word index; what it finds,
    in every window of a text, is what trying every entity at every word finds: the best by
    type, then named whole, longer, earlier, and for a tie the entity listed first (two
    names written alike: whichever the list gives first)."""
    from dashboard.analysis import quotes

    def tried(article: quotes._Article, a: int, b: int) -> tuple | None:
        found = []
        for place, (name, kind, parts) in enumerate(article.entities):
            for i in range(a, b):
                forms = quotes._forms(article.tokens[i].key)
                follows = [t.key for t in article.tokens[i + 1 : i + len(parts)]]
                if parts[0] in forms and len(parts) <= b - i and follows == list(parts[1:]):
                    rank = quotes._TYPE_RANK.get(kind, 2)
                    found.append((rank, 0, -len(parts), i, place, name, kind))
                if kind == "person" and len(parts) >= 2 and parts[-1] in forms:
                    found.append((0, 1, -1, i, place, name, kind))
        if not found:
            return None
        _, whole, size, i, _, name, kind = min(found, key=lambda f: f[:5])
        return i, i + (-size if whole == 0 else 1), name, kind

    body = (
        "وقال وزير الري سليم حداد إن السدود امتلأت، وأضاف حداد أن وزارة الصحة والحداد "
        "تابعا الأمر. ونقلت الوكالة عن العطار قوله إن نورا العطار وسليم حدّاد في الرياض."
    )
    entities = [
        ("سليم حداد", "person"),
        ("سليم حدّاد", "person"),  # the same words as the first: the first listed wins
        ("نورا العطار", "person"),
        ("وزارة الصحة", "organisation"),
        ("الصحة", "other"),
        ("الرياض", "place"),
        ("حداد", "organisation"),
        ("الوكالة", "other"),
    ]
    for listed in (entities, entities[::-1]):
        words = quotes.entity_words(listed)
        article = quotes._Article(body, words)
        size = len(article.tokens)
        windows = [(a, b) for a in range(size) for b in range(a + 1, min(size, a + 14) + 1)]
        named = [article.entity_in(a, b) for a, b in windows]
        assert named == [tried(article, a, b) for a, b in windows]
        assert {n[2] for n in named if n} >= {"نورا العطار", "وزارة الصحة", "الرياض"}
        # one index for every window of an article (what ``relinked`` passes)
        index = quotes.word_index(words)
        assert index[0]["سليم"] == [i for i, w in enumerate(words) if w[2][0] == "سليم"]
        again = quotes._Article(body, words, index)
        assert [again.entity_in(a, b) for a, b in windows] == named
    first = quotes._Article(body, quotes.entity_words(entities)).entity_in(0, 6)
    last = quotes._Article(body, quotes.entity_words(entities[::-1])).entity_in(0, 6)
    assert (first[2], last[2]) == ("سليم حداد", "سليم حدّاد")
