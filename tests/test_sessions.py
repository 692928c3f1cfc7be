"""Sessions that expired without a shutdown give back the download buttons they registered."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest
from streamlit.runtime import Runtime, media_file_manager
from streamlit.runtime.dataframe_source_manager import DataframeSourceManager
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from dashboard import sessions


def register_download(media: MediaFileManager, session: str, monkeypatch) -> None:
    """A download button of ``session`` whose callable holds a table, as widgets registers."""
    table = pd.DataFrame({"title": ["عنوان"] * 1000})
    monkeypatch.setattr(media_file_manager, "_get_session_id", lambda: session)
    media.add_deferred(lambda: table.to_csv().encode(), "text/csv", f"{session}-button")


def test_expired_sessions_release_what_they_held(monkeypatch: pytest.MonkeyPatch):
    media = MediaFileManager(MemoryMediaFileStorage("/media"))
    for session in ("open", "closed-recently", "expired"):
        register_download(media, session, monkeypatch)
    known = {"open", "closed-recently"}  # connected, or kept for a reconnect
    runtime = SimpleNamespace(
        _session_mgr=SimpleNamespace(get_session_info=lambda s: object() if s in known else None),
        media_file_mgr=media,
        dataframe_source_mgr=DataframeSourceManager(),
    )
    monkeypatch.setattr(Runtime, "exists", classmethod(lambda cls: True))
    monkeypatch.setattr(Runtime, "instance", classmethod(lambda cls: runtime))

    assert sessions.release_expired() == 1
    held = {entry["session_id"] for entry in media._deferred_callables.values()}
    assert held == known
    assert sessions.release_expired() == 0


def test_nothing_to_release_outside_a_server():
    assert not Runtime.exists()
    assert sessions.release_expired() == 0
