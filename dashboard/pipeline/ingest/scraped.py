"""Raw article pages: splitting an aggregator page into its articles and their metadata.

A scraped page holds a main article, then furniture: "المصدر: ..." lines (the
outlet, and the original source when the story was republished), a tag line
("كلمات دلالية: ..."), a "إقرأ أيضاً:" block that may hold a whole second
article, and a "مقالات مشابهة" list of related headlines. ``split_page`` turns
such a page into one ``PageArticle`` per article; related headlines become
links of the main article, never body text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from dashboard.text.arabic import normalize
from dashboard.text.clean import clean_text
from dashboard.text.dates import find_date
from dashboard.text.tags import segment_tags

_HEADER_PUNCT = " :：.…-–—•*"
READ_ALSO = frozenset(
    normalize(h) for h in ("اقرأ أيضا", "اقرأ ايضا", "اقرأ كذلك", "اقرأ أيضا في", "read also")
)
RELATED = frozenset(
    normalize(h)
    for h in (
        "مقالات مشابهة",
        "مقالات ذات صلة",
        "أخبار ذات صلة",
        "أخبار مشابهة",
        "مواضيع ذات صلة",
        "موضوعات ذات صلة",
        "related articles",
    )
)
SOURCE_LINE = re.compile(r"^\s*(?:المصدر|المصادر|source)\s*[:：]\s*(.+)$", re.IGNORECASE)
TAG_LINE = re.compile(
    r"^\s*(?:كلمات دلالية|الكلمات الدلالية|كلمات مفتاحية|الكلمات المفتاحية|الوسوم|وسوم|tags)"
    r"\s*[:：]\s*(.*)$",
    re.IGNORECASE,
)
# "بغداد اليوم - متابعة", "الرياض - واس": a short line naming an outlet beside a dash.
DATELINE = re.compile(r"^(.{2,40}?)\s+[-–—]\s+(.{2,40})$")
COMPILED = frozenset(normalize(w) for w in ("متابعة", "متابعات", "خاص", "وكالات", "تقرير"))
BULLET = re.compile(r"^[\s•·▪◦*\-–—]+")
QUOTES = "\"'«»“”„‘’ "
PROSE_WORDS = 20  # a paragraph of a real article has at least this many words
TITLE_WORDS = 20  # a title has at most this many words


@dataclass
class PageArticle:
    """One article found on a page."""

    title: str
    body: str
    outlet: str = ""
    original_source: str = ""
    published_at: datetime | None = None
    tags: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def split_page(text: str, base: datetime | None = None) -> list[PageArticle]:
    """Split a raw page (plain text or text extracted from HTML) into its articles.

    Args:
        text: The page text, paragraphs separated by line breaks.
        base: The crawl date, for the year of a date written without one.

    Returns:
        The main article first, then each complete article found in a
        "إقرأ أيضاً" block. An article's date is the first day-month-year
        date in its opening paragraphs, None when there is none.
    """
    sections = _sections(clean_text(text).split("\n"))
    parsed = [_article(sections[0][1], base)]
    related: list[str] = []
    for header, lines in sections[1:]:
        parsed[0][0].removed.append(header)
        paragraphs = [line for line in lines if line.strip()]
        if _header_kind(header) == "read_also" and _is_article(paragraphs):
            parsed.append(_article(lines, base))
        else:
            related.extend(BULLET.sub("", line).strip() for line in paragraphs)
    articles = [article for article, _ in parsed]
    articles[0].related = [r for r in related if r]
    texts = [f"{a.title}\n{a.body}" for a in articles]
    for article, tag_line in parsed:
        article.tags = segment_tags(tag_line, texts)
    return [a for a in articles if a.body or a.title]


def _header_kind(line: str) -> str | None:
    """ "read_also" or "related" when a line is only such a block header, else None."""
    if len(line) > 40:
        return None
    key = normalize(line).lower().strip(_HEADER_PUNCT)
    if key in READ_ALSO:
        return "read_also"
    return "related" if key in RELATED else None


def _sections(lines: list[str]) -> list[tuple[str, list[str]]]:
    """(header, lines) for the main part (header '') and each block after a header line."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in lines:
        if _header_kind(line):
            sections.append((line.strip(), []))
        else:
            sections[-1][1].append(line)
    return sections


def _is_article(paragraphs: list[str]) -> bool:
    """Whether a block holds a whole article (two paragraphs of prose), not a list of links."""
    return sum(len(p.split()) >= PROSE_WORDS for p in paragraphs) >= 2


def _article(lines: list[str], base: datetime | None) -> tuple[PageArticle, str]:
    """One article from its lines, and its raw tag line ('' when it has none)."""
    sources, tag_line, kept = [], "", []
    for line in lines:
        if match := SOURCE_LINE.match(line):
            sources.append(match.group(1).strip(QUOTES))
        elif match := TAG_LINE.match(line):
            tag_line = f"{tag_line} {match.group(1)}".strip()
        else:
            kept.append(line)
    paragraphs = [line for line in kept if line.strip()]
    title = ""
    if len(paragraphs) > 1 and _is_title(paragraphs[0]):
        title = paragraphs.pop(0)
    dateline_outlet = _dateline_outlet(paragraphs[0]) if paragraphs else ""
    removed = [paragraphs.pop(0)] if dateline_outlet else []
    body = "\n\n".join(paragraphs)
    # The last "المصدر:" names the outlet the page took the story from; earlier ones
    # (and a dateline outlet beside them) name where it was first published.
    outlet = sources[-1] if sources else dateline_outlet
    originals = [*sources[:-1], *([dateline_outlet] if sources and dateline_outlet else [])]
    article = PageArticle(
        title=title,
        body=body,
        outlet=outlet,
        original_source=" / ".join(dict.fromkeys(o for o in originals if o and o != outlet)),
        published_at=find_date("\n".join([*removed, *paragraphs[:2]]), base),
        removed=removed,
    )
    return article, tag_line


def _is_title(line: str) -> bool:
    """Whether a first line reads as a headline: short, not ending a sentence."""
    return len(line.split()) <= TITLE_WORDS and not line.rstrip().endswith((".", ":", "،"))


def _dateline_outlet(line: str) -> str:
    """The outlet a dateline names ("بغداد اليوم - متابعة" -> "بغداد اليوم"), or ''."""
    match = DATELINE.match(line.strip())
    if not match or len(line.split()) > 6:
        return ""
    left, right = (part.strip(QUOTES) for part in match.groups())
    return left if normalize(right) in COMPILED else right
