"""Words & framing: the words and phrases of the filtered articles, and the words that set
one set of articles apart from another (weighted log-odds, "Fightin' Words").

A click on a bar lists the articles that use its word; every choice is in the URL.
"""

import numpy as np
import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard.analysis.logodds import ALPHAS
from dashboard.analysis.query import Filters
from dashboard.app import cached, context
from dashboard.app.charts.words import distinctive_bars, term_bars
from dashboard.app.i18n import isolate, ltr
from dashboard.app.state import GRAMS, TOP_TERMS, ViewState
from dashboard.app.widgets import figures, layout, lists, session, sidebar, tables
from dashboard.text.literal import literal

GRAM_NAMES = {1: "Words", 2: "Two-word phrases", 3: "Three-word phrases"}
SIDES = {"a": "Set A", "b": "Set B"}

tr, lang = session.tr, session.lang()
ctx = context.current()
store, path, build = ctx.store, ctx.path, ctx.build
outlets = sorted(store.articles["outlet"].unique())
span = store.articles["published_at"].min().date(), store.articles["published_at"].max().date()


def clicked(event: object) -> str:
    """The term of the bar clicked in a chart ("" when none)."""
    points = event.selection.points if event and event.selection else []
    return str(points[0]["customdata"][0]) if points and points[0].get("customdata") else ""


def forget_word() -> None:
    """Drop the clicked word and the chart selections (a button callback)."""
    sidebar.clear_selection()
    session.update_view(word="")


def word_articles(word: str, sets: dict[str, np.ndarray]) -> None:
    """The articles of each set (name -> row positions) that use ``word``, as one list (the
    view's page and order belong to one list); with two sets, each article's set named."""
    st.subheader(tr("Articles using {word}").format(word=isolate(literal(word))))
    st.button(tr("Clear the word"), key="w_forget_word", on_click=forget_word)
    found = {name: cached.term_articles(path, build, rows, word) for name, rows in sets.items()}
    if len(sets) == 1:
        lists.article_list(next(iter(found.values())), key="word_list", name="word_articles")
        return
    st.caption(
        " · ".join(f"{name}: {ltr(session.number(len(rows)))}" for name, rows in found.items())
    )
    sides = pd.concat([rows[["id"]].assign(side=name) for name, rows in found.items()])
    both = pd.concat(found.values()).drop_duplicates("id")
    both = both.assign(side=both["id"].map(sides.groupby("id")["side"].agg(" · ".join)))
    lists.article_list(both, key="word_list", name="word_articles", extra=("side",))


def own_set(prefix: str, current: Filters, where: DeltaGenerator) -> Filters:
    """A set's own query, outlets and dates, from its controls (a saved query or an outlet
    collection fills them in)."""
    sidebar.saved_query_picker(where, key=f"w_{prefix}saved", target=f"w_{prefix}q")
    text = where.text_input(
        tr("Keyword query"),
        key=session.seed(f"w_{prefix}q", current.text),
        help=tr(sidebar.QUERY_HELP),
    )
    sidebar.collection_picker(set(outlets), where, key=f"w_{prefix}coll", target=f"w_{prefix}o")
    chosen = where.multiselect(
        tr("Outlets"),
        outlets,
        placeholder=tr("Any outlet"),
        key=session.seed(f"w_{prefix}o", [o for o in current.outlets if o in set(outlets)]),
    )
    first, last = where.columns(2)
    start = first.date_input(
        tr("From"),
        key=session.seed(f"w_{prefix}f", current.start),
        min_value=span[0],
        max_value=span[1],
    )
    end = last.date_input(
        tr("To"),
        key=session.seed(f"w_{prefix}t", current.end),
        min_value=span[0],
        max_value=span[1],
    )
    if start and end and start > end:
        start, end = end, start
    return Filters(start=start, end=end, outlets=tuple(chosen), text=text.strip())


def words_tab(view: ViewState) -> None:
    """The top words or phrases of the filtered articles: a chart and a table."""
    gram = st.segmented_control(
        tr("Count"),
        GRAMS,
        format_func=session.named(GRAM_NAMES),
        key=session.seed("w_gram", view.gram),
    )
    view = session.update_view(gram=gram or 1)
    rows = cached.filtered_rows(path, build, view.filters)
    table = cached.words(path, build, view.filters, view.gram, view.top_terms)
    st.caption(
        tr(
            "{n} articles match the filters. Counted in their titles and bodies as cleaned, "
            "normalised; stopwords, numbers and single letters are left out, and a phrase "
            "never spans a left-out word; function words and adverbs (تم، بشكل، يمكن) are not "
            "listed, nor is a phrase that starts or ends with one. Articles: how many use the "
            "term; share: of the matching articles."
        ).format(n=ltr(session.number(len(rows))))
    )
    if table.empty:
        st.info(tr("No word to count in the filtered articles."))
        return
    event = figures.chart(
        term_bars(table, tr(GRAM_NAMES[view.gram]), lang=lang),
        "words",
        key=sidebar.selection_key("words_chart"),
        on_select="rerun",
        selection_mode="points",
    )
    view = session.update_view(word=clicked(event) or view.word)
    st.caption(tr("Click a bar to list the articles that use its word."))
    tables.table_with_downloads(table, key="words", name="words")
    if view.word:
        word_articles(view.word, {"": rows})


def distinctive_tab(view: ViewState) -> None:
    """The words that set A uses more than B and those B uses more than A, by z."""
    st.caption(
        tr(
            "Each set is the articles that pass the sidebar's filters and its own query, "
            "outlets and dates (empty: no condition)."
        )
    )
    left, right = st.columns(2)
    left.markdown(f"**{tr('Set A')}**")
    set_a = own_set("a", view.set_a, left)
    right.markdown(f"**{tr('Set B')}**")
    rest = right.toggle(
        tr("The rest: every filtered article not in set A"),
        key=session.seed("w_brest", view.rest),
    )
    set_b = view.set_b if rest else own_set("b", view.set_b, right)
    alpha = st.select_slider(
        tr("Weight of the prior (alpha0)"),
        ALPHAS,
        format_func={a: session.number(a, ",.0f") for a in ALPHAS}.get,
        key=session.seed("w_alpha", view.alpha),
        help=tr(
            "The prior is the two sets' pooled word counts scaled to this total: a larger "
            "one pulls rare words' scores further towards 0."
        ),
    )
    view = session.update_view(set_a=set_a, set_b=set_b, rest=rest, alpha=alpha)
    rows_a, rows_b = cached.contrast_rows(path, build, view.filters, set_a, set_b, rest)
    names = (tr("Set A"), tr("Set B"))
    st.caption(
        tr("Set A: {a} articles; set B: {b} articles.").format(
            a=ltr(session.number(len(rows_a))), b=ltr(session.number(len(rows_b)))
        )
    )
    if not len(rows_a) or not len(rows_b):
        st.info(tr("Both sets need articles: widen a set's query, outlets or dates."))
        return
    if np.array_equal(rows_a, rows_b):
        st.info(tr("Set A and set B are the same articles: give one a query, outlets or dates."))
        return
    table = cached.distinctive_words(
        path, build, view.filters, set_a, set_b, rest, alpha, view.top_terms
    )
    if table.empty:
        st.info(tr("The two sets hold too few words to compare."))
        return
    event = figures.chart(
        distinctive_bars(table, tr("Distinctive words"), names, lang=lang),
        "distinctive",
        key=sidebar.selection_key("distinctive_chart"),
        on_select="rerun",
        selection_mode="points",
    )
    view = session.update_view(word=clicked(event) or view.word)
    st.caption(
        tr(
            "Weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi "
            "and Quinn, {year}). z-score: how far a word leans to one set beyond what chance "
            "would give; beyond {limit} is unlikely by chance alone. Click a bar to list the "
            "articles of each set that use its word."
        ).format(year=ltr("2008"), limit=ltr("±1.96"))
    )
    shown = table.assign(side=table["side"].map(lambda s: tr(SIDES[s])))
    tables.table_with_downloads(shown, key="distinctive", name="distinctive_words")
    if view.word:
        word_articles(view.word, {names[0]: rows_a, names[1]: rows_b})


st.title(tr("Words & framing"))
view = session.view()
top = st.slider(
    tr("Terms listed (on each side of a comparison)"),
    *TOP_TERMS,
    key=session.seed("w_top", view.top_terms),
)
view = session.update_view(top_terms=top)
tabs = layout.tabs(
    {"words": "Words and phrases", "distinctive": "Distinctive words"}, key="w_words_tab"
)
with tabs["words"]:
    if tabs["words"].open is not False:
        words_tab(view)
with tabs["distinctive"]:
    if tabs["distinctive"].open is not False:
        distinctive_tab(session.view())
