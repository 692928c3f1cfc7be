"""A learned check on the scanner's hits: keep, retype or drop them, add names they miss.

The hand rules find the hits (:class:`~dashboard.pipeline.entities.scanner.Scanner`); a
multinomial logistic model over hashed features of a span (its words' shapes and affixes,
list and lexicon membership, the words around it, the rule's own type and source) gives the
probability that it is a person, an organisation, a place or none of them. Where the model
disagrees with the rule's type of an organisation or a place with probability at least the
model's threshold, the hit is retyped or dropped (the rules' persons are kept); a candidate
span outside the hits (:func:`candidates`) that it reads as a name with probability at least
the add threshold is added. Everything is read from the article's own tokens alone.

The model file (``span_model.npz`` beside this module) holds numbers only: weights indexed by
the CRC-32 hash of feature strings, the thresholds, and a probe's feature indices that
:func:`load` checks against this module's :func:`features`. It is trained offline by
``scripts/train_span_model.py`` and never at run time. It is used only with
``MARSAD_SPAN_MODEL=on`` (set it alike for a build and every ``add`` to its store): on the
seventh drawn set, unseen, it left persons and places as the rules had them and traded
organisations' recall for precision, for a quarter of the extraction's CPU (README, "The
learned check on entity hits"). Otherwise, or without the file, the hits are the rules' alone.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from dashboard.pipeline.entities.hits import Hit
from dashboard.pipeline.entities.model_files import switched_on
from dashboard.pipeline.entities.name_words import (
    _TITLE_WORDS,
    _is_name_token,
    _is_nationality,
    _unknown_word,
)
from dashboard.pipeline.entities.tokens import _join_abd
from dashboard.pipeline.gazetteer import (
    FIRST_NAMES,
    FOREIGN_FIRST_NAMES,
    NAME_JOINERS,
    ORG_HEADS,
    PERSON_ROLES,
    PLACE_HEADS,
)
from dashboard.pipeline.lexicon import lexicon
from dashboard.text.arabic import stopwords

MODEL_PATH = Path(__file__).with_name("span_model.npz")
CLASSES = ("none", "person", "organisation", "place")
# The rules' types the model may retype or drop: their persons are kept as they are (in the
# cross-validation, dropping them gained little and cut names the rules read right).
REVISED = frozenset({"organisation", "place"})
BITS = 17
MASK = (1 << BITS) - 1
CANDIDATE_WORDS = 3
FEATURE_VERSION = 1
# A written phrase whose features the model file stores (as indices) when it is trained.
PROBE = (["قال", "الرئيس", "محمد", "الحسني", "في", "بيروت"], 2, 4, "person", "pattern")


def _hash(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & MASK


def _shape(token: str) -> str:
    """Coarse kind of a token: punctuation, digits or Arabic word length class."""
    if not token[:1].isalnum():
        return "P"
    if token.isdigit():
        return "D"
    return "A" + str(min(len(token), 7))


def _token_strings(token: str, where: str) -> list[str]:
    """Feature strings of one token in one position (in, first, last, before, after)."""
    out = [
        f"{where}:w={token}",
        f"{where}:s={_shape(token)}",
        f"{where}:p2={token[:2]}",
        f"{where}:x2={token[-2:]}",
        f"{where}:x3={token[-3:]}",
    ]
    lex = lexicon()
    flags = (
        ("first", token in FIRST_NAMES or token in FOREIGN_FIRST_NAMES),
        ("joiner", token in NAME_JOINERS),
        ("orghead", token in ORG_HEADS),
        ("placehead", token in PLACE_HEADS),
        ("role", token in PERSON_ROLES or token in _TITLE_WORDS),
        ("nation", _is_nationality(token)),
        ("name", _is_name_token(token)),
        ("proper", lex.proper_word(token)),
        ("ordinary", lex.ordinary_word(token)),
        ("unknown", _unknown_word(token)),
        ("stop", token in stopwords()),
        ("al", token.startswith("ال")),
    )
    return out + [f"{where}:{name}" for name, on in flags if on]


@lru_cache(maxsize=400_000)
def _token_ids(token: str, where: str) -> tuple[int, ...]:
    """Hashed features of one token in one position."""
    return tuple(_hash(f) for f in _token_strings(token, where))


@lru_cache(maxsize=64)
def _salt(text: str) -> int:
    return _hash(text) * 2654435761 & MASK


@lru_cache(maxsize=400_000)
def _outer_ids(token: str, where: str, kind: str) -> tuple[int, ...]:
    """Hashed features of an outer word, alone and conjoined with the rule's type."""
    ids = _token_ids(token, where)
    salt = _salt(f"k={kind}")
    return ids + tuple(i ^ salt for i in ids)


@lru_cache(maxsize=256)
def _span_ids(kind: str, source: str, length: int) -> tuple[int, ...]:
    rule = f"k={kind}"
    return _hash(rule), _hash(f"src={source}"), _hash(f"{rule}|src={source}|len={length}")


def features(norm: list[str], start: int, end: int, kind: str, source: str) -> list[int]:
    """Hashed features of the span ``norm[start:end]`` the rules read as ``kind`` (``none``
    for a candidate the rules did not read): the rule's type and source, the span's length,
    its first, inner and last words, the words around it; the outer words' features also
    conjoined with the rule's type (XOR with its salt)."""
    out = list(_span_ids(kind, source, min(end - start, 5)))
    out += _outer_ids(norm[start], "first", kind)
    out += _outer_ids(norm[end - 1], "last", kind)
    out += _outer_ids(norm[start - 1] if start else "<s>", "before", kind)
    for token in norm[start + 1 : end - 1]:
        out += _token_ids(token, "in")
    out += _token_ids(norm[end] if end < len(norm) else "</s>", "after")
    out += _token_ids(norm[start - 2] if start > 1 else "<s>", "before2")
    return out


@lru_cache(maxsize=200_000)
def _may_open(token: str) -> bool:
    """A first name, a head noun or a proper word of the lexicon."""
    return (
        token in FIRST_NAMES
        or token in FOREIGN_FIRST_NAMES
        or token in ORG_HEADS
        or token in PLACE_HEADS
        or lexicon().proper_word(token)
    )


@lru_cache(maxsize=200_000)
def _announces(token: str) -> bool:
    """A title, a role or a nationality: a name may follow."""
    return token in _TITLE_WORDS or token in PERSON_ROLES or _is_nationality(token)


@lru_cache(maxsize=200_000)
def _word(token: str) -> bool:
    return token[:1].isalpha() and token not in stopwords()


def candidates(norm: list[str], hits: list[Hit]) -> list[tuple[int, int]]:
    """Spans of 1 to 3 words outside every hit that may be a name the rules missed: words
    that are no stopword, the first a first name, a head noun or a proper word of the lexicon,
    or after a title, role or nationality."""
    covered = bytearray(len(norm) + 1)
    for hit in hits:
        covered[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
    out = []
    for i, token in enumerate(norm):
        if covered[i] or not _word(token):
            continue
        if not (_may_open(token) or _announces(norm[i - 1] if i else ".")):
            continue
        for j in range(i + 1, min(i + CANDIDATE_WORDS, len(norm)) + 1):
            if covered[j - 1] or not _word(norm[j - 1]):
                break
            out.append((i, j))
    return out


@dataclass(frozen=True)
class SpanModel:
    """Weights (hashed features x classes), class biases and the decision thresholds: to
    retype or drop a rule's hit, and to add a candidate the rules missed."""

    weights: np.ndarray
    bias: np.ndarray
    threshold: float
    add_threshold: float

    def probabilities(self, rows: list[list[int]]) -> np.ndarray:
        """Class probabilities of each row of hashed feature indices."""
        if not rows:
            return np.zeros((0, len(CLASSES)), dtype=np.float32)
        lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
        flat = np.fromiter((i for r in rows for i in r), dtype=np.int64, count=int(lengths.sum()))
        offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        scores = np.add.reduceat(self.weights[flat], offsets, axis=0) + self.bias
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def revise(self, norm: list[str], surface: list[str], hits: list[Hit]) -> list[Hit]:
        """The organisations and places kept, retyped or dropped where the model disagrees
        with the rule confidently (hits from tags are the article's own and left alone, the
        persons as the rules read them), and the candidate
        spans it reads as names confidently added (the likelier first where they overlap)."""
        todo = [k for k, h in enumerate(hits) if h.source != "tag" and h.kind in REVISED]
        spans = candidates(norm, hits)
        rows = [
            features(norm, hits[k].start, hits[k].end, hits[k].kind, hits[k].source) for k in todo
        ]
        rows += [features(norm, i, j, "none", "candidate") for i, j in spans]
        if not rows:
            return hits
        probs = self.probabilities(rows)
        best = probs.argmax(axis=1)
        top = probs[np.arange(len(rows)), best]
        out = list(hits)
        drop = set()
        for k, cls, p in zip(todo, best, top, strict=False):
            label = CLASSES[cls]
            if label == hits[k].kind or p < self.threshold:
                continue
            if label == "none":
                drop.add(k)
            else:
                out[k] = replace(hits[k], kind=label)
        out = [h for k, h in enumerate(out) if k not in drop]
        taken = bytearray(len(norm))
        found = []
        for n in np.argsort(-top[len(todo) :], kind="stable"):
            (i, j), cls = spans[n], best[len(todo) + n]
            if cls == 0 or top[len(todo) + n] < self.add_threshold or any(taken[i:j]):
                continue
            taken[i:j] = b"\x01" * (j - i)
            key = _join_abd(norm[i:j]) if cls == 1 else tuple(norm[i:j])
            found.append(Hit(key, CLASSES[cls], "pattern", " ".join(surface[i:j]), i, j))
        return sorted(out + found, key=lambda h: h.start) if found else out


def save(model: SpanModel, path: Path) -> None:
    """Write the model file: numbers only (float16 weights, the probe's indices)."""
    probe = np.array(features(*PROBE), dtype=np.int64)
    np.savez_compressed(
        path,
        weights=model.weights.astype(np.float16),
        bias=model.bias.astype(np.float32),
        threshold=np.float32(model.threshold),
        add_threshold=np.float32(model.add_threshold),
        version=np.int64(FEATURE_VERSION),
        bits=np.int64(BITS),
        probe=probe,
    )


def load(path: Path = MODEL_PATH) -> SpanModel:
    """Read a model file, checking that its features are this module's."""
    with np.load(path) as data:
        if int(data["version"]) != FEATURE_VERSION or int(data["bits"]) != BITS:
            raise ValueError(f"{path}: trained for other features; retrain it")
        if data["probe"].tolist() != features(*PROBE):
            raise ValueError(f"{path}: its probe's features differ from this module's")
        return SpanModel(
            data["weights"].astype(np.float32),
            data["bias"].copy(),
            float(data["threshold"]),
            float(data["add_threshold"]),
        )


_ACTIVE: list[SpanModel | None] = []


def active() -> SpanModel | None:
    """The model the scanner uses: the shipped file, loaded once, with ``MARSAD_SPAN_MODEL=on``;
    otherwise, or when the file is missing, None (the rules alone)."""
    if not _ACTIVE:
        _ACTIVE.append(
            switched_on("MARSAD_SPAN_MODEL", MODEL_PATH, load, "python scripts/train_span_model.py")
        )
    return _ACTIVE[0]


def use(model: SpanModel | None) -> None:
    """Set the model the scanner uses (None: the rules alone), e.g. for cross-validation."""
    _ACTIVE[:] = [model]
