"""The dashboard's web server: Streamlit's, with a clear answer to a link too long to read.

Streamlit serves through uvicorn, whose HTTP parser (h11) refuses a request whose line
and headers are not complete within a buffer limit (16 KiB by default, checked only
when a read leaves the request incomplete: on loopback a 100 KB link passed and a
200 KB one did not, and over a network the cut-off moves with packet sizes). The
refusal is a bare "400 Invalid HTTP request received.", before the dashboard runs.

Here the limit is fixed at :data:`REQUEST_HEAD_BYTES`, so every link up to it reaches
the dashboard (which refuses a query string over ``state.MAX_QUERY_CHARS`` with a
notice), and a longer request is answered at once by :func:`too_long_page`: 414 (or
431 for long headers), in English and Arabic, saying that the link was too long, that
short links carry long views, and linking to the dashboard.

Run as ``python -m dashboard.app.webserver run dashboard/app/main.py [Streamlit options]``.
"""

from __future__ import annotations

import html
import sys
from collections.abc import Callable

from uvicorn.protocols.http.h11_impl import H11Protocol

from dashboard.app.i18n import translate

REQUEST_HEAD_BYTES = 1 << 20  # request line and headers; browsers send links up to 2 MB
DRAIN_SECONDS = 10.0  # how long the rest of a refused request is read and dropped
TOO_LONG = (
    "This link is too long to open (over {most:,} characters). Long views are shared "
    'with a short link: open the dashboard, set up the view and use "Short link to this '
    'view" in the sidebar.'
)


def too_long_page(status: int) -> bytes:
    """The whole HTTP/1.1 response for a request over :data:`REQUEST_HEAD_BYTES`."""
    lines = []
    for lang, direction in (("en", "ltr"), ("ar", "rtl")):
        text = html.escape(translate(TOO_LONG, lang).format(most=REQUEST_HEAD_BYTES))
        home = html.escape(translate("Open the dashboard", lang))
        lines.append(f'<p lang="{lang}" dir="{direction}">{text} <a href="/">{home}</a></p>')
    body = (
        '<!doctype html><html><head><meta charset="utf-8"><title>Marsad · مرصد</title>'
        f"</head><body>{''.join(lines)}</body></html>"
    ).encode()
    reason = {414: "URI Too Long", 431: "Request Header Fields Too Large"}[status]
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: text/html; charset=utf-8\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode() + body


class ClearProtocol(H11Protocol):
    """uvicorn's h11 protocol, answering an over-long request with :func:`too_long_page`.

    The rest of the refused request is read and dropped for up to :data:`DRAIN_SECONDS`
    before the connection closes: closing with unread data would reset the connection,
    and the browser would show its own error instead of the page.
    """

    refused = False

    def send_400_response(self, msg: str) -> None:
        """A request too long to parse gets the page; any other bad request, uvicorn's 400."""
        pending = self.conn.trailing_data[0]
        if len(pending) <= REQUEST_HEAD_BYTES:
            super().send_400_response(msg)
            return
        line_too_long = b"\n" not in pending[:REQUEST_HEAD_BYTES]
        self.refused = True
        self.transport.write(too_long_page(414 if line_too_long else 431))
        if self.transport.can_write_eof():
            self.transport.write_eof()  # the page is all: the client may stop sending
        self.loop.call_later(DRAIN_SECONDS, self.transport.close)

    def data_received(self, data: bytes) -> None:
        """Parse as uvicorn does, or drop what follows a refused request."""
        if not self.refused:
            super().data_received(data)


def with_limits(settings: Callable[[], dict]) -> Callable[[], dict]:
    """Streamlit's uvicorn settings, plus this module's protocol and request limit."""

    def limited() -> dict:
        return {
            **settings(),
            "http": ClearProtocol,
            "h11_max_incomplete_event_size": REQUEST_HEAD_BYTES,
        }

    return limited


def main() -> None:
    """``streamlit`` with its arguments, its uvicorn server configured as above."""
    from streamlit.web.cli import main as streamlit
    from streamlit.web.server.starlette import starlette_server

    starlette_server._get_uvicorn_config_kwargs = with_limits(
        starlette_server._get_uvicorn_config_kwargs
    )
    streamlit(prog_name="streamlit")


if __name__ == "__main__":
    sys.exit(main())
