"""What the ingest report says beside its counts: warnings a person can act on, and reasons
counted by kind.
"""

from __future__ import annotations

import re
from collections import Counter

from dashboard.pipeline.ingest import sizes


def fallback_warnings(fallbacks: list[dict]) -> list[str]:
    """A line per table whose bodies came from a fallback column, saying why."""
    return [
        f"{f['source_file']}: {f['rows']} bodies taken from the column {f['column']!r} "
        f"({f['reason']})"
        for f in fallbacks
    ]


def change_warnings(changes: list[dict]) -> list[str]:
    """A warning per record whose text cleaning changed (see ``REPORTED_FIELDS``), naming its
    file, row and fields; past ``MAX_CHANGE_WARNINGS`` records of a file, one line counts the rest.
    """
    by_record: dict[tuple[str, int], list[str]] = {}
    for change in changes:
        controls = [r for r in change["removed"] if r.startswith("U+")]
        removed = [f"bidirectional controls {' '.join(controls)}"] if controls else []
        removed += [r for r in change["removed"] if not r.startswith("U+")]
        key = (change["source_file"], change["source_row"])
        by_record.setdefault(key, []).append(f"{change['field']}: {' and '.join(removed)} removed")
    warnings, per_file = [], Counter()
    for (name, row), parts in by_record.items():
        per_file[name] += 1
        if per_file[name] <= sizes.MAX_CHANGE_WARNINGS:
            warnings.append(f"{name} row {row}: {'; '.join(parts)}")
    warnings += [
        f"{name}: {n - sizes.MAX_CHANGE_WARNINGS} more rows had text removed the same way "
        "(every row is in text_changes_list)"
        for name, n in per_file.items()
        if n > sizes.MAX_CHANGE_WARNINGS
    ]
    return warnings


def reason_kind(reason: str) -> str:
    """A reason without its details, for counting: "unparseable date"."""
    return re.sub(r"\s*\((?:line|record) \d+\)", "", reason).split(":")[0]
