"""Text in, text out: Arabic normalisation, dates, cleaning, boilerplate, near-copies.

Knows nothing of corpora, stores or pages; every other layer may use it.
"""
