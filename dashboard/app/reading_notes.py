"""What reading uploaded files reported (errors, warnings, why a record was rejected), in the
interface's language.

The ingest writes its messages in English, for logs and the JSON report. In Arabic each
known form is rewritten from its parts: file names, values and counts stay as they were,
isolated; a form not known here is named by its file and points to the report, so no
English reaches the Arabic page.

>>> note("a.csv: not valid JSON: Expecting value: line 1 column 5 (char 4)", "ar")
'\u2068a.csv\u2069: ليس JSON صالحاً (السطر 1، العمود 5)'
>>> note("a.csv: not valid JSON: Expecting value: line 1 column 5 (char 4)", "en")
'a.csv: not valid JSON: Expecting value: line 1 column 5 (char 4)'
"""

from __future__ import annotations

import ast
import re

from dashboard.app.i18n import isolate, translate

FIELD_NAMES = {  # the ingest's field names, as the mapping form labels them
    "title": "Title",
    "body": "Body text (required)",
    "published_at": "Date (required)",
    "outlet": "Outlet",
    "url": "URL",
    "tags": "Tags",
}
FILE = r"(?P<file>.+?)"
# (form of an English message, the English template whose translation rewrites it)
MESSAGES = [
    (
        rf"{FILE}: not valid JSON: nested more than (?P<n>[\d,]+) levels deep",
        "{file}: not valid JSON (nested more than {n} levels deep)",
    ),
    (
        rf"{FILE}: not valid JSON: .*?line (?P<line>\d+) column (?P<column>\d+).*",
        "{file}: not valid JSON (line {line}, column {column})",
    ),
    (rf"{FILE}: not valid JSON.*", "{file}: not valid JSON"),
    (rf"{FILE}: expected a JSON array of objects", "{file}: not a JSON array of records"),
    (
        rf"{FILE}: missing required columns (?P<missing>\[.*?\]); columns found: "
        rf"(?P<found>\[.*?\]);.*",
        "{file}: required columns missing: {missing}; its columns: {found}. Map them below.",
    ),
    (
        rf"{FILE}: not a readable (?P<kind>Parquet|Excel|zip|gzip) file.*",
        "{file}: not a readable {kind} file",
    ),
    (rf"{FILE}: truncated gzip file with nothing readable", "{file}: not a readable gzip file"),
    (rf"{FILE}: the header line cannot be read.*", "{file}: its header line cannot be read"),
    (rf"{FILE}: cannot be read.*", "{file}: cannot be read"),
    (
        rf"{FILE}: mapped column (?P<column>'.*?') \(for '(?P<field>\w+)'\) not found.*",
        "{file}: the mapped column {column} is not in it",
    ),
    (
        r"the upload holds (?P<size>[\d.,]+) MB, over the limit of (?P<limit>[\d,]+) MB.*",
        "The upload holds {size} MB, over the limit of {limit} MB: upload fewer or smaller files.",
    ),
    (
        r"reading the files needed more than (?P<limit>[\d,]+) MB of memory.*",
        "Reading the files needed more than {limit} MB of memory (the limit): upload fewer or "
        "smaller files.",
    ),
    (
        r"the process reading the files was stopped.*",
        "Reading the files was stopped, perhaps at its memory limit.",
    ),
    (r"no files were uploaded", "No file was uploaded."),
    (
        rf"{FILE} row (?P<row>\d+): .* removed",
        "{file} row {row}: hidden characters or markup removed",
    ),
    (
        rf"{FILE}: (?P<n>\d+) more rows had text removed the same way.*",
        "{file}: {n} more rows had text removed the same way",
    ),
    (rf"{FILE}: removed (?P<n>[\d,]+) NUL characters", "{file}: {n} NUL characters removed"),
    (
        rf"{FILE}: skipped empty sheet\(s\): (?P<sheets>.*)",
        "{file}: empty sheets skipped: {sheets}",
    ),
    (
        rf"{FILE}: (?P<n>\d+) bodies taken from the column (?P<column>'.*?').*",
        "{file}: the text of {n} articles taken from the column {column}",
    ),
]
PATTERNS = [(re.compile(form, re.S), template) for form, template in MESSAGES]
UNKNOWN = "{file}: see the reading report (JSON) for what was found"
REASONS = {  # the kinds of reason a record is rejected for
    "missing title and body": "no title and no text",
    "empty body": "empty text",
    "missing date": "no date",
    "implausible date": "implausible date",
    "unparseable date": "unreadable date",
    "future date": "date after the crawl",
}
VALUE = re.compile(r":\s*('.*?'|\".*?\")")  # the value a reason quotes


def _fields(found: re.Match, lang: str) -> dict[str, str]:
    """A message's parts, ready to show: names isolated, field lists in words."""
    parts = {}
    for key, value in found.groupdict().items():
        if key == "missing":
            names = _listed(value)
            value = "، ".join(translate(FIELD_NAMES.get(name, name), lang) for name in names)
        elif key == "found":
            value = "، ".join(isolate(name) for name in _listed(value))
        elif not re.fullmatch(r"[\d.,]+", value):  # a bare number reads the same either way
            value = isolate(value)
        parts[key] = value
    return parts


def _listed(text: str) -> list[str]:
    """The names of a Python list literal in a message; [] when it is not one."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return []
    return [str(v) for v in value] if isinstance(value, list) else []


def note(text: str, lang: str) -> str:
    """One reading error or warning in ``lang``."""
    if lang != "ar":
        return text
    for pattern, template in PATTERNS:
        found = pattern.fullmatch(text.strip())
        if found:
            return translate(template, lang).format(**_fields(found, lang))
    file = text.split(": ", 1)[0] if ": " in text else ""
    if not file:
        return translate("See the reading report (JSON) for what was found.", lang)
    return translate(UNKNOWN, lang).format(file=isolate(file))


def notes(texts: list[str] | str, lang: str) -> str:
    """Several errors or warnings, one a line (an error that joins several with "; " is
    split at each file)."""
    if isinstance(texts, str):
        texts = re.split(r"; (?=[^;:]+?\.\w+: )", texts) if lang == "ar" else [texts]
    return "\n".join(note(text, lang) for text in texts)


def reason(text: str, lang: str) -> str:
    """Why a record was rejected, in ``lang``: its kind, and the value at fault."""
    if lang != "ar":
        return text
    kind = re.sub(r"\s*\((?:line|record) \d+\)", "", text).split(":")[0].strip()
    if kind not in REASONS:
        return translate("rejected", lang)
    words = translate(REASONS[kind], lang)
    value = VALUE.search(text)
    return f"{words}: {isolate(value[1])}" if value else words
