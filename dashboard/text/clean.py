"""Cleaning article text: HTML to text, trailing page furniture, exact duplicates.

>>> clean_text("<p>غزة&nbsp;اليوم</p><script>x()</script><p>سطر   ثان</p>")
'غزة اليوم\\n\\nسطر ثان'
>>> clean_line("<b>\u202eصحيفة</b>")
'صحيفة'
>>> removed_by_cleaning("<b>\u202eصحيفة</b>", markup=True)
['U+202E', 'HTML markup']
>>> strip_boilerplate("نص الخبر.\\n\\nجميع الحقوق محفوظة")
('نص الخبر.', ['جميع الحقوق محفوظة'])
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from html.parser import HTMLParser

import pandas as pd

from dashboard.text.arabic import normalize
from dashboard.text.boilerplate import remove_boilerplate

# A line that is only one of these (a colon or dots may follow) opens a block
# of related items (or a whole second article) that runs to the end of the body.
BLOCK_HEADERS = frozenset(
    normalize(h)
    for h in (
        "اقرأ أيضا",
        "اقرأ كذلك",
        "اقرأ المزيد",
        "مقالات ذات صلة",
        "مقالات مشابهة",
        "أخبار ذات صلة",
        "مواضيع ذات صلة",
        "موضوعات ذات صلة",
        "read more",
        "related articles",
    )
)
# Lines starting with one of these are furniture when they trail the body.
FURNITURE_PREFIXES = (
    *BLOCK_HEADERS,
    normalize("تابعونا"),
    normalize("شارك هذا المقال"),
    normalize("شارك المقال"),
    normalize("حقوق النشر"),
    "©",
    "copyright",
)
# Lines containing one of these are furniture when they trail the body.
FURNITURE_PHRASES = (
    normalize("تابعونا"),
    normalize("تابعوا آخر"),
    normalize("جميع الحقوق محفوظة"),
    normalize("حقوق النشر محفوظة"),
    "all rights reserved",
)
LONE_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
HTML_TAG = re.compile(r"<[a-zA-Z!/]")
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates: they reorder how the text around them is
# shown ("\u202egpj.exe" shows as "exe.jpg"). The marks U+200E, U+200F and U+061C stay: they
# cannot reorder letters, and Arabic writers use them.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
# The same characters, looked for one at a time first: far faster than the pattern on a text
# that holds none (nearly every text).
_BIDI_CHARS = tuple(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
_HEAD_RAW, _HEAD = 400, 80  # raw characters normalised for the cheap dedupe key, and kept
_HEADER_PUNCT = " :：.…-–—•*"


def strip_boilerplate(body: str) -> tuple[str, list[str]]:
    """Remove trailing page furniture from an article body.

    A line that is only a block header ("إقرأ أيضاً:", "مقالات ذات صلة")
    cuts the body there: all that follows it is removed. Then trailing lines
    such as "تابعونا على ...", copyright lines and lone URLs are peeled off
    from the end. Prose before the trailing block is never touched.

    Returns:
        The body without the furniture, and the removed non-blank lines in
        their original order.
    """
    lines = body.split("\n")
    cut = next((i for i, line in enumerate(lines) if _is_block_header(line)), len(lines))
    while cut > 0 and _is_furniture(lines[cut - 1]):
        cut -= 1
    removed = [line.strip() for line in lines[cut:] if line.strip()]
    return "\n".join(lines[:cut]).strip(), removed


def _is_block_header(line: str) -> bool:
    """Whether a line is only a header such as "إقرأ أيضاً:"."""
    return len(line) <= 40 and normalize(line).lower().strip(_HEADER_PUNCT) in BLOCK_HEADERS


def _is_furniture(line: str) -> bool:
    """Whether a line is blank or page furniture (when it trails the body)."""
    if len(line) > 200:
        return False
    key = normalize(line).lower()
    return (
        not key
        or key.startswith(FURNITURE_PREFIXES)
        or any(phrase in key for phrase in FURNITURE_PHRASES)
        or bool(LONE_URL.match(key))
    )


def clean_text(text: str) -> str:
    """Turn scraped text or HTML into plain text with paragraph breaks.

    Tags are dropped (with the content of script and style elements),
    entities decoded, control characters and bidirectional controls removed,
    whitespace collapsed within each line and runs of blank lines reduced to one.
    """
    if HTML_TAG.search(text):
        text = _html_to_text(text)
    elif "&" in text:
        text = html.unescape(text)
    if _has_bidi(text):
        text = BIDI_CONTROLS.sub("", text)
    if CONTROL.search(text):
        lines = [" ".join(CONTROL.sub(" ", line).split()) for line in text.splitlines()]
    else:  # the same without a pattern run on each line
        lines = [" ".join(line.split()) for line in text.splitlines()]
    paragraphs: list[str] = []
    for line in lines:
        if line or (paragraphs and paragraphs[-1]):
            paragraphs.append(line)
    return "\n".join(paragraphs).strip()


def _has_bidi(text: str) -> bool:
    """Whether a text holds a bidirectional control (``BIDI_CONTROLS``)."""
    return any(char in text for char in _BIDI_CHARS)


def clean_line(text: str) -> str:
    """:func:`clean_text` on one line: for outlet and source names, and tags."""
    return " ".join(clean_text(text).split())


def removed_by_cleaning(raw: str, markup: bool) -> list[str]:
    """What cleaning takes out of ``raw`` that its reader should be told of.

    Each bidirectional control found (as "U+202E", entities decoded first), and
    "HTML markup" when ``markup`` is set and ``raw`` has tags (set it for fields
    that should be plain text: an HTML body is an input format, not a change).
    """
    decoded = html.unescape(raw) if "&#" in raw else raw
    found = (
        sorted({f"U+{ord(c):04X}" for c in BIDI_CONTROLS.findall(decoded)})
        if _has_bidi(decoded)
        else []
    )
    return [*found, "HTML markup"] if markup and HTML_TAG.search(raw) else found


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML fragment, one line per block element."""

    SKIP = frozenset({"script", "style", "noscript", "template"})
    BLOCKS = frozenset(
        {"p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "blockquote"}
        | {"h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "figure", "figcaption"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n" if tag == "p" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n" if tag == "p" else "\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def _html_to_text(fragment: str) -> str:
    """The text of an HTML fragment, script and style content left out."""
    parser = _TextExtractor()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts)


def remove_repeated_lines(
    bodies: Sequence[str],
    outlets: Sequence[str],
    tags: Sequence[Sequence[str]] | None = None,
    titles: Sequence[str] | None = None,
) -> tuple[list[str], list[list[str]]]:
    """Remove what each outlet repeats across its articles, and page furniture.

    Footers, promotional paragraphs, "تصفح المزيد", date stubs, embedded posts and
    the record's own tags printed as lines, lines built around the record's own title
    (given ``titles``): see :mod:`dashboard.text.boilerplate`.
    A body made only of such text is kept whole: it is an article, not furniture.

    Returns:
        The bodies without that text, and the removed text of each body.
    """
    return remove_boilerplate(bodies, outlets, tags, titles=titles)


def dedupe(articles: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Drop exact duplicates: the same URL, or the same normalised title and body.

    The first occurrence is kept. Near-duplicates (syndicated copies with
    small edits) are kept: they are coverage by different outlets.

    Args:
        articles: A frame with ``id``, ``url``, ``title`` and ``body``.

    Returns:
        The kept rows, and the dropped rows with ``duplicate_of`` set to the
        id of the kept row they repeat. Both with a fresh index.
    """
    return split_duplicates(articles, duplicates_of(articles))


def duplicates_of(articles: pd.DataFrame, cheap: list[bytes] | None = None) -> list[str | None]:
    """For each row of ``articles`` (see :func:`dedupe`), the id of the earlier kept row it
    repeats, or None when it is kept; the texts are read one at a time.

    ``cheap`` is :func:`cheap_keys` of the rows when already computed (by the processes
    that cleaned them)."""
    by_url: dict[str, str] = {}
    by_text: dict[bytes, str] = {}
    duplicate_of: list[str | None] = []
    ids, urls = _strings(articles["id"]), _strings(articles["url"])
    if cheap is None:
        cheap = cheap_keys(articles["title"], articles["body"])
    keys = _text_keys(articles["title"], articles["body"], cheap)
    for id_, url, text in zip(ids, urls, keys, strict=True):
        url = url.strip()
        original = by_url.get(url) if url else None
        original = original or by_text.get(text)
        duplicate_of.append(original)
        if original is None:
            if url:
                by_url[url] = id_
            by_text[text] = id_
    return duplicate_of


def split_duplicates(
    articles: pd.DataFrame, duplicate_of: Sequence[str | None]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The kept rows, and the duplicates with ``duplicate_of``; both with a fresh index
    (the text columns are not copied when nothing is dropped)."""
    mask = pd.Series([d is not None for d in duplicate_of], index=articles.index, dtype=bool)
    if not mask.any():
        return articles.reset_index(drop=True), articles.iloc[:0].assign(duplicate_of=[])
    kept = articles.loc[~mask].reset_index(drop=True)
    duplicates = articles.loc[mask].assign(duplicate_of=[d for d in duplicate_of if d])
    return kept, duplicates.reset_index(drop=True)


def _strings(column: Iterable[object]) -> Iterator[str]:
    """A column's values as strings, missing ones as '', one at a time."""
    for v in column:
        yield (
            v if isinstance(v, str) else "" if pd.api.types.is_scalar(v) and pd.isna(v) else str(v)
        )


def cheap_keys(titles: Iterable[object], bodies: Iterable[object]) -> list[bytes]:
    """A cheap key of each title and body: a hash of the normalised title and start of the
    body; equal texts always share it (see :func:`_text_keys`)."""
    return [_cheap_key(t, b) for t, b in zip(_strings(titles), _strings(bodies), strict=True)]


def _text_keys(titles: pd.Series, bodies: pd.Series, cheap: list[bytes]) -> list[bytes]:
    """A hash of each normalised title and body.

    Normalising every whole body is slow, so a cheap key (normalised title
    and start of body, ``cheap``) is computed first; equal texts always share it, and
    only rows whose cheap key is shared get the full normalisation. The texts
    are read one at a time (the columns may hold them as Arrow strings).
    """
    shared = {key for key, n in Counter(cheap).items() if n > 1}
    keys = list(cheap)
    for i, key in enumerate(cheap):
        if key in shared:
            title, body = _strings([titles.iat[i], bodies.iat[i]])
            keys[i] = _digest(normalize(title), normalize(body))
    return keys


def _cheap_key(title: str, body: str) -> bytes:
    """The normalised title and first characters of the body (all of it when short)."""
    head = normalize(body[:_HEAD_RAW])
    head = head[:_HEAD] if len(head) > _HEAD else normalize(body)
    return _digest(normalize(title), head)


def _digest(title: str, body: str) -> bytes:
    """A hash of a normalised title and body."""
    return hashlib.sha1(f"{title}\x1f{body}".encode()).digest()
