"""Tests for learned boilerplate (dashboard.text.boilerplate through clean.remove_repeated_lines).

Bodies are synthetic, written for these tests; the last test measures a sample of the real
development corpus in ../shared with the cleaning benchmark's detectors.
"""

from __future__ import annotations

import re

from bench.cleaning_bench import (
    TARGETS,
    fate,
    furniture,
    is_date_stub,
    load,
    prose,
    prose_lost,
    sentence_key,
)
from dashboard.text.boilerplate import _sentences, count_keys, strip_all
from dashboard.text.clean import remove_repeated_lines
from tests.conftest import shared_file

FOOTER = [
    "تصفح المزيد",
    "شبكة النبأ قناة إخبارية مستقلة انطلقت في ربيع العام الماضي من العاصمة، تبث على مدار"
    " الساعة نشرات وبرامج حوارية ووثائقية بلغات عدة، ويعمل فيها مراسلون في أكثر من ثلاثين"
    " بلدا حول العالم، ولها مكاتب إقليمية في القارات الخمس",
    "واتخذت من المدينة القديمة مقرا دائما لها.",
    "جميع الحقوق محفوظة",
]
PROMO = (
    "أطلقنا حملة تغطية خاصة بالانتخابات البلدية في كل المحافظات. "
    "تابعوا معنا النتائج لحظة بلحظة على شاشتنا وموقعنا. "
    "شاركونا صوركم من مراكز الاقتراع عبر تطبيقنا، وأرسلوا أسئلتكم إلى فريق التحرير ليجيب عنها"
    " الخبراء في برنامج المساء"
)
STUBS = ["اليوم 13:00", "14 آب", "24 تشرين ثاني 2023", "اليوم 09:45", "3 أيلول"]
MONTHS = ["آب", "أيلول", "تشرين ثاني", "كانون الأول", "آذار", "نيسان", "أيار"]
WORDS = "المطر الريح الجسر الميناء الطريق المدرسة السوق الحقل النهر المصنع الجامعة المستشفى".split()


def _prose(i: int) -> str:
    """A sentence of its own for article ``i`` (no two articles share one)."""
    a, b = WORDS[i % len(WORDS)], WORDS[(i * 5 + 3) % len(WORDS)]
    return f"أعلن المجلس المحلي في الحي {i} أن أعمال {a} و{b} انتهت بعد {i + 2} أسابيع من العمل."


def _stubs(i: int) -> list[str]:
    """Date stubs of related items, different in each article."""
    return [
        f"اليوم {10 + i % 12}:{i % 60:02d}",
        f"{1 + i % 28} {MONTHS[i % 7]}",
        f"{1 + i % 27} آب 2023",
    ]


def _outlet(n: int = 30) -> list[str]:
    """Bodies of one outlet: two sentences of prose, stubs and the footer, one per line."""
    return ["\n".join([_prose(i), _prose(i + 100), *_stubs(i), *FOOTER]) for i in range(n)]


def _clean(bodies: list[str], tags: list[list[str]] | None = None) -> tuple[list[str], list]:
    return remove_repeated_lines(bodies, ["النبأ"] * len(bodies), tags)


def test_footer_block_and_stubs_are_removed_and_prose_kept() -> None:
    kept, removed = _clean(_outlet())
    assert kept[7] == f"{_prose(7)}\n{_prose(107)}"
    assert removed[7] == [*_stubs(7), *FOOTER]


def test_one_line_flattened_page_loses_its_footer_and_stubs_but_not_its_text() -> None:
    flat = " ".join([_prose(500), _prose(501), *STUBS, *FOOTER])
    kept, removed = _clean([*_outlet(), flat])
    assert kept[-1] == f"{_prose(500)} {_prose(501)}"
    assert " ".join(removed[-1]) == " ".join([*STUBS, *FOOTER])


def test_a_promotional_paragraph_repeated_in_a_share_of_articles_is_removed() -> None:
    bodies = [
        b.replace("\n", f"\n{PROMO}\n", 1) if i % 3 == 0 else b for i, b in enumerate(_outlet(60))
    ]
    kept, removed = _clean(bodies)
    assert kept[3] == f"{_prose(3)}\n{_prose(103)}"
    assert PROMO in removed[3]
    assert kept[4] == f"{_prose(4)}\n{_prose(104)}"


def test_embedded_tweet_is_removed() -> None:
    tweet = [
        "Big crowds at the square today pic.twitter.com/Ab12Cd34",
        "— Some Reporter (@some_reporter) March 3, 2023",
    ]
    body = "\n".join([_prose(900), *tweet, _prose(901)])
    kept, removed = _clean([body])
    assert kept == [f"{_prose(900)}\n{_prose(901)}"]
    assert removed == [tweet]


def test_embedded_tweet_inside_a_one_line_page_is_cut_out_of_its_sentence_only() -> None:
    before = " ".join(_prose(910 + k) for k in range(4))
    after = " ".join(_prose(920 + k) for k in range(4))
    tweet = "Crowds gather pic.twitter.com/Xy98 — Some One (@someone) May 5, 2023"
    kept, removed = _clean([f"{before} {tweet} {after}"])
    assert kept == [f"{before} {after}"]
    assert removed == [[tweet]]


def test_date_stubs_alone_go_but_dates_in_prose_stay() -> None:
    dated = "وفي 14 آب 2023 أعلنت البلدية افتتاح الجسر الجديد أمام السيارات."
    body = "\n".join([dated, "اليوم 13:00", "24 تشرين ثاني 2023", "14 آب"])
    kept, removed = _clean([body])
    assert kept == [dated]
    assert removed == [["اليوم 13:00", "24 تشرين ثاني 2023", "14 آب"]]


def test_tag_lines_repeated_from_the_records_tags_are_removed() -> None:
    tags = ["روسيا", "فلاديمير بوتين", "الملف النووي"]
    text = "وقال فلاديمير بوتين إن روسيا مستعدة للحوار حول الملف النووي."
    body = "\n".join([text, "روسيا", "فلاديمير بوتين", "الملف النووي فلاديمير بوتين"])
    kept, removed = _clean([body], [tags])
    assert kept == [text]
    assert removed == [["روسيا", "فلاديمير بوتين", "الملف النووي فلاديمير بوتين"]]


def test_read_more_line_is_removed() -> None:
    body = "\n".join([_prose(1), "اقرأ أيضاً: الأمطار تغمر شوارع المدينة", _prose(2)])
    kept, removed = _clean([body])
    assert kept == [f"{_prose(1)}\n{_prose(2)}"]
    assert removed == [["اقرأ أيضاً: الأمطار تغمر شوارع المدينة"]]


def test_a_unique_sentence_quoting_a_footer_phrase_survives() -> None:
    unique = "وقال المدير إن تصفح المزيد من الوثائق كشف عن مخالفات جديدة في العقود."
    bodies = _outlet()
    bodies[5] = f"{unique}\n{bodies[5]}"
    kept, _ = _clean(bodies)
    assert kept[5].startswith(unique + "\n")


def test_a_small_outlet_loses_no_prose() -> None:
    shared = "وكانت الأزمة قد بدأت قبل عامين حين توقفت أعمال الصيانة في الشبكة."
    bodies = [f"{_prose(i)}\n{shared}" for i in range(4)]
    kept, removed = _clean(bodies)
    assert kept == bodies
    assert removed == [[]] * 4


def test_real_corpus_sample_meets_the_furniture_and_prose_targets() -> None:
    path = shared_file("data/almayadeen_2014_2022/almayadeen_2014_2022.jsonl.gz")
    frame = load(path).sample(1500, random_state=7).reset_index(drop=True)
    bodies = remove_repeated_lines(
        frame["body"].tolist(), frame["outlet"].tolist(), frame["tags"].tolist()
    )[0]
    flagged = [any(f) for f in zip(*furniture(frame, bodies).values(), strict=True)]
    lost, total = prose_lost(frame, bodies)
    assert total > 10_000
    assert sum(flagged) / len(frame) <= TARGETS["furniture_share"]
    assert lost / total <= TARGETS["prose_lost_share"]


def test_a_line_built_around_the_records_own_title_is_learned_as_one():
    """A line "link to the story: TITLE" differs in every article, but is one line of the outlet's
    with the title in it; a title quoted inside a sentence of prose stays as written."""
    titles = [f"افتتاح {WORDS[i % 12]} الجديد في الحي {i} بحضور الأهالي" for i in range(14)]
    link = [f"رابط القصة على موقع الصحيفة: {title}" for title in titles]
    quoted = [f"{_prose(i)} وكان عنوان الخبر {titles[i]} كما نشر." for i in range(14)]
    bodies = [f"{quoted[0]}\n{link[0]}"] + [f"{_prose(i)}\n{link[i]}" for i in range(1, 12)]
    bodies += quoted[12:]
    outlets = ["أ"] * 14

    without, _ = remove_repeated_lines(bodies, outlets)
    assert all("رابط القصة" in body for body in without[:12])  # a line of its own in each

    kept, removed = remove_repeated_lines(bodies, outlets, titles=titles)
    assert kept[:12] == [quoted[0]] + [_prose(i) for i in range(1, 12)]
    assert removed[:12] == [[line] for line in link[:12]]
    assert kept[12:] == bodies[12:] and removed[12:] == [[], []]


def test_the_prose_measure_leaves_out_title_copies_and_time_stamps_and_counts_trims_apart():
    """The bench's prose: a short line that holds the record's title is a copy of it and a
    time with its zone is a stub; a dateline that lost its last words is trimmed, a sentence
    that lost a word inside it is lost."""
    title = "افتتاح الجسر الجديد فوق النهر بحضور الأهالي"
    own = f"شيد العمال الجسر خلال عامين. رابط الخبر في موقعنا: {title}\n18:17 ت م"
    assert prose(own, [], title) == ["شيد العمال الجسر خلال عامين"]
    long_line = f"{_prose(3)} {' '.join(WORDS)} {title}"
    assert len(prose(long_line, [], title)) == 2  # a page flattened into one line stays prose
    cut = "بالصور .. افتتاح الجسر الجديد فوق النهر"  # a title the sentence splitter cuts in two
    flat = f"{_prose(4)} {_prose(5)} رابط الخبر في موقعنا: {cut}"
    assert prose(flat, [], cut) == [sentence_key(_prose(4)), sentence_key(_prose(5))]
    assert is_date_stub("18:17 ت م") and not is_date_stub("بدأ الاجتماع عند 18:17 في مقر المجلس")
    dateline = sentence_key("الرباط 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس")
    kept = f" {sentence_key('الرباط 25 شوال 1436 هـ الموافق 10 أغسطس 2015')} "
    assert fate(dateline, kept) == "trimmed"
    assert fate(dateline, f" {dateline} ") == "kept"
    gapped = f" {sentence_key('الرباط 25 شوال 1436 الموافق 10 أغسطس 2015 م واس')} "
    assert fate(dateline, gapped) == "lost"


def test_what_counting_saw_of_each_body_stands_for_folding_it_again() -> None:
    """Stripping with the stubs and keys counting saw (as the ingest workers do) removes what
    stripping that folds each body again removes: footers, stubs, a promotional paragraph
    inside one-line pages, tag lines, lines built around the title and date stubs."""
    titles = [f"افتتاح {WORDS[i % 12]} الجديد في الحي {i} بحضور الأهالي" for i in range(50)]
    tags = [["روسيا", "الملف النووي"]] * 50
    bodies = [
        f"نشرة رقم {i}\n"  # a first line that holds nothing to remove
        + [
            "\n".join([_prose(i), *_stubs(i), *FOOTER]),  # footer and stubs, a line each
            f"{_prose(i)} {PROMO} {_prose(i + 300)}",  # one line, the paragraph inside it
            f"{_prose(i)}\nروسيا الملف النووي",  # a line of the record's tags
            f"{_prose(i)}\nرابط القصة على موقع الصحيفة: {titles[i]}",  # around the title
            f"{_prose(i)}\n{' '.join(_stubs(i))}",  # date stubs alone
        ][i % 5]
        for i in range(50)
    ]
    outlets = ["النبأ"] * 50
    seen: list = []
    learned = count_keys(zip(bodies, outlets, titles, strict=True), seen).learned(10, 0.01)
    refolded = strip_all(bodies, outlets, tags, learned, titles)
    kept, removed = strip_all(bodies, outlets, tags, learned, titles, seen)
    assert (kept, removed) == refolded
    assert all(removed)  # each kind of furniture went
    assert kept[1].startswith(f"نشرة رقم 1\n{_prose(1)}") and "أطلقنا حملة" not in kept[1]
    assert kept[3] == f"نشرة رقم 3\n{_prose(3)}"


def test_sentences_are_cut_at_the_spaces_after_a_mark_that_ends_one() -> None:
    behind = re.compile(r"(?<=[.!?؟…])\s+")  # the split the search stands for
    for text in (
        "أ. ب؟  ج…د! ",
        ". .",
        "نص..  آخر",
        "الساعة 10.30 صباحا",
        "سطر\u00a0أ.\u2003ب",
        "",
    ):
        assert _sentences(text) == [s for s in behind.split(text) if s]
    assert _sentences("أ. ب؟  ج…د! ") == ["أ.", "ب؟", "ج…د!"]
