"""A message as the bytes that go to the relay: a multipart/alternative of the plain-text and HTML
parts, both UTF-8 in base64, 7-bit throughout (any relay takes it).

Put together from the standard library's own encoders (`email.header` for RFC 2047 words and
folding, `email.utils.formataddr`, `base64`, in C) rather than through `EmailMessage`: its header
registry parses every header back into objects and costs about 5 ms a message, four times the whole
SMTP exchange on a fast relay, which would make the mail worker the bottleneck of a reminder run.
The tests parse every message back with `email`. A header value with a CR, LF or NUL is refused
(`HeaderInjection`) before anything is written, whatever the API let through.

Addresses that are not ASCII (SMTPUTF8) take `render.build`'s `EmailMessage` path instead.
"""

import base64
import secrets
from email.header import Header
from email.utils import format_datetime, formataddr

from ..clock import utcnow

FORBIDDEN = ("\r", "\n", "\0")
CRLF = "\r\n"


class HeaderInjection(ValueError):
    """A header value with a line break: never sent."""


def _header(name: str, value: str) -> str:
    """One header line; a value that is not ASCII as RFC 2047 encoded words, folded. ASCII values stay
    whole (a link must not be folded), far inside SMTP's 998 characters a line."""
    if any(ch in value for ch in FORBIDDEN):
        raise HeaderInjection(f"{name} may not contain a line break")
    if value.isascii():
        return f"{name}: {value}\r\n"
    return f"{name}: {Header(value, 'utf-8', header_name=name).encode(linesep=CRLF)}\r\n"


def _part(subtype: str, text: str) -> str:
    body = base64.encodebytes(text.replace("\r\n", "\n").encode()).decode("ascii").replace("\n", CRLF)
    return f'Content-Type: text/{subtype}; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n{body}'


def compose(
    *,
    sender: str,
    to: str,
    name: str,
    subject: str,
    text: str,
    html: str,
    message_id: str,
    locale: str,
    extra: dict[str, str],
) -> bytes:
    """The whole message; `sender` already formatted (`"Name <address>"`), `to` an ASCII address."""
    for what, value in (("To", to), ("To", name), ("From", sender)):
        if any(ch in value for ch in FORBIDDEN):
            raise HeaderInjection(f"{what} may not contain a line break")
    boundary = f"=_{secrets.token_hex(16)}"
    headers = [
        _header("From", sender),
        f"To: {formataddr((name, to), charset='utf-8') if name else to}\r\n",
        _header("Subject", subject),
        _header("Date", format_datetime(utcnow())),
        _header("Message-ID", message_id),
        "MIME-Version: 1.0\r\n",
        _header("Content-Language", locale),
        "Auto-Submitted: auto-generated\r\n",
        *(_header(key, value) for key, value in extra.items()),
        f'Content-Type: multipart/alternative; boundary="{boundary}"\r\n',
    ]
    body = f"\r\n--{boundary}\r\n{_part('plain', text)}--{boundary}\r\n{_part('html', html)}--{boundary}--\r\n"
    return ("".join(headers) + body).encode("ascii")
