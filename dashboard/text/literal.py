"""Text shown as itself by an element that renders Markdown.

Streamlit renders Markdown in ``st.markdown``, captions, headers, alerts, expander and
widget labels and help: an outlet name or a URL parameter such as
``[Sign in](https://evil.example)`` or ``![](https://evil.example/pixel.png)`` would
become a live link, or an image the browser fetches from any host. :func:`literal`
escapes every ASCII punctuation mark with a backslash (CommonMark allows each), which
leaves links, images, HTML, emphasis, Streamlit's ``:color[...]`` and ``:icon:``
directives and LaTeX inert, and shows the text unchanged. Escapes do not stop the browser's
bare-URL autolinks (``https://…``, ``www.…``, ``name@host``), so a word joiner (U+2060,
invisible) is also put inside each ``://``, after ``www`` and before ``@``.

>>> literal("[Sign in](https://evil.example)")
'\\\\[Sign in\\\\]\\\\(https\\\\:\\u2060\\\\/\\\\/evil\\\\.example\\\\)'
>>> literal("https://evil.example") == "https\\\\:\u2060\\\\/\\\\/evil\\\\.example"
True
>>> literal("الأفق نيوز\\n# عنوان")
'الأفق نيوز \\\\# عنوان'
"""

from __future__ import annotations

import re

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation mark
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?i:(?<=www)(?=\.))|(?=@)")
WORD_JOINER = "\u2060"


def literal(text: object) -> str:
    """``text`` on one line, every ASCII punctuation mark escaped for Markdown."""
    one_line = _AUTOLINK.sub(WORD_JOINER, _LINE_BREAKS.sub(" ", str(text)))
    return _PUNCTUATION.sub(r"\\\1", one_line)
