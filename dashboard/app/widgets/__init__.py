"""Reusable UI pieces, one module for each thing they are for.

:mod:`~dashboard.app.widgets.session` holds the view of this session (state, URL, language)
that the others read; :mod:`~dashboard.app.widgets.sidebar` the filters,
:mod:`~dashboard.app.widgets.preferences` corpus, language and image format;
:mod:`~dashboard.app.widgets.lists` article cards and lists; :mod:`~dashboard.app.widgets.tables`
and :mod:`~dashboard.app.widgets.figures` tables and charts with their downloads;
:mod:`~dashboard.app.widgets.editing` the editor gate and timeline events;
:mod:`~dashboard.app.widgets.rising` the rising topics panel;
:mod:`~dashboard.app.widgets.layout` right-to-left text and the page CSS.
"""
