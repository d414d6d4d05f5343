"""The Monday shelf: the week's five most saved and "worth it" items from the bank, posted to every
channel that wants it, once per channel and ISO week, from Monday 09:00 in the organisation's zone
(all that Monday, so a run that starts late still posts it).

Part of every reminder run (`flask reminders send-due`, the worker: `reminders.register_run_part`).
Each shelf is claimed by inserting (channel, week) into `channel_shelves` with ON CONFLICT DO NOTHING;
only the worker whose insert went in writes the post, in the same transaction as its claim, so however
many workers run at once each channel hears once. A week without a save or a "worth it" posts nothing.
"""

from datetime import datetime, time, timedelta

from sqlalchemy import select

from ..accounts import service as accounts
from ..bank import service as bank
from ..clock import iso_week_label, zone
from ..database import insert
from ..extensions import db
from . import posts, service
from .models import Channel, ChannelShelf

POST_FROM = time(9, 0)
WINDOW = timedelta(days=7)
ITEMS = 5


def due(now: datetime) -> list[tuple[Channel, str]]:
    """(channel, week) for every channel whose shelf is due at `now` and not claimed yet."""
    channels = db.session.scalars(
        select(Channel).where(Channel.post_shelf.is_(True), Channel.paused_at.is_(None)).order_by(Channel.id)
    ).all()
    zones = {}
    wanted = []
    for channel in channels:
        if channel.organisation_id not in zones:
            zones[channel.organisation_id] = zone(accounts.get_organisation(channel.organisation_id).timezone)
        local = now.astimezone(zones[channel.organisation_id])
        if local.isoweekday() == 1 and local.time() >= POST_FROM:
            wanted.append((channel, iso_week_label(local.date())))
    if not wanted:
        return []
    claimed = set(
        db.session.execute(
            select(ChannelShelf.channel_id, ChannelShelf.week).where(
                ChannelShelf.channel_id.in_([c.id for c, _ in wanted])
            )
        ).all()
    )
    return [(channel, week) for channel, week in wanted if (channel.id, week) not in claimed]


def _claim(channel: Channel, week: str, now: datetime, items: int) -> bool:
    statement = (
        insert(ChannelShelf)
        .values(channel_id=channel.id, week=week, claimed_at=now, items=items)
        .on_conflict_do_nothing(index_elements=["channel_id", "week"])
        .returning(ChannelShelf.channel_id)
    )
    return db.session.execute(statement).first() is not None


def run(now: datetime) -> dict[str, int]:
    """Post the shelves due at `now`: {"shelves": posted, "empty": weeks with nothing to show}. Each
    claim and its post are committed together, one channel at a time."""
    counts = {"shelves": 0, "empty": 0}
    popular: dict[int, list[dict]] = {}
    for channel, week in due(now):
        if channel.organisation_id not in popular:
            popular[channel.organisation_id] = bank.popular_summaries(channel.organisation_id, now - WINDOW, ITEMS)
        top = popular[channel.organisation_id]
        if _claim(channel, week, now, len(top)):
            if top:
                post = posts.shelf_post(top, lang=channel.locale, link=service.linker(channel))
                service.write(channel, post, f"shelf:{week}")
                counts["shelves"] += 1
            else:
                counts["empty"] += 1
        db.session.commit()  # the claim, and the post written with it, visible to every other worker
    return counts
