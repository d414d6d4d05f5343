"""Okta's provisioning, replayed as it sends it (Okta's SCIM 2.0 guide and its test app): a GET by
userName before every create, creates with a password and an empty `groups`, full PUTs for apps set
up that way, `{"op": "replace", "value": {"active": false}}` to deactivate, paging on import, and
Group Push with renames that carry the id in the value."""

from server.accounts.models import User
from server.audit.models import AuditEvent
from server.extensions import db
from tests.scim.conftest import GROUP, USER, scim_error

OKTA_USER = {
    "schemas": [USER],
    "userName": "test.user@acme.example",
    "name": {"givenName": "Test", "familyName": "User"},
    "emails": [{"primary": True, "value": "test.user@acme.example", "type": "work"}],
    "displayName": "Test User",
    "locale": "en-US",
    "externalId": "00ujl29u0le5T6Aj10h7",
    "groups": [],
    "password": "1mz050nq",
    "active": True,
}


def _lookup(directory, user_name: str) -> dict:
    answer = directory.get(f'/Users?filter=userName eq "{user_name}"&startIndex=1&count=100')
    assert answer.status_code == 200
    return answer.get_json()


def _created(directory) -> dict:
    assert _lookup(directory, OKTA_USER["userName"])["totalResults"] == 0
    answer = directory.post("/Users", OKTA_USER)
    assert answer.status_code == 201, answer.get_json()
    assert answer.headers["Location"].endswith(f"/scim/v2/Users/{answer.get_json()['id']}")
    return answer.get_json()


def test_okta_looks_up_then_creates_and_never_keeps_the_password(directory):
    body = _created(directory)
    assert body["displayName"] == "Test User" and body["name"] == {"givenName": "Test", "familyName": "User"}
    assert "password" not in body
    person = db.session.get(User, int(body["id"]))
    assert person.password_hash is None  # signs in with the company account only
    assert _lookup(directory, OKTA_USER["userName"])["Resources"][0]["id"] == body["id"]
    # Okta creates again when it lost track of the user: the directory already has them.
    scim_error(directory.post("/Users", OKTA_USER), 409, "uniqueness")


def test_okta_full_put(directory):
    body = _created(directory)
    changed = OKTA_USER | {
        "id": body["id"],
        "name": {"givenName": "Another", "familyName": "User"},
        "displayName": "Another User",
        "emails": [{"primary": True, "value": "another.user@acme.example", "type": "work"}],
    }
    answer = directory.put(f"/Users/{body['id']}", changed)
    assert answer.status_code == 200, answer.get_json()
    assert (answer.get_json()["displayName"], answer.get_json()["emails"][0]["value"]) == (
        "Another User",
        "another.user@acme.example",
    )
    person = db.session.get(User, int(body["id"]))
    db.session.refresh(person)
    assert (person.name, person.email, person.active) == ("Another User", "another.user@acme.example", True)
    # A PUT with active false deactivates too (some Okta apps do it that way).
    answer = directory.put(f"/Users/{body['id']}", changed | {"active": False})
    assert answer.status_code == 200 and answer.get_json()["active"] is False


def test_okta_deactivates_and_reactivates_with_a_value_map(directory):
    body = _created(directory)
    path = f"/Users/{body['id']}"
    off = directory.patch(path, [{"op": "replace", "value": {"active": False}}])
    assert off.status_code == 200 and off.get_json()["active"] is False
    on = directory.patch(path, [{"op": "replace", "value": {"active": True}}])
    assert on.status_code == 200 and on.get_json()["active"] is True
    person = db.session.get(User, int(body["id"]))
    db.session.refresh(person)
    assert person.active and person.deactivated_at is None
    actions = [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[-2:] == ["person.deactivated", "person.reactivated"]


def test_okta_imports_a_page_at_a_time(directory, org):
    first = directory.get("/Users?startIndex=1&count=3").get_json()
    assert (first["totalResults"], first["startIndex"], first["itemsPerPage"]) == (6, 1, 3)
    second = directory.get("/Users?startIndex=4&count=3").get_json()
    assert second["startIndex"] == 4 and len(second["Resources"]) == 3
    ids = [r["id"] for r in first["Resources"] + second["Resources"]]
    assert len(set(ids)) == 6
    # Only Acme AB's people: the other organisation's never appear.
    assert str(org.outsider.id) not in ids and str(org.outsider_admin.id) not in ids
    assert directory.get("/Users?startIndex=7&count=3").get_json()["Resources"] == []


def test_okta_group_push(directory, org):
    user = _created(directory)["id"]
    assert directory.get('/Groups?filter=displayName eq "Okta Group"').get_json()["totalResults"] == 0
    created = directory.post("/Groups", {"schemas": [GROUP], "displayName": "Okta Group", "members": []})
    assert created.status_code == 201
    group = created.get_json()["id"]
    path = f"/Groups/{group}"
    added = directory.patch(
        path, [{"op": "add", "path": "members", "value": [{"value": user, "display": "Test User"}]}]
    )
    assert added.status_code == 204
    renamed = directory.patch(path, [{"op": "replace", "value": {"id": group, "displayName": "Okta Group (renamed)"}}])
    assert renamed.status_code == 204
    removed = directory.patch(path, [{"op": "remove", "path": f'members[value eq "{user}"]'}])
    assert removed.status_code == 204
    body = directory.get(path).get_json()
    assert body["displayName"] == "Okta Group (renamed)" and "members" not in body
    # A full PUT of a group replaces its members.
    put = directory.put(
        path, {"schemas": [GROUP], "displayName": "Okta Group", "members": [{"value": str(org.erik.id)}]}
    )
    assert put.status_code == 200 and [m["value"] for m in put.get_json()["members"]] == [str(org.erik.id)]
    assert directory.delete(path).status_code == 204


def test_of_several_addresses_the_primary_one_is_kept(directory):
    emails = [
        {"value": "kim.home@example.com", "type": "home"},
        {"value": "kim@acme.example", "type": "work"},
        {"value": "kim.primary@acme.example", "type": "other", "primary": True},
    ]
    made = directory.post("/Users", {"schemas": [USER], "userName": "kim", "emails": emails, "active": True})
    assert made.status_code == 201 and made.get_json()["emails"] == [
        {"value": "kim.primary@acme.example", "type": "work"}
    ]
    without_primary = [{k: v for k, v in e.items() if k != "primary"} for e in emails]
    put = directory.put(
        f"/Users/{made.get_json()['id']}", {"schemas": [USER], "userName": "kim", "emails": without_primary}
    )
    assert put.status_code == 200 and put.get_json()["emails"][0]["value"] == "kim@acme.example"
