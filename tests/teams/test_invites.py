"""Invitations: who may create them, what the link shows, and accepting it once."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from server.accounts.models import User
from server.clock import utcnow
from server.errors import RuleError
from server.extensions import db
from server.teams import invites
from server.teams import service as teams
from server.teams.models import Invite
from tests.support import PASSWORD, ApiClient

NEW = {"name": "Nils Nyman", "email": "nils@acme.example", "password": "a-good-long-password"}


def test_manager_invites_to_own_team_and_the_link_creates_a_member(login, org, app):
    created = login(org.maja).post(f"/api/v1/teams/{org.product.id}/invites", json={})
    assert created.status_code == 201
    body = created.get_json()
    assert body["url"].endswith(f"/invite/{body['token']}") and body["url"].startswith("http://localhost/")
    assert body["team"] == {"id": org.product.id, "name": "Product"} and body["role"] == "employee"
    stored = db.session.scalar(db.select(Invite))
    assert stored.token_hash != body["token"] and body["token"] not in stored.token_hash

    info = app.test_client().get(f"/api/v1/invites/{body['token']}")
    assert info.status_code == 200
    assert info.get_json()["organisation"] == {"name": "Acme AB"}
    assert info.get_json()["team"] == {"name": "Product"} and info.get_json()["expired"] is False

    newcomer = ApiClient(app.test_client())
    accepted = newcomer.post(f"/api/v1/invites/{body['token']}/accept", json=NEW)
    assert accepted.status_code == 201
    answer = accepted.get_json()
    assert answer["email"] == "nils@acme.example" and answer["user"]["role"] == "employee"
    assert answer["teams"] == [{"id": org.product.id, "name": "Product"}] and answer["csrf_token"]
    assert answer["user"]["organisation"]["id"] == org.maja.organisation_id
    # signed in straight away, with a working CSRF token
    newcomer.csrf_token = answer["csrf_token"]
    assert newcomer.get("/api/v1/auth/session").get_json()["user"]["email"] == "nils@acme.example"
    assert newcomer.patch("/api/v1/me", json={"locale": "sv"}).status_code == 200
    nils = db.session.scalar(db.select(User).where(User.email == "nils@acme.example"))
    assert nils.id in teams.member_ids(org.product.id)


def test_a_link_works_only_once(login, org, app):
    token = login(org.admin).post(f"/api/v1/teams/{org.support.id}/invites", json={}).get_json()["token"]
    assert app.test_client().post(f"/api/v1/invites/{token}/accept", json=NEW).status_code == 201
    again = app.test_client().post(f"/api/v1/invites/{token}/accept", json=NEW | {"email": "someone@acme.example"})
    assert again.status_code == 410
    assert app.test_client().get(f"/api/v1/invites/{token}").status_code == 410
    assert db.session.scalar(db.select(db.func.count(User.id)).where(User.email == "someone@acme.example")) == 0


def test_expired_and_unknown_links(login, org, app):
    token = login(org.admin).post("/api/v1/invites", json={"expires_in_days": 1}).get_json()["token"]
    invite = invites.find_invite(token)
    invite.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    client = app.test_client()
    assert client.get(f"/api/v1/invites/{token}").get_json()["expired"] is True
    assert client.post(f"/api/v1/invites/{token}/accept", json=NEW).status_code == 410
    assert client.get("/api/v1/invites/not-a-real-token").status_code == 404
    assert client.post("/api/v1/invites/not-a-real-token/accept", json=NEW).status_code == 404


def test_expiry_defaults_to_14_days_and_is_capped_at_60(login, org):
    admin = login(org.admin)
    body = admin.post("/api/v1/invites", json={}).get_json()
    invite = invites.find_invite(body["token"])
    days = (invite.expires_at.replace(tzinfo=None) - utcnow().replace(tzinfo=None)).total_seconds() / 86400
    assert 13.9 < days <= 14
    too_long = admin.post("/api/v1/invites", json={"expires_in_days": 61})
    assert too_long.status_code == 422 and "expires_in_days" in too_long.get_json()["errors"]["json"]
    assert admin.post("/api/v1/invites", json={"expires_in_days": 60}).status_code == 201


def test_duplicate_email_is_a_conflict(login, org, app):
    admin = login(org.admin)
    assert admin.post("/api/v1/invites", json={"email": "erik@acme.example"}).status_code == 409
    token = admin.post("/api/v1/invites", json={}).get_json()["token"]
    taken = app.test_client().post(f"/api/v1/invites/{token}/accept", json=NEW | {"email": "ERIK@acme.example"})
    assert taken.status_code == 409
    # the link was not spent by the failed attempt
    assert app.test_client().post(f"/api/v1/invites/{token}/accept", json=NEW).status_code == 201


def test_an_invite_for_an_address_is_only_for_that_address(login, org, app):
    token = login(org.admin).post("/api/v1/invites", json={"email": "Nils@Acme.example"}).get_json()["token"]
    client = app.test_client()
    assert client.get(f"/api/v1/invites/{token}").get_json()["email"] == "nils@acme.example"
    wrong = client.post(f"/api/v1/invites/{token}/accept", json=NEW | {"email": "other@acme.example"})
    assert wrong.status_code == 422 and "email" in wrong.get_json()["errors"]["json"]
    assert client.post(f"/api/v1/invites/{token}/accept", json=NEW).status_code == 201


def test_accept_validates_its_body(login, org, app):
    token = login(org.admin).post("/api/v1/invites", json={}).get_json()["token"]
    bad = app.test_client().post(
        f"/api/v1/invites/{token}/accept", json={"name": "", "email": "not-an-email", "password": "short"}
    )
    assert bad.status_code == 422
    assert set(bad.get_json()["errors"]["json"]) == {"name", "email", "password"}


@pytest.mark.parametrize("who", ["erik", "lars"])
def test_employees_and_other_managers_cannot_invite_to_a_team(login, org, who):
    response = login(getattr(org, who)).post(f"/api/v1/teams/{org.product.id}/invites", json={})
    assert response.status_code == 403
    assert login(getattr(org, who)).post("/api/v1/invites", json={}).status_code == 403


def test_managers_invite_only_employees_and_admins_choose_the_role(login, org, app):
    maja = login(org.maja)
    assert maja.post(f"/api/v1/teams/{org.product.id}/invites", json={"role": "admin"}).status_code == 403
    token = (
        login(org.admin).post(f"/api/v1/teams/{org.product.id}/invites", json={"role": "manager"}).get_json()["token"]
    )
    user = app.test_client().post(f"/api/v1/invites/{token}/accept", json=NEW).get_json()
    assert user["role"] == "manager" and user["managed_team_ids"] == [org.product.id]


def test_other_organisations_teams_do_not_exist_for_invites(login, org):
    assert login(org.outsider_admin).post(f"/api/v1/teams/{org.product.id}/invites", json={}).status_code == 404


def test_admin_invite_without_team_joins_the_organisation_only(login, org, app):
    token = login(org.admin).post("/api/v1/invites", json={}).get_json()["token"]
    assert app.test_client().get(f"/api/v1/invites/{token}").get_json()["team"] is None
    user = app.test_client().post(f"/api/v1/invites/{token}/accept", json=NEW).get_json()
    assert user["teams"] == [] and user["organisation"]["name"] == "Acme AB"


def test_public_url_is_used_for_the_link_when_configured(login, org, app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://learn.example.com/")
    body = login(org.admin).post("/api/v1/invites", json={}).get_json()
    assert body["url"] == f"https://learn.example.com/invite/{body['token']}"


def test_accepting_is_rate_limited_per_address(app, org):
    client = app.test_client()
    statuses = [client.post("/api/v1/invites/guess-{i}/accept", json=NEW).status_code for _ in range(12)]
    assert statuses[0] == 404 and statuses[-1] == 429
    limited = client.post("/api/v1/invites/guess/accept", json=NEW)
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0


def test_accept_service_refuses_a_used_invite(org):
    invite, plain = invites.create_invite(org.admin, None)
    invites.accept_invite(plain, name="A", email="a@acme.example", password=PASSWORD)
    with pytest.raises(RuleError) as raised:
        invites.accept_invite(plain, name="B", email="b@acme.example", password=PASSWORD)
    assert raised.value.status == 410


def test_two_people_racing_for_one_link_get_one_account(login, org, app):
    token = login(org.admin).post("/api/v1/invites", json={}).get_json()["token"]
    barrier = threading.Barrier(4)

    def accept(n):
        client = app.test_client()
        barrier.wait()
        return client.post(
            f"/api/v1/invites/{token}/accept", json=NEW | {"email": f"racer{n}@acme.example"}
        ).status_code

    with ThreadPoolExecutor(4) as pool:
        statuses = sorted(pool.map(accept, range(4)))
    assert statuses == [201, 410, 410, 410]
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(User.id)).where(User.email.like("racer%"))) == 1
