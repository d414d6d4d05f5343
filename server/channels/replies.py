"""The outbox's carrier for later words to Slack (kind `slack_reply`): through a request's
`response_url`, checked against CHANNEL_ALLOWED_URLS like every webhook and sealed while it waits.

A link shared from Slack is added at once with its kind from the link alone; here, after the answer,
its page is read (the bank's link-preview rules) and the person hears what was saved: title, kind, length.
"""

from flask import Flask
from flask_babel import force_locale, gettext

from .. import outbox
from ..bank import service as bank
from . import blocks, posts, webhooks
from .sealing import Unsealable, unseal


def saved_answer(resource, lang: str, app_url: str) -> dict:
    with force_locale(lang):
        meta = [str(posts.KIND_NAMES.get(resource.kind, posts.KIND_NAMES["other"]))]
        if minutes := posts.length(resource.duration_minutes):
            meta.append(minutes)
        link = f"<{app_url}/bank/{resource.id}|{blocks.escape(posts.short(resource.title, 200))}>"
        text = gettext("Saved in the bank: %(link)s", link=link) + f" · {' · '.join(meta)}"
    return {"response_type": "ephemeral", "replace_original": False, "text": text}


class ReplyTransport(outbox.Transport):
    def __exit__(self, *exc):
        return None  # one request a post: nothing kept open between them

    def send(self, message: outbox.Pending) -> outbox.Result:
        payload = message.payload
        body = payload.get("body")
        if payload.get("resource_id"):
            resource = bank.fill_from_page(payload["resource_id"])
            if resource is None:
                return outbox.failed("the link was removed from the bank")
            body = saved_answer(resource, payload.get("lang") or "en", payload.get("app_url") or "")
        if payload.get("url") is None:
            return outbox.SENT  # the page is read; Slack gave no address we may answer at
        try:
            url = unseal(payload["url"])
        except Unsealable:
            return outbox.failed("sealed under another SECRET_KEY")
        if not webhooks.still_allowed(url):
            return outbox.failed("no longer allowed")
        outcome = webhooks.post(url, body)
        if outcome.state == "sent":
            return outbox.SENT
        if outcome.state == "retry":
            return outbox.retry(outcome.error, after=outcome.after)
        return outbox.failed(outcome.error)


def open_transport(app: Flask) -> ReplyTransport | None:
    """Without Slack set up there are no replies to send: no query at all."""
    return ReplyTransport() if (app.config.get("SLACK_SIGNING_SECRET") or "").strip() else None
