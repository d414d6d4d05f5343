"""A tag made by someone else a moment ago (not yet committed) is found, not duplicated or lost."""

import threading

import pytest

from server.bank.adding import tag_ids
from server.bank.models import Tag
from server.extensions import db
from tests.support import statement_started

pytestmark = pytest.mark.postgres  # SQLite lets one writer in at a time: no such moment there


def test_a_tag_made_by_another_request_meanwhile_is_found(app, org):
    organisation_id = org.erik.organisation_id
    found = {}

    def second_request():
        with app.app_context():
            found.update(tag_ids(organisation_id, {"delad", "ny"}))
            db.session.commit()

    with db.engine.connect() as other:
        with other.begin():
            made = other.execute(
                Tag.__table__.insert()
                .values(organisation_id=organisation_id, name="delad")
                .returning(Tag.__table__.c.id)
            ).scalar_one()
            with statement_started(db.engine, "INSERT INTO tags") as inserting:
                worker = threading.Thread(target=second_request)
                worker.start()
                assert inserting.wait(10)  # it has looked for the tags and makes those it lacks
            assert worker.is_alive()  # its insert waits on the first request's uncommitted tag
        worker.join(timeout=10)
    assert found["delad"] == made and found["ny"] not in (None, made)
    db.session.expire_all()
    assert (
        db.session.scalar(db.select(db.func.count()).select_from(Tag).where(Tag.organisation_id == organisation_id))
        == 2
    )
