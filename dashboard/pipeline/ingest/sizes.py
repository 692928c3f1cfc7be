"""How much ingest reads, holds and names at once: its chunk sizes and limits.

The readers look these up when they run (``sizes.CHUNK_ROWS``), so a test can shrink them.
"""

from __future__ import annotations

CHUNK_ROWS = 20_000  # records read into one table before it is turned into articles
CHUNK_CHARS = 4 << 20  # or characters of text, whichever comes first (long articles)
CHUNK_ARTICLES = 5_000  # articles whose boilerplate is removed at once
# Characters of folded text a process keeps, between counting boilerplate and removing it,
# of what counting saw of its bodies (past them, each body is folded again).
SEEN_CHARS = 100_000_000
FORK_ROWS = 2_000  # records a forked process is worth starting for, when cleaning them
# A JSON array is parsed in one piece (no incremental JSON parser is installed), into about
# ten times its size of Python objects: larger ones are refused, with what to do instead.
MAX_JSON_BYTES = 256 << 20
JSON_TOO_LARGE = (
    "a JSON file is read whole, and this one is too large for that: save it as JSON Lines "
    "(one record a line, .jsonl), which is read in chunks of any size"
)
RAW_CHARS = 200
MAX_NAMED = 10  # rows or cells named in one warning
MAX_CHANGE_WARNINGS = 20  # records named in the warnings per file; text_changes_list has all
