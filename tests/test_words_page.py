"""The Words & framing page and its command lines on the built demo corpus: the page's
tables are the analysis layer's numbers for the view in its URL, a click on a bar lists that word's
articles and goes into the URL, and the CLIs print the same numbers as JSON lines."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import APP, run_page
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest

from dashboard.analysis.logodds import distinctive, set_rows
from dashboard.analysis.query import Filters
from dashboard.analysis.vocabulary import Vocabulary, rows_with, top_terms
from dashboard.cli import main


@pytest.fixture(scope="module")
def demo(demo_store: Path) -> tuple[pd.DataFrame, Vocabulary, list[str]]:
    """The demo store's articles, vocabulary and two largest outlets."""
    from dashboard.storage.store import Store

    articles = Store(demo_store).articles
    outlets = articles["outlet"].value_counts().index[:2].tolist()
    return articles, Vocabulary.from_texts(articles["search_text"]), outlets


def open_page(demo_store: Path, monkeypatch, **params: str | list[str]) -> AppTest:
    monkeypatch.setenv("MARSAD_STORE", str(demo_store))
    app = AppTest.from_file(APP, default_timeout=180)
    for key, value in params.items():
        app.query_params[key] = value
    return run_page(app, "words")


def click(app: AppTest, chart_name: str, term: str) -> AppTest:
    """Rerun with a click on ``term``'s bar, as the browser would send it."""
    chart = next(c for c in app.get("plotly_chart") if (c.key or "").startswith(chart_name))
    states = app._tree.get_widget_states()  # AppTest has no public way to select on a chart
    state = WidgetState(id=chart.proto.id)
    point = {"customdata": [term], "x": 1, "y": term}
    state.string_value = json.dumps({"selection": {"points": [point], "box": [], "lasso": []}})
    states.widgets.append(state)
    app._run(states)
    assert not app.exception, [e.message for e in app.exception]
    return app


def table_with(app: AppTest, column: str) -> pd.DataFrame:
    return next(d.value for d in app.dataframe if column in d.value.columns)


def listed_ids(app: AppTest) -> list[set[str]]:
    """The ids of each article list on the page (their download tables)."""
    return [set(d.value["id"]) for d in app.dataframe if "id" in d.value.columns]


def test_the_page_counts_phrases_and_contrasts_outlets_as_the_core_does(
    demo_store, monkeypatch, demo
):
    articles, vocab, (first, second) = demo
    app = open_page(demo_store, monkeypatch, lang="en", q="النفط", gram="2", top="12")
    matching = set_rows(articles, Filters(text="النفط"), Filters())
    assert 0 < len(matching) < len(articles)
    expected = top_terms(vocab, matching, 2, 12)
    shown = table_with(app, "term")
    pd.testing.assert_frame_equal(shown.reset_index(drop=True), expected, check_dtype=False)
    term = expected["term"].iat[0]
    click(app, "words_chart", term)
    assert app.query_params["word"] == term
    assert listed_ids(app) == [set(articles["id"].iloc[rows_with(vocab, matching, term)])]

    app = open_page(demo_store, monkeypatch, lang="en", tab="distinctive", ao=first, bo=second)
    rows_a = set_rows(articles, Filters(), Filters(outlets=(first,)))
    rows_b = set_rows(articles, Filters(), Filters(outlets=(second,)))
    expected = distinctive(vocab, rows_a, rows_b, 100.0, 30)
    shown = table_with(app, "z")
    assert shown["term"].tolist() == expected["term"].tolist()
    assert shown["z"].to_numpy() == pytest.approx(expected["z"].to_numpy(), abs=1e-12)
    assert set(shown["side"]) == {"Set A", "Set B"}
    word = expected["term"].iat[-1]  # the word most typical of set B
    click(app, "distinctive_chart", word)
    assert app.query_params["word"] == word and app.query_params["ao"] == first
    in_a = set(articles["id"].iloc[rows_with(vocab, rows_a, word)])
    in_b = set(articles["id"].iloc[rows_with(vocab, rows_b, word)])
    assert in_b and listed_ids(app) == [in_a | in_b]
    listed = next(d.value for d in app.dataframe if {"id", "side"} <= set(d.value.columns))
    sides = listed.set_index("id")["side"]
    assert {i for i in sides.index if "Set B" in sides[i]} == in_b
    assert {i for i in sides.index if "Set A" in sides[i]} == in_a


def test_two_sets_of_the_same_articles_are_named_so_not_called_too_small(
    demo_store, monkeypatch, demo
):
    """With neither set given a query, outlets or dates both hold every filtered article:
    the page says so, where it read "The two sets hold too few words to compare"."""
    _, _, (first, _) = demo
    app = open_page(demo_store, monkeypatch, lang="en", tab="distinctive")
    notes = [i.value for i in app.info]
    assert notes == ["Set A and set B are the same articles: give one a query, outlets or dates."]
    app = open_page(demo_store, monkeypatch, lang="en", tab="distinctive", ao=first, bo=first)
    assert [i.value for i in app.info] == notes
    assert not any(d for d in app.dataframe if "z" in d.value.columns)


def cli_lines(*args: str) -> list[dict]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(list(args)) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_the_command_lines_print_the_core_numbers(demo_store, demo):
    articles, vocab, (first, _) = demo
    query = str(top_terms(vocab, np.arange(len(articles)), 1, 1)["term"].iat[0])
    lines = cli_lines("words", "--store", str(demo_store), "--query", query, "--top", "7")
    rows = set_rows(articles, Filters(text=query), Filters())
    assert 0 < len(rows) < len(articles)
    expected = pd.concat([top_terms(vocab, rows, n, 7) for n in (1, 2, 3)], ignore_index=True)
    assert lines == expected.to_dict("records")

    lines = cli_lines(
        "distinctive", "--store", str(demo_store), "--a-outlet", first, "--b-rest", "--top", "5"
    )
    rows_a = set_rows(articles, Filters(), Filters(outlets=(first,)))
    rows_b = set_rows(articles, Filters(), Filters(), rest_of=Filters(outlets=(first,)))
    assert len(rows_a) + len(rows_b) == len(articles)
    expected = distinctive(vocab, rows_a, rows_b, 100.0, 5)
    assert [line["term"] for line in lines] == expected["term"].tolist()
    assert [line["z"] for line in lines] == pytest.approx(expected["z"].tolist(), abs=1e-12)
    assert {line["side"] for line in lines} == {"a", "b"}


def test_hostile_links_open_the_page_with_nothing_live(demo_store, monkeypatch):
    """Text from the link reaches Markdown elements escaped; odd values break nothing."""
    payload = "[Sign in](https://evil.example) ![x](https://evil.example/p.png)"
    for tab in ("words", "distinctive"):
        app = open_page(
            demo_store,
            monkeypatch,
            lang="en",
            tab=tab,
            word=payload,
            aq='("',
            bq="-",
            ao=["x" * 600, "\x00"],
            af="2024-02-30",
            brest="1",
        )
        shown = [
            e.value for kind in ("markdown", "caption", "subheader") for e in getattr(app, kind)
        ]
        assert any("Sign in" in text for text in shown) or tab == "distinctive"
        assert not [t for t in shown if "](" in t.replace("\\]\\(", "") or "://" in t]
