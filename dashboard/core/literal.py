"""Text shown as itself by an element that renders Markdown.

Streamlit renders Markdown in ``st.markdown``, captions, headers, alerts, expander and
widget labels and help: an outlet name or a URL parameter such as
``[Sign in](https://evil.example)`` or ``![](https://evil.example/pixel.png)`` would
become a live link, or an image the browser fetches from any host. :func:`literal`
escapes every ASCII punctuation mark with a backslash (CommonMark allows each), which
leaves links, images, HTML, emphasis, Streamlit's ``:color[...]`` and ``:icon:``
directives, LaTeX and bare-URL autolinks inert, and shows the text unchanged.

>>> literal("[Sign in](https://evil.example)")
'\\\\[Sign in\\\\]\\\\(https\\\\:\\\\/\\\\/evil\\\\.example\\\\)'
>>> literal("الأفق نيوز\\n# عنوان")
'الأفق نيوز \\\\# عنوان'
"""

from __future__ import annotations

import re

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation mark
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def literal(text: object) -> str:
    """``text`` on one line, every ASCII punctuation mark escaped for Markdown."""
    return _PUNCTUATION.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(text)))
