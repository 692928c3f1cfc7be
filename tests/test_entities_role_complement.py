"""The person named after a role's longer complement (issue 16), on sentences written for the
tests: a place after في, a definite ministry and nationality with بالوكالة, a noun with an
attached pronoun; the bodies named in the complement are kept, and a preposition glued to a
word or a future verb after the complement opens no name."""

from __future__ import annotations

from test_entities_patterns import articles, persons

from dashboard.pipeline.entities.mentions import extract_mentions


def organisations(frame, article: str = "a0") -> set[str]:
    """The organisations found in one article."""
    rows = frame[(frame["article_id"] == article) & (frame["type"] == "organisation")]
    return set(rows["entity"])


def test_a_name_after_a_place_in_the_complement() -> None:
    frame = extract_mentions(
        articles("وأكد السفير المصري في الأردن نائل عبد الحكيم أن العلاقات متينة")
    )
    assert persons(frame) == {"نائل عبد الحكيم"}
    assert organisations(frame) == set()


def test_a_name_after_a_ministry_a_nationality_and_an_acting_office() -> None:
    frame = extract_mentions(
        articles(
            "وقال وزير المالية الهولندي بالوكالة ماركوس فيلدن إن العجز تراجع",
            "وهدد وزير دفاعه أفيرام كاتسير بمواصلة العمليات",
        )
    )
    assert persons(frame) == {"ماركوس فيلدن"}
    assert persons(frame, "a1") == {"أفيرام كاتسير"}


def test_the_bodies_of_the_complement_are_kept() -> None:
    frame = extract_mentions(
        articles(
            "زار رئيس مجلس جمهور نادي الوحدة سلطان بن خالد الملعب أمس",
            "وقال نائب وزير الخارجية في حكومة عدن ناصر الحميري إن الموقف ثابت",
        )
    )
    assert "نادي الوحدة" in organisations(frame)
    rows = frame[(frame["article_id"] == "a1") & (frame["type"] == "place")]
    assert set(rows["entity"]) == {"عدن"}
    assert persons(frame, "a1") == {"ناصر الحميري"}


def test_a_preposition_or_a_future_verb_after_the_complement_opens_no_name() -> None:
    frame = extract_mentions(
        articles(
            "وغاب اللاعب الدولي لمدة تتجاوز الشهر عن التدريبات",
            "وهذا الأستاذ في مادة الاقتصاد سيحل محل زميله",
        )
    )
    assert persons(frame) == set()
    assert persons(frame, "a1") == set()


def test_a_first_name_after_a_role_is_no_modifier_of_the_role() -> None:
    for first in ("إلياس", "الياس"):  # written with a hamza or not
        frame = extract_mentions(
            articles(f"وقال الخبير العسكري العميد {first} حداد إن القوات تقدمت")
        )
        assert persons(frame) == {f"{first} حداد"}


def test_a_hamza_on_the_alef_before_lam_is_no_article() -> None:
    frame = extract_mentions(articles("وحذر الكاتب الإسرائيلي ميخا ألفر في مقاله من الانهيار"))
    assert persons(frame) == {"ميخا ألفر"}


def test_a_nasab_after_a_definite_name_part_continues_the_name() -> None:
    frame = extract_mentions(
        articles("وقال رئيس الوزراء التونسي نور العابدين بن صالح إن البلاد بخير")
    )
    assert persons(frame) == {"نور العابدين بن صالح"}


def test_a_teacher_and_a_goalkeeper_are_roles() -> None:
    frame = extract_mentions(
        articles(
            "وشاركت فرقة المسرح المدرسي بإشراف الأستاذة نوال شحادة في الحفل",
            "وتألق الحارس الدولي كريم بوزيد في المباراة",
        )
    )
    assert persons(frame) == {"نوال شحادة"}
    assert persons(frame, "a1") == {"كريم بوزيد"}


def test_and_before_a_name_or_a_plural_after_two_parts_opens_the_next_phrase() -> None:
    frame = extract_mentions(
        articles(
            "وغاب عن التدريبات المدافع سعيد الفرج ومحمد نور وحسن الأمين",
            "وغاب عن التدريبات كل من ماجد شاكر وعمر هزازي ولاعبي الفريق الرديف",
        )
    )
    assert "محمد نور" in persons(frame)
    assert "محمد نور وحسن" not in persons(frame)
    assert "عمر هزازي" in persons(frame, "a1")


def test_a_short_word_after_fa_and_the_article_letters_is_a_name_part() -> None:
    frame = extract_mentions(articles("وصل الرئيس النمساوي توماس فالتر هايدر إلى فيينا الثلاثاء"))
    assert persons(frame) == {"توماس فالتر هايدر"}


def test_a_chain_of_nasab_keeps_its_family_and_abd_takes_a_title_word() -> None:
    frame = extract_mentions(
        articles(
            "وأصدر المهندس عبد الرحيم بن عبد الملك آل الحارث قراراً بتكليف مدير جديد",
            "واستقبل الأمير ماجد بن تركي بن عبد العزيز آل سعود وزير النقل في جدة",
        )
    )
    assert persons(frame) == {"عبد الرحيم بن عبد الملك آل الحارث"}
    assert persons(frame, "a1") == {"ماجد بن تركي بن عبد العزيز آل سعود"}
