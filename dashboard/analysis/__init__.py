"""What the pages and the command line ask of a built store: filters, coverage, words,
stories, quotes, search. Reads :mod:`dashboard.storage`; never imports streamlit.
"""
