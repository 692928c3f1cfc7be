"""The sidebar's preferences: corpus, interface language and chart image format."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.app.i18n import (
    LANGUAGES,
    isolate,
)
from dashboard.app.state import switch_corpus
from dashboard.app.widgets.figures import IMAGE_FORMAT_KEY, IMAGE_FORMATS
from dashboard.app.widgets.layout import (
    BIDI_CSS,
    RTL_CSS,
    RTL_TABLE_SCRIPT,
    bulk_choice_css,
    uploader_css,
)
from dashboard.app.widgets.session import VIEW_KEY, seed, tr, update_view, view
from dashboard.app.widgets.sidebar import NARROWED_KEY
from dashboard.config import Settings
from dashboard.storage import corpora
from dashboard.text.literal import literal


def image_format_picker() -> None:
    """Sidebar choice of the format the charts' camera button saves (PNG or SVG)."""
    st.sidebar.segmented_control(
        tr("Chart images"),
        IMAGE_FORMATS,
        format_func=str.upper,
        key=seed(IMAGE_FORMAT_KEY, IMAGE_FORMATS[0]),
        help=tr("The camera button in each chart's toolbar saves the chart in this format."),
        persist_state="session",
    )


def language_picker() -> None:
    """Arabic / English switch at the top of the sidebar; Arabic lays the page out right-to-left."""
    choice = st.sidebar.segmented_control(
        tr("Language"),
        list(LANGUAGES),
        format_func=LANGUAGES.get,
        key=seed("w_lang", view().lang),
        persist_state="session",
    )
    update_view(lang=choice or view().lang)
    if view().lang == "ar":
        indic = st.sidebar.toggle(
            tr("Arabic-Indic digits (٠١٢٣)"), key=seed("w_indic", view().indic)
        )
        update_view(indic=indic)
    arabic = RTL_CSS + uploader_css() + bulk_choice_css()
    st.html(BIDI_CSS + (arabic if view().lang == "ar" else ""))
    if view().lang == "ar":
        st.html(RTL_TABLE_SCRIPT, unsafe_allow_javascript=True)  # fixed text, no data


# Session keys whose values belong to one corpus, dropped when another is chosen.
CORPUS_KEYS = (
    "f_dates",
    "f_outlets",
    "f_topics",
    "w_topic",
    "w_article",
    "w_reader",
    "w_series",  # the coverage page's compared series: reseeded from the view
    NARROWED_KEY,
)


def corpus_picker() -> None:
    """Sidebar choice among the built corpora (shown when there are two or more); the choice
    is in the URL. A link naming a corpus not built here opens the configured one."""
    settings = Settings.from_env()
    found = corpora.available(settings.corpora, settings.store)
    if view().corpus not in found:
        message = tr("No corpus named {name} is built here; showing the default one.")
        st.sidebar.warning(message.format(name=literal(view().corpus)))
        use_corpus("")
    if len(found) < 2:
        return
    default = Path(settings.store).name
    if default in found:  # a corpus under the root has the configured store's folder name
        default = str(settings.store)
    labels = {name: corpus_label(name or default, corpus) for name, corpus in found.items()}
    st.sidebar.selectbox(
        tr("Corpus"),
        list(found),
        format_func=labels.get,
        key=seed("w_corpus", view().corpus),
        on_change=lambda: use_corpus(st.session_state["w_corpus"]),
    )


RIGHT_TO_LEFT, LEFT_TO_RIGHT = "\u2067", "\u2066"  # bidi isolates, closed by U+2069


def corpus_label(name: str, corpus: corpora.Corpus | None) -> str:
    """A corpus as the picker lists it: name, articles and build date (UTC), laid out in the
    interface's direction even in the (left-to-right) drop-down list."""
    if corpus is None:
        label = tr("{name} (not built)").format(name=isolate(name))
    else:
        label = tr("{name} · {articles:,} articles · {date}").format(
            name=isolate(name), articles=corpus.articles, date=isolate(corpus.built[:10])
        )
    return f"{RIGHT_TO_LEFT if view().lang == 'ar' else LEFT_TO_RIGHT}{label}\u2069"


def use_corpus(name: str) -> None:
    """Show corpus ``name`` ("" = the configured one); a callback, so it runs before the
    widgets: filters and choices that belong to the old corpus are dropped."""
    st.session_state[VIEW_KEY] = switch_corpus(view(), name)
    st.session_state["w_corpus"] = name
    st.session_state["link_build"] = ""
    for key in CORPUS_KEYS:
        st.session_state.pop(key, None)
