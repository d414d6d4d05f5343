"""Authority ends with the role: invitation and reset links work only while their maker may still make
them, reset links end with a new password or a deactivation (and the calendar feed gets a new URL),
and what was done with them is in the audit trail."""

from urllib.parse import urlsplit

import pytest

from server.accounts.models import PasswordReset, User
from server.audit.models import AuditEvent
from server.extensions import db
from tests.support import PASSWORD

NEW = {"name": "Nils", "email": "nils@partner.example", "password": "a-long-enough-password"}


def _actions() -> list[str]:
    return list(db.session.scalars(db.select(AuditEvent.action).order_by(AuditEvent.id)))


@pytest.fixture
def second_admin(make_user, org):
    return make_user("ada@acme.example", role="admin")


def _invite(api, path="/api/v1/invites", **body) -> str:
    answer = api.post(path, json=body)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()["token"]


@pytest.mark.parametrize("change", [{"role": "employee"}, {"active": False}], ids=["demoted", "deactivated"])
def test_an_admins_invitations_stop_working_when_they_stop_being_admin(login, org, app, second_admin, change):
    ada = login(second_admin)
    admin_invite = _invite(ada, role="admin")
    team_invite = _invite(ada, f"/api/v1/teams/{org.support.id}/invites")
    assert len(login(org.admin).get("/api/v1/invites").get_json()) == 2
    assert login(org.admin).patch(f"/api/v1/admin/users/{second_admin.id}", json=change).status_code == 200
    client = app.test_client()
    for token in (admin_invite, team_invite):
        assert client.get(f"/api/v1/invites/{token}").status_code == 410
        refused = client.post(f"/api/v1/invites/{token}/accept", json=NEW)
        assert refused.status_code == 410 and "withdrawn" in refused.get_json()["message"]
    assert login(org.admin).get("/api/v1/invites").get_json() == [], "no longer pending"
    assert db.session.scalar(db.select(User.id).where(User.email == NEW["email"])) is None


def test_a_managers_invitation_stops_working_when_they_stop_managing_the_team(login, org, app):
    token = _invite(login(org.maja), f"/api/v1/teams/{org.product.id}/invites")
    assert login(org.admin).patch(f"/api/v1/admin/users/{org.maja.id}", json={"role": "employee"}).status_code == 200
    assert app.test_client().post(f"/api/v1/invites/{token}/accept", json=NEW).status_code == 410


def test_an_invitation_of_an_admin_still_in_office_works_and_is_in_the_trail(login, org, app, second_admin):
    token = _invite(login(second_admin), f"/api/v1/teams/{org.support.id}/invites", role="manager")
    accepted = app.test_client().post(f"/api/v1/invites/{token}/accept", json=NEW)
    assert accepted.status_code == 201
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "invite.accepted"))
    assert (event.actor_name, event.target_name) == ("Nils", "Support")
    assert event.details == {"role": "manager", "with_password": True}


def _reset_link(api, person) -> str:
    answer = api.post(f"/api/v1/admin/users/{person.id}/reset-link")
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()["token"]


@pytest.mark.parametrize("change", [{"role": "manager"}, {"active": False}], ids=["demoted", "deactivated"])
def test_a_reset_link_stops_working_when_its_maker_stops_being_admin(login, org, app, second_admin, change):
    link = _reset_link(login(second_admin), org.erik)
    assert login(org.admin).patch(f"/api/v1/admin/users/{second_admin.id}", json=change).status_code == 200
    refused = app.test_client().post(f"/api/v1/password-resets/{link}", json={"password": "a-new-password-1"})
    assert refused.status_code == 410 and "withdrawn" in refused.get_json()["message"]
    assert login(org.erik).get("/api/v1/me").status_code == 200  # the old password still works


def test_a_new_password_withdraws_open_reset_links(login, org, app, runner):
    erik = login(org.erik)
    first = _reset_link(login(org.admin), org.erik)
    changed = erik.patch("/api/v1/me", json={"current_password": PASSWORD, "password": "erik-changed-it-1"})
    assert changed.status_code == 200
    client = app.test_client()
    assert client.post(f"/api/v1/password-resets/{first}", json={"password": "a-new-password-1"}).status_code == 410
    # The same when an operator sets it on the command line.
    second = _reset_link(login(org.admin), org.erik)
    result = runner.invoke(args=["users", "set-password", org.erik.email], input="set-by-the-operator\n")
    assert result.exit_code == 0, result.output
    assert client.post(f"/api/v1/password-resets/{second}", json={"password": "a-new-password-1"}).status_code == 410
    assert login(org.erik, "set-by-the-operator").get("/api/v1/me").status_code == 200
    assert "person.password_set" in _actions()


def test_deactivation_withdraws_open_reset_links_for_good(login, org, app):
    admin = login(org.admin)
    link = _reset_link(admin, org.erik)
    assert admin.patch(f"/api/v1/admin/users/{org.erik.id}", json={"active": False}).status_code == 200
    assert admin.patch(f"/api/v1/admin/users/{org.erik.id}", json={"active": True}).status_code == 200
    assert (
        app.test_client().post(f"/api/v1/password-resets/{link}", json={"password": "a-new-pass-1"}).status_code == 410
    )
    assert db.session.scalar(db.select(PasswordReset.used_at)) is None


def test_a_used_reset_link_is_in_the_trail_and_the_calendar_feed_gets_a_new_url(login, org, app):
    feed = login(org.erik).get("/api/v1/me/calendar").get_json()["url"]
    old_path = urlsplit(feed).path
    client = app.test_client()
    assert client.get(old_path).status_code == 200
    link = _reset_link(login(org.admin), org.erik)
    assert client.post(f"/api/v1/password-resets/{link}", json={"password": "a-new-password-1"}).status_code == 204
    assert client.get(old_path).status_code == 404, "whoever knew the old password may have had the feed's URL"
    new = login(org.erik, "a-new-password-1").get("/api/v1/me/calendar").get_json()["url"]
    assert new != feed and client.get(urlsplit(new).path).status_code == 200
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "person.reset_link_used"))
    assert (event.actor_id, event.target_id) == (org.erik.id, org.erik.id)


def test_accounts_made_on_the_command_line_are_in_the_trail(runner, org):
    result = runner.invoke(
        args=["users", "create", "--email", "cli@acme.example", "--name", "Cli", "--password", "cli-password-1"]
        + ["--role", "manager", "--organisation", "Acme AB"]
    )
    assert result.exit_code == 0, result.output
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "person.created"))
    assert (event.actor_id, event.actor_name, event.target_name) == (None, "command line", "Cli")
    assert event.details == {"role": "manager"} and event.organisation_id == org.admin.organisation_id
    blank = runner.invoke(args=["users", "create", "--email", "b@acme.example", "--name", "  ", "--password", "x" * 9])
    assert blank.exit_code != 0 and "blank" in blank.output


def test_no_answer_tells_that_an_address_has_an_account_in_another_organisation(login, org):
    admin = login(org.admin)
    assert admin.post("/api/v1/invites", json={"email": "olle@other.example"}).status_code == 201
    assert admin.post("/api/v1/invites", json={"email": "nobody@other.example"}).status_code == 201
    assert admin.post("/api/v1/invites", json={"email": "erik@acme.example"}).status_code == 409  # one's own people
