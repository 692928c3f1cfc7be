"""Keyword in context: every place a keyword query's words stand, with the words around it.

A place is found by the keyword filter's own rule (:mod:`dashboard.storage.textindex`:
whole words, Arabic proclitics, ``word*`` prefixes, "phrases" in order), applied to the
same normalised title and body (``search_text``). Every word or phrase of the query that
is not excluded (``-word``, ``NOT``) is looked for; a place inside a longer one found at
the same spot (غزة inside "قطاع غزة") is listed once, as the longer.

Lines are shown as written: the article's title and body are split into their words at
spaces, each word normalised on its own (which gives ``search_text`` again), so a place in
the normalised text names the words of the original around it. Context stops at the edge
of the title or the body it stands in.

>>> lines = concordance_lines(
...     pd.DataFrame({"id": ["a"], "title": ["خبر"], "body": ["قال إن الهدنة في غزّة صامدة"],
...                   "outlet": ["س"], "published_at": [pd.Timestamp("2024-01-01")]}),
...     "غزة", width=2)
>>> lines.frame[["left", "keyword", "right"]].values.tolist()
[['الهدنة في', 'غزّة', 'صامدة']]
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

import pandas as pd

from dashboard.analysis.query import Node, Term, match_query, parse_query
from dashboard.storage.textindex import ARTICLE, WORD, has_article, phrase_pattern, words
from dashboard.text.arabic import normalize

DEFAULT_WIDTH = 8
MAX_WIDTH = 30
CAP = 5_000  # lines built at most; every place is still counted
SORTS = ("date", "left1", "left2", "right1", "right2")
COLUMNS = [
    "article_id",
    "published_at",
    "outlet",
    "title",
    "where",
    "left",
    "keyword",
    "right",
]
_JOIN = "\x00"  # never whitespace, never changed by normalisation


def positive_terms(node: Node | None, negated: bool = False) -> list[Term]:
    """The terms of a parsed query that are looked for (not under an odd number of NOTs).

    >>> [t.text for t in positive_terms(parse_query('غزة OR "وقف اطلاق" -مباراة'))]
    ['غزة', 'وقف اطلاق']
    """
    if node is None:
        return []
    if isinstance(node, Term):
        return [] if negated else [node]
    kind, inner = node
    if kind == "not":
        return positive_terms(inner, not negated)
    return list(dict.fromkeys(t for part in inner for t in positive_terms(part, negated)))


def term_places(text: str, term: Term) -> list[tuple[int, int]]:
    """Character spans ``[start, end)`` in a normalised text of every place ``term`` stands,
    overlapping places included; a span covers whole words, proclitics and all."""
    wanted = words(term.text)
    if not wanted:
        return []
    first = wanted[0]
    core = first[len(ARTICLE) :] if has_article(first) else first
    pattern = phrase_pattern(wanted, core, term.prefix)
    places, position = [], 0
    while (found := pattern.search(text, position)) is not None:
        start = found.start()
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        end = found.end()
        while end < len(text) and text[end].isalnum():
            end += 1  # the rest of a word a prefix starts
        places.append((start, end))
        position = found.start() + 1
    return places


def places(text: str, terms: list[Term]) -> list[tuple[int, int]]:
    """The spans of every term in ``text``, in order, a span inside a longer one that
    starts at or before it left out."""
    found = sorted(
        {span for term in terms for span in term_places(text, term)},
        key=lambda span: (span[0], -span[1]),
    )
    kept, reach = [], -1
    for start, end in found:
        if end > reach:
            kept.append((start, end))
            reach = end
    return kept


def sort_word(normal: str) -> str:
    """A word as it sorts: letters and digits only (``"(غزة)،"`` sorts as ``غزة``)."""
    return " ".join(WORD.findall(normal))


@dataclass(frozen=True)
class Words:
    """An article's words as written, their normalised forms and where each starts in
    the normalised text; words before ``title_words`` are the title's."""

    written: list[str]
    normal: list[str]
    starts: list[int]
    title_words: int


def article_words(title: str, body: str, search_text: str) -> Words:
    """The words of ``title`` and ``body`` split at spaces, each normalised alone.

    Joined by spaces, the normalised words are ``search_text``; should an unusual text
    ever normalise differently word by word, the normalised words are shown instead.
    """
    written = f"{title} {body}".split()
    normal = [" ".join(p.split()) for p in normalize(_JOIN.join(written)).split(_JOIN)]
    kept = [(w, n) for w, n in zip(written, normal, strict=True) if n]
    if " ".join(n for _, n in kept) != search_text:
        written = normal = search_text.split()
        kept = list(zip(written, normal, strict=True))
        title_words = len(normalize(title).split())
    else:
        title_words = sum(1 for n in normal[: len(title.split())] if n)
    starts = list(accumulate((len(n) + 1 for _, n in kept), initial=0))[:-1]
    return Words([w for w, _ in kept], [n for _, n in kept], starts, title_words)


def article_lines(row: dict, spans: list[tuple[int, int]], width: int) -> list[dict]:
    """One line per span of an article (``row``: its ``id``, ``title``, ``body``,
    ``search_text``, ``published_at`` and ``outlet``): ``width`` words each side within
    its title or body."""
    found = article_words(row["title"], row["body"], row["search_text"])
    lines = []
    for start, end in spans:
        first = bisect_right(found.starts, start) - 1
        last = bisect_right(found.starts, end - 1) - 1
        in_title = first < found.title_words
        low = 0 if in_title else found.title_words
        high = found.title_words if last < found.title_words else len(found.written)
        before = range(max(low, first - width), first)
        after = range(last + 1, min(high, last + 1 + width))
        lines.append(
            {
                "article_id": row["id"],
                "published_at": row["published_at"],
                "outlet": row["outlet"],
                "title": row["title"],
                "where": "title" if in_title else "body",
                "left": " ".join(found.written[i] for i in before),
                "keyword": " ".join(found.written[first : last + 1]),
                "right": " ".join(found.written[i] for i in after),
                "before": tuple(sort_word(found.normal[i]) for i in reversed(before)),
                "after": tuple(sort_word(found.normal[i]) for i in after),  # nearest first
            }
        )
    return lines


@dataclass(frozen=True)
class Concordance:
    """Lines of a keyword query: ``frame`` (:data:`COLUMNS` plus ``before``/``after``, the
    context's words as they sort, nearest first), every place counted (``places``) in
    ``articles`` articles; only the first ``cap`` places, newest articles first, have lines."""

    frame: pd.DataFrame
    places: int
    articles: int
    cap: int

    @property
    def capped(self) -> bool:
        """Whether places were left without a line."""
        return self.places > len(self.frame)


def concordance_lines(
    articles: pd.DataFrame, query: str, width: int = DEFAULT_WIDTH, cap: int = CAP
) -> Concordance:
    """Every place the words of ``query`` stand in ``articles`` (those passing the filters,
    the query's own included), newest article first, in text order within one.

    Args:
        articles: Rows with ``id``, ``title``, ``body``, ``published_at``, ``outlet`` and,
            when built, ``search_text`` (else it is made here).
        query: A keyword query; its excluded words are not looked for.
        width: Words of context each side (1..:data:`MAX_WIDTH`).
        cap: Lines built at most.
    """
    width = min(max(int(width), 1), MAX_WIDTH)
    terms = positive_terms(parse_query(query))
    if "search_text" not in articles:
        texts = [
            normalize(f"{t} {b}") for t, b in zip(articles["title"], articles["body"], strict=True)
        ]
        articles = articles.assign(search_text=texts)
    if not terms or articles.empty:
        return Concordance(empty_lines(), 0, 0, cap)
    ordered = articles.sort_values("published_at", ascending=False, kind="stable")
    found = [places(text, terms) for text in ordered["search_text"]]
    columns = ("id", "title", "body", "search_text", "published_at", "outlet")
    values = {name: ordered[name].tolist() for name in columns}
    lines: list[dict] = []
    for position, spans in enumerate(found):
        if len(lines) >= cap:
            break
        if spans:
            row = {name: values[name][position] for name in columns}
            lines += article_lines(row, spans[: cap - len(lines)], width)
    frame = pd.DataFrame(lines, columns=[*COLUMNS, "before", "after"])
    counts = [len(spans) for spans in found]
    return Concordance(frame, sum(counts), sum(1 for n in counts if n), cap)


def empty_lines() -> pd.DataFrame:
    """A lines frame with no row."""
    return pd.DataFrame(columns=[*COLUMNS, "before", "after"])


def sort_lines(frame: pd.DataFrame, order: str) -> pd.DataFrame:
    """Lines in ``order`` (one of :data:`SORTS`): ``date`` keeps the newest-first order;
    ``left1``/``left2`` sort by the 1st/2nd word before the keyword, ``right1``/``right2``
    after it; ties go by the other words on that side, nearest first, then the keyword.
    A missing word (the edge of the text) sorts first."""
    if order not in SORTS or order == "date" or frame.empty:
        return frame
    side = "before" if order.startswith("left") else "after"
    chosen = int(order[-1]) - 1

    def key(context: tuple[str, ...]) -> tuple[str, ...]:
        padded = list(context) + [""] * (chosen + 1 - len(context))
        return (padded[chosen], *padded[:chosen], *padded[chosen + 1 :])

    keys = [(key(c), kw) for c, kw in zip(frame[side], frame["keyword"], strict=True)]
    order_of = sorted(range(len(frame)), key=keys.__getitem__)
    return frame.iloc[order_of]


def filter_lines(frame: pd.DataFrame, text: str) -> pd.DataFrame:
    """The lines whose words (context and keyword) satisfy the keyword query ``text``."""
    if not text.strip() or frame.empty:
        return frame
    shown = frame["left"] + " " + frame["keyword"] + " " + frame["right"]
    return frame[match_query(shown.map(normalize), text).to_numpy()]


def export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Lines as a download or the command line prints them: :data:`COLUMNS`."""
    return frame[COLUMNS].reset_index(drop=True)
