"""Tests for dashboard.pipeline.jitcache: UMAP's compiled kernels are kept on disk, in a
folder of Marsad's own, for the next build to load."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.config import Settings
from dashboard.pipeline import jitcache


def test_a_build_keeps_umaps_compiled_kernels_in_marsads_folder(demo_store: Path):
    from umap.umap_ import smooth_knn_dist  # jitted without numba's cache by UMAP itself

    folder = Settings.from_env().jit_cache
    jitcache.enable()
    assert Path(smooth_knn_dist.stats.cache_path).is_relative_to(folder)
    assert list(folder.rglob("*smooth_knn_dist*.nbi"))  # written by the demo build's fit


def test_the_folder_is_in_the_users_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delenv("MARSAD_JIT_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert Settings.from_env().jit_cache == tmp_path / "marsad" / "numba"
