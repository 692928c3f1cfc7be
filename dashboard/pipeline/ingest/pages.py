"""Raw article pages, plain text or HTML: one record per article on the page."""

from __future__ import annotations

import html
import re
from datetime import datetime

from dashboard.pipeline.ingest.scraped import split_page
from dashboard.pipeline.ingest.sources import Log
from dashboard.pipeline.ingest.table import Table, dict_table
from dashboard.text.dates import parse_date


def read_page(
    text: str, is_html: bool, crawl_date: datetime | None, stamp: datetime, name: str, log: Log
) -> Table:
    """A raw article page: one record per article on it (see ``scraped.split_page``).

    HTML pages go through trafilatura for their main text, title, site name
    and date (or, when it cannot parse the page, its text without the markup).
    An article whose text shows no date takes the page's date, the crawl date,
    or else the file's time, and says which in ``date_source``.
    """
    meta: dict[str, object] = {}
    if is_html:
        text, meta = _html_page(text, name, log)
    articles = split_page(text, crawl_date)
    if articles and meta:
        first = articles[0]
        first.title = first.title or str(meta.get("title") or "")
        first.outlet = first.outlet or str(meta.get("sitename") or "")
        first.tags = first.tags or list(meta.get("tags") or [])
    page_date = parse_date(str(meta.get("date") or ""))
    records = []
    for article in articles:
        date, source = article.published_at, "text"
        if date is None and page_date is not None:
            date, source = page_date, "page metadata"
        elif date is None and crawl_date is not None:
            date, source = crawl_date, "crawl date"
        elif date is None:
            date, source = stamp, "file time"
        records.append(
            {
                "title": article.title,
                "body": article.body,
                "published_at": date,
                "outlet": article.outlet,
                "original_source": article.original_source,
                "url": str(meta.get("url") or "") if article is articles[0] else "",
                "tags": article.tags,
                "related": article.related,
                "date_source": source,
                "boilerplate": "\n".join(article.removed),
            }
        )
    if not records:
        records = [dict.fromkeys(("title", "body", "published_at"), "")]
    return dict_table(name, records, list(range(1, len(records) + 1)), [])


def _html_page(page: str, name: str, log: Log) -> tuple[str, dict[str, object]]:
    """The main text of an HTML page (trafilatura), and its title, site name, date and tags;
    a page trafilatura cannot parse (markup nested too deeply) gives its text without tags."""
    import trafilatura  # slow to import: only for HTML pages

    try:
        document = trafilatura.bare_extraction(
            page, with_metadata=True, include_comments=False, include_tables=False
        )
    except RecursionError:
        document = None
    if document is not None and (document.text or "").strip():
        meta = {
            "title": document.title,
            "sitename": document.sitename,
            "date": document.date,
            "url": document.url,
            "tags": [t.strip() for t in (document.tags or []) if t.strip()],
        }
        return document.text or "", meta
    text, title = _markup_text(page)
    if text:
        log.warnings.append(
            f"{name}: the HTML could not be parsed (nested too deeply, or no main text found); "
            "read its text without the markup"
        )
    return text, {"title": title}


def _markup_text(page: str) -> tuple[str, str]:
    """The text of an HTML page without scripts, styles and tags, one line per block; and
    its <title>."""
    found = re.search(r"<title[^>]*>(.*?)</title\s*>", page, re.IGNORECASE | re.DOTALL)
    title = " ".join(html.unescape(found.group(1)).split()) if found else ""
    body = re.sub(r"<head\b.*?</head\s*>", " ", page, count=1, flags=re.IGNORECASE | re.DOTALL)
    body = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", body, flags=re.IGNORECASE | re.DOTALL)
    lines = (" ".join(html.unescape(part).split()) for part in re.split(r"<[^>]*>", body))
    text = "\n".join(line for line in lines if line)
    return (f"{title}\n{text}" if title else text), title
