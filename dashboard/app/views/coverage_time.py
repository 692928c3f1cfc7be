"""Coverage over time: by outlet, by topic, or up to 5 compared series (each a keyword
query, a topic, an entity, an outlet, a saved query or an outlet collection); counts or
share of all coverage.

Clicking a point lists its articles; a box selection narrows every view to its dates;
one button clears the selection and that narrowing.
"""

import pandas as pd
import streamlit as st

from dashboard.analysis.query import (
    COLLECTION,
    OTHER_OUTLETS,
    OTHER_TOPICS,
    SERIES_KINDS,
    Series,
    collection_series,
    series_label,
    topic_labels,
)
from dashboard.app import cached, context
from dashboard.app.charts.timelines import coverage_lines
from dashboard.app.i18n import isolate
from dashboard.app.state import (
    BREAKDOWNS,
    MAX_SERIES,
    Drill,
    decode_drill,
    decode_series,
    encode_drill,
    encode_series,
)
from dashboard.app.widgets import figures, lists, session, sidebar, tables
from dashboard.text.literal import literal

KIND_NAMES = {
    "query": "Keyword query",
    "topic": "Topic",
    "entity": "Entity",
    "outlet": "Outlet",
    "saved": "Saved query",
    COLLECTION: "Outlet collection",
}
SERIES_KEY = "w_series"  # the compared series, in their URL form
ENTITY_CHOICES = 500
TOP_SERIES = 8  # outlets or topics drawn apart before the rest is one series
DRILL_SEEN_KEY = "cov_drill_seen"  # a chart selection was made: the link's drill-down is spent

tr = session.tr
ctx = context.current()
store, path, build = ctx.store, ctx.path, ctx.build
labels = topic_labels(cached.topics(path, build))
saved = {c.name: c.query for c in sidebar.shared_collections("query") or ()}
groups = {c.name: c.items for c in sidebar.shared_collections("outlets") or ()}
known_outlets = set(store.articles["outlet"])


def chip(spec: str) -> str:
    """How a compared series reads in the list: its kind, then its legend label."""
    series = decode_series(spec)
    if series is None:
        return spec
    kind = "saved" if series.kind == "query" and series.name else series.kind
    return f"{tr(KIND_NAMES[kind])}: {series_label(series, labels)}"


def add_series() -> None:
    """Append the series the add controls describe (a button callback)."""
    kind = st.session_state["w_add_kind"]
    picked = st.session_state.get(f"w_add_{kind}")
    value = "" if picked is None else str(picked).strip()  # topic 0 is a value
    listed = list(st.session_state.get(SERIES_KEY, []))
    if kind == "saved":
        made = Series("query", saved[value], value) if value in saved else None
    elif kind == COLLECTION:
        made = collection_series(value, groups[value]) if value in groups else None
    else:
        made = Series(kind, value) if value else None
    spec = encode_series(made) if made else ""
    if spec and spec not in listed and len(listed) < MAX_SERIES:
        st.session_state[SERIES_KEY] = [*listed, spec]
    st.session_state["w_add_query"] = ""


def series_builder(current: tuple[Series, ...]) -> tuple[Series, ...]:
    """The compared series as removable chips, and controls that add one."""
    session.seed(SERIES_KEY, [encode_series(s) for s in current])
    picked = st.multiselect(
        tr("Compared series (up to 5)"),
        st.session_state[SERIES_KEY],
        format_func=chip,
        key=SERIES_KEY,
        max_selections=MAX_SERIES,
        placeholder=tr("Add a series below"),
    )
    kind_box, value_box, add_box = st.columns([1, 3, 1], vertical_alignment="bottom")
    kind = kind_box.selectbox(
        tr("Series type"),
        [*SERIES_KINDS, *["saved"] * bool(saved), *[COLLECTION] * bool(groups)],
        format_func=session.named(KIND_NAMES),
        key="w_add_kind",
    )
    if kind == "query":
        value_box.text_input(
            tr("Keyword query"),
            key="w_add_query",
            help=tr(sidebar.QUERY_HELP),
        )
    elif kind == "topic":
        value_box.selectbox(
            tr("Topic"),
            [t for t in labels if t >= 0],
            format_func=session.topic_names(labels),
            key="w_add_topic",
        )
    elif kind == "saved":
        value_box.selectbox(
            tr("Saved query"),
            list(saved),
            key="w_add_saved",
            help=tr("Its aliases joined by OR; the link keeps the query as it is now."),
        )
    elif kind == COLLECTION:
        name = value_box.selectbox(
            tr("Outlet collection"),
            list(groups),
            key="w_add_collection",
            help=tr(
                "Counts the articles of its outlets; the link keeps the outlets as they are now."
            ),
        )
        missing = sum(o not in known_outlets for o in groups.get(name, ()))
        if missing:
            st.caption(
                tr("{name}: {n} of its outlets are not in this corpus.").format(
                    name=isolate(literal(name)), n=session.number(missing)
                )
            )
    elif kind == "entity":
        value_box.selectbox(
            tr("Entity"),
            cached.entity_names(path, build, ENTITY_CHOICES),
            key="w_add_entity",
            accept_new_options=True,
        )
    else:
        value_box.selectbox(
            tr("Outlet"), sorted(store.articles["outlet"].unique()), key="w_add_outlet"
        )
    add_box.button(
        tr("Add series"),
        icon=":material/add:",
        key="w_add",
        on_click=add_series,
        disabled=len(picked) >= MAX_SERIES,
    )
    return tuple(s for s in map(decode_series, picked) if s)


def drill_down(selection: object, linked: str) -> Drill | None:
    """What the chart's selection lists: a clicked point, or the periods of a box; with no
    selection, the one the link names (until a selection is made and cleared)."""
    if selection and selection.points:
        point = selection.points[0]
        st.session_state[DRILL_SEEN_KEY] = True
        period = pd.Timestamp(point["x"]).date()
        return Drill(period, series=str(point.get("legendgroup") or ""))
    if selection and selection.box:
        st.session_state[DRILL_SEEN_KEY] = True
        low, high = sorted(pd.to_datetime(selection.box[0]["x"]))
        return Drill(low.date(), high.date())
    return None if st.session_state.get(DRILL_SEEN_KEY) else decode_drill(linked)


st.title(tr("Coverage over time"))
view = session.view()
controls = st.columns([2, 2, 1])
breakdown = controls[0].segmented_control(
    tr("Split by"),
    BREAKDOWNS,
    format_func=session.named({"outlet": "Outlet", "topic": "Topic", "compare": "Compare"}),
    key=session.seed("w_by", view.breakdown),
    persist_state="session",
)
with controls[1]:
    frequency = sidebar.frequency_picker(store)
share = controls[2].toggle(
    tr("Share of all coverage"), key=session.seed("w_share", view.share), persist_state="session"
)
series = series_builder(view.series) if breakdown == "compare" else view.series
view = session.update_view(breakdown=breakdown or "outlet", share=share, series=series)
compared = view.series if view.breakdown == "compare" else ()

cov = cached.coverage(path, build, view.filters, frequency, view.breakdown, compared)
if cov.empty:
    st.warning(tr("Nothing to chart: no article matches the filters and queries."))
    st.stop()
title = tr(
    {"outlet": "Coverage by outlet", "topic": "Coverage by topic"}.get(
        view.breakdown, "Coverage compared"
    )
)
unit = tr("share of all articles") if share else tr("articles")
names = {label: tr(label) for label in (OTHER_OUTLETS, OTHER_TOPICS)}
event = figures.chart(
    coverage_lines(
        cov,
        share=share,
        title=f"{title} ({unit} · {tr(frequency)})",
        names=names,
        gap_name=tr("no articles collected"),
        lang=session.lang(),
    ),
    "coverage",
    key=sidebar.selection_key("coverage_chart"),
    on_select="rerun",
    selection_mode=("points", "box"),
)
notes = [
    tr(
        "Share = the series' articles / all articles that pass the same filters except the "
        "keyword query (dates, outlets, topics), in that period."
    ),
    tr("× marks a period in which the filtered collection has no article: no articles collected."),
    tr("A dotted end marks the last period, which the data does not cover to its end."),
]
if view.breakdown == "compare":
    notes.append(
        tr(
            "Compared series use the sidebar's dates, outlets and topics, not its keyword "
            "query: each series is its own query."
        )
    )
else:
    notes.append(
        tr(
            "Outlets or topics beyond the largest {top} are one series, so the lines add up."
        ).format(top=TOP_SERIES)
    )
if view.breakdown == "outlet":
    notes.append(
        tr(
            "Each outlet's share of its own articles is on the Keyword in context page, "
            "tab Attention by outlet."
        )
    )
lists.crawl_date_note(cached.crawl_share(path, build))
st.caption(" ".join(notes))
st.caption(tr("Click a point to list its articles; draw a box to list the articles of its days."))

selection = event.selection if event else None
narrow_box, clear_box = st.columns(2)
if selection and selection.box:
    first, last = store.articles["published_at"].min(), store.articles["published_at"].max()
    low, high = sorted(pd.to_datetime(selection.box[0]["x"]))
    low, high = max(low, first.normalize()), min(high, last)
    narrow_box.button(
        tr("Narrow every view to {start} → {end}").format(
            start=f"{low:%Y-%m-%d}", end=f"{high:%Y-%m-%d}"
        ),
        key="w_narrow",
        icon=":material/filter_alt:",
        on_click=sidebar.narrow_dates,
        args=(low.date(), high.date()),
    )
selected = selection and (selection.box or selection.points)
if selected or view.drill or sidebar.NARROWED_KEY in st.session_state:
    sidebar.clear_selection_button("w_clear_chart", clear_box)
drill = drill_down(selection, view.drill)
session.update_view(drill=encode_drill(drill) if drill else "")
if drill and drill.last is None:
    label = drill.series
    found = cached.period_articles(
        path, build, view.filters, frequency, view.breakdown, compared, label, str(drill.first)
    )
    shown_name = literal(names.get(label, label))
    st.subheader(f"\u2068{shown_name}\u2069 · \u2066{drill.first:%Y-%m-%d}\u2069")
    lists.article_list(found, key="cov_point", name="coverage_point")
elif drill:
    low, high = drill.first, drill.last
    found = cached.period_articles(
        path, build, view.filters, frequency, view.breakdown, compared, None, str(low), str(high)
    )
    st.subheader(f"\u2066{low:%Y-%m-%d} → {high:%Y-%m-%d}\u2069")
    lists.article_list(found, key="cov_box", name="coverage_box")

shown = cov.assign(series=cov["series"].map(lambda series: names.get(series, series)))
tables.table_with_downloads(shown, key="cov", name="coverage")
