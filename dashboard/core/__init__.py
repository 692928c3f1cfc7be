"""Computation for Marsad. Nothing in this package imports streamlit."""
