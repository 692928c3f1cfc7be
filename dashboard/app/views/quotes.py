"""Who said what: the quotes of the filtered articles, searched by speaker and by words."""

import streamlit as st

from dashboard.analysis import quote_queries
from dashboard.app import cached, context
from dashboard.app.widgets import layout, lists, session, sidebar, tables

tr = session.tr

ctx = context.current()
store, path, build = ctx.store, ctx.path, ctx.build
view = session.view()

st.title(tr("Who said what"))
st.caption(
    tr(
        "Reported speech found by rules: a speech verb (قال، أكد، أعلن …) with its speaker and "
        "what follows إن/أن, a colon or quotation marks; or a quotation or a claim attributed "
        "with بحسب، وفق، نقلا عن. The speaker is linked to an entity of the article."
    )
)
left, right = st.columns(2)
speaker = left.text_input(
    tr("Speaker"), key=session.seed("w_quote_speaker", view.quote_speaker)
).strip()
sidebar.saved_query_picker(
    right,
    key="w_quote_saved",
    target="w_quote_query",
    hint="Puts the query's aliases, joined by OR, in the box of the quote's words.",
)
said = right.text_input(
    tr("Words of the quote"),
    key=session.seed("w_quote_query", view.quote_query),
    help=tr(sidebar.QUERY_HELP),
).strip()
session.update_view(quote_speaker=speaker, quote_query=said)
with st.spinner(tr("Finding who said what…")):
    found = cached.quote_search(path, build, view.filters, speaker, said)
if found.empty:
    st.info(tr("No quote matches."))
    st.stop()
first, second = st.columns(2)
first.metric(tr("Quotes"), session.number(len(found)))
second.metric(tr("Quotes linked to an entity"), session.number(found["entity"].ne("").sum()))
speakers = quote_queries.speaker_table(found)
tabs = layout.tabs({"quotes": "Quotes", "speakers": "Speakers"}, key="w_quotes_tab")
with tabs["quotes"]:
    lists.quote_list(found, key="quotes", name="quotes")
with tabs["speakers"]:
    tables.table_with_downloads(speakers, key="quote_speakers", name="quote_speakers")
