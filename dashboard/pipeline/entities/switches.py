"""Which learned models an extraction used, as a store's manifest records them, and an
``add`` that extracts as its store's build did.

The name tagger (on by default) and the learned check on entity hits (off by default) are
switched by ``MARSAD_NAME_TAGGER`` and ``MARSAD_SPAN_MODEL``. A build records what it used
(:func:`recorded`, the manifest's ``entities``); an ``add`` follows that record whatever the
environment says (:func:`following`), so that the old and the new articles of a store are
read alike and their names merge across them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from dashboard.pipeline.entities import learned, tagger
from dashboard.storage.store import StoreError

# The manifest's name of each switch, with its module (``active``, ``use``, ``load``,
# ``MODEL_PATH``), its environment variable and its default today.
SWITCHES: dict[str, tuple[ModuleType, str, str]] = {
    "name_tagger": (tagger, "MARSAD_NAME_TAGGER", "on"),
    "span_model": (learned, "MARSAD_SPAN_MODEL", "off"),
}
# The setting of stores built before the manifest recorded it: the default of those days.
UNRECORDED = "off"


def recorded() -> dict[str, str]:
    """``on`` or ``off`` for each switch, as the extraction in this process uses it now."""
    return {
        name: "off" if module.active() is None else "on"
        for name, (module, _, _) in SWITCHES.items()
    }


def _wanted(manifest: dict, name: str, log: Callable[[str], None]) -> str:
    """The setting an add to the store of ``manifest`` uses for the switch ``name``: the
    one recorded, or for a store that records none, the environment's when set and
    otherwise :data:`UNRECORDED`."""
    _, variable, default = SWITCHES[name]
    record = manifest.get("entities", {}).get(name)
    asked = os.environ.get(variable)
    if record is None:
        if asked is not None:
            return "on" if asked.lower() == "on" else "off"
        if default != UNRECORDED:
            log(
                f"the store does not record {variable}'s setting (built before the manifest "
                f"kept it): adding with it {UNRECORDED}, the default of those builds; set "
                f"{variable} to choose"
            )
        return UNRECORDED
    if asked is not None and ("on" if asked.lower() == "on" else "off") != record:
        log(
            f"{variable}={asked} ignored: this store was built with it {record}, and its "
            "articles are added the same way (build the store again to change it)"
        )
    return record


@contextmanager
def following(manifest: dict, log: Callable[[str], None]) -> Iterator[None]:
    """Extract entities, inside the block, with the learned models the build of
    ``manifest`` used (see :func:`_wanted` for a store that does not record them); the
    process's own settings come back on exit.

    Raises:
        StoreError: the build used a model whose file is missing here.
    """
    kept = {name: module.active() for name, (module, _, _) in SWITCHES.items()}
    try:
        for name, (module, variable, _) in SWITCHES.items():
            if _wanted(manifest, name, log) == "off":
                module.use(None)
                continue
            path = Path(module.MODEL_PATH)
            if not path.exists():
                raise StoreError(
                    f"this store was built with {variable}=on but {path} is missing: "
                    "install the model file, or build the store again without it"
                )
            module.use(kept[name] if kept[name] is not None else module.load(path))
        yield
    finally:
        for name, (module, _, _) in SWITCHES.items():
            module.use(kept[name])
