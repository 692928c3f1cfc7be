"""Fast substring search over every article's normalised text.

The texts are joined into one string, one article per line (normalised text has
no line breaks). A term is found with ``str.find``, which scans memory at C
speed, and each hit jumps to the end of its article, so the work grows with the
number of matching articles, not with the number of occurrences. A term found in
very many articles switches to a vectorised scan of the articles left, which
bounds the cost on huge corpora. The semantics are exactly those of
``Series.str.contains(term, regex=False)``; ``query.match_query`` combines
terms into boolean queries.

>>> index = TextIndex(pd.Series(["وقف اطلاق النار في غزة", "مباراة الدوري", "هدنة في غزة"]))
>>> index.contains("غزة").tolist()
[True, False, True]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SEPARATOR = "\n"


class TextIndex:
    """Substring search over a fixed sequence of normalised texts (row order kept)."""

    def __init__(self, texts: pd.Series, scan_after: int = 20_000) -> None:
        """Index ``texts`` (normalised, so free of line breaks).

        Args:
            texts: One normalised text per row; the result masks follow its order.
            scan_after: After this many matching rows, the rest of a term's
                rows are found by one vectorised scan instead.
        """
        self.texts = texts.reset_index(drop=True)
        self.joined = SEPARATOR.join(self.texts.tolist())
        lengths = self.texts.str.len().to_numpy(dtype=np.int64)
        self.ends = np.cumsum(lengths + 1) - 1  # offset of each row's separator
        self.scan_after = scan_after

    def __len__(self) -> int:
        return len(self.ends)

    def contains(self, term: str) -> np.ndarray:
        """Boolean mask of the rows whose text contains ``term`` (already normalised)."""
        found = np.zeros(len(self), dtype=bool)
        if not term or SEPARATOR in term:
            return found
        hits, position = 0, self.joined.find(term)
        while position != -1:
            row = int(np.searchsorted(self.ends, position))
            found[row] = True
            hits += 1
            if hits == self.scan_after and row + 1 < len(self):
                rest = self.texts.iloc[row + 1 :].str.contains(term, regex=False)
                found[row + 1 :] = rest.to_numpy(dtype=bool)
                break
            position = self.joined.find(term, int(self.ends[row]) + 1)
        return found
