"""The bench's tagged development corpus leaves out every drawn entity set: the evaluation sets
and the hand-labelled training sets."""

from __future__ import annotations

from pathlib import Path

from bench.entities_bench import DRAWN_SETS

FIXTURES = Path(__file__).parent / "fixtures"


def test_every_drawn_set_is_left_out_of_the_tagged_corpus() -> None:
    """Each fixture folder with a ``draw.json`` (``entities_eval_v*``, ``entities_train_*``) is
    one of the sets ``load_tagged`` removes."""
    drawn = sorted(p.parent.name for p in FIXTURES.glob("entities_*/draw.json"))
    assert len(drawn) >= 6, drawn
    assert any(name.startswith("entities_train_") for name in drawn), drawn
    assert set(drawn) <= set(DRAWN_SETS), sorted(set(drawn) - set(DRAWN_SETS))
