"""Bad input gets a clear 4xx naming the field, in the person's language, never a 500."""

import json

import pytest

from tests.support import PASSWORD


def test_a_body_over_the_limit_is_refused_before_it_is_read(client, app):
    huge = b'{"email": "x@acme.example", "password": "' + b"a" * (app.config["MAX_CONTENT_LENGTH"] + 10) + b'"}'
    response = client.post("/api/v1/auth/login", data=huge, content_type="application/json")
    assert response.status_code == 413 and response.is_json


def test_deeply_nested_json_is_a_400_not_a_crash(client, login, org):
    deep = "[" * 5000 + "]" * 5000
    assert client.post("/api/v1/auth/login", data=deep, content_type="application/json").status_code == 400
    api = login(org.erik)
    nested = {"entries": [json.loads("[" * 40 + "]" * 40)]}
    response = api.post("/api/v1/entries/sync", json=nested)
    assert response.status_code == 400 and "nested" in response.get_json()["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/resources/2147483648",
        "/api/v1/resources/9223372036854775808",
        "/api/v1/lessons/99999999999999999999",
        "/api/v1/me/away/4928739311",
        "/api/v1/sessions/18446744073709551616",
        "/api/v1/series/2147483648",
    ],
)
def test_ids_too_large_for_the_database_are_simply_not_there(login, org, path):
    assert login(org.erik).get(path).status_code in (404, 405)
    assert login(org.erik).delete(path).status_code == 404


@pytest.mark.parametrize(
    "body", [{"resource_id": 2**31}, {"resource_id": 2**63}, {"resource_id": -1}, {"resource_id": 1.5}]
)
def test_numbers_out_of_range_in_bodies_name_their_field(login, org, body):
    entry = {"minutes": 10, "activity": "podcast", "title": "x"} | body
    response = login(org.erik).post("/api/v1/entries", json=entry)
    assert response.status_code == 422 and "resource_id" in response.get_json()["errors"]["json"]


@pytest.mark.parametrize("moment", ["0001-01-01T00:30:00+01:00", "9999-12-31T23:30:00-01:00", "1969-12-31T00:00:00Z"])
def test_moments_out_of_range_are_422(login, org, moment):
    api = login(org.erik)
    session = api.post("/api/v1/sessions", json={"title": "Frukost", "starts_at": moment})
    assert session.status_code == 422 and "starts_at" in session.get_json()["errors"]["json"]
    resource = api.post(
        "/api/v1/resources", json={"url": "https://example.com/w", "kind": "webinar", "title": "W", "starts_at": moment}
    )
    assert resource.status_code == 422 and "starts_at" in resource.get_json()["errors"]["json"]


@pytest.mark.parametrize(
    "cursor",
    ["eyJrIjpbSW5maW5pdHldfQ", "eyJrIjpbOTk5OTk5OTk5OTk5OTk5OTk5OTk5XX0", "eyJsIjogMWUzMDB9", "not-base64!", "W10"],
)
def test_cursors_this_app_did_not_make_are_422(login, org, cursor):
    api = login(org.erik)
    for path in ("/api/v1/resources", "/api/v1/me/saved", "/api/v1/lessons"):
        response = api.get(f"{path}?cursor={cursor}")
        assert response.status_code == 422, (path, response.get_json())
        assert "cursor" in response.get_json()["errors"]["query"]


def test_a_lone_surrogate_is_a_422_for_that_field(login, org):
    api = login(org.erik)
    raw = '{"minutes": 10, "activity": "podcast", "title": "bad \\ud800 text"}'
    response = api.post("/api/v1/entries", data=raw, content_type="application/json")
    assert response.status_code == 422 and "title" in response.get_json()["errors"]["json"]
    lesson = '{"title": "T", "learned": "\\udfff", "outcome": "success", "tags": ["ok", "\\ud83d"]}'
    response = api.post("/api/v1/lessons", data=lesson, content_type="application/json")
    assert response.status_code == 422 and {"learned", "tags"} <= set(response.get_json()["errors"]["json"])


def test_answers_carry_datetimes_with_an_offset(login, org):
    api = login(org.erik)
    token = api.post("/api/v1/auth/tokens", json={"name": "phone"}).get_json()
    assert token["created_at"].endswith("+00:00")
    entry = api.post("/api/v1/entries", json={"minutes": 10, "activity": "podcast", "title": "x"}).get_json()
    assert entry["created_at"].endswith("+00:00") and entry["updated_at"].endswith("+00:00")
    invite = login(org.admin).post("/api/v1/invites", json={}).get_json()
    assert invite["expires_at"].endswith("+00:00")


def test_wrong_method_names_the_allowed_ones(client):
    response = client.put("/api/v1/auth/session")
    assert response.status_code == 405 and "GET" in response.headers["Allow"]


def test_a_patch_with_nothing_to_change_is_422(login, org):
    api = login(org.erik)
    for path in ("/api/v1/me", f"/api/v1/admin/users/{org.sara.id}"):
        caller = login(org.admin) if "admin" in path else api
        response = caller.patch(path)
        assert response.status_code == 422, path
        assert caller.patch(path, json={}).status_code == 422


def test_validation_messages_come_in_the_persons_language(login, org, make_user):
    make_user("sven@acme.example", locale="sv")
    make_user("nils@acme.example", locale="nb")
    body = {"minutes": 0, "activity": "podcast", "title": "x"}
    swedish = login("sven@acme.example").post("/api/v1/entries", json=body).get_json()
    assert swedish["errors"]["json"]["minutes"] == ["Måste vara minst 1 och högst 600."]
    assert swedish["message"] == "En del av det du skickade är inte giltigt."
    norwegian = login("nils@acme.example").post("/api/v1/entries", json={"activity": "podcast"}).get_json()
    assert norwegian["errors"]["json"]["minutes"] == ["Dette feltet må fylles ut."]
    english = login(org.erik).post("/api/v1/entries", json=body).get_json()
    assert english["errors"]["json"]["minutes"] == ["Must be greater than or equal to 1 and less than or equal to 600."]


def test_before_sign_in_the_browser_language_is_used(client):
    answer = client.post(
        "/api/v1/auth/login",
        json={"email": "x@acme.example", "password": "wrong-one"},
        headers={"Accept-Language": "nb-NO,nb;q=0.9"},
    ).get_json()
    assert answer["message"] == "Feil e-postadresse eller passord."
    assert client.get("/api/v1/me", headers={"Accept-Language": "sv"}).get_json()["message"] == "Logga in först."
    assert PASSWORD
