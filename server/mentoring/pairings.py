"""Pairings: the two people's own. Nobody else finds one (404, managers and admins included); either
of the two ends it with a short reflection that they may share as a lesson learned, with their name
or anonymously, by their own choice.

Functions flush; the request commits.
"""

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from ..clock import utcnow
from ..database import LARGEST_ID
from ..errors import RuleError
from ..extensions import db
from ..lessons import service as lessons
from .models import Meeting, Pairing, Reflection, Request
from .offers import topics_of

LOCALES = ("sv", "nb", "en")
TITLE_MAX = 200


def visible_pairing(viewer, pairing_id: int) -> Pairing:
    pairing = db.session.get(Pairing, pairing_id) if 0 < pairing_id <= LARGEST_ID else None
    if pairing is None or viewer.id not in (pairing.mentor_id, pairing.mentee_id):
        raise RuleError("pairing", _l("No such pairing."), 404)
    return pairing


def partner_id(viewer, pairing: Pairing) -> int:
    return pairing.mentee_id if viewer.id == pairing.mentor_id else pairing.mentor_id


def list_pairings(viewer, *, active: bool | None = None) -> list[Pairing]:
    """The viewer's pairings: those that go on first, then the ended ones, latest first."""
    query = select(Pairing).where(or_(Pairing.mentor_id == viewer.id, Pairing.mentee_id == viewer.id))
    if active is True:
        query = query.where(Pairing.ended_at.is_(None))
    elif active is False:
        query = query.where(Pairing.ended_at.is_not(None))
    return list(db.session.scalars(query.order_by(Pairing.ended_at.is_not(None), Pairing.id.desc())))


def meeting_totals(pairing_ids) -> dict[int, tuple[int, int, object]]:
    """(meetings, minutes, last met on) per pairing, in one query."""
    ids = sorted(set(pairing_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(Meeting.pairing_id, func.count(), func.sum(Meeting.minutes), func.max(Meeting.date))
        .where(Meeting.pairing_id.in_(ids))
        .group_by(Meeting.pairing_id)
    )
    return {pairing_id: (int(count), int(minutes or 0), last) for pairing_id, count, minutes, last in rows}


def reflections_of(user, pairing_ids) -> dict[int, Reflection]:
    ids = sorted(set(pairing_ids))
    if not ids:
        return {}
    rows = db.session.scalars(select(Reflection).where(Reflection.user_id == user.id, Reflection.pairing_id.in_(ids)))
    return {reflection.pairing_id: reflection for reflection in rows}


def _lesson_title(user, pairing: Pairing, topics: list[str]) -> str:
    with force_locale(user.locale if user.locale in LOCALES else "en"):
        if pairing.activity == "shadowing":
            title = _("What I learned from a job shadowing day: %(topics)s", topics=", ".join(topics))
        else:
            title = _("What I learned from mentoring: %(topics)s", topics=", ".join(topics))
    return title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1] + "…"


def end_pairing(user, pairing: Pairing, data: dict) -> Pairing:
    """End the pairing (either of the two), keeping what `user` reflected. The other may end it too,
    later, with a reflection of their own; each writes theirs once. `share_as_lesson` turns the
    reflection into a lesson learned, `anonymous` or with their name: only the lesson's text goes out,
    never who the other person was."""
    text = (data.get("reflection") or "").strip()
    if data.get("share_as_lesson") and not text:
        raise RuleError("reflection", _l("Write what you learned to share it as a lesson."))
    if text and db.session.get(Reflection, (pairing.id, user.id)) is not None:
        raise RuleError("reflection", _l("You have written your reflection on this pairing already."), 409)
    if pairing.ended_at is None:
        pairing.ended_at = utcnow()
        pairing.ended_by_id = user.id
        db.session.execute(
            db.update(Request).where(Request.id == pairing.request_id).values(status="ended")
        )  # its place on the offer is free again
    if text:
        reflection = Reflection(pairing_id=pairing.id, user_id=user.id, text=text, created_at=utcnow())
        if data.get("share_as_lesson"):
            topics = topics_of([pairing.offer_id])[pairing.offer_id]
            lesson = lessons.add_lesson(
                user,
                {
                    "title": _lesson_title(user, pairing, topics),
                    "learned": text,
                    "outcome": "success",
                    "anonymous": bool(data.get("anonymous")),
                    "tags": topics,
                },
            )
            reflection.lesson_id = lesson.id
        db.session.add(reflection)
    db.session.flush()
    return pairing


def active_pairing_count(organisation_id: int) -> int:
    """For admins: how many pairings go on in the organisation, never who."""
    return db.session.scalar(
        select(func.count())
        .select_from(Pairing)
        .where(Pairing.organisation_id == organisation_id, Pairing.ended_at.is_(None))
    )
