"""The enterprise extension (employeeNumber, costCenter, organization, division, department, manager)
kept per person as the directory sends it, replayed in Entra's and Okta's shapes: what goes in comes
back on GET, PUT and PATCH, `/Schemas` describes exactly that, and `eq` filters find people by it."""

from urllib.parse import urlencode

from server.accounts.models import DirectoryIdentity
from server.audit.models import AuditEvent
from server.extensions import db
from server.scim import people
from tests.scim.conftest import ENTERPRISE, USER, Directory, make_token, new_user, scim_error

MANAGER = "2819c223-7f76-453a-919d-413861904646"


def _enterprise(directory, user_id: str) -> dict | None:
    answer = directory.get(f"/Users/{user_id}")
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json().get(ENTERPRISE)


def _patched(directory, user_id: str, operations: list) -> dict:
    answer = directory.patch(f"/Users/{user_id}", operations)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def _updates() -> int:
    return db.session.scalar(db.select(db.func.count()).where(AuditEvent.action == "person.updated"))


def test_entra_create_then_manager_and_department_as_it_sends_them(directory):
    """Entra's default mappings: employeeId and department in the create, the manager in a PATCH of its
    own once the manager is provisioned (a bare id), later changes as path-less maps with dotted keys."""
    body = new_user("anna.berg@acme.example", schemas=[USER, ENTERPRISE])
    body[ENTERPRISE] = {"employeeNumber": "1042", "department": "Product"}
    made = directory.post("/Users", body)
    assert made.status_code == 201, made.get_json()
    anna = made.get_json()["id"]
    assert made.get_json()["schemas"] == [USER, ENTERPRISE]
    assert made.get_json()[ENTERPRISE] == {"employeeNumber": "1042", "department": "Product"}

    answer = _patched(directory, anna, [{"op": "Add", "path": f"{ENTERPRISE}:manager", "value": MANAGER}])
    assert answer[ENTERPRISE]["manager"] == {"value": MANAGER}
    dotted = {f"{ENTERPRISE}:department": "Försäljning", f"{ENTERPRISE}:manager": "boss-2", "displayName": "Anna"}
    answer = _patched(directory, anna, [{"op": "Replace", "value": dotted}])
    assert answer[ENTERPRISE] == {"employeeNumber": "1042", "department": "Försäljning", "manager": {"value": "boss-2"}}
    answer = _patched(directory, anna, [{"op": "Replace", "path": f"{ENTERPRISE}:employeeNumber", "value": "1043"}])
    assert answer[ENTERPRISE]["employeeNumber"] == "1043"
    assert _enterprise(directory, anna) == answer[ENTERPRISE]  # GET reads back what PATCH answered


def test_entra_clears_the_manager_with_an_empty_value_or_a_remove(directory):
    anna = directory.post("/Users", new_user("anna@acme.example")).get_json()["id"]
    for emptied in ("", {"value": ""}):
        _patched(directory, anna, [{"op": "Add", "path": f"{ENTERPRISE}:manager", "value": MANAGER}])
        answer = _patched(directory, anna, [{"op": "Replace", "path": f"{ENTERPRISE}:manager", "value": emptied}])
        assert ENTERPRISE not in answer and answer["schemas"] == [USER]
    _patched(directory, anna, [{"op": "Add", "path": f"{ENTERPRISE}:manager", "value": MANAGER}])
    _patched(directory, anna, [{"op": "Add", "path": f"{ENTERPRISE}:department", "value": "Product"}])
    answer = _patched(directory, anna, [{"op": "Remove", "path": f"{ENTERPRISE}:manager"}])
    assert answer[ENTERPRISE] == {"department": "Product"}
    identity = db.session.get(DirectoryIdentity, int(anna))
    db.session.refresh(identity)
    assert (identity.manager_value, identity.department) == (None, "Product")


def test_a_resync_of_the_same_details_writes_nothing(directory):
    anna = directory.post("/Users", new_user("anna@acme.example")).get_json()["id"]
    same = [{"op": "Replace", "value": {f"{ENTERPRISE}:department": "Product", f"{ENTERPRISE}:manager": MANAGER}}]
    _patched(directory, anna, same)
    before = _updates()
    _patched(directory, anna, same)
    _patched(directory, anna, [{"op": "Replace", "path": f"{ENTERPRISE}:costCenter", "value": ""}])  # none already
    assert _updates() == before
    _patched(directory, anna, [{"op": "Replace", "path": f"{ENTERPRISE}:department", "value": "Support"}])
    changed = db.session.scalars(db.select(AuditEvent).where(AuditEvent.action == "person.updated")).all()[-1]
    # The audit trail says the directory changed something, never what: it is HR data.
    assert changed.details == {"directory": True} and "Support" not in str(changed.details)


OKTA_ENTERPRISE = {
    "employeeNumber": "E-77",
    "costCenter": "CC-410",
    "organization": "Acme AB",
    "division": "Nordics",
    "department": "Support",
    "manager": {"value": "00u1abcdEFGHijkl0h7", "displayName": "Lars Lind"},
}


def test_okta_create_and_full_put_with_the_extension(directory):
    """Okta's enterprise attributes (its profile's employeeNumber … managerId and manager) come whole in
    the create and in every full PUT; a PUT replaces the extension, one without it leaves it alone."""
    body = new_user("test.user@acme.example", schemas=[USER, ENTERPRISE], externalId="00ujl29u0le5T6Aj10h7")
    made = directory.post("/Users", body | {ENTERPRISE: OKTA_ENTERPRISE})
    assert made.status_code == 201 and made.get_json()[ENTERPRISE] == OKTA_ENTERPRISE
    user = made.get_json()["id"]
    moved = {"department": "Product", "manager": {"value": "00u2", "displayName": "Maja Ek"}, "costCenter": "CC-7"}
    put = directory.put(f"/Users/{user}", body | {"id": user, ENTERPRISE: moved})
    assert put.status_code == 200, put.get_json()
    assert put.get_json()[ENTERPRISE] == moved  # employeeNumber, organization, division: not sent, cleared
    assert _enterprise(directory, user) == moved
    without = directory.put(f"/Users/{user}", new_user("test.user@acme.example") | {"displayName": "Test User"})
    assert without.status_code == 200 and without.get_json()[ENTERPRISE] == moved


def test_okta_patch_with_the_extension_as_a_value(directory):
    user = directory.post("/Users", new_user("kim@acme.example") | {ENTERPRISE: OKTA_ENTERPRISE}).get_json()["id"]
    answer = _patched(directory, user, [{"op": "replace", "value": {ENTERPRISE: {"division": "Baltics"}}}])
    assert answer[ENTERPRISE] == OKTA_ENTERPRISE | {"division": "Baltics"}  # the others are kept
    answer = _patched(directory, user, [{"op": "replace", "path": f"{ENTERPRISE}:manager.displayName", "value": "L"}])
    assert answer[ENTERPRISE]["manager"] == {"value": "00u1abcdEFGHijkl0h7", "displayName": "L"}
    answer = _patched(directory, user, [{"op": "remove", "path": ENTERPRISE}])
    assert ENTERPRISE not in answer and _enterprise(directory, user) is None


def test_attribute_names_in_any_case(directory):
    """SCIM attribute names and schema URNs ignore case (RFC 7643 §2.1); Microsoft's own validator
    sends `Department`."""
    made = directory.post("/Users", new_user("kim@acme.example") | {ENTERPRISE.upper(): {"Department": "Support"}})
    assert made.status_code == 201 and made.get_json()[ENTERPRISE] == {"department": "Support"}


def test_too_long_or_not_text_is_refused_and_nothing_is_lost(directory):
    user = directory.post("/Users", new_user("kim@acme.example") | {ENTERPRISE: {"department": "Support"}})
    path = f"{ENTERPRISE}:department"
    for value in ("x" * 201, {"name": "Support"}, 12):
        refused = directory.patch(f"/Users/{user.get_json()['id']}", [{"op": "replace", "path": path, "value": value}])
        assert "department" in scim_error(refused, 400, "invalidValue")["detail"]
    assert _enterprise(directory, user.get_json()["id"]) == {"department": "Support"}


def _ids(directory, expression: str) -> set[str]:
    answer = directory.get("/Users?" + urlencode({"filter": expression}))
    assert answer.status_code == 200, answer.get_json()
    return {r["id"] for r in answer.get_json()["Resources"]}


def test_filters_on_the_extension(directory, monkeypatch):
    ids = []
    for n, (department, manager) in enumerate((("FÖRSÄLJNING", "m-1"), ("Försäljning", "M-1"), ("Support", "m-1"))):
        details = {"department": department, "employeeNumber": f"E-{n}", "manager": {"value": manager}}
        ids.append(directory.post("/Users", new_user(f"p{n}@acme.example") | {ENTERPRISE: details}).get_json()["id"])
    # Every filter below is narrowed by the database: none is matched against the whole organisation.
    monkeypatch.setattr(people, "MAX_UNNARROWED", 1)
    assert _ids(directory, f'{ENTERPRISE}:department eq "försäljning"') == {ids[0], ids[1]}  # case aside, å/ö too
    assert _ids(directory, f'{ENTERPRISE}:manager.value eq "m-1"') == {ids[0], ids[2]}  # an id: case-exact
    both = f'{ENTERPRISE}:department eq "support" and {ENTERPRISE}:employeeNumber eq "E-2"'
    assert _ids(directory, both) == {ids[2]}
    assert _ids(directory, f'{ENTERPRISE}:employeeNumber eq "E-1" or userName eq "p0@acme.example"') == {
        ids[0],
        ids[1],
    }
    assert _ids(directory, f'{ENTERPRISE}:division eq "Nordics"') == set()
    # Other operators are matched person by person: refused where that would be everyone.
    scim_error(directory.get("/Users?" + urlencode({"filter": f'{ENTERPRISE}:department co "s"'})), 400, "tooMany")
    monkeypatch.undo()
    assert _ids(directory, f'{ENTERPRISE}:department sw "förs"') == {ids[0], ids[1]}
    assert _ids(directory, f"{ENTERPRISE}:manager pr and not ({ENTERPRISE}:department eq null)") == set(ids)


def test_another_organisations_directory_finds_none_of_them(directory, org, app):
    directory.post("/Users", new_user("kim@acme.example") | {ENTERPRISE: {"department": "Support"}})
    other = Directory(app.test_client(), make_token(org.outsider_admin, "Other Oy's directory"))
    assert _ids(other, f'{ENTERPRISE}:department eq "Support"') == set()
    assert _ids(directory, f'{ENTERPRISE}:department eq "Support"') != set()


def test_schemas_and_resource_types_describe_what_is_kept(directory):
    schema = directory.get(f"/Schemas/{ENTERPRISE}").get_json()
    attributes = {a["name"]: a for a in schema["attributes"]}
    assert list(attributes) == ["employeeNumber", "costCenter", "organization", "division", "department", "manager"]
    assert {(a["mutability"], a["returned"], a["type"]) for n, a in attributes.items() if n != "manager"} == {
        ("readWrite", "default", "string")
    }
    manager = {a["name"]: a for a in attributes["manager"]["subAttributes"]}
    assert list(manager) == ["value", "$ref", "displayName"]
    assert manager["value"]["caseExact"] is True and manager["$ref"]["referenceTypes"] == ["User"]
    assert {a["mutability"] for a in manager.values()} == {"readWrite"}  # displayName too: kept as sent
    user_type = directory.get("/ResourceTypes/User").get_json()
    assert user_type["schemaExtensions"] == [{"schema": ENTERPRISE, "required": False}]
    listed = directory.get("/Schemas").get_json()
    assert [s["id"] for s in listed["Resources"]] == [USER, ENTERPRISE, "urn:ietf:params:scim:schemas:core:2.0:Group"]
