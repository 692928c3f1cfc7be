"""A learned name tagger: where person names start and end, read over the rules' hits.

An averaged structured perceptron labels tokens B/I/O for person, organisation and place
(Viterbi over the labels, I only after B or I of its type). Each token's features are its
word, shape, affixes and form without clitics, its membership in the project's lists, lexicon
and gazetteer, the words around it, and the rule extractor's own label for it and its
neighbours (so that the model learns where the rules' names run on or stop short).

Only stretches around the rules' persons and the places a person's name may start are
tagged (:meth:`NameTagger.tag`). There the tagger's persons replace the rules' persons; the
rules' other hits win where a tagger's person overlaps them (:meth:`NameTagger.revise`).

The model file (``name_tagger.npz`` beside this module) holds numbers only: float16 weights
indexed by the CRC-32 hash of feature strings, the label transitions, and a probe's feature
indices that :func:`load` checks against this module's :func:`token_features`. It is trained
offline by ``scripts/train_name_tagger.py --write`` and never at run time. The extraction
uses it unless ``MARSAD_NAME_TAGGER=off`` (set it alike for a build and every ``add`` to its
store); with the switch off, or without the file, the hits are the rules' alone. On the tenth
and eleventh drawn sets, unseen, it took persons from 0.84 / 0.61 to 0.90 / 0.74 and from
0.81 / 0.71 to 0.88 / 0.76. Its persons keep within the rules' bounds
(:mod:`dashboard.pipeline.entities.tagger_bounds`: it joins no two names the rules keep apart,
such as ``محمد نور | وحسن``) (README, "The learned name tagger", "The eleventh set, unseen,
scored once").
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from dashboard.pipeline.entities.hits import Hit
from dashboard.pipeline.entities.learned import _announces, _token_strings
from dashboard.pipeline.entities.model_files import switched_on
from dashboard.pipeline.entities.name_words import (
    _closes_name,
    _describes,
    _is_nisba,
    _is_verb,
    _lexicon_ends,
)
from dashboard.pipeline.entities.tagger_bounds import bounded
from dashboard.pipeline.entities.tokens import _forms, _join_abd
from dashboard.pipeline.gazetteer import FIRST_NAMES, FOREIGN_FIRST_NAMES, gazetteer
from dashboard.pipeline.lexicon import lexicon

MODEL_PATH = Path(__file__).with_name("name_tagger.npz")
# An invented sentence whose feature indices the model file keeps: a file trained for other
# features fails to load instead of tagging with misread weights.
PROBE = ["قال", "الرئيس", "سليم", "الحداد", "في", "بيروت"]
TYPES = ("person", "organisation", "place")
LABELS = ("O", *(f"{p}-{t}" for t in TYPES for p in "BI"))
BITS = 18
MASK = (1 << BITS) - 1
# Context parts, and words, whose label scores a model remembers.
PARTS_KEPT = 100_000
WORDS_KEPT = 100_000
# Tokens tagged on each side of a rule's person or a place where a person's name may start.
MARGIN = 3


def _hash(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & MASK


@lru_cache(maxsize=400_000)
def _word_strings(token: str) -> tuple[str, ...]:
    """Feature strings of a word wherever it stands: its shape, affixes and list flags
    (the learned check's), its form without clitics and that form's list membership, and
    whether it reads as a verb, a nisba, a describing word or a word that ends a name."""
    out = [s.split(":", 1)[1] for s in _token_strings(token, "")]
    forms = _forms(token)
    bare = forms[-1]
    if bare != token:
        out.append(f"bare={bare}")
    gaz = gazetteer()
    for form in forms:
        key = gaz.aliases.get((form,))
        if key is not None:
            out.append(f"gaz={gaz.types.get(key, '')}")
        if form in gaz.max_len:
            out.append("gazstart")
        if form in FIRST_NAMES or form in FOREIGN_FIRST_NAMES:
            out.append("firstform")
    flags = (
        ("verb", token[:1].isalpha() and _is_verb(token)),
        ("closes", _closes_name(token)),
        ("nisba", token[:1].isalpha() and _is_nisba(token)),
        ("describes", token[:1].isalpha() and _describes(token)),
        ("lexend", token[:1].isalpha() and _lexicon_ends(token)),
    )
    return tuple(out + [name for name, on in flags if on])


@lru_cache(maxsize=400_000)
def _part_ids(kind: str, where: str, value: str) -> tuple[int, ...]:
    """Hashed features of one part of a token's context: a word's features at an offset
    (``w``), a word alone at an offset (``x``), or the rules' labels around it (``r``)."""
    if kind == "w":
        return tuple(_hash(f"{where}{s}") for s in _word_strings(value))
    if kind == "r":
        before, here, after = value.split("\t")
        return (
            _hash("bias"),
            _hash(f"r0={here}"),
            _hash(f"r-1={before}"),
            _hash(f"r+1={after}"),
            _hash(f"r={before}|{here}|{after}"),
        )
    return (_hash(f"{where}{value}"),)


# The parts of a token's features that read one word alone: the word itself, the words one
# and two places before and after it, and the word before or after a token the rules leave O.
WORD_PARTS = (
    ("w", "0:"),
    ("w", "-1:"),
    ("w", "+1:"),
    ("x", "-2:w="),
    ("x", "+2:w="),
    ("x", "r0=O|-1:w="),
    ("x", "r0=O|+1:w="),
)
_PADS = frozenset({"<s>", "</s>"})


def token_parts(norm: list[str], rules: list[str], i: int) -> list[tuple[str, str, str]]:
    """The parts of token ``i``'s features (see :func:`_part_ids`): its word, the words one
    and two places around it, the rules' labels of it and its neighbours, and its rule label
    with the words beside it."""
    n = len(norm)
    word = lambda j: norm[j] if 0 <= j < n else ("<s>" if j < 0 else "</s>")  # noqa: E731
    rule = lambda j: rules[j] if 0 <= j < n else ("<s>" if j < 0 else "</s>")  # noqa: E731
    here = rules[i]
    return [
        ("r", "", f"{rule(i - 1)}\t{here}\t{rule(i + 1)}"),
        ("w", "0:", word(i)),
        ("w", "-1:", word(i - 1)),
        ("w", "+1:", word(i + 1)),
        ("x", "-2:w=", word(i - 2)),
        ("x", "+2:w=", word(i + 2)),
        ("x", f"r0={here}|+1:w=", word(i + 1)),
        ("x", f"r0={here}|-1:w=", word(i - 1)),
    ]


def token_features(norm: list[str], rules: list[str]) -> list[tuple[int, ...]]:
    """Hashed features of every token of ``norm``, with the rules' label of every token
    (``rules``, as :func:`rule_labels` gives them)."""
    return [
        tuple(i for part in token_parts(norm, rules, k) for i in _part_ids(*part))
        for k in range(len(norm))
    ]


def rule_marks(hits: list[Hit]) -> dict[int, str]:
    """The rules' label of each token inside a hit: B or I with the hit's type and source (a
    candidate's source is ``candidate``); a later hit's over an earlier one's."""
    out = {}
    for hit in hits:
        tag = f"{hit.kind}/{'candidate' if hit.candidate else hit.source}"
        out[hit.start] = "B-" + tag
        for j in range(hit.start + 1, hit.end):
            out[j] = "I-" + tag
    return out


def rule_labels(n: int, hits: list[Hit]) -> list[str]:
    """The rules' label of each of ``n`` tokens (:func:`rule_marks`), O outside the hits."""
    out = ["O"] * n
    for i, label in rule_marks(hits).items():
        out[i] = label
    return out


def _allowed() -> np.ndarray:
    """Which label may follow which: I only after B or I of its type."""
    follow = np.ones((len(LABELS), len(LABELS)), dtype=bool)
    for b, label in enumerate(LABELS):
        if label.startswith("I-"):
            for a, prev in enumerate(LABELS):
                follow[a, b] = prev[2:] == label[2:]
    return follow


FOLLOW = _allowed()
BLOCKED = -1e9


def viterbi(emissions: list[np.ndarray], transitions: np.ndarray) -> list[np.ndarray]:
    """The best label sequence of each sequence's per-token label scores, all decoded at
    once; every sequence is read after an O (left-padded with O to the longest)."""
    width = len(LABELS)
    lengths = [len(e) for e in emissions]
    count, longest = len(emissions), 1 + max(lengths)
    scores = np.full((count, longest, width), BLOCKED)
    scores[:, :, 0] = 0.0
    for s, e in enumerate(emissions):
        scores[s, longest - len(e) :] = e
    trans = np.where(FOLLOW, transitions, BLOCKED)
    rows = np.arange(count)
    down, cols = rows[:, None], np.arange(width)
    score = scores[:, 0]
    back = np.empty((longest, count, width), dtype=np.intp)  # each step's, contiguous
    for i in range(1, longest):
        total = score[:, :, None] + trans
        came = back[i] = total.argmax(axis=1)
        score = total[down, came, cols]  # the max, read at its argmax
        score += scores[:, i]
    best = np.empty((longest, count), dtype=np.intp)
    last = best[-1] = score.argmax(axis=1)
    for i in range(longest - 1, 0, -1):
        last = best[i - 1] = back[i, rows, last]
    return [best[longest - n :, s] for s, n in enumerate(lengths)]


@lru_cache(maxsize=200_000)
def _may_name(token: str) -> bool:
    """A word where a person's name may start: a first name (with or without a clitic) or
    a proper word of the lexicon."""
    return token[:1].isalpha() and (
        any(f in FIRST_NAMES or f in FOREIGN_FIRST_NAMES for f in _forms(token))
        or lexicon().proper_word(token)
    )


_OPENS = tuple(label.startswith("B-") for label in LABELS)
_TYPE_OF = tuple(label[2:] for label in LABELS)


def spans(labels: np.ndarray, offset: int = 0) -> list[tuple[int, int, str]]:
    """(start, end, type) of the names in a label sequence (an I goes on a name that ends
    right before it; the O tokens are not visited)."""
    out: list[list] = []
    named = np.flatnonzero(labels)
    for i, label in zip((named + offset).tolist(), labels[named].tolist(), strict=True):
        if _OPENS[label]:
            out.append([i, i + 1, _TYPE_OF[label]])
        elif out and out[-1][1] == i:
            out[-1][1] += 1
    return [(s, e, t) for s, e, t in out]


def decoded(ranges: list, labels: list[np.ndarray], n: int) -> list[tuple[int, int, str]]:
    """(start, end, type) of the names decoded over ``ranges`` of ``n`` tokens (ranges
    apart, so that no name runs from one into the next)."""
    full = np.zeros(n, dtype=np.int64)
    for (s, e), seq in zip(ranges, labels, strict=True):
        full[s:e] = seq
    return spans(full)


def word_sums(words: np.ndarray) -> np.ndarray:
    """The parts of each token's scores that read words alone (:data:`WORD_PARTS`), summed,
    from the words' remembered scores with two pads on each side."""
    return (
        words[2:-2, 0]
        + words[1:-3, 1]
        + words[3:-1, 2]
        + words[:-4, 3]
        + words[4:, 4]
        + words[1:-3, 5]
        + words[3:-1, 6]
    )


@dataclass
class Reading:
    """An article's words as the tagger reads them, whatever the rules' labels: their
    remembered scores (two pads on each side), those scores summed (:func:`word_sums`), where
    a person's name may start and where one may start after; read once for the persons and
    the places, with the last scores summed over the rules' labels (``last``: labels, scores),
    from which the next labels' scores change only the rows around the labels that differ."""

    words: np.ndarray
    base: np.ndarray
    opens: np.ndarray
    announces: np.ndarray
    last: tuple[dict[int, str], np.ndarray] | None = None

    def scores(self, model: NameTagger, norm: list[str], hits: list[Hit]) -> np.ndarray:
        """:meth:`NameTagger.scores` of ``norm`` under the rules' labels of ``hits``."""
        marks = rule_marks(hits)
        out = model.scores(norm, marks, self.words, self.base, self.last)
        self.last = (marks, out)
        return out


def _bare(token: str) -> tuple[str, int]:
    """A name's first word without its clitic where only the bare form is a known name
    (a first name or a listed name's first word), and the surface characters to cut."""
    forms = _forms(token)
    if len(forms) == 1 or token in FIRST_NAMES or token in FOREIGN_FIRST_NAMES:
        return token, 0
    gaz = gazetteer()
    for form in forms[1:]:
        if form in FIRST_NAMES or form in FOREIGN_FIRST_NAMES or form in gaz.max_len:
            return form, len(token) - len(form)
    return token, 0


@dataclass(frozen=True)
class NameTagger:
    """Hashed emission weights (rows x labels) and label-to-label transition scores."""

    weights: np.ndarray
    transitions: np.ndarray
    parts: dict = field(default_factory=dict, compare=False, repr=False)
    index: dict = field(default_factory=dict, compare=False, repr=False)
    table: list = field(
        default_factory=lambda: [
            np.zeros((0, len(WORD_PARTS), len(LABELS))),
            np.zeros(0, bool),
            np.zeros(0, bool),
        ],
        compare=False,
        repr=False,
    )

    def emissions(self, rows: list[tuple[int, ...]]) -> np.ndarray:
        """Per-token label scores of hashed feature rows."""
        lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
        flat = np.fromiter((i for r in rows for i in r), dtype=np.int64, count=int(lengths.sum()))
        offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        return np.add.reduceat(self.weights[flat], offsets, axis=0)

    def part(self, part: tuple[str, str, str]) -> np.ndarray:
        """The label scores one part of a token's context adds (remembered)."""
        found = self.parts.get(part)
        if found is None:
            if len(self.parts) >= PARTS_KEPT:
                self.parts.clear()
            found = self.parts[part] = self.weights[list(_part_ids(*part))].sum(axis=0)
        return found

    def words(self, tokens: list[str]) -> np.ndarray:
        """Each token's row in the remembered table of words (``table``: each word's label
        scores in each of :data:`WORD_PARTS`, whether a person's name may start at it and
        whether one may start after it), a new word's row added."""
        index, (table, opens, announces) = self.index, self.table
        if len(index) + len(tokens) > WORDS_KEPT:
            index.clear()
        try:  # every word remembered, most often
            return np.fromiter(map(index.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        except KeyError:
            pass
        rows = list(map(index.get, tokens))
        for k in [k for k, row in enumerate(rows) if row is None]:
            token = tokens[k]
            row = index.get(token)  # a new word met twice in ``tokens`` is added once
            if row is None:
                row = index[token] = len(index)
                if row >= len(table):
                    grown = max(2 * len(table), 1024)
                    table = np.resize(table, (grown, len(WORD_PARTS), len(LABELS)))
                    opens, announces = np.resize(opens, grown), np.resize(announces, grown)
                    self.table[:] = [table, opens, announces]
                parts = [_part_ids(k, w, token) for k, w in WORD_PARTS]
                table[row] = [self.weights[list(ids)].sum(axis=0) for ids in parts]
                opens[row] = token not in _PADS and _may_name(token)
                announces[row] = _announces(token)
            rows[k] = row
        return np.array(rows, dtype=np.int64)

    def read(self, norm: list[str]) -> Reading:
        """``norm``'s words as the tagger reads them, for :meth:`tag` and the places'
        reading (:func:`~dashboard.pipeline.entities.tagger_places.read`) alike."""
        rows = self.words(["<s>", "</s>", *norm])
        table, opens, announces = self.table
        at = rows[2:]
        words = table[np.concatenate((rows[:1], rows[:1], at, rows[1:2], rows[1:2]))]
        return Reading(words, word_sums(words), opens[at], announces[at])

    def scores(
        self,
        norm: list[str],
        marks: dict[int, str],
        words: np.ndarray,
        base: np.ndarray | None = None,
        before: tuple[dict[int, str], np.ndarray] | None = None,
    ) -> np.ndarray:
        """Per-token label scores of the whole of ``norm``: the sums of :func:`token_parts`'
        scores with the rules' labels ``marks`` (:func:`rule_marks`), read from each word's
        remembered scores (``words``: :meth:`words`' scores of ``norm`` with two pads on
        each side; ``base``: their :func:`word_sums`), equal to :meth:`emissions` of
        :func:`token_features`. ``before``: the marks and the scores of another reading of
        the same words, whose rows are kept where a token's rule label and its neighbours'
        are the same (the same sums, added in the same order)."""
        n = len(norm)
        if base is None:
            base = word_sums(words)
        plain = self.part(("r", "", "O\tO\tO"))
        if before is None:
            out = base + plain
            near = {j for i in marks for j in (i - 1, i, i + 1)} | {0, n - 1}
            near = sorted(i for i in near if 0 <= i < n)  # around hits, at either end
        else:
            old, out = before[0], before[1].copy()
            changed = [i for i in marks.keys() | old.keys() if marks.get(i) != old.get(i)]
            moved = sorted({j for i in changed for j in (i - 1, i, i + 1) if 0 <= j < n})
            out[moved] = base[moved] + plain
            near = [
                i
                for i in moved
                if i in (0, n - 1) or i in marks or i - 1 in marks or i + 1 in marks
            ]
            if not near:
                return out
        label = marks.get
        part = self.part
        added = [
            part(
                (
                    "r",
                    "",
                    f"{label(i - 1, 'O') if i else '<s>'}\t{label(i, 'O')}\t"
                    f"{label(i + 1, 'O') if i + 1 < n else '</s>'}",
                )
            )
            for i in near
        ]
        out[near] += np.array(added)
        inside = [i for i in near if i in marks]
        if inside:  # each row's parts added in the order token_parts gives them
            out[inside] += np.array(
                [part(("x", f"r0={marks[i]}|-1:w=", norm[i - 1] if i else "<s>")) for i in inside]
            )
            out[inside] += np.array(
                [
                    part(("x", f"r0={marks[i]}|+1:w=", norm[i + 1] if i + 1 < n else "</s>"))
                    for i in inside
                ]
            )
        out[near] -= plain
        inside = np.array(inside, dtype=np.int64)
        out[inside] -= words[inside + 1, 5] + words[inside + 3, 6]
        return out

    def tag(
        self, norm: list[str], hits: list[Hit], reading: Reading | None = None
    ) -> list[tuple[int, int, str]]:
        """(start, end, type) of the names the tagger reads in its stretches of ``norm``:
        ``MARGIN`` tokens on each side of every person the rules read (candidates too) and
        of every word where a person's name may start (a first name, a proper word, a word
        after a title, a role or a nationality), overlapping stretches joined. ``reading``:
        :meth:`read` of ``norm`` (read here when not given); it keeps the scores summed."""
        n = len(norm)
        if not n:
            return []
        if reading is None:
            reading = self.read(norm)
        starts = np.flatnonzero(reading.opens)
        after = np.flatnonzero(reading.announces[:-1]) + 1
        persons = [(h.start, h.end) for h in hits if h.kind == "person"]
        ups = np.concatenate((starts, after, [s for s, _ in persons])).astype(np.int64)
        downs = np.concatenate(
            (starts + 2 * MARGIN + 1, after + 2 * MARGIN + 1, [e + 2 * MARGIN for _, e in persons])
        ).astype(np.int64)
        size = n + 2 * MARGIN + 2
        marked = np.bincount(ups, minlength=size) - np.bincount(downs, minlength=size)
        covered = np.concatenate(([0], np.cumsum(marked)[MARGIN : MARGIN + n] > 0, [0]))
        edges = np.flatnonzero(np.diff(covered.astype(np.int8)))
        ranges = list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))
        if not ranges:
            return []
        scores = reading.scores(self, norm, hits)
        labels = viterbi([scores[s:e] for s, e in ranges], self.transitions)
        return decoded(ranges, labels, n)

    def revise(
        self, norm: list[str], surface: list[str], hits: list[Hit], reading: Reading | None = None
    ) -> list[Hit]:
        """The hits with the tagger's persons in place of the rules' persons (a rule's hit
        of the same span kept as it is), within the rules' bounds
        (:func:`~dashboard.pipeline.entities.tagger_bounds.bounded`). The rules' other hits
        win where a tagger's person overlaps them, and a tagger's person of one word that
        overlaps no rule's person is left out; hits from tags and candidates are left alone.
        ``reading``: :meth:`read` of ``norm``, shared with the places' reading."""
        ruled = bytearray(len(norm) + 1)
        others = bytearray(len(norm) + 1)
        for h in hits:
            if not h.candidate:
                mark = ruled if h.kind == "person" else others
                mark[h.start : h.end] = b"\x01" * (h.end - h.start)
        same = {(h.start, h.end): h for h in hits if h.kind == "person" and not h.candidate}
        out = [h for h in hits if h.kind != "person" or h.source == "tag" or h.candidate]
        spans = [
            (s, e)
            for s, e, kind in self.tag(norm, hits, reading)
            if kind == "person" and not any(others[s:e])
        ]
        for person in bounded(norm, hits, spans):
            s, e = person.start, person.end
            if e - s == 1 and not ruled[s]:
                continue
            hit = None if person.candidate else same.get((s, e))
            if hit is None:
                first, cut = _bare(norm[s])
                key = _join_abd([first, *norm[s + 1 : e]])
                text = " ".join([surface[s][cut:], *surface[s + 1 : e]])
                hit = Hit(key, "person", "pattern", text, s, e, person.candidate)
            out.append(hit)
        return sorted(out, key=lambda h: h.start)


def _probe() -> list[int]:
    return [i for row in token_features(PROBE, rule_labels(len(PROBE), [])) for i in row]


def save(model: NameTagger, path: Path) -> None:
    """Write the model file: numbers only (float16 weights, transitions, the probe)."""
    np.savez_compressed(
        path,
        weights=model.weights.astype(np.float16),
        transitions=model.transitions.astype(np.float32),
        bits=np.int64(BITS),
        labels=np.int64(len(LABELS)),
        probe=np.array(_probe(), dtype=np.int64),
    )


def load(path: Path = MODEL_PATH) -> NameTagger:
    """Read a model file, checking that its features are this module's."""
    with np.load(path) as data:
        if int(data["bits"]) != BITS or int(data["labels"]) != len(LABELS):
            raise ValueError(f"{path}: trained for other features; retrain it")
        if data["probe"].tolist() != _probe():
            raise ValueError(f"{path}: its probe's features differ from this module's")
        return NameTagger(data["weights"].astype(np.float32), data["transitions"].copy())


_ACTIVE: list[NameTagger | None] = []


def active() -> NameTagger | None:
    """The tagger the extraction uses: the shipped file, loaded once, unless
    ``MARSAD_NAME_TAGGER=off`` (on by default); None with the switch off or the file missing
    (the rules alone)."""
    if not _ACTIVE:
        _ACTIVE.append(
            switched_on(
                "MARSAD_NAME_TAGGER",
                MODEL_PATH,
                load,
                "python scripts/train_name_tagger.py --write",
                default="on",
            )
        )
    return _ACTIVE[0]


def use(model: NameTagger | None) -> None:
    """Set the tagger the extraction uses (None: the rules alone), e.g. to score both."""
    _ACTIVE[:] = [model]
