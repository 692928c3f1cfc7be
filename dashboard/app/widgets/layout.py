"""Right-to-left text and page layout: markup direction, shortened lines, tabs, the page CSS."""

from __future__ import annotations

import html

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard.app.widgets.session import lang, tr, update_view, view


def tabs(named: dict[str, str], key: str, default: str = "") -> dict[str, DeltaGenerator]:
    """Tabs whose choice is in the URL (``tab=ID``): ``named`` maps a tab's id to its English
    label. Opens the view's tab, else ``default``, else the first; returns the containers
    by id."""
    ids = list(named)
    labels = [tr(named[i]) for i in ids]
    wanted = view().tab if view().tab in ids else (default or ids[0])
    widget = f"{key}_{lang()}"  # the labels change with the language
    containers = st.tabs(labels, default=labels[ids.index(wanted)], key=widget, on_change="rerun")
    shown = st.session_state.get(widget)
    update_view(tab=ids[labels.index(shown)] if shown in labels else wanted)
    return dict(zip(ids, containers, strict=True))


def rtl(text: str, tag: str = "div", size: str = "1rem") -> None:
    """Show Arabic text right-to-left, escaped: article text never renders as HTML."""
    paragraphs = "".join(
        f"<p>{html.escape(line)}</p>" for line in str(text).splitlines() if line.strip()
    )
    rtl_markup(paragraphs, tag, size)


def rtl_markup(markup: str, tag: str = "div", size: str = "1rem") -> None:
    """Show markup right-to-left; ``markup`` is built from escaped text, never raw article text."""
    st.html(
        f'<{tag} dir="rtl" lang="ar" style="text-align:right;font-size:{size};'
        f'line-height:1.8">{markup}</{tag}>'
    )


def shorten(text: str, chars: int) -> str:
    """The first ``chars`` characters of ``text``, cut at a word, with an ellipsis."""
    if len(text) <= chars:
        return text
    return text[:chars].rsplit(" ", 1)[0] + " …"


BIDI_CSS = """
<style>
input[type="text"], textarea { unicode-bidi: plaintext; text-align: start; }
[data-testid="stMarkdownContainer"] p { unicode-bidi: plaintext; }
</style>
"""


# Right to left: a segmented control's first option is on the right, so its rounded ends and
# the 1 px overlap between options are mirrored (Streamlit's push the first option's right
# border out of view); a date's field stays left to right, its label does not; a progress
# bar (a track whose bar slides in from the left) fills from the right; an empty date field
# does not show Streamlit's English hint "yyyy/mm/dd" (its label says what to enter). Sliders
# stay left to
# right: Streamlit's take their direction from the browser's language, not from the page,
# and a slider mirrored by a style would move its thumb against the pointer.
RTL_CSS = """
<style>
[data-testid="stMain"], [data-testid="stSidebar"] { direction: rtl; }
[data-testid="stMain"] :is(h1, h2, h3) { text-align: right; }
[data-testid="stMain"] :is([data-testid="stCaptionContainer"], [data-testid="stMarkdownContainer"])
  { text-align: right; }
.js-plotly-plot, [data-testid="stDataFrame"], [data-testid="stDateInputField"] { direction: ltr; }
[data-testid="stMain"] pre { direction: ltr; text-align: left; }
[data-testid="stButtonGroup"] button[data-variant="segmented_control"]
  { margin-right: 0; margin-left: -1px; border-radius: 0; }
[data-testid="stButtonGroup"] button[data-variant="segmented_control"]:first-child
  { border-radius: 0 0.5rem 0.5rem 0; }
[data-testid="stButtonGroup"] button[data-variant="segmented_control"]:last-child
  { margin-left: 0; border-radius: 0.5rem 0 0 0.5rem; }
[data-testid="stButtonGroup"] button[data-variant="segmented_control"]:only-child
  { border-radius: 0.5rem; }
[data-testid="stProgressBarTrack"] { transform: scaleX(-1); }
[data-testid="stDateInputField"] [data-placeholder="true"] { color: transparent; }
</style>
"""


# A wide table of reversed columns (see :func:`~dashboard.app.widgets.tables.table`) starts
# scrolled to its right end, once per table, and only while the page is laid out right to left.
# A fixed script: no data in it.
RTL_TABLE_SCRIPT = """
<script>
if (!window.marsadRightToLeftTables) {
  window.marsadRightToLeftTables = true;
  const main = () => document.querySelector('[data-testid="stMain"]');
  const start = () => {
    if (!main() || getComputedStyle(main()).direction !== "rtl") return;
    main().querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller').forEach((grid) => {
      if (!grid.dataset.startedRight && grid.scrollWidth > grid.clientWidth + 1) {
        grid.dataset.startedRight = "1";
        grid.scrollLeft = grid.scrollWidth;
      }
    });
  };
  new MutationObserver(start).observe(document.body, { childList: true, subtree: true });
  setInterval(start, 1000);
}
</script>
"""


def uploader_css() -> str:
    """Streamlit's file uploader writes its button and limits in English: in Arabic its
    limits line is hidden (the page says them in Arabic) and its button relabelled."""
    return f"""
<style>
[data-testid="stFileUploaderDropzoneInstructions"] {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p
  {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after
  {{ content: "{tr("Choose files")}"; }}
</style>
"""


def bulk_choice_css() -> str:
    """A multiselect's list opens with "Select all" (or "Select N matches" while typing),
    which Streamlit writes in English: in Arabic the first is relabelled, the second hidden,
    and the list laid out right to left."""
    return f"""
<style>
[role="listbox"] [role="option"] {{ direction: rtl; }}
[role="option"][data-key="__select_matches__"] {{ display: none; }}
[role="option"][data-key="__select_all__"] [data-item-hl] {{ font-size: 0; }}
[role="option"][data-key="__select_all__"] [data-item-hl]::after
  {{ content: "{tr("Select all")}"; font-size: 0.875rem; }}
</style>
"""
