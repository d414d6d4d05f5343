"""Opaque page cursors: a small JSON state, base64url-encoded, checked on the way back in.

A cursor names the last item shown (its sort keys), never an offset, so items added while someone
scrolls neither repeat nor push others off the next page.
"""

import base64
import binascii
import json

from flask_babel import lazy_gettext as _l

from .database import LARGEST_ID
from .errors import RuleError

MAX_CURSOR = 500
INVALID = _l("This cursor is not valid; start from the first page.")
LARGEST_NUMBER = 2**31 - 1  # sort keys (counts, scores) are INTEGER columns too


def encode_cursor(state: dict) -> str:
    raw = json.dumps(state, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def invalid_cursor() -> RuleError:
    return RuleError("cursor", INVALID, location="query")


def decode_cursor(cursor: str | None) -> dict:
    """The state a cursor carries ({} for the first page); a RuleError on the `cursor` query field
    for anything this app did not make, numbers out of range included."""
    if not cursor:
        return {}
    if len(cursor) > MAX_CURSOR:
        raise invalid_cursor()
    try:
        state = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)), parse_constant=_no_constants)
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError) as error:
        raise invalid_cursor() from error
    if not isinstance(state, dict):
        raise invalid_cursor()
    return state


def cursor_id(value) -> int:
    """An id taken from a cursor: an integer a database can hold, or the cursor is not valid."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= LARGEST_ID:
        raise invalid_cursor()
    return value


def cursor_number(value) -> int:
    """A sort key taken from a cursor (a count or score): a finite integer in the database's range."""
    if isinstance(value, bool) or not isinstance(value, int) or not -LARGEST_NUMBER <= value <= LARGEST_NUMBER:
        raise invalid_cursor()
    return value


def _no_constants(name: str):
    # JSON's NaN and Infinity have no place in a cursor (and `int(inf)` would crash later).
    raise ValueError(name)
