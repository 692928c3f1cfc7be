"""Streamlit housekeeping: release what sessions that expired without a shutdown still hold.

Streamlit keeps a closed tab's session for ``server.disconnectedSessionTTL`` seconds so the
tab can reconnect, then drops it without shutting it down (seen in Streamlit 1.67: its
session storage is a TTL cache). The download buttons that session registered (callables
holding the tables they export) and its lazily loaded tables then stay in the runtime for
good, so the server's memory grew with every session it had served. Each script run
releases those of the sessions the session manager no longer knows.
"""

from __future__ import annotations

from streamlit.runtime import Runtime


def release_expired() -> int:
    """Release the download callables and table sources of expired sessions; how many.

    A no-op outside a Streamlit server (tests) and on a Streamlit whose internals differ.
    """
    if not Runtime.exists():
        return 0
    runtime = Runtime.instance()
    manager = getattr(runtime, "_session_mgr", None)
    media = runtime.media_file_mgr
    held = getattr(media, "_files_by_session_and_coord", None)
    if manager is None or held is None:
        return 0
    expired = [session for session in list(held) if manager.get_session_info(session) is None]
    for session in expired:
        media.clear_session_refs(session)
        runtime.dataframe_source_mgr.clear_all_for_session(session)
    if expired:
        media.remove_orphaned_files()
    return len(expired)
