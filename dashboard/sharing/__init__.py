"""What an analyst keeps and hands on: collections, saved queries, timeline events,
permalinks, exports. Never imports streamlit.
"""
