"""The demo organisation has offers, an ask, a pairing with a meeting and a request waiting for an
answer, the same ones however often the seed runs."""

from server.demo import seed
from server.extensions import db
from server.mentoring.models import Meeting, Offer, Pairing, Request
from tests.mentoring.helpers import PAIRINGS, REQUESTS, ok


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_the_demo_seed_is_idempotent_and_has_mentoring(app, login):
    first = seed()
    db.session.commit()
    again = seed()
    db.session.commit()
    assert first.endswith("3 mentoring offers and asks") and again.endswith("3 mentoring offers and asks")
    assert (count(Offer), count(Request), count(Pairing), count(Meeting)) == (3, 2, 1, 1)
    erik = login("erik@demo.example", "learn-every-week")
    [pairing] = ok(erik.get(PAIRINGS))
    assert (pairing["role"], pairing["partner"]["name"], pairing["minutes_total"]) == ("mentee", "Maja Lindqvist", 45)
    nora = login("nora@demo.example", "learn-every-week")
    [waiting] = ok(nora.get(f"{REQUESTS}?direction=received&status=pending"))
    assert waiting["person"]["name"] == "Sara Nilsson" and waiting["offer"]["kind"] == "shadow"
