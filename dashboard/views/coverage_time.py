"""Coverage over time: by outlet, topic or keyword queries; counts or share of all coverage.

Clicking a point lists its articles; a box selection narrows every view to its dates.
"""

import pandas as pd
import streamlit as st

from dashboard import cached, charts, widgets
from dashboard.state import BREAKDOWNS, MAX_SERIES

tr = widgets.tr
store = cached.current_store()
path, build = str(store.path), store.manifest["build_id"]
st.title(tr("Coverage over time"))

view = widgets.view()
controls = st.columns([2, 2, 1])
breakdown = controls[0].segmented_control(
    tr("Split by"),
    BREAKDOWNS,
    format_func=lambda b: tr({"outlet": "Outlet", "topic": "Topic", "query": "Keyword queries"}[b]),
    key=widgets.seed("w_by", view.breakdown),
    persist_state="session",
)
with controls[1]:
    frequency = widgets.frequency_picker(store)
share = controls[2].toggle(
    tr("Share of all coverage"), key=widgets.seed("w_share", view.share), persist_state="session"
)
series: tuple[str, ...] = ()
if breakdown == "query":
    typed = st.text_area(
        tr("Up to 5 queries, one per line"),
        key=widgets.seed("w_series", "\n".join(view.series)),
        help=tr('Each line is one series: words must all appear; "phrase"; -word; OR.'),
        persist_state="session",
    )
    series = tuple(dict.fromkeys(s.strip() for s in typed.splitlines() if s.strip()))
    series = series[:MAX_SERIES]
view = widgets.update_view(breakdown=breakdown or "outlet", share=share, series=series)

cov = cached.coverage(path, build, view.filters, frequency, view.breakdown, view.series)
if cov.empty:
    st.warning(tr("Nothing to chart: no article matches the filters and queries."))
    st.stop()
title = tr(
    {"outlet": "Coverage by outlet", "topic": "Coverage by topic"}.get(
        view.breakdown, "Coverage by query"
    )
)
unit = tr("share of all articles") if share else tr("articles")
event = st.plotly_chart(
    charts.coverage_lines(cov, share=share, title=f"{title} ({unit} · {tr(frequency)})"),
    width="stretch",
    key="coverage_chart",
    on_select="rerun",
    selection_mode=("points", "box"),
)
st.caption(
    tr("A dotted end marks the last period, which the data does not cover to its end.")
    + " "
    + tr("Click a point to list its articles; draw a box to narrow every view to its dates.")
)

selection = event.selection if event else None
if selection and selection.box:
    first, last = store.articles["published_at"].min(), store.articles["published_at"].max()
    low, high = sorted(pd.to_datetime(selection.box[0]["x"]))
    low, high = max(low, first.normalize()), min(high, last)
    st.button(
        tr("Narrow every view to {start} → {end}").format(
            start=f"{low:%Y-%m-%d}", end=f"{high:%Y-%m-%d}"
        ),
        key="w_narrow",
        on_click=widgets.narrow_dates,
        args=(low.date(), high.date()),
    )
if selection and selection.points:
    point = selection.points[0]
    label = str(point.get("legendgroup") or "")
    period = pd.Timestamp(point["x"]).normalize()
    found = cached.period_articles(
        path, build, view.filters, frequency, view.breakdown, view.series, label, str(period)
    )
    st.subheader(f"{label} · {period:%Y-%m-%d} · {len(found)} {tr('articles')}")
    for _, row in found.head(20).iterrows():
        widgets.article_card(row, body_chars=240)

widgets.table_with_downloads(cov, key="cov", name="coverage")
