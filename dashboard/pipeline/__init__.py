"""The corpus build: ingest -> clean -> embed -> topics -> entities -> index -> publish.

Writes stores (:mod:`dashboard.storage`); never imports streamlit.
"""
