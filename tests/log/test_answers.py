"""The entries list is written out without marshmallow (`schemas.entry_answer`): it must answer
exactly as EntrySchema dumps the same entries, key for key and in the same order."""

from server.extensions import db
from server.log import service
from server.log.schemas import EntrySchema


def test_the_entries_list_answers_as_the_schema_dumps_it(org, login):
    erik = login(org.erik)
    for body in (
        {"date": "2026-11-23", "minutes": 20, "activity": "podcast", "title": "Avsnitt 1"},
        {"date": "2026-11-25", "minutes": 45, "activity": "book", "title": "", "note": "Privat"},
        {"date": "2026-11-25", "minutes": 5, "activity": "other", "title": "Kort"},
    ):
        assert erik.post("/api/v1/entries", json=body).status_code == 201
    answered = erik.get("/api/v1/entries?from=2026-11-23&to=2026-11-29").get_json()
    db.session.expire_all()
    expected = EntrySchema(many=True).dump(service.entries_in_range(org.erik))
    assert len(answered) == 3
    assert answered == expected
    assert [list(a) for a in answered] == [list(e) for e in expected]
