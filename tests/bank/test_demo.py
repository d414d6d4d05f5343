"""The demo bank: a dozen resources, one upcoming webinar, some saves and reactions; safe to run twice."""

from datetime import UTC, datetime

from server.accounts.service import organisation_of
from server.bank.demo import seed_demo_resources
from server.bank.models import Reaction, Resource, Save
from server.clock import as_utc
from server.extensions import db


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_seed_demo_resources_is_idempotent(org, login):
    people = {f"{name}@demo.example": getattr(org, name) for name in ("admin", "maja", "erik", "sara", "lars", "nora")}
    first = seed_demo_resources(people, organisation_of(org.sara))
    counts = (_count(Resource), _count(Save), _count(Reaction))
    again = seed_demo_resources(people, organisation_of(org.sara))
    assert [r.id for r in again] == [r.id for r in first]
    assert (_count(Resource), _count(Save), _count(Reaction)) == counts
    assert counts[0] == 12 and counts[1] > 5 and counts[2] > 2
    kinds = {r.kind for r in first}
    assert {"podcast", "article", "webinar", "course", "book"} <= kinds
    assert any(r.kind == "webinar" and as_utc(r.starts_at) > datetime.now(UTC) for r in first)
    db.session.commit()
    top = login(org.erik).get("/api/v1/resources?sort=popular&limit=1").get_json()["items"][0]
    assert top["title"] == "Ledarskap i förändring" and top["saved_by_me"] is True
