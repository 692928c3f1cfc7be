"""Sorted terms looked up through the sample held in memory, then the bytes on disk."""

from __future__ import annotations

import random
from bisect import bisect_left

import pyarrow as pa
import pytest

from dashboard.storage.wordindex import LAST_CHAR, SAMPLE, SortedTerms


@pytest.mark.parametrize("size", [0, 1, SAMPLE - 1, SAMPLE, SAMPLE + 1, 5 * SAMPLE + 7])
def test_positions_are_those_of_a_bisection_of_the_strings(size: int) -> None:
    rng = random.Random(size)
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    terms = sorted({"".join(rng.choices(letters, k=rng.randint(1, 6))) for _ in range(3 * size)})
    terms = terms[:size]
    column = pa.array(["pad", *terms], pa.string()).slice(1)  # an offset into its buffers
    if pa.types.is_string(column.type) and size % 2:
        column = column.cast(pa.large_string())
    found = SortedTerms(column)
    probes = terms + [t[:2] for t in terms] + [t + "ا" for t in terms] + ["", "ي" * 7, "a"]
    for probe in probes:
        assert found.position(probe) == bisect_left(terms, probe), probe
        low = bisect_left(terms, probe)
        after = probe + LAST_CHAR
        assert found.position(after, low) == bisect_left(terms, after, low), probe
        assert found.get(probe) == (low if low < size and terms[low] == probe else None)
