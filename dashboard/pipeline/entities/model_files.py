"""The learned models' files beside the rules: read once each, when their switch is on."""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

Model = TypeVar("Model")


def switched_on(
    variable: str,
    path: Path,
    load: Callable[[Path], Model],
    writer: str,
    default: str = "off",
) -> Model | None:
    """The model in ``path`` when the environment sets ``variable`` to ``on`` (any case), or
    leaves it unset and ``default`` is ``on``; otherwise None, and None with a warning naming
    ``writer`` when the file is missing (the entities then come from the rules alone)."""
    if os.environ.get(variable, default).lower() != "on":
        return None
    if path.exists():
        return load(path)
    warnings.warn(
        f"{path} is missing: entities come from the rules alone ({writer} writes it)",
        stacklevel=3,
    )
    return None
