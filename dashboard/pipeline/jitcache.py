"""UMAP's compiled kernels kept on disk between builds.

numba compiles UMAP's kernels at their first call in a process: several seconds of one core
in every build. Most of them are not marked for numba's on-disk cache; :func:`enable`
marks every jitted function of UMAP's and pynndescent's loaded modules for it, in a
folder Marsad owns (``Settings.jit_cache``), so a build after the first loads them instead
of compiling them again. The cached machine code is what numba would compile: the fits are
the same. Marsad's UMAPs are fitted on exact neighbours (:mod:`dashboard.pipeline.knn`), so
pynndescent's search, whose ``nn_descent`` numba cannot cache, never runs, and a build of
any size calls the kernels the demo's build calls.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

from dashboard.config import Settings

LIBRARIES = ("umap", "pynndescent")
_enabled: set[Path] = set()


def enable(folder: Path | None = None) -> int:
    """Cache the compiled code of UMAP's and pynndescent's jitted functions in ``folder``
    (default ``Settings.from_env().jit_cache``); imports UMAP. Returns how many functions
    were newly marked (0 when this process did it already)."""
    import numba
    import umap  # noqa: F401  (loads the modules whose functions are marked)
    from numba.core.caching import NullCache
    from numba.core.dispatcher import Dispatcher
    from numba.core.errors import NumbaWarning

    folder = Path(folder or Settings.from_env().jit_cache).expanduser().resolve()
    if folder in _enabled:
        return 0
    folder.mkdir(parents=True, exist_ok=True)
    warnings.filterwarnings("ignore", "Cannot cache compiled function", NumbaWarning)
    marked, saved = 0, numba.config.CACHE_DIR
    numba.config.CACHE_DIR = str(folder)  # read by each function's cache when it is made
    try:
        for function in library_functions(Dispatcher):
            if isinstance(function._cache, NullCache):
                function.enable_caching()
                marked += 1
    finally:
        numba.config.CACHE_DIR = saved
    _enabled.add(folder)
    return marked


def library_functions(kind: type) -> list:
    """The jitted functions (numba dispatchers of type ``kind``) that the loaded modules of
    :data:`LIBRARIES` define."""
    found = []
    for name, module in list(sys.modules.items()):
        if module is None or name.split(".")[0] not in LIBRARIES:
            continue
        for value in vars(module).values():
            if isinstance(value, kind) and value.py_func.__module__ == name:
                found.append(value)
    return found
