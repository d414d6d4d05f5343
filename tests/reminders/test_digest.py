"""The opt-in Monday digest: the week's most saved and "worth it" resources of the bank, pushed once
per person and week, in their language, through the real push transport."""

from datetime import UTC, datetime, timedelta

from server.bank.models import Reaction, Save
from server.extensions import db
from server.reminders import service
from server.reminders.models import ReminderClaim
from tests.reminders.workers import send_due_in_workers

# Monday 30 November 2026, 09:05 in Stockholm (08:05 UTC): just after the digest's hour.
MONDAY_0905 = datetime(2026, 11, 30, 8, 5, tzinfo=UTC)


def _busy_week(org, login, when=MONDAY_0905 - timedelta(days=2)) -> None:
    """Saves and reactions in the organisation during the week before `MONDAY_0905`."""
    sara = login(org.sara)

    def share(url: str, title: str) -> dict:
        return sara.post("/api/v1/resources", json={"url": url, "kind": "article", "title": title}).get_json()

    hot = share("https://example.com/hot", "Leda i förändring")
    warm = share("https://example.com/warm", "Feedback som fungerar")
    share("https://example.com/cold", "Ingen har sparat")
    for person in (org.erik, org.nora, org.maja):
        login(person).put(f"/api/v1/resources/{hot['id']}/save")
    login(org.nora).put(f"/api/v1/resources/{hot['id']}/reaction")
    login(org.erik).put(f"/api/v1/resources/{warm['id']}/reaction")
    for model in (Save, Reaction):
        db.session.execute(db.update(model).values(created_at=when))
    db.session.commit()


def _opt_in(login, person, on: bool = True) -> dict:
    answer = login(person).patch("/api/v1/me/reminders", json={"weekly_digest": on})
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def test_the_digest_is_opt_in_and_comes_once_on_monday(org, login, subscribe, push_service, sender):
    _busy_week(org, login)
    org.erik.locale = "sv"
    db.session.commit()
    erik_device = subscribe(org.erik, push_service)
    for person in (org.sara, org.outsider):
        subscribe(person, push_service)
    assert login(org.erik).get("/api/v1/me/reminders").get_json()["weekly_digest"] is False
    assert _opt_in(login, org.erik)["weekly_digest"] is True
    _opt_in(login, org.outsider)  # subscribed and opted in, but nothing happened in Other Oy this week

    early = service.send_due(MONDAY_0905 - timedelta(minutes=10))
    assert early["digest_claimed"] == 0 and push_service.requests == []
    counts = service.send_due(MONDAY_0905)
    assert (counts["digest_claimed"], counts["digest_sent"], counts["digest_empty"]) == (1, 1, 1)
    [delivery] = push_service.wait_for(1)
    assert delivery.endpoint == erik_device["endpoint"]
    payload = delivery.json
    assert payload["title"] == "Populärt i banken den här veckan"
    assert payload["body"].splitlines() == [
        "“Leda i förändring” · sparad av 3, 1 tyckte det var värt det",
        "“Feedback som fungerar” · 1 tyckte det var värt det",
    ]
    assert (payload["kind"], payload["url"], payload["tag"]) == ("digest", "/bank", "digest-2026-W49")
    assert delivery.headers["Topic"] == "digest"

    later = service.send_due(MONDAY_0905 + timedelta(hours=5))
    assert later["digest_claimed"] == 0 and len(push_service.requests) == 1
    tuesday = service.send_due(MONDAY_0905 + timedelta(days=1))
    assert tuesday["digest_claimed"] == 0 and len(push_service.requests) == 1
    _opt_in(login, org.erik, False)
    next_monday = service.send_due(MONDAY_0905 + timedelta(days=7))
    assert next_monday["digest_claimed"] == 0 and len(push_service.requests) == 1


def test_a_quiet_week_sends_nothing(org, login, subscribe, push_service, sender):
    _busy_week(org, login, when=MONDAY_0905 - timedelta(days=12))
    subscribe(org.erik, push_service)
    _opt_in(login, org.erik)
    counts = service.send_due(MONDAY_0905)
    assert (counts["digest_claimed"], counts["digest_empty"]) == (0, 1) and push_service.requests == []
    assert db.session.scalar(db.select(db.func.count(ReminderClaim.id))) == 0


def test_concurrent_workers_send_each_digest_once(app_config, org, login, make_user, subscribe, push_service):
    _busy_week(org, login)
    people = [make_user(f"reader{i}@acme.example", locale=("sv", "nb", "en")[i % 3]) for i in range(9)]
    for person in people:
        subscribe(person, push_service)
        _opt_in(login, person)
    results = send_due_in_workers(app_config, MONDAY_0905)
    assert sum(r["digest_claimed"] for r in results) == 9
    deliveries = push_service.wait_for(9)
    assert len(push_service.requests) == 9 and len({d.endpoint for d in deliveries}) == 9
    titles = {d.json["title"] for d in deliveries}
    assert titles == {
        "Populärt i banken den här veckan",
        "Populært i banken denne uken",
        "Popular in the bank this week",
    }
