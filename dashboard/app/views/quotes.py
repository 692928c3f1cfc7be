"""Who said what: the quotes of the filtered articles, searched by speaker and by words."""

import streamlit as st

from dashboard.analysis import quotes
from dashboard.app import cached, widgets

tr = widgets.tr

store = cached.current_store(widgets.view().corpus)
path, build = str(store.path), store.manifest["build_id"]
view = widgets.view()

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
    tr("Speaker"), key=widgets.seed("w_quote_speaker", view.quote_speaker)
).strip()
widgets.saved_query_picker(
    right,
    key="w_quote_saved",
    target="w_quote_query",
    hint="Puts the query's aliases, joined by OR, in the box of the quote's words.",
)
said = right.text_input(
    tr("Words of the quote"),
    key=widgets.seed("w_quote_query", view.quote_query),
    help=tr(widgets.QUERY_HELP),
).strip()
widgets.update_view(quote_speaker=speaker, quote_query=said)
with st.spinner(tr("Finding who said what…")):
    found = cached.quote_search(path, build, view.filters, speaker, said)
if found.empty:
    st.info(tr("No quote matches."))
    st.stop()
first, second = st.columns(2)
first.metric(tr("Quotes"), widgets.number(len(found)))
second.metric(tr("Quotes linked to an entity"), widgets.number(found["entity"].ne("").sum()))
speakers = quotes.speaker_table(found)
tabs = widgets.tabs({"quotes": "Quotes", "speakers": "Speakers"}, key="w_quotes_tab")
with tabs["quotes"]:
    widgets.quote_list(found, key="quotes", name="quotes")
with tabs["speakers"]:
    widgets.table_with_downloads(speakers, key="quote_speakers", name="quote_speakers")
