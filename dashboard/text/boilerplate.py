"""Learned boilerplate: what an outlet repeats across its articles, and page furniture.

A body is cut into segments: its lines, each line's sentences, and runs of date stubs
("14 آب", "اليوم 13:00") between them, so that a page a scraper flattened into one line is
cut the same way as a page with line breaks. Each segment gets a key: its words, with
punctuation, diacritics and spelling variants folded (near-exact copies share a key). A key
found in many of an outlet's articles (at least ``MIN_ARTICLES``, and ``MIN_SHARE`` of them) is that
outlet's boilerplate, at any length: a footer line, a promotional paragraph, a "read more"
prompt. It is removed wherever it stands, also inside a longer segment (long copies at
once, short ones only beside other removed text).

Page furniture any outlet carries is removed without learning: date stubs standing alone,
embedded posts ("pic.twitter.com/…", "— name (@handle) date"), "read more" lines, and lines
made only of the record's own tags. What is removed is returned, article by article.

A record's own title, where the body repeats it, stands as one placeholder word while keys
are made, so that a line built from a fixed text and the title ("the story's link: TITLE",
"TITLE - from our correspondent") shares one key across the outlet's articles and is
learned like any other repeated line.

>>> bodies = [f"خبر رقم {i} عن المطر.\\nتابعوا صفحتنا على المنصات" for i in range(12)]
>>> kept, removed = remove_boilerplate(bodies, ["أ"] * 12)
>>> kept[0], removed[0]
('خبر رقم 0 عن المطر.', ['تابعوا صفحتنا على المنصات'])
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from dashboard.text.arabic import DIACRITICS
from dashboard.text.dates import MONTHS

# A key is learned when at least this many of an outlet's articles carry it, and at least
# this share of them: an outlet with fewer articles learns nothing, and loses no prose.
MIN_ARTICLES, MIN_SHARE = 10, 0.01
TITLE_WORDS = 3  # a title this long or longer is replaced by ``TITLE`` in its body's keys
TITLE = "_title_"  # a word that folding keeps and that no article text contains
LONG_WORDS = 6  # a learned copy this long is removed even inside a longer segment
SHORT_LINE = 600  # a line holding an embedded post is removed whole up to this length
READ_MORE_WORDS = 25  # a "read more" line is at most this long
TAG_LINE_WORDS = 40  # a line of tags is at most this long

_ENDS = (".", "!", "?", "؟", "…")
_SENTENCE_END = re.compile(r"[.!?؟…](\s+)")  # a mark that ends a sentence, the spaces after it
_PUNCTUATION = re.compile(r"[^\w\s\x00]+")  # neither word (nor the separator \x00) nor space
_LETTER = re.compile(r"[^\W\d_]")


def _variants(name: str) -> str:
    """A month name as a pattern that accepts its hamza and alef-maqsura spellings."""
    return "".join({"ا": "[اأإآ]", "ي": "[يى]", " ": r"\s+"}.get(c, re.escape(c)) for c in name)


_MONTH = "|".join(_variants(m) for m in sorted(MONTHS, key=len, reverse=True))
_TIME = r"\d{1,2}:\d{2}(?:\s*(?:ص|م|am|pm))?"
_STUB = (
    rf"(?:(?:\d{{1,2}}\s+(?:{_MONTH})(?![\u0621-\u064a])(?:\s*,?\s*\d{{4}})?"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}})(?:\s+{_TIME})?"
    rf"|(?:اليوم|أمس|امس)\s+{_TIME}|{_TIME})"
)
STUB = re.compile(_STUB, re.IGNORECASE)
# What every stub holds (a digit, then a month name, "-", "/" or ":"): a cheap test first.
STUB_HINT = re.compile(rf"\d(?:[-/:]\d|\s+(?:{_MONTH}))", re.IGNORECASE)
STUB_RUN = re.compile(  # the lookahead rejects most positions cheaply
    rf"(?=[\dاأ])(?<![\w:/]){_STUB}(?:\s+{_STUB})*(?![\w:/])", re.IGNORECASE
)
# Embedded posts: a picture link, a link to a post, a signature "— name (@handle) date".
EMBED = re.compile(
    r"pic\.twitter\.com/\w+"
    r"|https?://(?:www\.|mobile\.)?(?:twitter|x|instagram|facebook|fb|tiktok|youtube|t)"
    r"\.(?:com|co|be|me)/\S*"
    r"|[—–]\s*[^\n()—–]{1,60}?\(@\w{1,15}\)(?:\s*[A-Za-z]+\s+\d{1,2},\s*\d{4})?"
    r"|\([^()\n]{0,20}@\w{1,15}\)",
    re.IGNORECASE,
)
LONE_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def key(text: str) -> str:
    """The words of a text, diacritics, tatweel, alef forms and case folded, punctuation
    dropped (cheaper than ``normalize``, which cleaning runs on every line)."""
    return _fold(text).strip()


def _fold(text: str) -> str:
    """Diacritics and tatweel dropped, alef forms and case folded, each run of punctuation
    and spaces between words made one space (and none at either end). Punctuation is made a
    space first, then spaces are collapsed: faster than one pattern matching every space."""
    text = DIACRITICS.sub("", text).replace("\u0640", "")
    for variant, plain in (("أ", "ا"), ("إ", "ا"), ("آ", "ا"), ("ٱ", "ا"), ("ى", "ي")):
        text = text.replace(variant, plain)
    return " ".join(_PUNCTUATION.sub(" ", text).split()).lower()


READ_MORE = tuple(
    f"{key(p)} "
    for p in ("اقرأ أيضا", "اقرأ كذلك", "اقرأ المزيد", "للمزيد اقرأ", "read more", "read also")
)
_READ_MORE_START = tuple({p.split()[0] for p in READ_MORE})


# What counting saw of a body: whether a segment of it is a run of date stubs, and the keys
# of its segments joined by spaces (see _may_hold).
Seen = tuple[bool, str]


@dataclass
class _Piece:
    """One segment of a line: its text, its key and whether it is a run of date stubs."""

    text: str
    key: str = ""
    stubs: int = 0  # how many date stubs the piece is a run of
    alone: bool = False  # a run of stubs that is a sentence or line of its own
    removed: bool = False
    part: bool = False  # a part of a sentence cut around a learned copy


@dataclass
class Learned:
    """An outlet's learned boilerplate: the keys, and those of two words or more by their
    first two words (to find them inside longer segments)."""

    keys: frozenset[str] = frozenset()
    by_start: dict[tuple[str, str], list[tuple[str, ...]]] = field(default_factory=dict)
    firsts: frozenset[str] = frozenset()  # the first words of ``by_start``


def remove_boilerplate(
    bodies: Sequence[str],
    outlets: Sequence[str],
    tags: Sequence[Sequence[str]] | None = None,
    min_articles: int = MIN_ARTICLES,
    min_share: float = MIN_SHARE,
    titles: Sequence[str] | None = None,
) -> tuple[list[str], list[list[str]]]:
    """Remove each outlet's learned boilerplate and page furniture from its bodies.

    A body that would lose all its text is kept whole: it is an article, not furniture.

    Args:
        bodies: Cleaned article bodies (lines separated by line breaks).
        outlets: The outlet of each body; boilerplate is learned per outlet.
        tags: Each record's own tags (lines made only of them are removed).
        min_articles: The least number of an outlet's articles a learned key is in.
        min_share: The least share of an outlet's articles a learned key is in.
        titles: Each record's title (lines built around it are learned as one).

    Returns:
        The bodies without boilerplate, and the removed text of each, in body order.
    """
    learned = learn(bodies, outlets, min_articles, min_share, titles)
    own_tags = tags if tags is not None else [()] * len(bodies)
    return strip_all(bodies, outlets, own_tags, learned, titles)


def strip_all(
    bodies: Iterable[str],
    outlets: Iterable[str],
    tags: Iterable[Sequence[str]],
    learned: dict[str, Learned],
    titles: Iterable[str] | None = None,
    seen: Iterable[Seen | None] | None = None,
) -> tuple[list[str], list[list[str]]]:
    """:func:`strip` each body with its outlet's learned boilerplate (see :func:`learn`);
    ``seen`` holds what :func:`count_keys` saw of each body, where it was kept (the body is
    not folded again to test whether it may hold anything to remove).

    Returns:
        The bodies without boilerplate, and the removed text of each, in body order.
    """
    kept, removed = [], []
    rows = zip(bodies, outlets, tags, _titles(titles), _seen_or_none(seen), strict=False)
    for body, outlet, own, title, saw in rows:
        marked = _mark_title(body, title)
        known = learned.get(outlet, Learned())
        if _may_hold(marked, known, own, saw):
            text, cut = strip(marked, _lines(marked), known, own)
        else:
            text, cut = marked, []
        if marked is not body:
            text = text.replace(TITLE, title) if cut else body
            cut = [line.replace(TITLE, title) for line in cut]
        kept.append(text)
        removed.append(cut)
    return kept, removed


def _seen_or_none(seen: Iterable[Seen | None] | None) -> Iterable[Seen | None]:
    """What was seen of each body, or an endless run of None."""
    if seen is None:
        while True:
            yield None
    yield from seen


def _titles(titles: Iterable[str] | None) -> Iterable[str]:
    """The titles, or an endless run of empty ones."""
    if titles is None:
        while True:
            yield ""
    yield from titles


def _mark_title(body: str, title: str) -> str:
    """The body with each copy of its own title (of ``TITLE_WORDS`` words or more, as whole
    words) written as ``TITLE``; the body itself (the same object) when it holds none."""
    title = title.strip()
    if len(title.split()) < TITLE_WORDS or title not in body or TITLE in body:
        return body
    # As re.sub of the title between non-word characters, without a pattern per title.
    parts, start, at = [], 0, body.find(title)
    while at >= 0:
        end = at + len(title)
        if (at == 0 or not _is_word(body[at - 1])) and (
            end == len(body) or not _is_word(body[end])
        ):
            parts += [body[start:at], TITLE]
            start = at = end
        else:
            at += 1
        at = body.find(title, at)
    return "".join([*parts, body[start:]]) if parts else body


def _is_word(char: str) -> bool:
    """Whether a character is one ``\\w`` matches."""
    return char.isalnum() or char == "_"


def learn(
    bodies: Sequence[str],
    outlets: Sequence[str],
    min_articles: int,
    min_share: float,
    titles: Sequence[str] | None = None,
) -> dict[str, Learned]:
    """The keys each outlet repeats in enough of its distinct articles (see :class:`KeyCounts`)."""
    rows = zip(bodies, outlets, _titles(titles), first_copies(bodies, outlets), strict=False)
    distinct = ((body, outlet, title) for body, outlet, title, first in rows if first)
    return count_keys(distinct).learned(min_articles, min_share)


def first_copies(
    bodies: Iterable[str], outlets: Iterable[str], marks: Iterable[bytes] | None = None
) -> list[bool]:
    """Whether each body is the first of its outlet with its text (copies are counted once);
    ``marks`` are the bodies' :func:`body_mark` where already made (``bodies`` then unused)."""
    seen: set[tuple[bytes, str]] = set()
    first = []
    for mark, outlet in zip(
        map(body_mark, bodies) if marks is None else marks, outlets, strict=True
    ):
        first.append((mark, outlet) not in seen)
        seen.add((mark, outlet))
    return first


def body_mark(body: str) -> bytes:
    """A 16-byte hash of a body's text: copies share it."""
    return hashlib.blake2b(body.encode(), digest_size=16).digest()


@dataclass
class KeyCounts:
    """How many distinct articles of each outlet carry each key, and each outlet's number of
    distinct articles.

    Keys are counted by their 64-bit hash, one body at a time, so that counting holds a
    number per distinct key rather than every body's segments (two keys sharing a hash, odds
    of about one in 10^6 for millions of keys, would be counted together); a key's text is
    kept once it is met a second time (a key met once is never learned). The hash is
    Python's, salted per interpreter: counts made in forked processes add up, counts made
    in separate interpreters do not. Counts of slices of the articles add up to the counts
    of all of them, except that a key's text is kept only if some slice met it twice: exact
    when every key learned is in at least twice as many articles as there are slices.
    """

    counts: dict[str, Counter[int]] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)
    articles: Counter[str] = field(default_factory=Counter)

    def add(self, other: KeyCounts) -> None:
        """Add the counts of other articles (no body of which is counted here)."""
        for outlet, found in other.counts.items():
            self.counts.setdefault(outlet, Counter()).update(found)
        for number, text in other.texts.items():
            self.texts.setdefault(number, text)
        self.articles.update(other.articles)

    def learned(self, min_articles: int, min_share: float) -> dict[str, Learned]:
        """Each outlet's keys in at least ``min_articles`` and ``min_share`` of its articles."""
        learned = {}
        for outlet, found in self.counts.items():
            least = max(min_articles, min_share * self.articles[outlet])
            keys = frozenset(
                self.texts[n]
                for n, count in found.items()
                if count >= least and n in self.texts and _LETTER.search(self.texts[n])
            )
            by_start: dict[tuple[str, str], list[tuple[str, ...]]] = {}
            for words in (tuple(k.split()) for k in keys):
                if len(words) >= 2:
                    by_start.setdefault(words[:2], []).append(words)
            for units in by_start.values():
                units.sort(key=len, reverse=True)
            learned[outlet] = Learned(keys, by_start, frozenset(w for w, _ in by_start))
        return learned


def count_keys(
    rows: Iterable[tuple[str, str, str]],
    seen: list[Seen] | None = None,
    counts: KeyCounts | None = None,
) -> KeyCounts:
    """The keys of articles given as (body, outlet, title), counted by outlet (added to
    ``counts`` when given); every row is counted (leave copies out first:
    :func:`first_copies`). What was seen of each body is appended to ``seen``, when given,
    for :func:`strip_all`."""
    counts = KeyCounts() if counts is None else counts
    for body, outlet, title in rows:
        counts.articles[outlet] += 1
        lines = _lines(_mark_title(body, title))
        if seen is not None:
            pieces = [p for line in lines for p in line]
            seen.append((any(p.stubs for p in pieces), " ".join(p.key for p in pieces if p.key)))
        keys = {p.key for line in lines for p in line if p.key and not p.stubs}
        found = counts.counts.setdefault(outlet, Counter())
        for k in keys:
            number = hash(k)
            found[number] += 1
            if found[number] == 2:
                counts.texts.setdefault(number, k)
    return counts


def strip(
    body: str, lines: list[list[_Piece]], learned: Learned, tags: Sequence[str] = ()
) -> tuple[str, list[str]]:
    """One body without its learned boilerplate and furniture, and what was removed."""
    tag_words = {tuple(k.split()) for t in tags if (k := key(t))}
    tag_starts = {words[0] for words in tag_words}
    out, removed, changed = [], [], False
    for raw, found in zip(body.split("\n"), lines, strict=True):
        if not found or not _suspect(raw, found, learned, tag_starts):
            out.append(raw)
            continue
        pieces = [_Piece(p.text, p.key, p.stubs, p.alone) for p in found]
        cut = _mark(raw, pieces, learned, tag_words)
        if not cut:
            out.append(raw)
            continue
        changed = True
        removed.extend(cut)
        kept = " ".join(p.text for p in pieces if not p.removed)
        if kept:
            out.append(kept)
    if not changed:
        return body, []
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
    if not _LETTER.search(text):
        return body, []
    return text, removed


def _may_hold(body: str, learned: Learned, tags: Sequence[str], seen: Seen | None = None) -> bool:
    """Whether :func:`strip` may remove anything from a body: a cheap test over the whole
    body that passes whenever a line of it passes :func:`_suspect` (the body's words and
    word pairs hold those of each of its segments), so that most bodies are never cut up.
    With ``seen`` (its segments' stubs and keys, from :func:`count_keys`) the body is not
    folded again: the segments' keys, one after the other, hold each segment's words and
    word pairs too."""
    if "@" in body or "http" in body or "www." in body or "pic." in body:
        return True
    if seen is None:
        if STUB_HINT.search(body) and STUB_RUN.search(body):
            return True
        folded = key(body)
    elif seen[0]:
        return True
    else:
        folded = seen[1]
    if any(start in folded for start in _READ_MORE_START):
        return True
    words = folded.split()
    tag_starts = {k.split()[0] for t in tags if (k := key(t))}
    return (
        not learned.keys.isdisjoint(words)
        or not tag_starts.isdisjoint(words)
        or _has_copy(words, learned)
    )


def _suspect(raw: str, pieces: list[_Piece], learned: Learned, tag_starts: set[str]) -> bool:
    """Whether a line may hold anything to remove (a cheap test before the full one)."""
    if "@" in raw or "http" in raw or "www." in raw or "pic." in raw:
        return True
    for piece in pieces:
        if piece.stubs or piece.key in learned.keys or piece.key.startswith(_READ_MORE_START):
            return True
        words = piece.key.split()
        if words and words[0] in tag_starts:
            return True
        if len(words) >= 3 and not learned.firsts.isdisjoint(words) and _has_copy(words, learned):
            return True
    return False


def _has_copy(words: list[str], learned: Learned) -> bool:
    """Whether a learned copy of two words or more may start among these words."""
    return not learned.by_start.keys().isdisjoint(pairwise(words))


def _mark(
    raw: str, pieces: list[_Piece], learned: Learned, tag_words: set[tuple[str, ...]]
) -> list[str]:
    """Mark the removed pieces of one line; returns the removed text, runs joined."""
    line_key = " ".join(p.key for p in pieces if p.key)
    if len(raw) <= SHORT_LINE and EMBED.search(raw):
        return _remove_all(pieces)
    if line_key in learned.keys or _covered(line_key.split(), tag_words):
        return _remove_all(pieces)
    at = 0
    while at < len(pieces):
        piece = pieces[at]
        at += 1
        if piece.stubs:
            # A run of stubs goes when it has two or more, or a line or sentence is only it.
            piece.removed = piece.stubs >= 2 or piece.alone
        elif piece.key in learned.keys or _read_more(piece) or _tags_only(piece, tag_words):
            piece.removed = True
        elif match := _last(EMBED, piece.text):
            piece.removed = True
            rest = piece.text[match.end() :].strip()
            piece.text = piece.text[: match.end()]
            if _LETTER.search(rest):
                pieces.insert(at, _Piece(rest, key(rest)))
        elif LONE_URL.fullmatch(piece.text):
            piece.removed = True
    _inside(pieces, learned)
    for i, piece in enumerate(pieces):
        if piece.removed:
            continue
        near = [pieces[j] for j in (i - 1, i + 1) if 0 <= j < len(pieces)]
        if piece.stubs or not _LETTER.search(piece.text):
            # A stub or a stray mark left alone by the text removed around it.
            piece.removed = all(p.removed for p in near)
    return _removed_runs(pieces)


def _remove_all(pieces: list[_Piece]) -> list[str]:
    """Mark every piece removed; the line's text."""
    for piece in pieces:
        piece.removed = True
    return [" ".join(p.text for p in pieces)]


def _read_more(piece: _Piece) -> bool:
    """Whether a piece is a short line opening with "read more" words."""
    return f"{piece.key} ".startswith(READ_MORE) and piece.key.count(" ") < READ_MORE_WORDS


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The last match of a pattern in a text, or None."""
    if "@" not in text and "pic." not in text and "http" not in text:
        return None
    match = None
    for match in pattern.finditer(text):  # noqa: B007 - keep the last one
        pass
    return match


def _tags_only(piece: _Piece, tag_words: set[tuple[str, ...]]) -> bool:
    """Whether a piece is only the record's own tags."""
    return _covered(piece.key.split(), tag_words)


def _covered(words: list[str], tag_words: set[tuple[str, ...]]) -> bool:
    """Whether the words are a sequence of whole tags (and nothing else)."""
    if not words or not tag_words or len(words) > TAG_LINE_WORDS:
        return False
    lengths = sorted({len(t) for t in tag_words})
    reach = [True] + [False] * len(words)
    for end in range(1, len(words) + 1):
        reach[end] = any(
            n <= end and reach[end - n] and tuple(words[end - n : end]) in tag_words
            for n in lengths
        )
    return reach[-1]


def _inside(pieces: list[_Piece], learned: Learned) -> None:
    """Remove learned copies inside longer pieces: long ones anywhere, shorter ones only
    between removed text and the edge of their sentence (or more removed text)."""
    at = 0
    while at < len(pieces):
        piece = pieces[at]
        words = piece.key.split()
        if piece.removed or len(words) < 3 or not _has_copy(words, learned):
            at += 1
            continue
        parts = _split_by_copies(piece.text, learned)
        pieces[at : at + 1] = parts
        at += len(parts)
    for _ in range(2):  # from both sides
        for i, piece in enumerate(pieces):
            if piece.removed or not piece.part or piece.key not in learned.keys:
                continue
            sides = [pieces[j] if 0 <= j < len(pieces) else None for j in (i - 1, i + 1)]
            edge = [side is None or not side.part for side in sides]
            gone = [side is not None and side.removed for side in sides]
            piece.removed = any(gone) and all(e or g for e, g in zip(edge, gone, strict=True))


def _split_by_copies(text: str, learned: Learned) -> list[_Piece]:
    """A piece cut into parts around the learned copies in it (long copies removed)."""
    tokens = text.split()
    words: list[tuple[str, int]] = [(w, i) for i, t in enumerate(tokens) for w in key(t).split()]
    flat = [w for w, _ in words]
    spans: list[tuple[int, int, bool]] = []
    i = 0
    while i < len(flat) - 1:
        for unit in learned.by_start.get((flat[i], flat[i + 1]), ()):
            if tuple(flat[i : i + len(unit)]) == unit:
                end = words[i + len(unit) - 1][1] + 1
                spans.append((words[i][1], end, len(unit) >= LONG_WORDS))
                i += len(unit)
                break
        else:
            i += 1
    if not spans:
        return [_Piece(text, key(text))]
    parts, start = [], 0
    for begin, end, long in spans:
        if begin < start:
            continue
        if begin > start:
            rest = " ".join(tokens[start:begin])
            parts.append(_Piece(rest, key(rest), part=True))
        copy = " ".join(tokens[begin:end])
        parts.append(_Piece(copy, key(copy), removed=long, part=True))
        start = end
    if start < len(tokens):
        rest = " ".join(tokens[start:])
        parts.append(_Piece(rest, key(rest), part=True))
    return parts


def _removed_runs(pieces: list[_Piece]) -> list[str]:
    """The removed pieces' text, adjacent ones joined."""
    runs: list[str] = []
    joined = False
    for piece in pieces:
        if piece.removed and joined:
            runs[-1] = f"{runs[-1]} {piece.text}"
        elif piece.removed:
            runs.append(piece.text)
        joined = piece.removed
    return [r.strip() for r in runs if r.strip()]


def _lines(body: str) -> list[list[_Piece]]:
    """Each line of a body as its pieces: sentences, and runs of date stubs between them."""
    out = []
    hint = STUB_HINT.search(body)  # a line's stubs are the body's: most bodies have none
    for line in body.split("\n"):
        line = line.strip()
        pieces: list[_Piece] = []
        start = 0
        for match in STUB_RUN.finditer(line) if hint and STUB_HINT.search(line) else ():
            before, after = line[start : match.start()].strip(), line[match.end() :].strip()
            pieces += [_Piece(s) for s in _sentences(before)]
            run = match.group()
            alone = (not before or before.endswith(_ENDS)) and (not after or run.endswith(_ENDS))
            pieces.append(_Piece(run, stubs=len(STUB.findall(run)), alone=alone))
            start = match.end()
        pieces += [_Piece(s) for s in _sentences(line[start:].strip())]
        out.append(pieces)
    flat = [p for pieces in out for p in pieces]
    for piece, piece_key in zip(flat, _keys([p.text for p in flat]), strict=True):
        piece.key = piece_key
    return out


def _sentences(text: str) -> list[str]:
    """The sentences of a text (none empty), cut at the spaces after a mark that ends one:
    a search for the mark, faster than a split at spaces that look behind for it."""
    out, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        out.append(text[start : match.start(1)])
        start = match.end()
    out.append(text[start:])
    return [sentence for sentence in out if sentence]


def _keys(texts: list[str]) -> list[str]:
    """:func:`key` of many texts with one pass of folding."""
    if not texts:
        return []
    return [part.strip() for part in _fold("\x00".join(texts)).split("\x00")]
