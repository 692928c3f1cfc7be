"""What a build leaves on disk and how it is read back: the store, by row, word and vector.

Never imports streamlit.
"""
