"""Tests for dashboard.text.neardup: sketches made anywhere, and copies near the threshold."""

from __future__ import annotations

import random

import numpy as np

from dashboard.text.neardup import Sketches, near_duplicates, sketch

WORDS = (
    "سوق نفط حكومة مطر مدرسة طريق ميناء قمح طاقة مجلس ملعب مستشفى جامعة قطار ماء "
    "وزير مدينة قرية نهر جبل بحر سفينة طائرة مصنع مزرعة شركة بنك عملة سعر"
).split()


def _text(seed: int, words: int = 60) -> list[str]:
    return random.Random(seed).choices(WORDS, k=words)


def _jaccard(a: list[str], b: list[str]) -> float:
    left = {tuple(a[i : i + 3]) for i in range(len(a) - 2)}
    right = {tuple(b[i : i + 3]) for i in range(len(b) - 2)}
    return len(left & right) / len(left | right)


def test_a_texts_sketch_depends_on_it_alone() -> None:
    texts = [" ".join(_text(seed)) for seed in range(6)]
    whole = sketch(texts)
    parts = Sketches.joined([sketch(texts[:2]), sketch(texts[2:3]), sketch(texts[3:])])
    alone = sketch(texts[4:5])
    assert np.array_equal(parts.values, whole.values)
    assert np.array_equal(parts.bounds, whole.bounds)
    assert np.array_equal(parts.signatures, whole.signatures)
    assert np.array_equal(alone.shingles(0), whole.shingles(4))
    assert np.array_equal(alone.signatures[0], whole.signatures[4])


def test_copies_just_above_the_threshold_are_found() -> None:
    ids, texts, pairs = [], [], []
    for seed in range(40):
        original = _text(1000 + seed, 80)
        copy = original[:]
        rng = random.Random(seed)
        while _jaccard(original, copy) > 0.75:  # edit until just above the threshold
            copy[rng.randrange(len(copy))] = f"كلمة{rng.randrange(10**6)}"
        if _jaccard(original, copy) < 0.7:
            continue
        ids += [f"o{seed}", f"c{seed}"]
        texts += [" ".join(original), " ".join(copy)]
        pairs.append((f"c{seed}", f"o{seed}"))
    found = near_duplicates(ids, texts, order=[0, 1] * len(pairs))
    found_pairs = set(zip(found["id"], found["near_duplicate_of"], strict=True))
    assert len(pairs) >= 30
    assert len(found_pairs & set(pairs)) >= 0.95 * len(pairs)
    assert found_pairs <= set(pairs)
