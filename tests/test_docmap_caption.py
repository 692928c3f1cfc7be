"""The document map's caption counts the selection's articles it leaves out, in both languages."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dashboard.app import docmap
from dashboard.app.state import ViewState
from dashboard.app.widgets import session


@pytest.fixture(params=["en", "ar"])
def lang(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """A view in each interface language."""
    monkeypatch.setattr(session, "view", lambda: replace(ViewState(), lang=request.param))
    return request.param


def test_a_selection_partly_off_the_map_says_how_many_and_why(lang: str) -> None:
    caption = docmap.map_caption(4754, 5051, None)
    assert "4,754" in caption and "297" in caption
    assert ("sample" if lang == "en" else "عيّنة") in caption.split("297")[1]
    if lang == "ar":
        assert not any("a" <= ch.lower() <= "z" for ch in caption)


def test_a_selection_wholly_on_the_map_names_no_missing_articles(lang: str) -> None:
    caption = docmap.map_caption(120, 120, 7)
    assert "120" in caption and "7" in caption
    assert ("sample" if lang == "en" else "عيّنة") not in caption
