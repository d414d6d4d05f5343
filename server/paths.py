"""How paths appear in logs: never with the secrets some URLs hold (reset, invitation and calendar
links carry their token in the path). A request is named by its route's pattern (`/reset/<token>`);
a path no route matched has every long segment masked, and no query string."""

import re

# A path segment this long may be a secret (the app's tokens are 32 bytes, 43 characters and more).
LONG_SEGMENT = re.compile(r"(?<=/)[^/?#\s\"]{20,}")
QUERY = re.compile(r"\?[^\s\"#]*")


def masked(text: str) -> str:
    """A path (or a log line holding one) without its query, every segment of 20 characters or
    more shown as `…`."""
    return LONG_SEGMENT.sub("…", QUERY.sub("", text))


def logged_path(req) -> str:
    """How a request's path appears in logs: its route's pattern, else the path masked."""
    return req.url_rule.rule if req.url_rule else masked(req.path)
