"""Marsad's JSON exports (collections, timeline events): reading one back, with a message
that names what is wrong when it cannot be.

>>> read_document('{"format": "x", "rows": []}', "x", "rows")
{'format': 'x', 'rows': []}
>>> read_document('{"format": "x", "rows": [1,]}', "x", "rows")
Traceback (most recent call last):
...
dashboard.sharing.document.DocumentError: The file is not JSON: an error at line 1, column 28.
"""

from __future__ import annotations

import json

from dashboard.sharing.refusal import Refusal

MAX_BYTES = 1 << 20  # an imported file


class DocumentError(Refusal):
    """A file that is not the JSON export it should be; the message says why."""


def read_document(text: str | bytes, kind: str, key: str) -> dict:
    """A JSON document whose ``format`` is ``kind`` and which holds a list under ``key``.

    Raises:
        DocumentError: too large, not UTF-8, not JSON, or not that format.
    """
    if len(text) > MAX_BYTES:
        raise DocumentError(
            "The file is {size:,} bytes; at most {most:,}.", size=len(text), most=MAX_BYTES
        )
    try:
        document = json.loads(text)
    except UnicodeDecodeError as error:
        raise DocumentError("The file is not UTF-8 text.") from error
    except json.JSONDecodeError as error:
        raise DocumentError(
            "The file is not JSON: an error at line {line}, column {column}.",
            line=error.lineno,
            column=error.colno,
        ) from error
    except RecursionError as error:
        raise DocumentError("The file is not JSON: it is nested too deeply.") from error
    if not isinstance(document, dict) or document.get("format") != kind:
        raise DocumentError(
            'The file is not this kind of Marsad export: it lacks "format": "{kind}".', kind=kind
        )
    if not isinstance(document.get(key), list):
        raise DocumentError('The file has no list "{key}".', key=key)
    return document
