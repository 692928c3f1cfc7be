"""Collections and timeline events: named sets of outlets, saved queries with aliases, and the
dated events drawn on every time chart; each downloads and uploads as JSON.

Everyone sees them; only editors (``MARSAD_ALLOW_UPLOADS``, or the editor token) change them.
"""

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from dashboard.app import context
from dashboard.app.i18n import isolate
from dashboard.app.widgets import editing, layout, session, sidebar, tables
from dashboard.config import Settings
from dashboard.sharing import collections, events
from dashboard.sharing.refusal import Refusal
from dashboard.text.literal import literal

NOTE_KEY = "collections_note"  # (kind, text) of the last change's outcome, shown once
tr = session.tr
db = Settings.from_env().permalinks
corpus = session.view().corpus
store = context.current().store


def attempt(change: Callable[[], str]) -> None:
    """Run a change (a button callback) and keep its outcome to show on the next run."""
    try:
        st.session_state[NOTE_KEY] = ("success", change())
    except Refusal as error:
        st.session_state[NOTE_KEY] = ("error", editing.refusal_text(error))


def save_collection(kind: str) -> str:
    """Store the collection the form describes."""
    if kind == "outlets":
        items = st.session_state.get("w_new_outlets", [])
    else:
        items = str(st.session_state.get("w_new_aliases", "")).splitlines()
    made = collections.make(kind, st.session_state.get(f"w_new_{kind}_name", ""), items)
    collections.save(db, made)
    return tr("Saved: {name}.").format(name=isolate(literal(made.name)))


def delete_collection(kind: str) -> str:
    """Delete the collection chosen for deletion."""
    name = st.session_state.get(f"w_delete_{kind}")
    collections.delete(db, kind, name or "")
    return tr("Deleted: {name}.").format(name=isolate(literal(name)))


def uploaded(key: str) -> bytes:
    """The bytes of the file chosen in the uploader ``key``.

    Raises:
        Refusal: no file is chosen.
    """
    chosen = st.session_state.get(key)
    if chosen is None:
        raise Refusal("Choose a file first.")
    return chosen.getvalue()


def import_collections(key: str) -> str:
    """Store every collection of the file uploaded in ``key``."""
    counts = collections.import_all(db, collections.from_json(uploaded(key)))
    return tr("Imported: {added} new, {replaced} replaced.").format(**counts)


def show_events(code: str, shown: tuple[events.Event, ...]) -> None:
    """Make the view (and so its link and its charts) show this event set."""
    st.session_state[editing.EVENTS_KEY] = (code, shown)
    session.update_view(events=code)


def change_events(change: Callable[[], str]) -> str:
    """Apply a change to this corpus's events and show the new set."""
    code = change()
    show_events(code, events.current(db, corpus)[1])
    return tr("The timeline events are updated.")


def add_event() -> str:
    """Add the event the form describes."""
    made = events.make(
        st.session_state.get("w_event_date") or "",
        st.session_state.get("w_event_label", ""),
        st.session_state.get("w_event_link", ""),
    )
    return change_events(lambda: events.add(db, corpus, [made]))


def remove_events(found: tuple[events.Event, ...]) -> str:
    """Remove the events chosen for removal."""
    chosen = set(st.session_state.get("w_remove_events", []))
    return change_events(lambda: events.remove(db, corpus, [found[i] for i in chosen]))


def import_events() -> str:
    """Add every event of the uploaded file to this corpus."""
    found = events.from_json(uploaded("w_import_events"))
    return change_events(lambda: events.add(db, corpus, found))


def download(text: str, name: str, key: str) -> None:
    """A JSON download of an export."""
    st.download_button(
        tr("Download as JSON"),
        data=text.encode("utf-8"),
        file_name=name,
        mime="application/json",
        key=key,
        icon=":material/download:",
        on_click="ignore",
    )


def upload(key: str, action: Callable[[], str]) -> None:
    """A JSON upload and the button that imports it."""
    st.file_uploader(tr("Import a JSON file"), type=["json"], key=key)
    st.button(
        tr("Import"), key=f"{key}_go", icon=":material/upload:", on_click=attempt, args=(action,)
    )


def collection_table(found: list[collections.Collection], kind: str) -> None:
    """The collections of one kind: name, items, and for a query its expansion."""
    known = set(store.articles["outlet"])
    rows = [
        {"name": c.name, "items": " · ".join(c.items), "count": len(c.items)}
        | (
            {"in this corpus": sum(o in known for o in c.items)}
            if kind == "outlets"
            else {"query": c.query}
        )
        for c in found
    ]
    if rows:
        tables.table(pd.DataFrame(rows))
    else:
        st.caption(tr("None yet."))


def collection_tab(kind: str, editor: bool) -> None:
    """One kind of collection: its table, download, and for editors the forms that change it."""
    found = sidebar.shared_collections(kind)
    if found is None:
        st.warning(tr("Collections are unavailable here just now."))
        return
    collection_table(found, kind)
    download(collections.to_json(found), f"{kind}-collections.json", f"w_download_{kind}")
    if not editor:
        return
    st.subheader(tr("Add or replace"))
    st.text_input(tr("Name"), key=f"w_new_{kind}_name", max_chars=collections.MAX_NAME)
    if kind == "outlets":
        st.multiselect(
            tr("Outlets"),
            sorted(store.articles["outlet"].unique()),
            key="w_new_outlets",
            placeholder=tr("Choose options"),
            max_selections=collections.MAX_OUTLETS,
        )
    else:
        st.text_area(
            tr("Aliases, one per line"),
            key="w_new_aliases",
            help=tr(
                "Each alias is a phrase (a trailing * asks for words that start so); the "
                "saved query finds the articles that use any of them."
            ),
        )
    st.button(
        tr("Save"),
        key=f"w_save_{kind}",
        icon=":material/save:",
        on_click=attempt,
        args=(lambda: save_collection(kind),),
    )
    if found:
        st.subheader(tr("Delete"))
        st.selectbox(tr("Collection"), [c.name for c in found], key=f"w_delete_{kind}")
        st.button(
            tr("Delete"),
            key=f"w_delete_{kind}_go",
            icon=":material/delete:",
            on_click=attempt,
            args=(lambda: delete_collection(kind),),
        )
    upload(f"w_import_{kind}", lambda: import_collections(f"w_import_{kind}"))


def events_tab(editor: bool) -> None:
    """This corpus's timeline events: the table, download, a note when the link shows an
    earlier set, and for editors the forms that change them."""
    try:
        code, found = events.current(db, corpus)
    except events.EventError as error:
        st.warning(tr("Timeline events are unavailable here just now."))
        session.LOG.error("timeline events: %s", error)
        return
    st.caption(tr("Every time chart marks these dates with a dashed line and the label."))
    shown = editing.timeline_events()
    if session.view().events != code:
        st.info(
            tr(
                "This link shows the events as they were when it was made ({shown}); the "
                "corpus has {now} now."
            ).format(shown=session.number(len(shown)), now=session.number(len(found)))
        )
        st.button(
            tr("Show the current events"),
            key="w_current_events",
            on_click=show_events,
            args=(code, found),
        )
    table = pd.DataFrame(
        {
            "date": [pd.Timestamp(e.day) for e in found],
            "event": [e.label for e in found],
            "link": [events.safe_link(e.link) or None for e in found],
        }
    )
    if len(table):
        tables.table(table, {"link": st.column_config.LinkColumn(tr("link"))})
    else:
        st.caption(tr("None yet."))
    download(events.to_json(corpus, found), f"events-{corpus or 'store'}.json", "w_dl_events")
    if not editor:
        return
    st.subheader(tr("Add an event"))
    first, last = store.articles["published_at"].min(), store.articles["published_at"].max()
    st.date_input(
        tr("Date"),
        value=last.date(),
        min_value=date(events.FIRST_YEAR, 1, 1),
        max_value=date(events.LAST_YEAR, 12, 31),
        key="w_event_date",
        help=tr("The corpus runs from {first} to {last}.").format(
            first=f"{first:%Y-%m-%d}", last=f"{last:%Y-%m-%d}"
        ),
    )
    st.text_input(tr("Label"), key="w_event_label", max_chars=events.MAX_LABEL)
    st.text_input(tr("Link (optional, http or https)"), key="w_event_link")
    st.button(
        tr("Add the event"),
        key="w_add_event",
        icon=":material/add:",
        on_click=attempt,
        args=(add_event,),
    )
    if found:
        st.subheader(tr("Remove events"))
        st.multiselect(
            tr("Events"),
            range(len(found)),
            format_func=lambda i: f"{found[i].day:%Y-%m-%d} · {found[i].label}",
            key="w_remove_events",
            placeholder=tr("Choose options"),
        )
        st.button(
            tr("Remove"),
            key="w_remove_events_go",
            icon=":material/delete:",
            on_click=attempt,
            args=(lambda: remove_events(found),),
        )
    upload("w_import_events", import_events)


st.title(tr("Collections & events"))
st.caption(
    tr(
        "Collections and saved queries are shared by everyone who uses this dashboard; "
        "a link holds the outlets and query they stand for, so it shows the same view after "
        "they change. Timeline events belong to the corpus; a link keeps the events it showed."
    )
)
note = st.session_state.pop(NOTE_KEY, None)
if note:
    (st.success if note[0] == "success" else st.error)(note[1])
editor = editing.editor_gate(
    tr("This dashboard is read-only: only editors add, change or delete collections and events.")
)
tabs = layout.tabs(
    {"outlets": "Outlet collections", "queries": "Saved queries", "events": "Timeline events"},
    key="w_collection_tabs",
)
with tabs["outlets"]:
    collection_tab("outlets", editor)
with tabs["queries"]:
    collection_tab("query", editor)
with tabs["events"]:
    events_tab(editor)
