"""Article text as safe HTML, with the entities it mentions marked.

The mention frame keeps no character offsets, so each entity's name is found again in
the text: spelling variants a reader does not see as different (alef forms, alef maqsura,
diacritics, tatweel) and attached clitics (و ف ب ل ك، لل) still match; a multi-word
person is also marked where the article names them by surname alone. Longer matches win
over the shorter ones they overlap. Every piece of text is escaped and invisible bidi
controls are dropped, so nothing in an article can become markup or reorder the page.

>>> highlight("قال الرئيس جو بايدن إن بايدن <b>لن</b> يزور دمشق.",
...           {"جو بايدن": "person", "دمشق": "place"})  # doctest: +NORMALIZE_WHITESPACE
'<p>قال الرئيس <mark class="ent-person" title="person: جو بايدن">جو بايدن</mark> إن
<mark class="ent-person" title="person: جو بايدن">بايدن</mark> &lt;b&gt;لن&lt;/b&gt; يزور
<mark class="ent-place" title="place: دمشق">دمشق</mark>.</p>'
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache
from typing import NamedTuple

from dashboard.pipeline.gazetteer import NAME_JOINERS
from dashboard.text.arabic import normalize, stopwords

TYPES = ("person", "organisation", "place", "other")
# Background of each type's marks (dark text on a light tint, legible in either theme): a
# tint of the type's colour in the charts (blue persons, red organisations, green places),
# so that a colour means one type on every page. The tint spreads by a shadow, not padding:
# padding would break the joining of Arabic letters across the edge of a mark (a clitic ل
# before the marked name).
COLOURS = {
    "person": "#a5d8ff",
    "organisation": "#ffc9c9",
    "place": "#b2f2bb",
    "other": "#e0e0e0",
}
# Bidi embeddings, overrides and isolates, and the byte-order mark: never shown.
_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\ufeff]")
# What may sit between two letters of a name in the text: diacritics, tatweel, zero-width marks.
_MARK = "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200b-\u200f]"
_MARKS = _MARK + "*"
_ALEFS = "[اأإآٱ]"
_FOLDS = {letter: _ALEFS for letter in "اأإآٱ"} | {"ي": "[يى]", "ى": "[يى]"}
# Clitics a name may carry in the text; only the name itself is marked.
_CLITICS = "(?:[وف]?[بلك]?)"


class Span(NamedTuple):
    """One marked stretch of text: [start, end) and the entity it names."""

    start: int
    end: int
    entity: str
    type: str


def css_class(kind: str) -> str:
    """The class of an entity type's marks; unknown types are marked as ``other``.

    >>> css_class("place"), css_class('x" onclick="y')
    ('ent-place', 'ent-other')
    """
    return f"ent-{kind if kind in TYPES else 'other'}"


def clean(text: str) -> str:
    """``text`` without invisible bidi controls (they could reorder what a reader sees).

    >>> clean("\u202eعنوان\u202c")
    'عنوان'
    """
    return _CONTROLS.sub("", text)


@lru_cache(maxsize=4096)
def name_pattern(name: str) -> re.Pattern[str] | None:
    """A pattern finding ``name`` as whole words, spelling variants and clitics allowed.

    >>> [m.group("name") for m in name_pattern("الأمم المتحدة").finditer(
    ...     "بيان للأمم المتحدة، وقالت الامم المتحدة إن الأممية")]
    ['لأمم المتحدة', 'الامم المتحدة']
    """
    letters = " ".join(re.sub(_MARK, "", clean(name)).split())
    if not letters:
        return None
    parts = [
        r"\s+" if char == " " else _FOLDS.get(char, re.escape(char)) + _MARKS for char in letters
    ]
    if normalize(letters[:2]) == "ال":  # ال after the clitic ل is written لل
        parts[0] = f"(?:{_ALEFS}|(?<=ل)){_MARKS}"
    body = "".join(parts)
    return re.compile(rf"(?<!\w){_CLITICS}(?P<name>{body})(?!\w)", re.IGNORECASE)


def surname(name: str) -> str:
    """The part of a person's name an article may use alone, or '' when there is none.

    >>> surname("محمد الخولي"), surname("عبد الله"), surname("فيصل بن فرحان"), surname("زيد")
    ('الخولي', '', '', '')
    """
    words = name.split()
    if len(words) < 2 or normalize(words[-2]) in NAME_JOINERS:
        return ""
    last = words[-1]
    folded = normalize(last)
    return last if len(folded) >= 3 and folded not in stopwords() else ""


def find_spans(text: str, entities: Mapping[str, str]) -> list[Span]:
    """Non-overlapping spans of ``text`` naming the ``entities`` (name -> type), in order.

    Longer matches are kept over the shorter ones they overlap; a surname alone is marked
    only where no listed entity covers it, and only when one listed person bears it.

    >>> find_spans("وزير خارجية الأردن أيمن الصفدي", {"الأردن": "place",
    ...            "وزير خارجية الأردن": "other"})
    [Span(start=0, end=18, entity='وزير خارجية الأردن', type='other')]
    """
    found = []
    surnames = {name: surname(name) for name, kind in entities.items() if kind == "person"}
    shared = Counter(surnames.values())
    for name, kind in entities.items():
        forms = [(name, 0)]
        short = surnames.get(name, "")
        if short and short not in entities and shared[short] == 1:
            forms.append((short, 1))
        for form, rank in forms:
            pattern = name_pattern(form)
            for match in pattern.finditer(text) if pattern else ():
                start, end = match.span("name")
                found.append((rank, start - end, start, Span(start, end, name, kind)))
    taken = [False] * len(text)
    kept = []
    for *_, span in sorted(found):
        if not any(taken[span.start : span.end]):
            taken[span.start : span.end] = [True] * (span.end - span.start)
            kept.append(span)
    return sorted(kept)


def mark(
    text: str, entities: Mapping[str, str], type_names: Mapping[str, str] | None = None
) -> str:
    """One line of text as escaped HTML with its entities wrapped in ``<mark>``.

    Args:
        text: Plain text; it is escaped, never interpreted.
        entities: Entity name -> type (``person``, ``organisation``, ``place``, other).
        type_names: How to name each type in a mark's tooltip (default: the type itself).

    >>> mark('<img src=x onerror="alert(1)"> دمشق', {"دمشق": 'place" onclick="x'})
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark class="ent-other" \
title="place&quot; onclick=&quot;x: دمشق">دمشق</mark>'
    """
    text = clean(text)
    names = type_names or {}
    out, at = [], 0
    for span in find_spans(text, entities):
        tip = html.escape(f"{names.get(span.type, span.type)}: {clean(span.entity)}")
        out.append(html.escape(text[at : span.start]))
        out.append(f'<mark class="{css_class(span.type)}" title="{tip}">')
        out.append(f"{html.escape(text[span.start : span.end])}</mark>")
        at = span.end
    out.append(html.escape(text[at:]))
    return "".join(out)


def highlight(
    text: str, entities: Mapping[str, str], type_names: Mapping[str, str] | None = None
) -> str:
    """Article text as HTML paragraphs (one per non-blank line), entities marked.

    >>> highlight("سطر أول\\n\\n<script>alert(1)</script>", {})
    '<p>سطر أول</p><p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'
    """
    return "".join(
        f"<p>{mark(line, entities, type_names)}</p>"
        for line in str(text).splitlines()
        if line.strip()
    )


def legend(kinds: list[str], type_names: Mapping[str, str]) -> str:
    """A swatch per type in ``kinds``, named as ``type_names`` says.

    >>> legend(["place"], {"place": "مكان"})
    '<span class="ent-place" style="margin-inline-end:.75rem">مكان</span>'
    """
    return "".join(
        f'<span class="{css_class(kind)}" style="margin-inline-end:.75rem">'
        f"{html.escape(type_names.get(kind, kind))}</span>"
        for kind in kinds
        if kind in TYPES
    )


def stylesheet() -> str:
    """The CSS that colours each type's marks (and the legend's swatches)."""
    rules = "".join(
        f".ent-{kind}{{background:{colour};color:#1a1a1a;border-radius:2px;"
        f"box-shadow:0 0 0 2px {colour}}}"
        for kind, colour in COLOURS.items()
    )
    return f"<style>{rules}</style>"
