"""The page context: what every page reads, built once per run by the entry point.

``main`` builds it after the sidebar has set the filters, and before the chosen page runs;
a page takes it with :func:`current` rather than opening the store and reading the
filters again. The filtered articles are computed on first use (the upload and
collection pages never need them).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd
import streamlit as st

from dashboard.analysis.query import Filters
from dashboard.app import cached
from dashboard.storage.store import Store

KEY = "page_context"  # in the session state: this run's context


@dataclass
class PageContext:
    """The store served, its path and build id (the keys of everything cached from it), the
    sidebar's filters and the articles passing them."""

    store: Store
    filters: Filters

    @property
    def path(self) -> str:
        """The store's folder, as the cache keys name it."""
        return str(self.store.path)

    @property
    def build(self) -> str:
        """The id of the build served: cached data of another build is never reused."""
        return self.store.manifest["build_id"]

    @cached_property
    def articles(self) -> pd.DataFrame:
        """The articles passing the filters (a view over the shared frame: do not mutate)."""
        return cached.filtered(self.store, self.filters)


def begin(store: Store, filters: Filters) -> PageContext:
    """This run's context, kept for the page about to run."""
    context = PageContext(store, filters)
    st.session_state[KEY] = context
    return context


def current() -> PageContext:
    """The context ``main`` built for this run."""
    return st.session_state[KEY]
