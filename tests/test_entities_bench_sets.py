"""The bench's tagged development corpus leaves out every drawn entity evaluation set."""

from __future__ import annotations

from pathlib import Path

from bench.entities_bench import DRAWN_SETS

FIXTURES = Path(__file__).parent / "fixtures"


def test_every_drawn_set_is_left_out_of_the_tagged_corpus() -> None:
    """Each fixture folder with a ``draw.json`` is one of the sets ``load_tagged`` removes."""
    drawn = sorted(p.parent.name for p in FIXTURES.glob("entities_eval_v*/draw.json"))
    assert len(drawn) >= 6, drawn
    assert set(drawn) <= set(DRAWN_SETS), sorted(set(drawn) - set(DRAWN_SETS))
