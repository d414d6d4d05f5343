"""The Monday digest: an opt-in push with the bank's most saved and "worth it" resources of the
past seven days, in the person's language.

It is due on Monday from 09:00 where the person is (all that Monday, so a run that starts late still
sends it), for whoever turned it on and has a device subscribed. Each is claimed in `reminder_claims`
with kind "digest", like the weekly reminder: one per person and week however many workers run.
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
from . import delivery, due, messages
from .models import PushSubscription, ReminderPreference

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


def due_digests(now: datetime) -> tuple[list[due.Due], dict]:
    """Digests due at `now` and not yet claimed, with the people they are for (id -> User)."""
    user_ids = db.session.scalars(
        select(ReminderPreference.user_id).where(
            ReminderPreference.weekly_digest.is_(True), ReminderPreference.user_id.in_(select(PushSubscription.user_id))
        )
    ).all()
    users = {i: u for i, u in accounts.users_by_id(user_ids).items() if u.is_active}
    candidates = []
    for user in users.values():
        local_now = now.astimezone(zone(user.timezone))
        if local_now.isoweekday() == 1 and local_now.time() >= SEND_FROM:
            candidates.append(due.Due(user.id, KIND, iso_week_label(local_now.date()), local_now.date()))
    claimed = due.claimed_keys(candidates)
    return [c for c in candidates if (c.user_id, c.week, c.kind) not in claimed], users


def _body(user, digest: due.Due, top: list[dict]) -> bytes | None:
    """The encoded payload, with fewer resources when it would be too big for a push."""
    for count in range(len(top), 0, -1):
        body = messages.encode(digest_payload(locale=user.locale, week=digest.week, top=top[:count]))
        if len(body) <= push.MAX_PAYLOAD:
            return body
    return None


def run(now: datetime) -> dict[str, int]:
    """Send the digests due at `now`; counts under `digest_*` names."""
    counts = {"digest_due": 0, "digest_claimed": 0, "digest_sent": 0, "digest_empty": 0, "digest_waiting": 0}
    digests, users = due_digests(now)
    if not digests:
        return counts
    paused = delivery.paused_origins()
    subscriptions = delivery.subscriptions_by_user(d.user_id for d in digests)
    popular: dict[int, list[dict]] = {}
    ready = []
    for digest in digests:
        user = users[digest.user_id]
        reachable = [s for s in subscriptions.get(user.id, []) if s.origin not in paused]
        if not reachable:
            counts["digest_waiting"] += 1
            continue
        if user.organisation_id not in popular:
            popular[user.organisation_id] = bank.popular_summaries(user.organisation_id, now - WINDOW, TOP)
        body = _body(user, digest, popular[user.organisation_id]) if popular[user.organisation_id] else None
        if body is None:
            counts["digest_empty"] += 1
            continue
        counts["digest_due"] += 1
        ready.append((digest, body, reachable))
    won = {(d.user_id, d.week) for d in due.claim([d for d, _, _ in ready])}
    counts["digest_claimed"] = len(won)
    results, settled = delivery.send_claimed(
        [
            (digest, delivery.messages_for(reachable, body, topic="digest"))
            for digest, body, reachable in ready
            if (digest.user_id, digest.week) in won
        ],
        paused,
    )
    for result, number in results.items():
        counts[f"digest_{result}"] = counts.get(f"digest_{result}", 0) + number
    for digest, delivered, retryable in settled:
        if delivered:
            counts["digest_sent"] += 1
            due.record_delivered(digest, delivered)
        elif retryable:
            due.release(digest)
    return counts
