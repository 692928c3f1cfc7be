"""The Streamlit dashboard: the entry point (``main.py``), its pages (``views/``) and
the modules only they use. The only package that imports streamlit.
"""
