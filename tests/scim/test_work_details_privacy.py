"""The enterprise extension's attributes are HR data: the directory reads them back, the person finds
them in their own export, and account deletion (by the directory or by the person) leaves nothing of
them anywhere in the database. Deactivation keeps them for the person's return. (That no screen or
answer of the app shows them to anyone is checked by tests/test_authorization_matrix.py.)"""

import pytest

from server.extensions import db
from tests.scim.conftest import ENTERPRISE, new_user
from tests.support import PASSWORD

HR = {
    "employeeNumber": "HR-NUMBER-1042",
    "costCenter": "HR-COST-CENTER",
    "organization": "HR-ORGANIZATION",
    "division": "HR-DIVISION",
    "department": "HR-DEPARTMENT",
    "manager": {
        "value": "HR-MANAGER-ID",
        "$ref": "https://directory.example/Users/HR-MANAGER-ID",
        "displayName": "HR-BOSS",
    },
}
MARKS = ("HR-NUMBER", "HR-COST", "HR-ORGANIZATION", "HR-DIVISION", "HR-DEPARTMENT", "HR-MANAGER", "HR-BOSS")


def _linked(directory, person) -> str:
    """The directory finds the person by address and links them, with their work details."""
    made = directory.post("/Users", new_user(person.email) | {ENTERPRISE: HR})
    assert made.status_code == 201 and made.get_json()["id"] == str(person.id)
    return made.get_json()["id"]


def _stored_anywhere() -> list[str]:
    """Every mark found in any row of any table."""
    found = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(db.select(table)):
            text = repr(tuple(row))
            found += [f"{table.name}: {mark}" for mark in MARKS if mark in text]
    return found


def test_the_person_finds_them_in_their_export_and_nowhere_in_their_profile(directory, org, login):
    _linked(directory, org.erik)
    erik = login(org.erik)
    export = erik.get("/api/v1/me/export")
    assert export.status_code == 200
    assert export.get_json()["directory_identity"]["work_details"] == {
        "employee_number": "HR-NUMBER-1042",
        "cost_center": "HR-COST-CENTER",
        "organization": "HR-ORGANIZATION",
        "division": "HR-DIVISION",
        "department": "HR-DEPARTMENT",
        "manager_value": "HR-MANAGER-ID",
        "manager_ref": "https://directory.example/Users/HR-MANAGER-ID",
        "manager_display_name": "HR-BOSS",
    }
    profile = erik.get("/api/v1/me").get_data(as_text=True)
    assert not [mark for mark in MARKS if mark in profile]


def test_deactivation_keeps_them_for_the_return(directory, org):
    erik = _linked(directory, org.erik)
    off = directory.patch(f"/Users/{erik}", [{"op": "replace", "value": {"active": False}}])
    assert off.status_code == 200 and off.get_json()[ENTERPRISE] == HR
    on = directory.patch(f"/Users/{erik}", [{"op": "replace", "value": {"active": True}}])
    assert on.get_json()["active"] is True and on.get_json()[ENTERPRISE] == HR


@pytest.mark.parametrize("deleted_by", ["the directory", "the person"])
def test_account_deletion_leaves_nothing_of_them(directory, org, login, deleted_by):
    erik = _linked(directory, org.erik)
    assert _stored_anywhere()  # the check below would see them
    if deleted_by == "the directory":
        assert directory.delete(f"/Users/{erik}").status_code == 204
    else:
        assert login(org.erik).delete("/api/v1/me", json={"password": PASSWORD}).status_code == 204
    db.session.expire_all()
    assert _stored_anywhere() == []
