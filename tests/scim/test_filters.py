"""Filters: scim2-models parses and matches them; the database only narrows the candidates, so any
filter on a kept attribute answers right, and the ones directories send read a row, not everyone."""

from urllib.parse import urlencode

import pytest
from scim2_models import SearchRequest

from server.scim import filters
from server.scim.resources import User
from tests.scim.conftest import ENTERPRISE, new_user


def _ids(directory, expression: str) -> set[str]:
    answer = directory.get("/Users?" + urlencode({"filter": expression}))
    assert answer.status_code == 200, answer.get_json()
    return {r["id"] for r in answer.get_json()["Resources"]}


def test_filters_beyond_equality(directory, org):
    kim = directory.post("/Users", new_user("kim@acme.example", externalId="K-1", displayName="Kim Öberg")).get_json()
    directory.patch(f"/Users/{org.sara.id}", [{"op": "replace", "value": {"active": False}}])
    erik, sara = str(org.erik.id), str(org.sara.id)
    assert _ids(directory, 'userName sw "ERIK"') == {erik}
    assert _ids(directory, 'emails co "@acme.example" and active eq false') == {sara}
    assert _ids(directory, "not (active eq true)") == {sara}
    assert _ids(directory, 'userName eq "erik@acme.example" or externalId eq "K-1"') == {erik, kim["id"]}
    assert _ids(directory, 'externalId eq "k-1"') == set()  # externalId is case-exact
    assert _ids(directory, 'displayName eq "kim öberg"') == {kim["id"]}
    assert _ids(directory, f'id eq "{erik}"') == {erik}
    assert _ids(directory, 'id eq "99999999999999999999"') == set()
    assert _ids(directory, 'emails[value eq "ERIK@acme.example"]') == {erik}
    groups = directory.get("/Groups?" + urlencode({"filter": 'displayName sw "prod"'})).get_json()
    assert [g["displayName"] for g in groups["Resources"]] == ["Product"]


@pytest.mark.parametrize(
    ("expression", "narrowed"),
    [
        ('userName eq "a"', [("user_name", "a")]),
        ('emails[type eq "work" and value eq "a@b.se"]', [("email", "a@b.se")]),
        ('emails.value eq "a@b.se"', [("email", "a@b.se")]),
        ('userName eq "a" and name.givenName pr', [("user_name", "a")]),
        ("name.givenName pr", None),
        ('displayName eq "x" and externalId eq "e"', [("external_id", "e")]),
        ('userName eq "a" or externalId eq "e"', [("user_name", "a"), ("external_id", "e")]),
        ('userName eq "a" or displayName eq "b"', None),
        ('userName sw "a"', None),
        ('id eq "x1"', []),
        ("active eq true", [("active", True)]),
        ("externalId eq null", None),  # matches those without one: not a lookup
        (f'{ENTERPRISE}:department eq "Sales"', [("department", "Sales")]),
        (f'{ENTERPRISE.upper()}:Manager.Value eq "m1"', [("manager_value", "m1")]),
        (f'{ENTERPRISE}:manager.displayName eq "Boss"', [("manager_display_name", "Boss")]),
        (f'{ENTERPRISE}:department co "Sales"', None),
        (f'{ENTERPRISE}:manager eq "m1"', None),
    ],
)
def test_what_the_database_narrows(expression, narrowed):
    request = SearchRequest[User].model_validate({"filter": expression})
    assert filters.lookups(request.filter.ast, filters.USER_LOOKUPS) == narrowed
