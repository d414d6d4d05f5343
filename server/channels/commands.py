"""What `/learninghour share`, `log` and `help` do for a connected person, in their language, and
the later replies that go through a request's `response_url` (outbox kind `slack_reply`).

Answers are ephemeral (only the person sees them). Slack writes links in a command's text as
`<https://…>` or `<https://…|label>` and escapes `&`, `<` and `>`; both are undone before the bank
sees the link, and escaped again in what we answer.
"""

import re
import secrets

from flask import current_app
from flask_babel import get_locale, gettext

from .. import outbox
from ..bank import service as bank
from ..errors import RuleError
from ..extensions import db
from ..log import service as log
from . import blocks, posts, sealing, webhooks

REPLY = "slack_reply"
LINK = re.compile(r"<(https?://[^|>\s]+)(?:\|[^>]*)?>")
BARE = re.compile(r"https?://[^\s<>|]+")
MAX_TAGS = 10


def base_url(app_url: str) -> str:
    return (current_app.config.get("PUBLIC_URL") or app_url or "").rstrip("/")


def ephemeral(text: str) -> dict:
    return {"response_type": "ephemeral", "text": text}


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def unwrap(word: str) -> str:
    """A link as Slack wrote it in a command's text, as the person meant it."""
    found = LINK.fullmatch(word.strip())
    return _unescape(found[1] if found else word.strip())


def link_in_message(message: dict) -> str | None:
    """The first link in a message: in its text, else a link preview Slack attached to it."""
    text = str(message.get("text") or "")
    found = LINK.search(text) or BARE.search(text)
    if found:
        return _unescape(found[1] if found.re is LINK else found[0])
    for attachment in message.get("attachments") or []:
        if isinstance(attachment, dict):
            for key in ("original_url", "from_url", "title_link"):
                if isinstance(attachment.get(key), str) and BARE.fullmatch(attachment[key]):
                    return attachment[key]
    return None


def help_answer(unknown: bool = False) -> dict:
    lines = [
        gettext("`/learninghour share <link> [tags…]` adds a link to your organisation's bank."),
        gettext("`/learninghour log <minutes> [what you did]` logs learning time for today."),
        gettext("“Save to Learning Hour” in a message's menu saves the link in it."),
    ]
    if unknown:
        lines.insert(0, gettext("Learning Hour does not know that command."))
    return ephemeral("\n".join(lines))


def _link(app_url: str, path: str, label: str) -> str:
    return f"<{base_url(app_url)}{path}|{blocks.escape(label)}>"


def share(user, words: list[str], response_url: str, app_url: str) -> tuple[dict, bool]:
    """Add the link to the bank as `user`: (the answer now, whether a later word with its title is on
    its way). A link already in the bank answers with what is there."""
    if not words:
        return ephemeral(gettext("Add the link: `/learninghour share https://… [tags]`")), False
    tags = [unwrap(word) for word in words[1 : 1 + MAX_TAGS]]
    try:
        with db.session.begin_nested():  # a refused link undoes only itself, not the request's record
            resource, duplicate = bank.add_unread(user, unwrap(words[0]), tags)
    except RuleError as error:
        return ephemeral(str(error.message)), False
    if duplicate:
        return ephemeral(
            gettext("Already in the bank: %(link)s", link=_link(app_url, f"/bank/{resource.id}", resource.title))
        ), False
    later = reply_later(response_url, None, resource_id=resource.id, app_url=app_url)
    text = gettext("Added to the bank: %(link)s", link=_link(app_url, f"/bank/{resource.id}", resource.url))
    if later:
        text += " " + gettext("Its title follows from the page in a moment.")
    return ephemeral(text), later


def log_time(user, words: list[str]) -> dict:
    minutes = int(words[0]) if words and words[0].isdigit() and len(words[0]) <= 4 else 0
    if not 1 <= minutes <= 600:
        return ephemeral(gettext("Log between 1 and 600 minutes: `/learninghour log 25 [what you did]`"))
    entry = {"minutes": minutes, "activity": "other", "title": " ".join(words[1:])[:200]}
    try:
        with db.session.begin_nested():
            log.log_entry(user, entry)
    except RuleError as error:
        return ephemeral(str(error.message))
    week = log.week_summary(user)
    text = gettext(
        "Logged %(minutes)s. This week: %(done)s of %(goal)s.",
        minutes=posts.length(minutes),
        done=posts.length(week["minutes"]) or "0 min",
        goal=posts.length(week["goal_minutes"]) or "0 min",
    )
    return ephemeral(text)


def reply_later(response_url: str, body: dict | None, *, resource_id: int | None = None, app_url: str = "") -> bool:
    """A word through the request's response_url after the answer (sealed, like every webhook), when
    that URL is one we may post to; with `resource_id`, the link's page is read first (even when no
    word can follow) and the word names what it found. True when a word is on its way."""
    usable = bool(response_url) and webhooks.still_allowed(response_url)
    if not usable and resource_id is None:
        return False
    payload = {
        "url": sealing.seal(response_url) if usable else None,
        "body": body,
        "resource_id": resource_id,
        "lang": str(get_locale() or "en"),
        "app_url": base_url(app_url),
    }
    return outbox.enqueue(REPLY, "slack", payload, key=f"slack:{secrets.token_hex(12)}") is not None and usable
