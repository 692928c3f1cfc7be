"""Built corpora under one root folder: their names, what each holds, and which store a name means.

A corpus name is a safe slug (lower-case Latin letters, digits, ``-`` and ``_``), so it
can be a folder name and a URL parameter without escaping, and no name reaches outside
the root. The configured store (``MARSAD_STORE``) is the corpus named "".

>>> check_name("gaza-2024")
'gaza-2024'
>>> check_name("../etc")
Traceback (most recent call last):
dashboard.storage.corpora.CorpusError: '../etc' is not a corpus name: ...
>>> suggest_name("Al Ufuq news 2024.csv.gz")
'al-ufuq-news-2024'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from dashboard.storage.store import MANIFEST, StoreError

NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,47}")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
DEFAULT_NAME = "my-corpus"


class CorpusError(StoreError):
    """A corpus name that is not safe, or that names no built corpus."""


@dataclass(frozen=True)
class Corpus:
    """A built corpus as its manifest describes it."""

    name: str  # "" for the configured store
    path: Path
    articles: int
    built: str  # creation time, ISO 8601 (UTC)
    build_id: str


def check_name(name: str) -> str:
    """``name`` when it is a safe corpus name.

    Raises:
        CorpusError: saying what a name may hold.
    """
    if not NAME.fullmatch(name):
        raise CorpusError(
            f"{name!r} is not a corpus name: use 1 to 48 lower-case Latin letters, digits, "
            "'-' or '_', starting with a letter or digit"
        )
    return name


def suggest_name(filename: str) -> str:
    """A corpus name made from an uploaded file's name (``my-corpus`` when none can be)."""
    stem = PurePosixPath(filename.replace("\\", "/")).name.split(".")[0]
    slug = _NOT_SLUG.sub("-", stem.lower()).strip("-")[:48].strip("-")
    return slug or DEFAULT_NAME


def describe(path: Path, name: str) -> Corpus | None:
    """The corpus built at ``path`` (None when there is none, or its manifest is unreadable)."""
    try:
        manifest = json.loads((Path(path) / MANIFEST).read_text())
        return Corpus(
            name=name,
            path=Path(path),
            articles=int(manifest["counts"]["articles"]),
            built=str(manifest.get("created_at", "")),
            build_id=str(manifest["build_id"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def available(root: Path, default: Path) -> dict[str, Corpus | None]:
    """Every corpus to choose from, by name: the configured store first (as "", None when it
    is not built), then each built corpus under ``root`` that is not that same store."""
    found: dict[str, Corpus | None] = {"": describe(default, "")}
    same = Path(default).resolve()
    children = sorted(Path(root).iterdir()) if Path(root).is_dir() else []
    for child in children:
        if NAME.fullmatch(child.name) and child.resolve() != same:
            corpus = describe(child, child.name)
            if corpus is not None:
                found[child.name] = corpus
    return found


def resolve(root: Path, name: str, default: Path) -> Path:
    """The store a corpus name means: ``default`` for "", else the built corpus under ``root``.

    Raises:
        CorpusError: when ``name`` is not a safe name or no corpus of that name is built.
    """
    if not name:
        return Path(default)
    path = Path(root) / check_name(name)
    if describe(path, name) is None:
        raise CorpusError(f"no corpus named {name!r} is built under {root}")
    return path
