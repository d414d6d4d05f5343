"""Several workers at the same moment (each its own app, own connections) send each reminder once;
and the real log and bank features decide who is due."""

from datetime import date, timedelta

from server.extensions import db
from server.reminders import service
from server.reminders.models import ReminderClaim
from tests.reminders.conftest import THURSDAY_1505
from tests.reminders.workers import send_due_in_workers


def test_three_concurrent_workers_deliver_exactly_one_reminder_per_person(
    app_config, make_user, subscribe, push_service, progress
):
    people = [make_user(f"p{i}@acme.example", locale=("sv", "nb", "en")[i % 3]) for i in range(24)]
    for person in people:
        subscribe(person, push_service)
    progress[people[0].id] = {"minutes": 90}  # met: not due
    results = send_due_in_workers(app_config, THURSDAY_1505)
    assert sum(r["claimed"] for r in results) == 23
    assert sum(r["delivered"] for r in results) == 23
    deliveries = push_service.wait_for(23)
    assert len(push_service.requests) == 23
    assert len({d.endpoint for d in deliveries}) == 23
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(ReminderClaim.id))) == 23
    again = service.send_due(THURSDAY_1505 + timedelta(minutes=1))
    assert again["claimed"] == 0 and len(push_service.requests) == 23


def test_real_week_summaries_and_suggestions_decide(make_user, subscribe, push_service, sender):
    from server.log import service as log

    thursday = date(2026, 11, 26)
    done, away, busy = (make_user(f"{n}@acme.example") for n in ("done", "away", "busy"))
    for person in (done, away, busy):
        subscribe(person, push_service)
    log.log_entry(done, {"date": thursday, "minutes": 60, "activity": "podcast", "title": "A long one"}, today=thursday)
    log.log_entry(
        busy, {"date": thursday, "minutes": 20, "activity": "article", "title": "A short read"}, today=thursday
    )
    log.add_away_period(away, thursday - timedelta(days=3), thursday + timedelta(days=3))
    db.session.commit()
    counts = service.send_due(THURSDAY_1505)
    assert (counts["goal_met"], counts["away"], counts["delivered"]) == (1, 1, 1)
    [delivery] = push_service.wait_for(1)
    assert delivery.json["minutes_left"] == 40 and "40 minutes left" in delivery.json["body"]
