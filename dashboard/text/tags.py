"""Segmenting undelimited tag lines ("كلمات دلالية: ...") into multiword tags.

Scraped tag lines run multiword names together with nothing between them.
A tag is recognised as a word sequence that also occurs in the article text
(the first word may carry a clitic there: و, ف, ب, ل, ك, لل); words that match
nothing are grouped into as few tags as possible.

>>> segment_tags("جو بايدن الحرب على غزة واشنطن", ["قال جو بايدن إن الحرب على غزة تقلق واشنطن"])
['جو بايدن', 'الحرب على غزة', 'واشنطن']
"""

from __future__ import annotations

from collections.abc import Iterable

from dashboard.text.arabic import normalize

MAX_WORDS = 5
_CLITICS = ("ول", "وب", "فل", "فب", "و", "ف", "ب", "ل", "ك")
# Cost of a tag that matches the text, and of one that does not (per tag, per word, and per
# word beyond three): unmatched words are grouped into tags of up to three words, and a run
# of matched tags always costs less than the same words taken as one unmatched tag.
_MATCHED = 1.0
_UNMATCHED_TAG, _UNMATCHED_WORD, _LONG_WORD = 0.5, 1.0, 1.0


def segment_tags(line: str, texts: Iterable[str]) -> list[str]:
    """Split a tag line with no delimiters into tags.

    Args:
        line: The tags, space-separated, as written (without "كلمات دلالية:").
        texts: Text the tags should occur in: the article, its page, its corpus.

    Returns:
        The tags as written in ``line``, in order.
    """
    words = line.split()
    if not words:
        return []
    known = _phrases(texts)
    keys = [normalize(w) for w in words]
    # best[i]: (cost, segmentation) of words[:i]; shortest cost wins, ties keep longer tags.
    best: list[tuple[float, list[tuple[int, int]]]] = [(0.0, [])]
    for end in range(1, len(words) + 1):
        options = []
        for start in range(max(0, end - MAX_WORDS), end):
            phrase = " ".join(keys[start:end])
            size = end - start
            cost = _MATCHED if phrase in known else _unmatched(size)
            options.append((best[start][0] + cost, -size, best[start][1] + [(start, end)]))
        cost, _, spans = min(options, key=lambda o: (o[0], o[1]))
        best.append((cost, spans))
    return [" ".join(words[start:end]) for start, end in best[-1][1]]


def _unmatched(size: int) -> float:
    """The cost of a tag of ``size`` words found nowhere in the text."""
    return _UNMATCHED_TAG + _UNMATCHED_WORD * size + _LONG_WORD * max(0, size - 3)


def _phrases(texts: Iterable[str]) -> set[str]:
    """Every normalised word sequence of up to MAX_WORDS words in ``texts``.

    The first word of each sequence is also added without its clitic prefix
    ("بالحرب على غزة" gives "الحرب على غزة", "للقضية" gives "القضية").
    """
    found: set[str] = set()
    for text in texts:
        words = normalize(text).split()
        words = [w.strip(".,،:;؛!؟?\"'«»“”()[]") for w in words]
        for i, first in enumerate(words):
            heads = {first, *_without_clitic(first)}
            for size in range(1, MAX_WORDS + 1):
                if i + size > len(words):
                    break
                rest = " ".join(words[i + 1 : i + size])
                for head in heads:
                    found.add(f"{head} {rest}" if rest else head)
    return found


def _without_clitic(word: str) -> list[str]:
    """Forms of ``word`` with a leading clitic removed (at least two letters left)."""
    forms = []
    for clitic in _CLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= 2:
            forms.append(word[len(clitic) :])
    if word.startswith("لل") and len(word) > 4:
        forms.append("ال" + word[2:])
    return forms
