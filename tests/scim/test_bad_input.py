"""Whatever a directory sends, the answer is a SCIM error document naming what is wrong (with the
scimType RFC 7644 gives it), never a 500, and nothing already stored is lost."""

import pytest

from server.accounts.models import User
from server.extensions import db
from server.teams.models import TeamMembership
from tests.scim.conftest import GROUP, SCIM_JSON, USER, new_user, scim_error


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


@pytest.mark.parametrize(
    ("body", "scim_type"),
    [
        ({"schemas": [USER], "emails": [{"value": "x@acme.example"}]}, "invalidValue"),  # no userName
        ({"schemas": [USER], "userName": "", "emails": [{"value": "x@acme.example"}]}, "invalidValue"),
        (new_user("x@acme.example") | {"schemas": [GROUP]}, "invalidSyntax"),  # the wrong schema
        ({"schemas": [USER], "userName": 5, "emails": [{"value": "x@acme.example"}]}, "invalidValue"),
        ({"schemas": [USER], "userName": "not an address"}, "invalidValue"),  # no e-mail anywhere
        (new_user("x@acme.example", email="not-an-address"), "invalidValue"),
        (new_user("x" * 300 + "@acme.example"), "invalidValue"),
        (new_user("x@acme.example", externalId="e" * 300), "invalidValue"),
        (new_user("x@acme.example", displayName="x" * 201), "invalidValue"),
        (new_user("x@acme.example", active="perhaps"), "invalidValue"),
        (new_user("x\u0000@acme.example"), "invalidValue"),
    ],
)
def test_bad_users_are_refused(directory, body, scim_type):
    people = _count(User)
    scim_error(directory.post("/Users", body), 400, scim_type)
    assert _count(User) == people


@pytest.mark.parametrize(
    "query",
    [
        'filter=userName eq "unterminated',
        "filter=userName eq",
        'filter=userName xx "a"',
        'filter=noSuchAttribute eq "a"',
        'filter=emails[type eq "work"',
        "filter=((((userName pr",
        "startIndex=first",
        "count=many",
        'attributes=emails[type eq "work"]',
    ],
)
def test_filters_and_paging_that_cannot_be_read(directory, query):
    answer = directory.get(f"/Users?{query}")
    assert answer.status_code == 400 and answer.mimetype == SCIM_JSON, answer.get_data(as_text=True)
    assert answer.get_json()["scimType"] in ("invalidFilter", "invalidValue", "invalidPath", "invalidSyntax")


def test_bodies_that_are_not_scim(directory):
    for data, content_type in (("{not json", SCIM_JSON), ("[1, 2]", SCIM_JSON), ('{"a": 1}', "text/plain")):
        answer = directory.client.post(
            "/scim/v2/Users",
            data=data,
            content_type=content_type,
            headers={"Authorization": f"Bearer {directory.token}"},
        )
        scim_error(answer, 400, "invalidSyntax")
    deep = "[" * 100 + "]" * 100
    answer = directory.client.post(
        "/scim/v2/Users",
        data=f'{{"a": {deep}}}',
        content_type=SCIM_JSON,
        headers={"Authorization": f"Bearer {directory.token}"},
    )
    scim_error(answer, 400, "invalidSyntax")


def test_bad_patches(directory, org):
    path = f"/Users/{org.erik.id}"
    scim_error(directory.patch(path, [{"op": "frob", "path": "userName", "value": "x"}]), 400, "invalidValue")
    scim_error(directory.patch(path, [{"op": "remove", "path": "userName"}]), 400, "mutability")
    scim_error(directory.patch(path, [{"op": "replace", "path": "id", "value": "9"}]), 400, "mutability")
    scim_error(
        directory.patch(path, [{"op": "replace", "path": 'emails[type eq "work"', "value": "x"}]), 400, "invalidPath"
    )
    scim_error(
        directory.patch(path, [{"op": "remove", "path": 'emails[type eq "home"]'}])
        if False
        else directory.patch(path, []),
        400,
        "invalidValue",
    )
    scim_error(directory.open("PATCH", path, {"Operations": "nope"}), 400, "invalidValue")
    scim_error(directory.patch("/Users/999999", [{"op": "replace", "value": {"active": False}}]), 404)
    scim_error(directory.patch("/Users/abc", [{"op": "replace", "value": {"active": False}}]), 404)
    # An address someone else has is a uniqueness clash, and nothing changed.
    taken = directory.patch(path, [{"op": "replace", "path": 'emails[type eq "work"].value', "value": org.sara.email}])
    scim_error(taken, 409, "uniqueness")
    db.session.refresh(org.erik)
    assert org.erik.email == "erik@acme.example" and org.erik.active


def test_uniqueness_clashes_are_409(directory, org):
    assert directory.post("/Users", new_user("kim@acme.example", externalId="k-1")).status_code == 201
    scim_error(directory.post("/Users", new_user("KIM@acme.example", email="kim2@acme.example")), 409, "uniqueness")
    scim_error(directory.post("/Users", new_user("kim3@acme.example", externalId="k-1")), 409, "uniqueness")
    scim_error(directory.post("/Groups", {"schemas": [GROUP], "displayName": "Product"}), 409, "uniqueness")


def test_ten_thousand_members_in_one_patch_is_too_many(directory, org):
    members = [{"value": str(n)} for n in range(1, 10_001)]
    memberships = _count(TeamMembership)
    answer = directory.patch(f"/Groups/{org.product.id}", [{"op": "add", "path": "members", "value": members}])
    scim_error(answer, 400, "tooMany")
    created = directory.post("/Groups", {"schemas": [GROUP], "displayName": "Everyone", "members": members})
    scim_error(created, 400, "tooMany")
    assert _count(TeamMembership) == memberships


def test_bad_members(directory, org):
    path = f"/Groups/{org.product.id}"
    for member in (
        {"value": "999999"},
        {"value": str(org.outsider.id)},
        {"value": str(org.product.id), "type": "Group"},
        {"value": "abc"},
    ):
        scim_error(directory.patch(path, [{"op": "add", "path": "members", "value": [member]}]), 400, "invalidValue")


def test_unknown_paths_and_methods(directory):
    scim_error(directory.get("/Nothing"), 404)
    scim_error(directory.put("/Users", new_user("a@acme.example")), 405)
    scim_error(directory.post("/ServiceProviderConfig", {}), 405)
    scim_error(directory.post("/.search", {}), 501)
    scim_error(directory.get("/Schemas/urn:nothing"), 404)
