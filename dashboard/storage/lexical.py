"""The lexical index of search and similar articles: term counts stored, weights derived.

Documents are the stored ``search_text`` (already normalised). Each word counts as
itself and, when it carries them, without the clitics و/ف/ب/ل/ك and the article ال
(``والحكومة`` also counts as ``حكومة``), so a query word matches its prefixed forms
without stemming that damages names.

The index stores each document's term counts (by document and by term), each term's
document frequency and each document's length in terms. BM25 and row-normalised TF-IDF
weights depend on the whole corpus (the number of documents, every document frequency,
the mean length), so they are not stored: a query derives them for the columns it
reads. Adding documents (:meth:`Lexical.extended`) counts the new texts alone and
appends their counts as a segment of rows; the one total that reads the old rows again
is each document's TF-IDF norm (it sums over the document's terms with every term's
idf, and every idf moves with the number of documents), recomputed from the stored
counts in one vectorised pass, no text read. An extended index answers every query as
a fresh index of all the texts does, to the bit: term ids are given in order of first
appearance, so the counts, totals and norms are the same arrays, and only the cut of
rows into segments differs (a fresh index has one). Segments are merged from the end
while one is no larger than the one after it, so there are about log2(rows / rows
added at a time) of them.

>>> terms("والحكومة تعلن")
['والحكومة', 'حكومة', 'تعلن']
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse

from dashboard.storage.parts import link_or_copy
from dashboard.storage.wordindex import SortedTerms
from dashboard.text.arabic import is_keyword, strip_clitics, tokenize

K1 = 1.2
B = 0.75
TERMS = "lexical.terms.arrow"  # the terms sorted by code point, with their ids
TOTALS = ("df", "lengths", "norms", "segments")  # lexical.{name}.npy
PARTS = ("data", "indices", "indptr")
NORM_ROWS = 65_536  # rows whose norms are computed at a time


def terms(text: str) -> list[str]:
    """Index terms of a text: keywords, plus their clitic-free form when it differs."""
    found: list[str] = []
    for token in tokenize(text):
        if not is_keyword(token):
            continue
        found.append(token)
        bare = strip_clitics(token)
        if bare != token and is_keyword(bare):
            found.append(bare)
    return found


def count_terms(texts: Iterable[str], vocabulary: dict[str, int]) -> sparse.csr_matrix:
    """Term counts of ``texts`` (rows) by term id (columns), ids sorted within each row;
    a term not in ``vocabulary`` is given the next id there (order of first appearance)."""
    rows, cols, count = array("i"), array("i"), 0
    for row, text in enumerate(texts):
        ids = [vocabulary.setdefault(t, len(vocabulary)) for t in terms(text)]
        rows.extend([row] * len(ids))
        cols.extend(ids)
        count = row + 1
    ones = np.ones(len(rows), dtype=np.float32)
    shape = (count, len(vocabulary))
    counts = sparse.coo_matrix((ones, (rows, cols)), shape=shape).tocsr()  # sums repeats
    counts.sort_indices()
    return counts


def segment_file(first: int, kind: str, part: str) -> str:
    """File name of one array of the segment of rows starting at ``first``."""
    return f"lexical.rows{first}.{kind}.{part}.npy"


@dataclass(frozen=True)
class Segment:
    """Term counts of the rows from ``first`` on, by row (CSR) and by term (CSC), over the
    term ids known when they were counted; ``stored`` is the folder whose files hold them
    (None for counts not written yet)."""

    first: int
    by_row: sparse.csr_matrix
    by_term: sparse.csc_matrix
    stored: Path | None = None

    @classmethod
    def of(cls, first: int, counts: sparse.csr_matrix) -> Segment:
        """A segment of ``counts`` (rows with sorted ids) starting at row ``first``."""
        return cls(first, counts, counts.tocsc())

    def __len__(self) -> int:
        return self.by_row.shape[0]

    @property
    def width(self) -> int:
        """How many term ids its columns cover."""
        return self.by_row.shape[1]

    def joined(self, after: Segment) -> Segment:
        """This segment and the next one, as one."""
        width = after.width
        top = sparse.csr_matrix(
            (self.by_row.data, self.by_row.indices, self.by_row.indptr), shape=(len(self), width)
        )
        return Segment.of(self.first, sparse.vstack([top, after.by_row], format="csr"))

    def save(self, folder: Path) -> None:
        """Write its arrays into ``folder`` (linked from the folder they were read from)."""
        for kind in ("by_row", "by_term"):
            matrix = getattr(self, kind)
            for part in PARTS:
                name = segment_file(self.first, kind, part)
                if self.stored is not None and (self.stored / name).is_file():
                    link_or_copy(self.stored / name, folder / name)
                    continue
                values = getattr(matrix, part)
                if part != "data" and matrix.nnz < np.iinfo(np.int32).max:
                    values = values.astype(np.int32)  # scipy keeps int32 indices unscanned
                np.save(folder / name, values)

    @classmethod
    def load(cls, folder: Path, first: int, rows: int, width: int) -> Segment:
        """The segment saved in ``folder``, every array memory-mapped."""

        def arrays(kind: str) -> tuple[np.ndarray, ...]:
            return tuple(
                np.load(folder / segment_file(first, kind, p), mmap_mode="r") for p in PARTS
            )

        shape = (rows, width)
        by_row = sparse.csr_matrix(arrays("by_row"), shape=shape, copy=False)
        by_term = sparse.csc_matrix(arrays("by_term"), shape=shape, copy=False)
        return cls(first, by_row, by_term, folder)


def merged(segments: list[Segment]) -> tuple[Segment, ...]:
    """``segments`` with the last two joined while the last is at least as long as the one
    before it (a binary counter of segment sizes)."""
    segments = list(segments)
    while len(segments) > 1 and len(segments[-2]) <= len(segments[-1]):
        last = segments.pop()
        segments[-1] = segments[-1].joined(last)
    return tuple(segments)


@dataclass(frozen=True)
class Lexical:
    """BM25 scores and TF-IDF cosines over stored term counts (see the module).

    ``terms`` holds the terms sorted by code point and ``ids`` the id of each; ``df`` is
    each id's document frequency, ``lengths`` each row's count of terms and ``norms``
    each row's TF-IDF norm under the current idf.
    """

    terms: SortedTerms
    ids: np.ndarray
    df: np.ndarray
    lengths: np.ndarray
    norms: np.ndarray
    segments: tuple[Segment, ...]

    @classmethod
    def fit(cls, texts: Iterable[str], chunk: int = 20_000) -> Lexical:
        """Index ``texts`` (one per document, in row order), counting ``chunk`` documents at
        a time into compact arrays (the index does not depend on ``chunk``)."""
        vocabulary: dict[str, int] = {}
        texts = iter(texts)
        parts = []
        while block := list(itertools.islice(texts, chunk)):
            parts.append(count_terms(block, vocabulary))
        width = len(vocabulary)
        counts = sparse.vstack(
            [
                sparse.csr_matrix((p.data, p.indices, p.indptr), shape=(p.shape[0], width))
                for p in parts
            ]
            or [sparse.csr_matrix((0, width), dtype=np.float32)],
            format="csr",
            dtype=np.float32,
        )
        del parts
        names = np.asarray(list(vocabulary), dtype=object)
        order = np.argsort(names, kind="stable")
        column = pa.array(names[order].tolist(), pa.string())
        df = np.bincount(counts.indices, minlength=width).astype(np.int64)
        lengths = np.asarray(counts.sum(axis=1), dtype=np.int64).ravel()
        return cls.totalled(column, order.astype(np.int64), df, lengths, (Segment.of(0, counts),))

    @classmethod
    def totalled(
        cls,
        column: pa.Array,
        ids: np.ndarray,
        df: np.ndarray,
        lengths: np.ndarray,
        segments: tuple[Segment, ...],
    ) -> Lexical:
        """The index of these counts, with every row's norm computed under their idf."""
        bare = cls(SortedTerms(column), ids, df, lengths, np.empty(0, np.float32), segments)
        return cls(bare.terms, ids, df, lengths, bare.computed_norms(), segments)

    def extended(self, texts: Iterable[str]) -> Lexical:
        """This index with ``texts`` appended as rows: only they are read and counted (new
        terms get the next ids, in order of first appearance); the norms are recomputed
        from the stored counts."""
        local: dict[str, int] = {}
        counts = count_terms(texts, local)
        names = pa.array(list(local), pa.string())
        at = pc.fill_null(pc.index_in(names, value_set=self.terms.column), -1).to_numpy()
        known = at >= 0
        fresh = np.flatnonzero(~known)  # ascending: in order of first appearance
        width = len(self.ids) + len(fresh)
        mapping = np.empty(len(names), dtype=np.int64)
        mapping[known] = np.asarray(self.ids)[at[known]]
        mapping[fresh] = len(self.ids) + np.arange(len(fresh))
        counts = sparse.csr_matrix(
            (counts.data, mapping[counts.indices], counts.indptr), shape=(counts.shape[0], width)
        )
        counts.sort_indices()
        every = pa.concat_arrays([self.terms.column, names.take(pa.array(fresh))])
        every_ids = np.concatenate([np.asarray(self.ids), mapping[fresh]])
        order = pc.sort_indices(every).to_numpy()
        df = np.concatenate([np.asarray(self.df), np.zeros(len(fresh), np.int64)])
        df += np.bincount(counts.indices, minlength=width)
        lengths = np.concatenate(
            [np.asarray(self.lengths), np.asarray(counts.sum(axis=1), np.int64).ravel()]
        )
        segments = merged([*self.segments, Segment.of(len(self), counts)])
        return Lexical.totalled(
            every.take(pa.array(order)), every_ids[order], df, lengths, segments
        )

    def __len__(self) -> int:
        return len(self.lengths)

    def idf(self, ids: np.ndarray) -> np.ndarray:
        """Inverse document frequency of term ids (BM25's, always positive)."""
        df = np.asarray(self.df)[ids].astype(np.float64)
        return np.log1p((len(self) - df + 0.5) / (df + 0.5)).astype(np.float32)

    def computed_norms(self) -> np.ndarray:
        """Each row's TF-IDF norm (log1p of the count times idf), from the stored counts."""
        idf = self.idf(np.arange(len(self.df)))
        norms = np.empty(len(self), dtype=np.float32)
        for segment in self.segments:
            matrix = segment.by_row
            for start in range(0, len(segment), NORM_ROWS):
                end = min(start + NORM_ROWS, len(segment))
                low, high = int(matrix.indptr[start]), int(matrix.indptr[end])
                weights = np.log1p(np.asarray(matrix.data[low:high], dtype=np.float32))
                weights *= idf[np.asarray(matrix.indices[low:high])]
                squares = weights * weights
                indptr = np.asarray(matrix.indptr[start : end + 1], dtype=np.int64) - low
                at = np.minimum(indptr[:-1], max(len(squares) - 1, 0))
                sums = np.add.reduceat(squares, at, dtype=np.float64) if len(squares) else at
                sums = np.where(indptr[:-1] == indptr[1:], 0.0, sums)  # reduceat's empty rows
                row = segment.first + start
                norms[row : row + end - start] = np.sqrt(sums)
        return norms

    def save(self, folder: Path) -> None:
        """Write the index into ``folder`` (segments read from a store are linked, not
        written again)."""
        folder = Path(folder)
        table = pa.table({"term": self.terms.column, "id": pa.array(self.ids, pa.int64())})
        with (
            pa.OSFile(str(folder / TERMS), "wb") as sink,
            pa.ipc.new_file(sink, table.schema) as writer,
        ):
            writer.write_table(table)
        layout = [(s.first, len(s), s.width) for s in self.segments]
        totals = {
            "df": self.df,
            "lengths": self.lengths,
            "norms": self.norms,
            "segments": np.asarray(layout, dtype=np.int64).reshape(-1, 3),
        }
        for name, values in totals.items():
            np.save(folder / f"lexical.{name}.npy", values)
        for segment in self.segments:
            segment.save(folder)

    @classmethod
    def load(cls, folder: Path) -> Lexical:
        """The index saved in ``folder``, every array memory-mapped."""
        folder = Path(folder)
        source = pa.memory_map(str(folder / TERMS))
        table = pa.ipc.open_file(source).read_all()
        ids = table.column("id").combine_chunks().to_numpy()
        totals = {n: np.load(folder / f"lexical.{n}.npy", mmap_mode="r") for n in TOTALS}
        segments = tuple(
            Segment.load(folder, int(first), int(rows), int(width))
            for first, rows, width in np.asarray(totals.pop("segments"))
        )
        column = table.column("term").combine_chunks()
        return cls(SortedTerms(column), ids, segments=segments, **totals)

    @staticmethod
    def present(folder: Path) -> bool:
        """Whether ``folder`` holds a saved index (every file of every segment)."""
        folder = Path(folder)
        fixed = [TERMS, *(f"lexical.{name}.npy" for name in TOTALS)]
        if not all((folder / name).is_file() for name in fixed):
            return False
        layout = np.load(folder / "lexical.segments.npy")
        return all(
            (folder / segment_file(int(first), kind, part)).is_file()
            for first in layout[:, 0]
            for kind in ("by_row", "by_term")
            for part in PARTS
        )

    def term_ids(self, query: str) -> np.ndarray:
        """Sorted ids of the query's terms that the index knows."""
        found = {self.ids[i] for t in terms(query) if (i := self.terms.get(t)) is not None}
        return np.asarray(sorted(found), dtype=np.int64)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for ``query`` (0 where no term matches)."""
        ids = self.term_ids(query)
        out = np.zeros(len(self), dtype=np.float32)
        if not len(ids):
            return out
        idf = self.idf(ids)
        mean = max(float(np.asarray(self.lengths).sum(dtype=np.int64)) / len(self), 1.0)
        for segment in self.segments:
            kept = int(np.searchsorted(ids, segment.width))
            columns = segment.by_term[:, ids[:kept]]
            if not columns.nnz:
                continue
            tf = np.asarray(columns.data, dtype=np.float32)
            length = np.asarray(self.lengths)[segment.first + columns.indices]
            norm = (K1 * (1 - B + B * length / mean)).astype(np.float32)
            weight = np.repeat(idf[:kept], np.diff(columns.indptr)) * tf * (K1 + 1) / (tf + norm)
            weighted = sparse.csc_matrix((weight, columns.indices, columns.indptr), columns.shape)
            end = segment.first + len(segment)
            out[segment.first : end] = np.asarray(weighted.sum(axis=1)).ravel()
        return out

    def similar(self, row: int) -> np.ndarray:
        """TF-IDF cosine of every document with document ``row``: the columns of its terms
        weighted by its own weights."""
        firsts = [s.first for s in self.segments]
        home = self.segments[int(np.searchsorted(firsts, row, side="right")) - 1]
        local = row - home.first
        start, end = int(home.by_row.indptr[local]), int(home.by_row.indptr[local + 1])
        ids = np.asarray(home.by_row.indices[start:end], dtype=np.int64)
        idf = self.idf(ids)
        own = np.log1p(np.asarray(home.by_row.data[start:end], dtype=np.float32)) * idf
        weights = own / max(float(self.norms[row]), 1e-9) * idf
        out = np.zeros(len(self), dtype=np.float32)
        for segment in self.segments:
            kept = int(np.searchsorted(ids, segment.width))
            columns = segment.by_term[:, ids[:kept]]
            logs = sparse.csc_matrix(
                (
                    np.log1p(np.asarray(columns.data, dtype=np.float32)),
                    columns.indices,
                    columns.indptr,
                ),
                columns.shape,
            )
            end = segment.first + len(segment)
            norms = np.maximum(np.asarray(self.norms[segment.first : end]), 1e-9)
            out[segment.first : end] = (logs @ weights[:kept]) / norms
        return out
