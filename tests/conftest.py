"""Session fixtures: the shared corpora beside the checkout and a built demo store."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEMO = ROOT / "data" / "demo" / "articles.jsonl"


def shared_file(relative: str) -> Path:
    """A file under ../shared; fails loudly (never skips) when it is missing, as CI has it."""
    path = SHARED / relative
    if not path.exists():
        pytest.fail(
            f"{path} is missing: the real corpora must sit in ../shared beside the checkout"
        )
    return path


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus built end to end once per test session."""
    from dashboard.core.build import BuildConfig, build

    out = tmp_path_factory.mktemp("stores") / "demo"
    build([DEMO], out, BuildConfig(threads=2), log=lambda _line: None)
    return out


@pytest.fixture
def served(demo_store: Path, tmp_path: Path) -> Path:
    """A private copy of the built demo store, published as ``tmp_path/store``."""
    import shutil

    from dashboard.core.store import publish, versions_dir

    out = tmp_path / "store"
    version = versions_dir(out) / "copy"
    shutil.copytree(demo_store.resolve(), version)
    publish(version, out)
    return out
