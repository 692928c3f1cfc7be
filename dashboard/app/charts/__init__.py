"""Plotly figure builders: each takes computed frames and returns a ``go.Figure``.

Builders take the interface language (``lang``) for the words they add themselves
(hovers, legends); :func:`~dashboard.app.charts.localise.localised` then gives any figure
Arabic date ticks and, optionally, Arabic-Indic digits.

One module for each thing charted: :mod:`~dashboard.app.charts.timelines`,
:mod:`~dashboard.app.charts.topics`, :mod:`~dashboard.app.charts.entities`,
:mod:`~dashboard.app.charts.maps` (the document map), :mod:`~dashboard.app.charts.words` and
:mod:`~dashboard.app.charts.scores`; beside them the shared
:mod:`~dashboard.app.charts.style`, :mod:`~dashboard.app.charts.localise` (Arabic dates and
digits) and :mod:`~dashboard.app.charts.labels` (labels placed without overlap).
"""
