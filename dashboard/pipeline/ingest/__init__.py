r"""Reading corpora of articles from files into the canonical article frame.

Every input record is either loaded, rejected with a reason, or dropped as an
exact duplicate of a loaded one: ``read == loaded + rejected + duplicates``.
``source_row`` is the line number of the record's first line in CSV/TSV and
JSON Lines files (header = line 1), the sheet row in Excel, and the 1-based
position of the record in JSON arrays and Parquet files, and the position of
the article on its page for raw text or HTML pages. Zip members are named
``archive.zip!member``, and the sheets of a workbook of several sheets
``book.xlsx!sheet``. Near-duplicates are loaded, marked and listed.

CSV, TSV and JSON Lines files are streamed: read, decoded and turned into
articles ``CHUNK_ROWS`` records (or ``CHUNK_CHARS`` characters) at a time, so that
reading holds no more than one chunk of raw text beside the articles, whose text
is kept as Arrow strings. The steps over the whole corpus read it one article at
a time (exact duplicates, learned boilerplate, near-duplicates), and copy text a
chunk at a time, so that memory stays a small multiple of the file. The small
files of an archive (or a folder) that share their columns are read into one
table, so that thousands of one-row members cost what one file of their rows
costs.

The parts, in the order a file goes through them: ``readers`` picks the reader of a file's
format (``delimited``, ``jsonrecords``, ``pages``, Parquet and Excel) and yields ``table``\ s
of raw records; ``columns`` maps their columns to the canonical fields; ``articles`` turns
records into articles or rejects them (reading each ``cells`` value); ``copies`` finds exact
duplicates, learned boilerplate and near-copies over the whole corpus; ``report`` words what
happened; ``corpus`` runs it all; ``sizes`` holds the chunk sizes and limits.
"""

from dashboard.pipeline.ingest.columns import MAPPABLE, REQUIRED, detect_columns
from dashboard.pipeline.ingest.corpus import IngestResult, read_corpus
from dashboard.pipeline.ingest.sources import FORMATS, IngestError, decode

__all__ = [
    "FORMATS",
    "MAPPABLE",
    "REQUIRED",
    "IngestError",
    "IngestResult",
    "decode",
    "detect_columns",
    "read_corpus",
]
