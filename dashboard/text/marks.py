"""Quotation marks and brackets that a cut left without their partner.

A label cut from a headline (a stretch of its words) can keep one mark of a pair: the
headline ``«الشرق الأوسط» تنشر مذكرات فاتن حمامة`` gives ``الأوسط» تنشر مذكرات فاتن حمامة``.
:func:`balanced` drops every mark that has no partner in the text, then any mark or
space left at its ends, so no label starts or ends with a mark that closes nothing.

>>> balanced("الأوسط» تنشر مذكرات فاتن حمامة")
'الأوسط تنشر مذكرات فاتن حمامة'
>>> balanced("ظهروا في مقطع فيديو «التحرش بفتاتين")
'ظهروا في مقطع فيديو التحرش بفتاتين'
>>> balanced('خلايا "داعش" في قبضة الداخلية'), balanced('مدني مكة" يسيطر')
('خلايا "داعش" في قبضة الداخلية', 'مدني مكة يسيطر')
>>> balanced("فيلم «مينيون» يتصدر (الإيرادات)")
'فيلم «مينيون» يتصدر (الإيرادات)'
"""

from __future__ import annotations

PAIRS = {"«": "»", "“": "”", "‘": "’", "(": ")", "[": "]", "{": "}", "‹": "›"}
CLOSERS = {close: open_ for open_, close in PAIRS.items()}
SAME = '"'  # a mark that both opens and closes: paired in the order they come


def unmatched(text: str) -> list[int]:
    """The positions of the marks of ``text`` that have no partner: a closing mark with
    no open one before it, an opening mark never closed, the last of an odd number of
    ``"``. A closing mark closes the nearest open mark of its kind."""
    open_at: dict[str, list[int]] = {mark: [] for mark in [*PAIRS, SAME]}
    lone: list[int] = []
    for i, char in enumerate(text):
        if char in PAIRS:
            open_at[char].append(i)
        elif char in CLOSERS:
            opened = open_at[CLOSERS[char]]
            if opened:
                opened.pop()
            else:
                lone.append(i)
        elif char == SAME:
            opened = open_at[SAME]
            if opened:
                opened.pop()
            else:
                opened.append(i)
    return sorted(lone + [i for places in open_at.values() for i in places])


def balanced(text: str) -> str:
    """``text`` without its unpaired marks (:func:`unmatched`), and without the spaces and
    punctuation left at its ends."""
    lone = set(unmatched(text))
    kept = "".join(char for i, char in enumerate(text) if i not in lone)
    return " ".join(kept.split()).strip(" .,:;،؛-–—…")
