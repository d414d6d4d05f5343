"""Microsoft Entra ID's provisioning, replayed as it sends it (the requests of Microsoft's own SCIM
validator and its provisioning logs): matching GETs, creates, capitalised PATCH ops, filtered paths,
path-less value maps with dotted keys, booleans as strings, soft delete before DELETE, the periodic
`active` re-sync, and its group requests with members carrying `"$ref": null`."""

from server.accounts.models import DirectoryIdentity, User
from server.audit.models import AuditEvent
from server.extensions import db
from tests.scim.conftest import ENTERPRISE, GROUP, USER, scim_error

ENTRA_USER = {
    "schemas": [USER, ENTERPRISE],
    "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
    "userName": "Anna.Berg@acme.onmicrosoft.com",
    "active": True,
    "emails": [{"primary": True, "type": "work", "value": "Anna.Berg@acme.example"}],
    "meta": {"resourceType": "User"},
    "name": {"formatted": "Anna Berg", "familyName": "Berg", "givenName": "Anna"},
    "displayName": "Anna Berg",
    "roles": [],
    "title": "Engineer",
    "phoneNumbers": [{"type": "mobile", "value": "+46 70 000 00 00"}],
    ENTERPRISE: {"department": "Product", "employeeNumber": "1042"},
}


def _audit(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == action)))


def _matching(directory, user_name: str) -> list[dict]:
    answer = directory.get(f'/Users?filter=userName eq "{user_name}"')
    assert answer.status_code == 200 and answer.mimetype == "application/scim+json"
    return answer.get_json()["Resources"] if answer.get_json()["totalResults"] else []


def _provisioned(directory) -> dict:
    assert _matching(directory, ENTRA_USER["userName"]) == []
    created = directory.post("/Users", ENTRA_USER)
    assert created.status_code == 201, created.get_json()
    return created.get_json()


def test_entra_test_connection_and_create(directory):
    assert _matching(directory, "non-existent user") == []
    body = _provisioned(directory)
    assert body["userName"] == "Anna.Berg@acme.onmicrosoft.com"
    assert body["emails"] == [{"value": "anna.berg@acme.example", "type": "work"}]
    assert body["externalId"] == ENTRA_USER["externalId"] and body["active"] is True
    assert body["name"] == {"familyName": "Berg", "givenName": "Anna"} and body["displayName"] == "Anna Berg"
    assert body[ENTERPRISE] == {"department": "Product", "employeeNumber": "1042"}  # kept, as sent
    assert body["schemas"] == [USER, ENTERPRISE] and "title" not in body  # a title is not kept
    anna = db.session.get(User, int(body["id"]))
    assert (anna.email, anna.name, anna.password_hash, anna.role) == (
        "anna.berg@acme.example",
        "Anna Berg",
        None,
        "employee",
    )
    # Entra matches again by userName (any case) and by externalId, and finds the same person.
    assert [r["id"] for r in _matching(directory, "anna.berg@ACME.onmicrosoft.com")] == [body["id"]]
    by_external = directory.get(f'/Users?filter=externalId eq "{ENTRA_USER["externalId"]}"').get_json()
    assert [r["id"] for r in by_external["Resources"]] == [body["id"]]
    assert [e.actor_name for e in _audit("person.provisioned")] == ["Entra ID"]


def test_entra_updates_with_capitalised_ops_filtered_paths_and_dotted_value_maps(directory):
    anna = _provisioned(directory)
    path = f"/Users/{anna['id']}"
    answer = directory.patch(
        path,
        [
            {"op": "Replace", "path": 'emails[type eq "work"].value', "value": "anna.lind@acme.example"},
            {"op": "Replace", "path": "name.familyName", "value": "Lind"},
        ],
    )
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["emails"][0]["value"] == "anna.lind@acme.example"
    assert answer.get_json()["name"]["familyName"] == "Lind"
    answer = directory.patch(
        path,
        [
            {
                "op": "Add",
                "value": {"displayName": "Anna Lind", "name.givenName": "Anna", "title": "Lead", "active": "True"},
            },
            {"op": "Replace", "path": "userName", "value": "anna.lind@acme.onmicrosoft.com"},
            {"op": "Add", "path": f"{ENTERPRISE}:manager", "value": "2819c223-7f76-453a-919d-413861904646"},
            {"op": "Add", "path": 'phoneNumbers[type eq "work"].value', "value": "+46 8 000 00"},
        ],
    )
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert (body["displayName"], body["userName"], body["active"]) == (
        "Anna Lind",
        "anna.lind@acme.onmicrosoft.com",
        True,
    )
    person = db.session.get(User, int(anna["id"]))
    db.session.refresh(person)
    assert (person.name, person.email) == ("Anna Lind", "anna.lind@acme.example")
    assert _matching(directory, "anna.berg@acme.onmicrosoft.com") == []
    assert [r["id"] for r in _matching(directory, "Anna.Lind@acme.onmicrosoft.com")] == [anna["id"]]
    updates = _audit("person.updated")
    assert updates and {e.actor_name for e in updates} == {"Entra ID"}


def test_entra_booleans_as_strings_soft_delete_then_delete(directory):
    anna = _provisioned(directory)
    path = f"/Users/{anna['id']}"
    soft = directory.patch(path, [{"op": "Replace", "path": "active", "value": "False"}])
    assert soft.status_code == 200 and soft.get_json()["active"] is False
    assert db.session.get(User, int(anna["id"])).deactivated_at is not None
    assert [e.target_name for e in _audit("person.deactivated")] == ["Anna Berg"]
    # Still there, deactivated, for Entra's matching GETs until it deletes for good.
    assert [r["active"] for r in _matching(directory, ENTRA_USER["userName"])] == [False]
    assert directory.delete(path).status_code == 204
    scim_error(directory.get(path), 404)
    scim_error(directory.delete(path), 404)  # Entra takes a 404 on a repeated delete as done
    assert _matching(directory, ENTRA_USER["userName"]) == []
    gone = db.session.get(User, int(anna["id"]))
    db.session.refresh(gone)
    assert gone.deleted_at is not None and gone.email == f"deleted-{gone.id}@invalid"
    assert db.session.get(DirectoryIdentity, gone.id) is None
    # The name left the audit trail, as when a person deletes their own account.
    names = {e.target_name for e in db.session.scalars(db.select(AuditEvent).where(AuditEvent.target_id == gone.id))}
    assert names == {"Deleted user"}
    assert [e.actor_name for e in _audit("person.deleted")] == ["Entra ID"]


def test_entra_periodic_active_resync_changes_nothing(directory, login):
    anna = _provisioned(directory)
    before = db.session.scalar(db.select(db.func.count(AuditEvent.id)))
    for value in (True, "True", "true"):
        answer = directory.patch(f"/Users/{anna['id']}", [{"op": "Replace", "path": "active", "value": value}])
        assert answer.status_code == 200 and answer.get_json()["active"] is True
    assert db.session.scalar(db.select(db.func.count(AuditEvent.id))) == before


def test_entra_groups(directory, org):
    anna, erik = _provisioned(directory)["id"], str(org.erik.id)
    found = directory.get('/Groups?excludedAttributes=members&filter=displayName eq "Platform"')
    assert found.status_code == 200 and found.get_json()["totalResults"] == 0
    created = directory.post(
        "/Groups",
        {
            "schemas": [GROUP, "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
            "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
            "displayName": "Platform",
            "meta": {"resourceType": "Group"},
        },
    )
    assert created.status_code == 201, created.get_json()
    path = f"/Groups/{created.get_json()['id']}"
    found = directory.get('/Groups?excludedAttributes=members&filter=displayName eq "platform"').get_json()
    assert [g["externalId"] for g in found["Resources"]] == ["8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159"]
    added = directory.patch(
        path,
        [{"op": "Add", "path": "members", "value": [{"$ref": None, "value": anna}, {"$ref": None, "value": erik}]}],
    )
    assert added.status_code == 204
    assert {m["value"] for m in directory.get(path).get_json()["members"]} == {anna, erik}
    assert "members" not in directory.get(f"{path}?excludedAttributes=members").get_json()
    removed = directory.patch(path, [{"op": "Remove", "path": "members", "value": [{"$ref": None, "value": erik}]}])
    assert removed.status_code == 204
    renamed = directory.patch(path, [{"op": "Replace", "path": "displayName", "value": "Platform team"}])
    assert renamed.status_code == 204
    group = directory.get(path).get_json()
    assert group["displayName"] == "Platform team" and [m["value"] for m in group["members"]] == [anna]
    assert directory.delete(path).status_code == 204
    scim_error(directory.get(path), 404)
    actions = [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[-6:] == [
        "team.created",
        "team.member_added",
        "team.member_added",
        "team.member_removed",
        "team.renamed",
        "team.deleted",
    ]
