"""The dashboard's pages, listed once: the app builds its navigation from this table, and
the tests and the loopback server (:mod:`dashboard.app.localserver`) read their page lists from
it, so a new page cannot be left out of one of them. No streamlit import here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageEntry:
    """One page: its script ``views/<script>.py``, English title (translated when shown),
    material icon, and URL path when it is not the script's name."""

    script: str
    title: str
    icon: str
    url_path: str = ""
    default: bool = False

    @property
    def file(self) -> str:
        """The page script, relative to the entry point."""
        return f"views/{self.script}.py"

    @property
    def path(self) -> str:
        """The URL path it is served at ("" for the default page)."""
        return "" if self.default else self.url_path or self.script


UPLOAD = PageEntry("upload", "Your corpus", ":material/upload_file:")

# Every page, in navigation order.
PAGES = (
    PageEntry("overview", "Overview", ":material/dashboard:", default=True),
    # The file is not coverage.py: that would shadow a library.
    PageEntry("coverage_time", "Coverage over time", ":material/show_chart:", "coverage"),
    PageEntry("topics", "Topics", ":material/category:"),
    PageEntry("entities", "Entities", ":material/hub:"),
    PageEntry("quotes", "Who said what", ":material/format_quote:"),
    PageEntry("similar", "Similar articles", ":material/join_inner:"),
    PageEntry("reader", "Article reader", ":material/article:", "reader"),
    PageEntry("search", "Search & attention", ":material/search:"),
    PageEntry("concordance", "Keyword in context", ":material/format_align_center:", "concordance"),
    PageEntry("explore", "Explore & download", ":material/table:"),
    PageEntry("words", "Words & framing", ":material/text_fields:"),
    # Not collections.py: that would shadow a library.
    PageEntry("collections_events", "Collections & events", ":material/bookmarks:", "collections"),
    UPLOAD,
)
