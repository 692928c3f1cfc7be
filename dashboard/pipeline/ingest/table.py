"""Records before mapping: a table of one file (or of several with the same columns), and
the batches that join small tables until a chunk is full.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dashboard.pipeline.ingest import sizes


@dataclass
class Table:
    """Records before mapping, of one file or of several files with the same columns.

    ``records`` are lists aligned with ``columns`` (``frame`` instead holds typed
    columns, as Parquet and Excel give them); ``files`` and ``rows`` say where each
    record came from, ``bad`` holds the rows that did not parse, and ``names`` the
    files read into the table.
    """

    columns: list[str]
    records: list[list[object]]
    rows: list[int]
    files: list[str]
    names: list[str]
    bad: list[tuple[str, int, str, str]] = field(default_factory=list)  # file, row, reason, raw
    frame: pd.DataFrame | None = None
    tabular: bool = True  # columns of the file's own naming (not pages read by Marsad)
    chars: int = 0  # characters of text the records were read from, when known

    def to_frame(self) -> pd.DataFrame:
        """The records as a frame of the table's columns."""
        if self.frame is not None:
            return self.frame.reset_index(drop=True)
        return pd.DataFrame(self.records, columns=self.columns, dtype=object)

    def extend(self, other: Table) -> None:
        """Add the records of a table with the same columns."""
        self.records += other.records
        self.rows += other.rows
        self.files += other.files
        self.names += other.names
        self.bad += other.bad
        self.chars += other.chars

    def split(self, parts: int) -> list[Table]:
        """The table cut into up to ``parts`` tables of consecutive records, in order; the
        first holds the rows that did not parse."""
        step = max(1, -(-len(self.rows) // parts))
        return [
            Table(
                self.columns,
                self.records[start : start + step] if self.frame is None else [],
                self.rows[start : start + step],
                self.files[start : start + step],
                self.names,
                self.bad if start == 0 else [],
                None if self.frame is None else self.frame.iloc[start : start + step],
                self.tabular,
            )
            for start in range(0, len(self.rows), step)
        ]

    @property
    def size(self) -> int:
        """Records held, parsed or not."""
        return len(self.rows) + len(self.bad)


class Batches:
    """Tables waiting to be turned into articles, joined while their columns agree."""

    def __init__(self) -> None:
        self.pending: dict[tuple, Table] = {}
        self.held = self.chars = 0

    def add(self, table: Table) -> list[Table]:
        """Hold ``table`` (joined to one with its columns); returns the tables ready."""
        if table.frame is not None:
            return [table]
        key = (table.tabular, tuple(table.columns))
        if key in self.pending:
            self.pending[key].extend(table)
        else:
            self.pending[key] = table
        self.held += table.size
        self.chars += table.chars
        return (
            self.flush() if self.held >= sizes.CHUNK_ROWS or self.chars >= sizes.CHUNK_CHARS else []
        )

    def flush(self) -> list[Table]:
        """Every table held, in the order first met."""
        ready, self.pending, self.held, self.chars = list(self.pending.values()), {}, 0, 0
        return ready


def dict_table(
    name: str,
    records: list[dict],
    rows: list[int],
    bad: list[tuple[str, int, str, str]],
    chars: int = 0,
) -> Table:
    """A table of dict records, its columns the keys in the order first met."""
    columns = list(dict.fromkeys(str(k) for record in records for k in record))
    values = [[record.get(c) for c in columns] for record in records]
    return Table(columns, values, rows, [name] * len(rows), [name], bad, chars=chars)
