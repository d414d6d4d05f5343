"""The bank's search forgives case and accents, on SQLite and on PostgreSQL, and keeps its fast shape."""

import pytest
from sqlalchemy import select, text

from server.bank.models import Resource
from server.bank.search import restrict
from server.extensions import db


def _search(api, q: str) -> set[int]:
    answer = api.get("/api/v1/resources", query_string={"q": q})
    assert answer.status_code == 200, answer.get_json()
    return {item["id"] for item in answer.get_json()["items"]}


def test_accents_and_letters_unicode_does_not_decompose(org, share, login):
    change = share(org.sara, "https://example.com/f", title="Förändring på riktigt", tags=["Återkoppling"])
    learning = share(org.nora, "https://example.com/l", title="Læring i praksis", description="Øvelser for team")
    street = share(org.erik, "https://example.com/s", title="Die Straße des Lernens")
    api = login(org.maja)
    assert _search(api, "forandring") == {change["id"]}
    assert _search(api, "FÖRÄNDR") == {change["id"]}
    assert _search(api, "laering") == {learning["id"]} == _search(api, "læring")
    assert _search(api, "ovelser") == {learning["id"]}
    assert _search(api, "ÅTERKOPPLING") == {change["id"]} == _search(api, "aterkoppling")  # a tag
    assert _search(api, "strasse") == {street["id"]}


def test_edits_and_removals_keep_search_in_step(org, share, login):
    resource = share(org.sara, "https://example.com/e", title="Gammal titel")
    sara = share.client_of(org.sara)
    assert (
        sara.patch(
            f"/api/v1/resources/{resource['id']}", json={"title": "Ny rubrik om tillgänglighet", "tags": ["Ödmjukhet"]}
        ).status_code
        == 200
    )
    assert _search(sara, "gammal") == set()
    assert _search(sara, "tillganglighet") == {resource["id"]} == _search(sara, "odmjuk")
    assert sara.delete(f"/api/v1/resources/{resource['id']}").status_code == 204
    assert _search(sara, "tillganglighet") == set()


@pytest.mark.sqlite
def test_on_sqlite_the_search_table_drives_newest_first(app, org, share):
    share(org.sara, "https://example.com/p", title="Plan shape")
    stmt, id_column = restrict(select(Resource.id).where(Resource.organisation_id == org.sara.organisation_id), "plan")
    compiled = stmt.order_by(id_column.desc()).limit(21).compile(db.engine, compile_kwargs={"literal_binds": True})
    plan = db.session.execute(text("EXPLAIN QUERY PLAN " + str(compiled))).all()
    steps = [row[-1] for row in plan]
    assert steps[0].startswith("SCAN resources_fts VIRTUAL TABLE"), steps
    assert not any("TEMP B-TREE" in step for step in steps), steps  # no sort: FTS rowid order is the order
