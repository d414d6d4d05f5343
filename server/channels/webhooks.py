"""Webhook addresses: which may be used (`CHANNEL_ALLOWED_URLS`, and the outbound address rules every
request to a typed address follows), how one is shown (masked), and what a webhook's answer means.

Teams Workflows answer 202 to a post they accepted, Slack 200 `ok`. A 429 or a 5xx is for now (come
back after Retry-After, or the outbox's backoff); 404 and 410 say the webhook is gone (a deleted
workflow, an archived Slack channel), 401 and 403 that it was revoked: both pause the channel at once.
Any other answer is a failure for good (a payload it cannot take); a few in a row pause it too.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..clock import utcnow
from ..errors import RuleError
from ..outbound import OutboundRefused, address_rule, literal_address, post_json
from ..push.endpoints import InvalidEndpoint, endpoint_allowed, parse_endpoint

USER_AGENT = "LearningHour/1.0 (channel posts)"
MAX_URL = 2048
LONGEST_WAIT = timedelta(days=1)  # a Retry-After further off than this is read as a day
GONE, REVOKED, ADDRESS, FAILING, REFUSED, NOT_ALLOWED = (
    "gone",
    "revoked",
    "address",
    "failing",
    "refused",
    "not_allowed",
)


@dataclass(frozen=True)
class Outcome:
    """`state`: sent, retry (for now) or failed (for good); `pause`: why the channel should stop at
    once (None: keep going); `after`: when to come back, as the webhook said."""

    state: str
    error: str | None = None
    pause: str | None = None
    after: timedelta | None = None


def _allowed_addresses():
    return address_rule(current_app.config.get("LINK_FETCH_ALLOW_PRIVATE", False))


def check_url(url: str) -> str:
    """The webhook's URL as given, or a 422 on `url` saying why it may not be used. Host names are
    resolved and checked each time a post goes (a name can change its address); an address written
    as an IP is checked here already."""
    url = (url or "").strip()
    try:
        endpoint = parse_endpoint(url)
    except InvalidEndpoint as error:
        raise RuleError("url", _l("Paste the whole webhook address, starting with https://.")) from error
    if len(url) > MAX_URL:
        raise RuleError("url", _l("This address is too long for a webhook."))
    if not endpoint_allowed(url, current_app.config["CHANNEL_ALLOWED_URLS"]):
        raise RuleError(
            "url",
            _l("Only Teams Workflows and Slack webhook addresses can be used (the server's CHANNEL_ALLOWED_URLS)."),
        )
    literal = literal_address(endpoint.host)
    if literal is not None and not _allowed_addresses()(literal):
        raise RuleError("url", _l("This address is on a private network, which this server does not post to."))
    return url


def still_allowed(url: str) -> bool:
    """The operator may have narrowed CHANNEL_ALLOWED_URLS since the channel was added."""
    return endpoint_allowed(url, current_app.config["CHANNEL_ALLOWED_URLS"])


def mask(url: str) -> str:
    """What admins see of a stored webhook: its host and its last four characters."""
    endpoint = parse_endpoint(url)
    return f"{endpoint.scheme}://{endpoint.host_literal}/…{url[-4:]}"


def retry_after(value: str | None, now: datetime) -> timedelta | None:
    """HTTP's Retry-After: seconds, or a date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(timedelta(seconds=int(value)), LONGEST_WAIT)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return min(max(when - now, timedelta(0)), LONGEST_WAIT)


def _words(answer) -> str:
    text = " ".join(answer.text.split())[:200]
    return f"HTTP {answer.status}" + (f": {text}" if text else "")


def post(url: str, body: dict) -> Outcome:
    """Send one post; what its answer means for the message and the channel."""
    config = current_app.config
    try:
        answer = post_json(
            url,
            body,
            allow=_allowed_addresses(),
            proxies=config.get("OUTBOUND_PROXIES") or {},
            timeout=float(config.get("CHANNEL_TIMEOUT_SECONDS") or 10),
            user_agent=USER_AGENT,
        )
    except OutboundRefused as error:
        if "not allowed" in str(error):
            return Outcome("failed", str(error), pause=ADDRESS)
        return Outcome("retry", str(error))
    status = answer.status
    if 200 <= status < 300:
        return Outcome("sent")
    if status == 429 or status >= 500:
        return Outcome("retry", _words(answer), after=retry_after(answer.headers.get("retry-after"), utcnow()))
    if status in (404, 410):
        return Outcome("failed", _words(answer), pause=GONE)
    if status in (401, 403):
        return Outcome("failed", _words(answer), pause=REVOKED)
    if 300 <= status < 400:
        return Outcome("failed", f"HTTP {status}: a redirect, not followed")
    return Outcome("failed", _words(answer))
