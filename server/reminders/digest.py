"""The Monday digest: an opt-in push with the bank's most saved and "worth it" resources of the
past seven days, in the person's language.

It is due on Monday from 09:00 where the person is (all that Monday, so a run that starts late still
sends it), for whoever turned it on, by push or e-mail as their reminders go. Each is claimed in
`reminder_claims` with kind "digest", like the weekly reminder: one per person and week however many
workers run.
A week without a single save or reaction in the organisation sends nothing.
"""

from datetime import datetime, time, timedelta

from flask_babel import force_locale, gettext, ngettext
from sqlalchemy import select

from .. import push
from ..accounts import service as accounts
from ..bank import service as bank
from ..clock import iso_week_label, zone
from ..extensions import db
from . import channels, delivery, due, messages, notices
from .models import ReminderPreference

KIND = "digest"
SEND_FROM = time(9, 0)
WINDOW = timedelta(days=7)
TOP = 3
TITLE_LENGTH = 80


def _line(item: dict) -> str:
    title = item["title"] if len(item["title"]) <= TITLE_LENGTH else item["title"][: TITLE_LENGTH - 1] + "…"
    counts = []
    if item["saves"]:
        counts.append(ngettext("%(num)d save", "%(num)d saves", item["saves"]))
    if item["reactions"]:
        counts.append(ngettext("%(num)d found it worth it", "%(num)d found it worth it", item["reactions"]))
    return f"“{title}” · {', '.join(counts)}"


def digest_payload(*, locale: str, week: str, top: list[dict]) -> dict:
    with force_locale(locale if locale in messages.LOCALES else "en"):
        return {
            "title": gettext("Popular in the bank this week"),
            "body": "\n".join(_line(i) for i in top),
            "url": "/bank",
            "tag": f"digest-{week}",
            "kind": KIND,
            "week": week,
            "resources": [{"id": i["id"], "title": i["title"][:TITLE_LENGTH]} for i in top],
            "actions": [],
        }


def due_digests(now: datetime) -> tuple[list[due.Due], dict, dict]:
    """Digests due at `now` and not yet claimed, with the people (id -> User) and their preferences."""
    preferences = {
        p.user_id: p
        for p in db.session.scalars(
            select(ReminderPreference).where(
                ReminderPreference.weekly_digest.is_(True), channels.reachable_filter(channels.DIGEST)
            )
        )
    }
    users = {i: u for i, u in accounts.users_by_id(preferences).items() if u.is_active}
    candidates = []
    for user in users.values():
        local_now = now.astimezone(zone(user.timezone))
        if local_now.isoweekday() == 1 and local_now.time() >= SEND_FROM:
            candidates.append(due.Due(user.id, KIND, iso_week_label(local_now.date()), local_now.date()))
    claimed = due.BOOK.claimed(c.key for c in candidates)
    return [c for c in candidates if c.key not in claimed], users, preferences


def _body(user, digest: due.Due, top: list[dict]) -> bytes | None:
    """The encoded payload, with fewer resources when it would be too big for a push."""
    for count in range(len(top), 0, -1):
        body = messages.encode(digest_payload(locale=user.locale, week=digest.week, top=top[:count]))
        if len(body) <= push.MAX_PAYLOAD:
            return body
    return None


def digest_mail(user, top: list[dict]) -> notices.Mail:
    return notices.Mail(
        "digest",
        {"top": [{k: i[k] for k in ("id", "title", "saves", "reactions")} for i in top], "timezone": user.timezone},
        unsubscribe=f"/unsubscribe/{messages.unsubscribe_token(user.id, channels.DIGEST)}",
    )


def run(now: datetime) -> dict[str, int]:
    """Send the digests due at `now`; counts under `digest_*` names."""
    counts = {f"digest_{name}": 0 for name in ("due", "claimed", "sent", "mailed", "empty", "waiting")}
    digests, users, preferences = due_digests(now)
    if not digests:
        return counts
    paused = delivery.paused_origins()
    subscriptions = delivery.subscriptions_by_user(d.user_id for d in digests)
    popular: dict[int, list[dict]] = {}
    ready = []
    for digest in digests:
        user = users[digest.user_id]
        way = channels.route(preferences[user.id], subscriptions.get(user.id, []), paused, channels.DIGEST)
        if way is None:
            continue
        if way.waiting:
            counts["digest_waiting"] += 1
            continue
        if user.organisation_id not in popular:
            popular[user.organisation_id] = bank.popular_summaries(user.organisation_id, now - WINDOW, TOP)
        top = popular[user.organisation_id]
        body = _body(user, digest, top) if top and way.devices else None
        if not top or (body is None and not way.mail):
            counts["digest_empty"] += 1
            continue
        counts["digest_due"] += 1
        ready.append(
            notices.Notice(
                digest.key,
                user,
                devices=way.devices if body else [],
                push=body,
                topic="digest",
                mail=digest_mail(user, top) if way.mail else None,
            )
        )
    notices.deliver(ready, due.BOOK, "digest", paused, counts, prefix="digest_")
    return counts
