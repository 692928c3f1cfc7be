"""Your corpus: read uploaded files, map their columns, see the report, build a corpus of them."""

import json
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.app import reading_notes
from dashboard.app.i18n import isolate
from dashboard.app.widgets import editing, preferences, session, tables
from dashboard.config import Settings
from dashboard.pipeline.ingest import FORMATS, IngestError
from dashboard.pipeline.upload_build import STAGES, BuildJob, Progress, check_owner, start_build
from dashboard.pipeline.uploads import column_choices, mapping_for, preview_uploads
from dashboard.storage import corpora
from dashboard.text.literal import literal

RESULT_KEY = "upload_result"
MAPPING_KEY = "upload_mapping"
JOB_KEY = "upload_job"
OPEN_KEY = "upload_open_corpus"
EDITOR_KEY = editing.EDITOR_KEY  # the valid editor token this session entered
FIELDS = reading_notes.FIELD_NAMES
STAGE_LABELS = {
    "ingest": "Reading and cleaning",
    "embed": "Embedding",
    "topics": "Topics",
    "entities": "Entities",
    "chars": "Word and letter index",
    "store": "Writing the corpus",
}
ICONS = {"running": ":material/hourglass_top:", "done": ":material/check_circle:"}
MARKS = {"done": "✔", "running": "⏳", "waiting": "○"}  # neutral for the bidi algorithm
LIVE = ("queued", "running")  # the states whose panel is redrawn every second
settings = Settings.from_env()
tr = session.tr


def apply_mapping(columns: list[str]) -> None:
    """Keep the chosen columns as the mapping the files are read with (a form callback)."""
    chosen = {name: st.session_state[f"w_map_{name}"] for name in FIELDS}
    st.session_state[MAPPING_KEY] = mapping_for(columns, chosen)


def mapping_form(columns: list[str], mapping: dict[str, str], expanded: bool) -> None:
    """A column per Marsad field, chosen among the tables' columns, and a button to read again."""
    if not columns:
        return
    choices = column_choices(columns, mapping)
    unused = tr("— not used —")
    with st.expander(tr("Map columns"), expanded=expanded, icon=":material/table_chart:"):
        st.caption(
            tr(
                "Which column of your tables holds each field: recognised by name, or chosen "
                "here. The choice applies to every table uploaded; text and HTML pages need none."
            )
        )
        with st.form("upload_mapping_form", border=False):
            cells = st.columns(3)
            for i, (name, label) in enumerate(FIELDS.items()):
                cells[i % 3].selectbox(
                    tr(label),
                    ["", *columns],
                    format_func=lambda column: column or unused,
                    key=session.seed(f"w_map_{name}", choices[name]),
                )
            st.form_submit_button(
                tr("Read again with this mapping"),
                icon=":material/refresh:",
                on_click=apply_mapping,
                args=(columns,),
            )


def may_upload() -> bool:
    """Whether this session may upload and build: when the server allows it, or once a valid
    editor token has been entered (kept for the session)."""
    return editing.editor_gate(
        tr("This dashboard is read-only: uploading and building corpora is turned off here.")
    )


def running_job() -> BuildJob | None:
    """This session's build while it waits its turn or runs."""
    job = st.session_state.get(JOB_KEY)
    return job if job is not None and job.poll().state in LIVE else None


def build_form(files: list, mapping: dict[str, str]) -> None:
    """Name the corpus and start its build in a separate process."""
    st.subheader(tr("Build this corpus"))
    st.caption(
        tr(
            "The build runs in its own process: keep using the dashboard meanwhile; it goes on "
            "if you close this tab. The uploaded files are deleted as soon as it has read them."
        )
    )
    name = st.text_input(
        tr("Corpus name"),
        key=session.seed("w_build_name", corpora.suggest_name(files[0].name)),
        max_chars=48,
        help=tr("Lower-case Latin letters, digits, - and _; it names the corpus in the sidebar."),
    ).strip()
    reserved, token = {Path(settings.store).name}, st.session_state.get(EDITOR_KEY, "")
    try:
        check_owner(corpora.check_name(name), settings.corpora, reserved, token)
    except corpora.CorpusError as error:
        st.error(literal(error))
        return
    allowed = True
    if corpora.describe(settings.corpora / name, name) is not None:
        allowed = st.checkbox(
            tr(
                "A corpus named {name} exists: replace it (it is served until the new one is built)"
            ).format(name=name),
            key="w_build_replace",
        )
    if not st.button(
        tr("Build this corpus"),
        type="primary",
        icon=":material/play_arrow:",
        disabled=not allowed or running_job() is not None,
        key="w_build",
    ):
        return
    try:
        st.session_state[JOB_KEY] = start_build(
            [(f.name, f.getvalue()) for f in files],
            name,
            settings.corpora,
            mapping=mapping,
            embedder=settings.embedder,
            threads=settings.threads,
            max_mb=settings.max_upload_mb,
            reserved=reserved,
            token=token,
        )
    except (IngestError, OSError, corpora.CorpusError) as error:
        st.error(literal(error))


def stage_line(stage: str, progress: Progress) -> str:
    """One build stage as a line: done (with its time), running (with its share), or to come."""
    label = tr(STAGE_LABELS[stage])
    if stage in progress.finished:
        seconds = tr("{seconds} s").format(seconds=session.number(progress.finished[stage], ",.1f"))
        return f"{MARKS['done']} {label} — {seconds}"
    if stage == progress.current:
        percent = (
            f" — {session.number(progress.percent / 100, '.0%')}"
            if progress.percent is not None
            else ""
        )
        return f"{MARKS['running']} **{label}**{percent}"
    return f"{MARKS['waiting']} {label}"


def show_progress(job: BuildJob) -> None:
    """The build's stages, time and outcome."""
    progress = job.poll()
    if progress.state in ("queued", "cancelled"):
        show_queued(job, progress)
        return
    label = {
        "running": tr("Building {name}… {seconds} s"),
        "done": tr("Built {name} in {seconds} s"),
        "failed": tr("The build of {name} failed"),
    }[progress.state].format(name=isolate(job.name), seconds=f"{job.elapsed:,.0f}")
    # An expander, not st.status: a status shows "running" only while a script run lasts.
    icon = ICONS.get(progress.state, ":material/error:")
    with st.expander(label, expanded=progress.state != "done", icon=icon):
        st.progress(progress.fraction)
        st.markdown("\n\n".join(stage_line(stage, progress) for stage in STAGES))
        if progress.message and progress.state != "failed":
            st.caption(literal(progress.message))
    if progress.state == "failed":
        st.error(
            tr("Another build of this corpus is running: wait for it, or choose another name.")
            if progress.busy
            else tr("The build stopped; nothing was changed. Why:")
        )
        st.code(progress.message, language=None, wrap_lines=True)
    elif progress.state == "done":
        st.button(
            tr("Open {name}").format(name=job.name),
            icon=":material/open_in_new:",
            on_click=open_corpus,
            args=(job.name,),
            key="w_open_built",
        )


def show_queued(job: BuildJob, progress: Progress) -> None:
    """A build waiting its turn (its place in line, and a button that cancels it), or one
    cancelled before it started."""
    name = literal(isolate(job.name))
    if progress.state == "cancelled":
        st.info(tr("The build of {name} was cancelled before it started.").format(name=name))
        return
    st.info(
        tr(
            "One build runs at a time on this server: your build of {name} is number "
            "{position} in line, and starts by itself when its turn comes."
        ).format(name=name, position=session.number(progress.position, ","))
    )
    st.button(
        tr("Cancel this build"), icon=":material/cancel:", on_click=job.cancel, key="w_cancel"
    )


def open_corpus(name: str) -> None:
    """Switch to the built corpus and go to its overview (a button callback)."""
    preferences.use_corpus(name)
    st.session_state[OPEN_KEY] = True


@st.fragment(run_every=1.0)
def live_progress() -> None:
    """The build's place in line or progress, redrawn every second; the page reruns when it
    ends."""
    job = st.session_state[JOB_KEY]
    show_progress(job)
    if job.final is not None:
        st.rerun()  # the whole page, so the sidebar lists the new corpus


def job_panel() -> None:
    """This session's build: live while it runs, its outcome after."""
    job = st.session_state.get(JOB_KEY)
    if job is None:
        return
    if job.poll().state in LIVE:
        live_progress()
    else:
        show_progress(job)


if st.session_state.pop(OPEN_KEY, False):
    st.switch_page("views/overview.py")

st.title(tr("Upload a corpus"))
st.caption(
    tr(
        "CSV, TSV, JSON, JSON Lines, Parquet, Excel, text or HTML pages, gzip'd or zipped, up "
        "to {mb} MB in all. The files are read in a private temporary folder and deleted right "
        "after."
    ).format(mb=settings.max_upload_mb)
)
if not may_upload():
    st.stop()
files = st.file_uploader(
    tr("Corpus files"),
    type=sorted({ext.lstrip(".") for ext in FORMATS} | {"gz"}),
    accept_multiple_files=True,
    max_upload_size=settings.max_upload_mb,
    key="w_upload",
)
if not files:
    st.session_state.pop(RESULT_KEY, None)
    job_panel()
    st.stop()

uploaded = [(f.file_id, f.name, f.size) for f in files]
stored = st.session_state.get(RESULT_KEY)
if stored is None or stored[0] != uploaded:  # other files: forget the mapping of the last ones
    st.session_state.pop(MAPPING_KEY, None)
    for name in FIELDS:
        st.session_state.pop(f"w_map_{name}", None)
    st.session_state.pop("w_build_name", None)
mapping = st.session_state.get(MAPPING_KEY, {})
if stored is None or stored[:2] != (uploaded, mapping):
    with st.spinner(tr("Reading the files…")):
        try:
            outcome = preview_uploads(
                [(f.name, f.getvalue()) for f in files],
                settings.max_upload_mb,
                mapping=mapping,
                memory_mb=settings.preview_memory_mb,
            )
        except IngestError as error:
            outcome = error
    st.session_state[RESULT_KEY] = (uploaded, mapping, outcome)
outcome = st.session_state[RESULT_KEY][2]

if isinstance(outcome, IngestError):
    st.error(tr("Nothing could be read from these files."))
    st.code(reading_notes.notes(str(outcome), session.lang()), language=None, wrap_lines=True)
    mapping_form(outcome.columns, mapping, expanded=True)
    job_panel()
    st.stop()

report = outcome.report
read, loaded, rejected, duplicates, near = st.columns(5)
read.metric(tr("Records read"), f"{report['read']:,}")
loaded.metric(tr("Loaded"), f"{report['loaded']:,}")
rejected.metric(tr("Rejected"), f"{report['rejected']:,}")
duplicates.metric(tr("Duplicates"), f"{report['duplicates']:,}")
near.metric(tr("Near-duplicates (loaded)"), f"{report['near_duplicates']:,}")
if report["errors"]:
    st.error(tr("{n} file(s) or part(s) could not be read:").format(n=len(report["errors"])))
    st.code(reading_notes.notes(report["errors"], session.lang()), language=None, wrap_lines=True)
if report["warnings"]:
    st.warning(tr("{n} warning(s):").format(n=len(report["warnings"])))
    st.code(reading_notes.notes(report["warnings"], session.lang()), language=None, wrap_lines=True)
mapping_form(outcome.columns, mapping, expanded=bool(mapping))
if report["loaded"]:
    build_form(files, mapping)
job_panel()

st.subheader(tr("Rejected records"))
if len(outcome.rejected):
    reasons = pd.DataFrame(report["reasons"].items(), columns=["reason", "records"])
    in_words = {
        "reason": lambda f: f["reason"].map(lambda r: reading_notes.reason(r, session.lang()))
    }
    reasons = reasons.assign(**in_words)
    tables.table(reasons)
    refused = outcome.rejected.assign(**in_words)
    tables.table_with_downloads(refused, key="upload_rejected", name="rejected")
else:
    st.caption(tr("None: every record was loaded or is a duplicate of a loaded one."))

st.subheader(tr("Duplicates"))
if len(outcome.duplicates):
    columns = ["id", "duplicate_of", "outlet", "title", "source_file", "source_row"]
    tables.table_with_downloads(outcome.duplicates[columns], key="upload_dups", name="duplicates")
else:
    st.caption(tr("None."))

st.subheader(tr("Loaded articles"))
columns = ["published_at", "outlet", "title", "source_file", "source_row", "near_duplicate_of"]
tables.table_with_downloads(outcome.articles[columns], key="upload_loaded", name="loaded")

summary = {k: v for k, v in report.items() if not k.endswith("_list")}
st.download_button(
    tr("⬇ Ingest report (JSON)"),
    data=json.dumps(summary, ensure_ascii=False, indent=2, default=str),
    file_name="ingest_report.json",
    mime="application/json",
    key="upload_report",
    on_click="ignore",
)
