"""Sessions that expired without a shutdown give back the download buttons they registered,
on a real Streamlit ``Runtime`` of the pinned version (the contract with its private names)."""

from __future__ import annotations

import asyncio

import pandas as pd
import pytest
from streamlit.runtime import Runtime, media_file_manager
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from dashboard.app import sessions


def register_download(media: MediaFileManager, session: str, monkeypatch) -> None:
    """A download button of ``session`` whose callable holds a table, as widgets registers."""
    table = pd.DataFrame({"title": ["عنوان"] * 1000})
    monkeypatch.setattr(media_file_manager, "_get_session_id", lambda: session)
    media.add_deferred(lambda: table.to_csv().encode(), "text/csv", f"{session}-button")


def test_nothing_to_release_outside_a_server():
    assert not Runtime.exists()
    assert sessions.release_expired() == 0


class Client:
    """A browser tab as the session manager sees it: it takes messages and drops them."""

    def write_forward_msg(self, msg: object) -> None:
        """Drop a message meant for the browser."""


def test_contract_with_the_pinned_streamlit_runtime(monkeypatch: pytest.MonkeyPatch):
    """The private names ``release_expired`` reads, on a real ``Runtime`` of the pinned
    Streamlit: a connected tab and a tab kept for reconnection keep their downloads; a tab
    whose reconnection time has passed gives them back. Fails when the internals drift
    (``release_expired`` then answers 0)."""
    import time

    from streamlit.runtime.memory_session_storage import MemorySessionStorage
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.runtime import RuntimeConfig
    from streamlit.runtime.script_data import ScriptData

    async def scenario() -> tuple[int, set[str], set[str]]:
        storage = MemorySessionStorage(ttl_seconds=1)
        config = RuntimeConfig(
            script_path="app.py",
            media_file_storage=MemoryMediaFileStorage("/media"),
            uploaded_file_manager=MemoryUploadedFileManager("/upload"),
            session_storage=storage,
        )
        runtime = Runtime(config)
        try:
            manager = runtime._session_mgr
            script = ScriptData("app.py", is_hello=False)
            ids = {
                name: manager.connect_session(client=Client(), script_data=script, user_info={})
                for name in ("open", "expired")
            }
            for session in ids.values():
                register_download(runtime.media_file_mgr, session, monkeypatch)
            manager.disconnect_session(ids["expired"])
            assert manager.get_session_info(ids["expired"]) is not None  # kept to reconnect
            assert sessions.release_expired() == 0
            time.sleep(1.1)  # past the reconnection time
            released = sessions.release_expired()
            held = {e["session_id"] for e in runtime.media_file_mgr._deferred_callables.values()}
            for session in list(manager.list_active_sessions()):
                manager.close_session(session.session.id)
            return released, held, {ids["open"]}
        finally:
            Runtime._instance = None

    released, held, expected = asyncio.run(scenario())
    assert released == 1
    assert held == expected
