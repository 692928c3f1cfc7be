"""Upload: read your own corpus files and see what would be loaded, what rejected, and why."""

import json

import pandas as pd
import streamlit as st

from dashboard import widgets
from dashboard.config import Settings
from dashboard.core.ingest import FORMATS, IngestError
from dashboard.core.uploads import UploadError, read_uploads

RESULT_KEY = "upload_result"
settings = Settings.from_env()

st.title(widgets.tr("Upload a corpus"))
st.caption(
    "CSV, TSV, JSON, JSON Lines, Parquet, Excel, text or HTML pages, gzip'd or zipped, up to "
    f"{settings.max_upload_mb} MB in all. The files are read in a private temporary folder and "
    "deleted right after; nothing is added to the dashboard's corpus."
)
files = st.file_uploader(
    "Corpus files",
    type=sorted({ext.lstrip(".") for ext in FORMATS} | {"gz"}),
    accept_multiple_files=True,
    max_upload_size=settings.max_upload_mb,
    key="w_upload",
)
if not files:
    st.session_state.pop(RESULT_KEY, None)
    st.stop()

signature = [(f.file_id, f.name, f.size) for f in files]
if st.session_state.get(RESULT_KEY, (None,))[0] != signature:
    with st.spinner(widgets.tr("Reading the files…")):
        try:
            outcome = read_uploads([(f.name, f.getvalue()) for f in files], settings.max_upload_mb)
        except (UploadError, IngestError) as error:
            outcome = str(error)
    st.session_state[RESULT_KEY] = (signature, outcome)
outcome = st.session_state[RESULT_KEY][1]

if isinstance(outcome, str):
    st.error(widgets.tr("Nothing could be read from these files."))
    st.code(outcome, language=None, wrap_lines=True)
    st.stop()

report = outcome.report
read, loaded, rejected, duplicates, near = st.columns(5)
read.metric(widgets.tr("Records read"), f"{report['read']:,}")
loaded.metric(widgets.tr("Loaded"), f"{report['loaded']:,}")
rejected.metric(widgets.tr("Rejected"), f"{report['rejected']:,}")
duplicates.metric(widgets.tr("Duplicates"), f"{report['duplicates']:,}")
near.metric(widgets.tr("Near-duplicates (loaded)"), f"{report['near_duplicates']:,}")
if report["errors"]:
    st.error(f"{len(report['errors'])} file(s) or part(s) could not be read:")
    st.code("\n".join(report["errors"]), language=None, wrap_lines=True)
if report["warnings"]:
    st.warning(f"{len(report['warnings'])} warning(s):")
    st.code("\n".join(report["warnings"]), language=None, wrap_lines=True)

st.subheader(widgets.tr("Rejected records"))
if len(outcome.rejected):
    reasons = pd.DataFrame(report["reasons"].items(), columns=["reason", "records"])
    st.dataframe(reasons, hide_index=True)
    widgets.table_with_downloads(outcome.rejected, key="upload_rejected", name="rejected")
else:
    st.caption(widgets.tr("None: every record was loaded or is a duplicate of a loaded one."))

st.subheader(widgets.tr("Duplicates"))
if len(outcome.duplicates):
    columns = ["id", "duplicate_of", "outlet", "title", "source_file", "source_row"]
    widgets.table_with_downloads(outcome.duplicates[columns], key="upload_dups", name="duplicates")
else:
    st.caption(widgets.tr("None."))

st.subheader(widgets.tr("Loaded articles"))
columns = ["published_at", "outlet", "title", "source_file", "source_row", "near_duplicate_of"]
widgets.table_with_downloads(outcome.articles[columns], key="upload_loaded", name="loaded")

summary = {k: v for k, v in report.items() if not k.endswith("_list")}
st.download_button(
    "⬇ Ingest report (JSON)",
    data=json.dumps(summary, ensure_ascii=False, indent=2, default=str),
    file_name="ingest_report.json",
    mime="application/json",
    key="upload_report",
    on_click="ignore",
)
