"""Cleaning quality: page furniture left in cleaned bodies, and prose lost, against the
line-based cleaner Marsad had before learned boilerplate, in the same run.

Corpora: the tagged development corpus (Al Mayadeen, where the cleaner was developed) and a
held-out one, SaudiNewsNet (14 outlets), chosen before any tuning and not looked at while
tuning. Both cleaners start from the same text: ``clean_text`` and ``strip_boilerplate``
(trailing furniture), exact duplicate bodies dropped.

The measures are independent of the cleaner's own rules:

- **furniture left**: the share of cleaned bodies that still hold at least one of
  a sentence (split at line breaks and . ! ? ؟) found in at least ``REPEAT_SHARE`` of the
  outlet's cleaned bodies (and ``REPEAT_MIN`` of them); a word 8-gram found in at least
  ``SHINGLE_SHARE`` of them (catches furniture glued into longer lines); an embedded post
  (``pic.twitter.com``, a link to a post or a ``t.co`` link, "(@handle)"); a line that is
  only a URL; a date stub (a line that is only a date or time as the date parser reads it,
  or two dates or times side by side); a "read more" line; a line that is one of the
  record's own tags.
- **prose lost**: sentences of four words or more that occur in only one article of their
  outlet (before cleaning) and hold none of the patterns above (lines holding an embedded
  post count as the post, and a line holding the record's own title with at most
  ``TITLE_EXTRA`` other words counts as a copy of it); the share of them whose words are no
  longer in the cleaned body, in place. A sentence of ``PROSE_WORDS + TRIM`` words or more
  that lost at most ``TRIM`` words at its ends (a dateline that lost its agency's name) is
  counted apart, as trimmed, not as lost.

Run with ``make bench BENCH=cleaning``; writes ``bench/results/cleaning.json``.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import pairwise
from pathlib import Path

import pandas as pd

from dashboard.text.arabic import normalize
from dashboard.text.clean import clean_text, remove_repeated_lines, strip_boilerplate
from dashboard.text.dates import ARABIC_DATE

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
DATA = ROOT.parent / "shared" / "data"
CORPORA = {
    "almayadeen (development)": DATA / "almayadeen_2014_2022" / "almayadeen_2014_2022.jsonl.gz",
    "saudinewsnet (held out)": DATA / "saudinewsnet" / "saudinewsnet.jsonl.gz",
}
REPEAT_SHARE, REPEAT_MIN = 0.02, 5
SHINGLE_SHARE, SHINGLE = 0.05, 8
PROSE_WORDS = 4
TITLE_EXTRA = 8  # words a line may add to the title and still be a copy of it
TRIM = 2  # words a sentence may lose at its ends and count as trimmed, not lost
TARGETS = {"furniture_share": 0.02, "prose_lost_share": 0.001}

_SENTENCE = re.compile(r"(?<=[.!?؟])\s+|\n")
_NOT_LETTER = re.compile(r"[^\w]+")
_EMBED = re.compile(
    r"pic\.twitter\.com|(?:twitter|x)\.com/\w+/status|t\.co/\w|instagram\.com/p/|\(@\w+\)",
    re.IGNORECASE,
)
_URL_LINE = re.compile(r"\s*(?:https?://|www\.)\S+\s*")
READ_MORE = ("اقرا ايضا", "اقرا كذلك", "اقرا المزيد", "read more", "read also")
# a time, after a word (اليوم 13:00) or before a zone written in one- to three-letter words
_TIME = re.compile(r"(?:[\u0621-\u064a]+\s+)?\d{1,2}:\d{2}(?:\s+[\u0621-\u064aA-Za-z]{1,3}\b){0,2}")


def load(path: Path) -> pd.DataFrame:
    """``body``, ``title``, ``outlet`` and ``tags`` of a corpus file, as the cleaners see them."""
    frame = pd.read_json(path, lines=True, dtype=False)
    body = frame["body"] if "body" in frame else frame["content"]
    tags = frame["keywords"] if "keywords" in frame else pd.Series([[]] * len(frame))
    out = pd.DataFrame(
        {
            "body": [strip_boilerplate(clean_text(str(b or "")))[0] for b in body],
            "title": [clean_text(str(t or "")) for t in frame.get("title", [""] * len(frame))],
            "outlet": frame["source"].astype(str),
            "tags": [[t for t in (v or []) if str(t).strip()] for v in tags],
        }
    )
    return out[out["body"] != ""].drop_duplicates("body", ignore_index=True)


def baseline_lines(
    bodies: Sequence[str], outlets: Sequence[str], min_articles: int = 5, share: float = 0.03
) -> list[str]:
    """The line-based cleaner Marsad had before: short lines (up to 200 characters) in at
    least 5 and 3% of an outlet's articles removed, a body made only of them kept whole."""
    seen: dict[str, Counter[str]] = {}
    per_outlet: Counter[str] = Counter()
    for text, outlet in dict.fromkeys(zip(bodies, outlets, strict=True)):
        per_outlet[outlet] += 1
        short = {s for line in text.split("\n") if 0 < len(s := line.strip()) <= 200}
        seen.setdefault(outlet, Counter()).update(short)
    learned = {
        o: {s for s, n in c.items() if n >= min_articles and n >= share * per_outlet[o]}
        for o, c in seen.items()
    }
    out = []
    for body, outlet in zip(bodies, outlets, strict=True):
        lines = body.split("\n")
        cut = [line.strip() in learned[outlet] for line in lines]
        if not any(cut) or all(c or not line.strip() for c, line in zip(cut, lines, strict=True)):
            out.append(body)
            continue
        keep = [line for line, c in zip(lines, cut, strict=True) if not c]
        out.append(re.sub(r"\n{3,}", "\n\n", "\n".join(keep)).strip())
    return out


def sentence_key(text: str) -> str:
    """A sentence's words, normalised, punctuation dropped."""
    return " ".join(_NOT_LETTER.sub(" ", normalize(text).lower()).split())


def sentences(body: str) -> list[str]:
    """The keys of a body's sentences (split at line breaks and . ! ? ؟), blanks left out."""
    return [k for s in _SENTENCE.split(body) if (k := sentence_key(s))]


def is_date_stub(line: str) -> bool:
    """A line that is only a date or time, or holds two dates or times side by side."""
    text = normalize(line).strip(" .،,:-–—()")
    if not text:
        return False
    matches = [m for m in ARABIC_DATE.finditer(text) if m.group(1)] + list(_TIME.finditer(text))
    if any(m.start() == 0 and m.end() == len(text) for m in matches):
        return True
    spans = sorted((m.start(), m.end()) for m in matches)
    return any(not text[a_end:b_start].strip() for (_, a_end), (b_start, _) in pairwise(spans))


def furniture(frame: pd.DataFrame, bodies: Sequence[str]) -> dict[str, list[bool]]:
    """For each detector, whether each cleaned body still holds furniture."""
    keys = [sentences(b) for b in bodies]
    shingles = [_shingles(k) for k in keys]
    repeated, common = set(), set()
    for outlet, rows in frame.groupby("outlet").groups.items():
        n = len(rows)
        counts = Counter(k for r in rows for k in set(keys[r]))
        least = max(REPEAT_MIN, REPEAT_SHARE * n)
        repeated |= {(outlet, k) for k, c in counts.items() if c >= least}
        grams = Counter(g for r in rows for g in shingles[r])
        least = max(REPEAT_MIN, SHINGLE_SHARE * n)
        common |= {(outlet, g) for g, c in grams.items() if c >= least}
    outlets, tags = frame["outlet"].tolist(), frame["tags"].tolist()
    found: dict[str, list[bool]] = {
        "repeated sentence": [
            any((o, k) in repeated for k in ks) for o, ks in zip(outlets, keys, strict=True)
        ],
        "repeated 8-gram": [
            any((o, g) in common for g in gs) for o, gs in zip(outlets, shingles, strict=True)
        ],
        "embedded post": [bool(_EMBED.search(b)) for b in bodies],
        "URL line": [any(_URL_LINE.fullmatch(line) for line in b.split("\n")) for b in bodies],
        "date stub": [any(is_date_stub(line) for line in b.split("\n")) for b in bodies],
        "read more line": [any(_read_more(line) for line in b.split("\n")) for b in bodies],
        "tag line": [
            bool({sentence_key(t) for t in own} & {sentence_key(x) for x in b.split("\n")})
            for b, own in zip(bodies, tags, strict=True)
        ],
    }
    return found


def _shingles(keys: list[str]) -> set[int]:
    """Hashes of the word 8-grams of a body (across its sentences)."""
    words = " ".join(keys).split()
    return {hash(tuple(words[i : i + SHINGLE])) for i in range(len(words) - SHINGLE + 1)}


def prose_lost(frame: pd.DataFrame, bodies: Sequence[str]) -> tuple[int, int]:
    """(lost, total): sentences found in one article of their outlet only, and not furniture
    by pattern, whose words are gone from the cleaned body (trimmed ones not counted)."""
    counted = prose_fates(frame, bodies)
    return counted["lost"], sum(counted.values())


def prose_fates(frame: pd.DataFrame, bodies: Sequence[str]) -> Counter[str]:
    """How many of the prose sentences (found in one article of their outlet only, not
    furniture by pattern) the cleaned bodies kept whole, kept trimmed, or lost."""
    raw = [
        prose(b, own, title)
        for b, own, title in zip(frame["body"], frame["tags"], frame["title"], strict=True)
    ]
    fates: Counter[str] = Counter({"kept": 0, "trimmed": 0, "lost": 0})
    for rows in frame.groupby("outlet").groups.values():
        counts = Counter(k for r in rows for k in set(raw[r]))
        for r in rows:
            kept = f" {' '.join(sentences(bodies[r]))} "
            for k in set(raw[r]):
                if counts[k] == 1:
                    fates[fate(k, kept)] += 1
    return fates


def fate(sentence: str, kept: str) -> str:
    """ "kept" when ``sentence`` (a key) stands whole in ``kept`` (keys joined, spaced at
    both ends), "trimmed" when a run of its words does that lacks at most ``TRIM`` words at
    its ends and keeps ``PROSE_WORDS`` or more, else "lost"."""
    if f" {sentence} " in kept:
        return "kept"
    words = sentence.split()
    for cut in range(1, TRIM + 1):
        for start in range(cut + 1):
            run = words[start : len(words) - (cut - start)]
            if len(run) >= PROSE_WORDS and f" {' '.join(run)} " in kept:
                return "trimmed"
    return "lost"


def prose(body: str, tags: Sequence[str], title: str = "") -> list[str]:
    """The keys of a body's sentences of ``PROSE_WORDS`` words or more that no furniture
    pattern marks: not in a line holding an embedded post (up to 600 characters), a line of
    the record's own tags or a "read more" line; not part of a copy of the record's own
    title (a link to the article: ``title_copies``); neither a URL nor a date stub."""
    own = {sentence_key(t) for t in tags}
    heading = f" {sentence_key(title)} " if len(title.split()) >= PROSE_WORDS else ""
    out = []
    for line in body.split("\n"):
        if (len(line) <= 600 and _EMBED.search(line)) or _read_more(line):
            continue
        if sentence_key(line) in own:
            continue
        parts = _SENTENCE.split(line)
        keys = [sentence_key(sentence) for sentence in parts]
        for sentence, k, copied in zip(parts, keys, title_copies(heading, keys), strict=True):
            if copied or _EMBED.search(sentence) or "http" in sentence or is_date_stub(sentence):
                continue
            if k.count(" ") + 1 >= PROSE_WORDS:
                out.append(k)
    return out


def title_copies(heading: str, keys: Sequence[str]) -> list[bool]:
    """For the sentences of a line (keys), whether each is part of a copy of the title
    (``heading``: its key spaced at both ends): the sentences that overlap a place where the
    title's words stand in a row, with at most ``TITLE_EXTRA`` words of their own ("link to
    the story: TITLE", the title cut into sentences at "..") — not a sentence of prose that
    quotes the title among more words, nor the sentences around it."""
    copied = [False] * len(keys)
    joined = f" {' '.join(k for k in keys if k)} "
    if not heading or heading not in joined:
        return copied
    starts, n = [], 0
    for k in keys:
        starts.append(n)
        n += len(k.split())
    size = len(heading.split())
    place = joined.find(heading)
    while place >= 0:
        first = joined[:place].count(" ")  # words before the title's place
        last = first + size
        for i, (start, k) in enumerate(zip(starts, keys, strict=True)):
            end = start + len(k.split())
            inside = max(0, min(end, last) - max(start, first))
            if inside and end - start - inside <= TITLE_EXTRA:
                copied[i] = True
        place = joined.find(heading, place + 1)
    return copied


def _read_more(line: str) -> bool:
    """Whether a line opens with "read also" / "read more" words."""
    return sentence_key(line).startswith(READ_MORE)


def measure(frame: pd.DataFrame, clean: Callable[[pd.DataFrame], list[str]]) -> dict:
    """Run one cleaner on a corpus and measure what it left and what it lost."""
    start = time.process_time()  # CPU time: the machine may be shared
    bodies = clean(frame)
    seconds = time.process_time() - start
    found = furniture(frame, bodies)
    flagged = [any(flags) for flags in zip(*found.values(), strict=True)]
    fates = prose_fates(frame, bodies)
    lost, total = fates["lost"], sum(fates.values())
    return {
        "articles": len(frame),
        "furniture_share": round(sum(flagged) / len(frame), 4),
        "by_detector": {name: round(sum(f) / len(frame), 4) for name, f in found.items()},
        "prose_sentences": total,
        "prose_lost": lost,
        "prose_trimmed": fates["trimmed"],
        "prose_lost_share": round(lost / max(total, 1), 5),
        "chars_kept_share": round(sum(map(len, bodies)) / sum(map(len, frame["body"])), 4),
        "articles_per_cpu_s": round(len(frame) / seconds),
    }


def learned(frame: pd.DataFrame) -> list[str]:
    """The learned-boilerplate cleaner, as ingest runs it."""
    return remove_repeated_lines(
        frame["body"].tolist(),
        frame["outlet"].tolist(),
        frame["tags"].tolist(),
        frame["title"].tolist(),
    )[0]


def baseline(frame: pd.DataFrame) -> list[str]:
    """The line-based cleaner Marsad had before."""
    return baseline_lines(frame["body"].tolist(), frame["outlet"].tolist())


def main() -> None:
    """Measure both cleaners on both corpora; print and write the figures."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    figures = {}
    print(
        f"{'corpus':<26}{'cleaner':<10}{'furniture':>10}{'prose lost':>12}{'trimmed':>9}"
        f"{'per CPU s':>10}"
    )
    for name, path in CORPORA.items():
        frame = load(path)
        figures[name] = {"baseline": measure(frame, baseline), "learned": measure(frame, learned)}
        for cleaner, f in figures[name].items():
            print(
                f"{name:<26}{cleaner:<10}{f['furniture_share']:>10.2%}"
                f"{f['prose_lost_share']:>12.3%}{f['prose_trimmed']:>9}{f['articles_per_cpu_s']:>10}"
            )
            print(f"{'':<36}{json.dumps(f['by_detector'], ensure_ascii=False)}")
    figures["targets"] = TARGETS
    (RESULTS / "cleaning.json").write_text(
        json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
