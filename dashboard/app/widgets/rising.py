"""The rising topics panel: what grows now against its recent baseline, with its articles."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard.analysis.topic_time import MIN_BASELINE_ARTICLES, MIN_BURST_ARTICLES, burst_articles
from dashboard.app.charts.words import rising_bars
from dashboard.app.i18n import (
    SCORE_HELP,
    ltr,
    numbered,
)
from dashboard.app.widgets.figures import chart
from dashboard.app.widgets.lists import article_card
from dashboard.app.widgets.session import lang, number, tr
from dashboard.text.literal import literal


def rising_heading(row: Any) -> str:
    """A rising topic's heading: its number and label, its share now and before, its
    articles. Figures and label are each isolated, or the bidi algorithm runs them together;
    "3: label" in one first-strong isolate read ":3 label" in English (its first strong
    letter is Arabic), so the number is isolated left to right, the label apart."""
    figures = tr("{now} against {before} before").format(
        now=ltr(number(row.share, ".1%")), before=ltr(number(row.baseline, ".1%"))
    )
    count = tr("{n} articles, {before} before").format(
        n=number(row.count), before=number(row.before)
    )
    name = str(row.label).removeprefix(f"{row.topic}: ")
    return f"{numbered(row.topic, literal(name), lang())} — {figures} ({count})"


def rising_panel(
    rising: pd.DataFrame, articles: pd.DataFrame, frequency: str, top: int = 5
) -> None:
    """What's rising: burst scores of the rising topics and the articles that drove each."""
    support = tr(
        "Only topics with at least {now} articles in the period and {before} over the "
        "preceding periods are listed."
    ).format(now=ltr(number(MIN_BURST_ARTICLES)), before=ltr(number(MIN_BASELINE_ARTICLES)))
    if rising.empty:
        st.caption(
            tr("No topic rose above its usual share in the latest complete period.") + " " + support
        )
        return
    shown = rising.head(top)
    st.caption(
        tr(
            "Topics whose share of all articles in the {frequency} of {date} jumped above "
            "their share in the preceding periods."
        ).format(frequency=tr(frequency), date=ltr(f"{shown['period'].iat[0]:%Y-%m-%d}"))
        + " "
        + tr("Burst: ")
        + tr(SCORE_HELP["burst"])
        + " "
        + support
    )
    chart(rising_bars(shown, tr("What's rising"), lang=lang()), "rising")
    for row in shown.itertuples(index=False):
        with st.expander(rising_heading(row)):
            for _, article in burst_articles(articles, row.topic, row.period, frequency).iterrows():
                article_card(article, body_chars=200)
