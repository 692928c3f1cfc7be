"""Coverage over time: by outlet, topic or keyword queries; counts or share of all coverage."""

import streamlit as st

from dashboard import cached, charts, widgets
from dashboard.state import BREAKDOWNS, MAX_SERIES

store = cached.current_store()
path, build = str(store.path), store.manifest["build_id"]
st.title("Coverage over time")

view = widgets.view()
controls = st.columns([2, 2, 1])
breakdown = controls[0].segmented_control(
    "Split by",
    BREAKDOWNS,
    format_func={"outlet": "Outlet", "topic": "Topic", "query": "Keyword queries"}.get,
    key=widgets.seed("w_by", view.breakdown),
    persist_state="session",
)
with controls[1]:
    frequency = widgets.frequency_picker(store)
share = controls[2].toggle(
    "Share of all coverage", key=widgets.seed("w_share", view.share), persist_state="session"
)
series: tuple[str, ...] = ()
if breakdown == "query":
    typed = st.text_area(
        f"Up to {MAX_SERIES} queries, one per line",
        key=widgets.seed("w_series", "\n".join(view.series)),
        help='Each line is one series: words must all appear; "phrase"; -word; OR.',
        persist_state="session",
    )
    series = tuple(dict.fromkeys(s.strip() for s in typed.splitlines() if s.strip()))
    series = series[:MAX_SERIES]
view = widgets.update_view(breakdown=breakdown or "outlet", share=share, series=series)

cov = cached.coverage(path, build, view.filters, frequency, view.breakdown, view.series)
if cov.empty:
    st.warning("Nothing to chart: no article matches the filters and queries.")
    st.stop()
title = {"outlet": "by outlet", "topic": "by topic", "query": "by query"}[view.breakdown]
unit = "share of all articles" if share else "articles"
st.plotly_chart(
    charts.coverage_lines(cov, share=share, title=f"Coverage {title} ({unit} per {frequency})"),
    width="stretch",
)
st.caption("A dotted end marks the last period, which the data does not cover to its end.")
widgets.table_with_downloads(cov, key="cov", name="coverage")
