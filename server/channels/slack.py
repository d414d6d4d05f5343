"""Slack's requests: the `/learninghour` command and the "Save to Learning Hour" message shortcut.

Every request is checked before anything else reads it: with SLACK_SIGNING_SECRET unset the endpoints
do not exist (404); otherwise its `X-Slack-Signature` must be Slack's `v0` HMAC-SHA256 of
`v0:{timestamp}:{raw body}` under the secret, compared in constant time, from a timestamp within five
minutes of our clock (slack_sdk's SignatureVerifier, Slack's own code, given the app's clock). A
signature is accepted once: a replayed request, even within the five minutes, is refused (401).

Slack waits three seconds for an answer, so nothing here reads a web page: a shared link is added with
its kind from the link alone and its page read afterwards (`replies.py`), with a later word through
the request's `response_url`.
"""

import json
import re
from datetime import timedelta
from urllib.parse import parse_qsl

from flask import current_app
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from slack_sdk.signature import Clock, SignatureVerifier
from sqlalchemy import delete

from ..accounts import service as accounts
from ..clock import utcnow
from ..database import insert
from ..errors import RuleError
from ..extensions import db
from . import commands, connections
from .models import SlackRequest

SIGNATURE = re.compile(r"^v0=[0-9a-f]{64}$")
REMEMBER = timedelta(minutes=10)  # twice the window: a signature older than that is refused as stale anyway
SHORTCUT = "save_to_learning_hour"


class _AppClock(Clock):
    """The app's one clock, for the five-minute window (tests and a moved process clock decide it)."""

    def now(self) -> float:
        return utcnow().timestamp()


def _refused() -> RuleError:
    return RuleError("signature", _l("This request is not signed by Slack."), 401)


def verify(raw: bytes, headers) -> None:
    """The request is Slack's, fresh, and seen for the first time; else a 404 (not set up) or a 401."""
    secret = current_app.config.get("SLACK_SIGNING_SECRET") or ""
    if not secret.strip():
        raise RuleError("signature", _l("Not found."), 404)
    timestamp = headers.get("X-Slack-Request-Timestamp", "")
    signature = headers.get("X-Slack-Signature", "")
    if not (timestamp.isdigit() and len(timestamp) <= 12 and SIGNATURE.match(signature)):
        raise _refused()
    if not SignatureVerifier(secret, clock=_AppClock()).is_valid(raw, timestamp, signature):
        raise _refused()
    now = utcnow()
    db.session.execute(delete(SlackRequest).where(SlackRequest.seen_at < now - REMEMBER))
    first = db.session.execute(
        insert(SlackRequest)
        .values(signature=signature[3:], seen_at=now)
        .on_conflict_do_nothing(index_elements=["signature"])
        .returning(SlackRequest.signature)
    ).first()
    if first is None:
        raise _refused()


def _fields(raw: bytes) -> dict[str, str]:
    try:
        return dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
    except (UnicodeDecodeError, ValueError) as error:
        raise RuleError("body", _l("The request could not be read."), 400) from error


def _locale(user) -> str:
    if user is not None:
        return user.locale
    organisation = accounts.default_organisation()
    return organisation.default_locale if organisation else "en"


def _connect_prompt(team_id: str, team_name: str, slack_user_id: str, slack_user_name: str, app_url: str) -> dict:
    token = connections.issue_link(team_id, team_name, slack_user_id, slack_user_name)
    link = f"{commands.base_url(app_url)}/connect/slack/{token}"
    label = gettext("Connect")
    button = f"<{link}|{label}>"  # Slack's link markup: <url|text>
    text = gettext(
        "Connect Slack to your Learning Hour account first: %(link)s (the link works once, for 30 minutes).",
        link=button,
    )
    return commands.ephemeral(text)


def answer_command(raw: bytes, headers, app_url: str) -> dict:
    """The answer to `/learninghour …`: shown only to whoever typed it."""
    verify(raw, headers)
    form = _fields(raw)
    team_id, slack_user_id = form.get("team_id", ""), form.get("user_id", "")
    user = connections.person_for(team_id, slack_user_id)
    words = form.get("text", "").split()
    verb = words[0].lower() if words else "help"
    with force_locale(_locale(user)):
        if verb not in ("share", "log"):
            return commands.help_answer(unknown=verb != "help")
        if user is None:
            return _connect_prompt(
                team_id, form.get("team_domain", ""), slack_user_id, form.get("user_name", ""), app_url
            )
        if verb == "share":
            return commands.share(user, words[1:], form.get("response_url", ""), app_url)[0]
        return commands.log_time(user, words[1:])


def answer_interaction(raw: bytes, headers, app_url: str) -> dict:
    """Slack's interactive requests: the message shortcut saves the message's link; anything else (a
    click on a post's link button) only needs to be acknowledged. The answer to a shortcut goes later,
    through its response_url, so this one is empty."""
    verify(raw, headers)
    try:
        payload = json.loads(_fields(raw).get("payload", ""))
    except ValueError as error:
        raise RuleError("payload", _l("The request could not be read."), 400) from error
    if (
        not isinstance(payload, dict)
        or payload.get("type") != "message_action"
        or payload.get("callback_id") != SHORTCUT
    ):
        return {}
    team, person = payload.get("team") or {}, payload.get("user") or {}
    team_id, slack_user_id = str(team.get("id", "")), str(person.get("id", ""))
    response_url = str(payload.get("response_url", ""))
    user = connections.person_for(team_id, slack_user_id)
    with force_locale(_locale(user)):
        if user is None:
            name = str(person.get("username") or person.get("name") or "")
            reply = _connect_prompt(team_id, str(team.get("domain", "")), slack_user_id, name, app_url)
        elif link := commands.link_in_message(payload.get("message") or {}):
            reply, later = commands.share(user, [link], response_url, app_url)
            reply = None if later else reply  # the later word, with the page's title, says it all
        else:
            reply = commands.ephemeral(gettext("There is no link in this message to save."))
        if reply is not None:
            commands.reply_later(response_url, reply)
    return {}
