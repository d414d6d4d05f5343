"""Invitations and forgotten passwords by e-mail, through the API and a real SMTP server on loopback;
what admins see of e-mail; and why nothing a person types can add a header."""

import time
from datetime import timedelta

import pytest

from server import outbox
from server.accounts.models import LoginSession, PasswordReset
from server.clock import as_utc
from server.extensions import db
from tests.support import PASSWORD


def _path(link: str) -> str:
    return link.split("learning.acme.example", 1)[1]


def test_an_invitation_by_email_in_the_organisations_language(org, login, relay, app):
    admin = login(org.admin)
    admin.patch("/api/v1/organisation", json={"default_locale": "nb"})
    created = admin.post(f"/api/v1/teams/{org.product.id}/invites", json={"email": "new.person@acme.example"})
    assert created.status_code == 201 and created.get_json()["mail"] == "queued"
    assert created.get_json()["qr_svg"].startswith("data:image/svg+xml")  # the QR code stays
    [pending] = admin.get("/api/v1/invites").get_json()
    assert pending["mail"] == "queued" and pending["email"] == "new.person@acme.example"
    assert outbox.deliver()["sent"] == 1
    [received] = relay.wait_for(1)
    assert received.message["Subject"] == "Bli med i Acme AB på Learning Hour"
    assert received.message["Content-Language"] == "nb" and "teamet Product" in received.text
    link = received.link_to("/invite/")
    assert link == created.get_json()["url"].replace("http://localhost", "https://learning.acme.example")
    assert admin.get("/api/v1/invites").get_json()[0]["mail"] == "sent"
    joined = app.test_client().post(
        f"/api/v1{_path(link).replace('/invite/', '/invites/')}/accept",
        json={"name": "New Person", "email": "new.person@acme.example", "password": "a-long-enough-password"},
    )
    assert joined.status_code == 201


def test_resend_mails_a_new_link_and_the_old_one_stops(org, login, relay, app):
    maja = login(org.maja)  # the team's manager
    created = maja.post(f"/api/v1/teams/{org.product.id}/invites", json={"email": "pia@acme.example"}).get_json()
    outbox.deliver()
    again = maja.post(f"/api/v1/invites/{created['id']}/resend")
    assert again.status_code == 200 and again.get_json()["mail"] == "queued"
    outbox.deliver()
    first, second = relay.wait_for(2)
    assert first.link_to("/invite/") != second.link_to("/invite/")
    anonymous = app.test_client()
    assert anonymous.get(f"/api/v1/invites/{_path(first.link_to('/invite/')).rsplit('/', 1)[1]}").status_code == 404
    assert anonymous.get(f"/api/v1/invites/{_path(second.link_to('/invite/')).rsplit('/', 1)[1]}").status_code == 200
    assert login(org.lars).post(f"/api/v1/invites/{created['id']}/resend").status_code == 403
    bare = maja.post(f"/api/v1/teams/{org.product.id}/invites", json={}).get_json()
    refused = maja.post(f"/api/v1/invites/{bare['id']}/resend")
    assert refused.status_code == 422 and "email" in refused.get_json()["errors"]["json"]


def test_revoking_keeps_a_mail_not_yet_sent_from_going(org, login, relay):
    admin = login(org.admin)
    created = admin.post("/api/v1/invites", json={"email": "late@acme.example"}).get_json()
    assert admin.delete(f"/api/v1/invites/{created['id']}").status_code == 204
    assert outbox.deliver()["sent"] == 0 and relay.received == []


def test_a_refused_address_is_shown_as_failed_with_the_relays_words(org, login, relay):
    relay.refuse("nobody@acme.example", "550 5.1.1 <nobody@acme.example>: Recipient address rejected")
    admin = login(org.admin)
    admin.post("/api/v1/invites", json={"email": "nobody@acme.example"})
    assert outbox.deliver()["failed"] == 1
    [pending] = admin.get("/api/v1/invites").get_json()
    assert pending["mail"] == "failed" and pending["mail_error"].startswith("550 5.1.1")
    status = admin.get("/api/v1/admin/mail").get_json()
    assert status["enabled"] is True and status["relay"].startswith("smtp://127.0.0.1:")
    [failure] = status["failures"]
    assert (failure["to"], failure["what"]) == ("nobody@acme.example", "invite")
    assert "Recipient address rejected" in failure["error"]
    assert login(org.outsider_admin).get("/api/v1/admin/mail").get_json()["failures"] == []


def test_without_email_invitations_work_as_before(org, login):
    admin = login(org.admin)
    created = admin.post("/api/v1/invites", json={"email": "x@acme.example"})
    assert created.status_code == 201 and created.get_json()["mail"] is None
    assert admin.get("/api/v1/admin/mail").get_json() | {"public_url": None} == {
        "enabled": False,
        "relay": None,
        "sender": None,
        "public_url": None,
        "problem": None,
        "waiting": 0,
        "failures": [],
    }
    assert admin.post("/api/v1/admin/mail/test", json={}).status_code == 409
    assert admin.post(f"/api/v1/invites/{created.get_json()['id']}/resend").status_code == 409


def test_the_admins_test_message(org, login, relay):
    admin = login(org.admin)
    sent = admin.post("/api/v1/admin/mail/test", json={})
    assert sent.status_code == 202 and sent.get_json()["to"] == "admin@acme.example"
    outbox.deliver()
    [received] = relay.wait_for(1)
    assert received.message["Subject"] == "E-mail from Learning Hour works"
    assert login(org.erik).post("/api/v1/admin/mail/test", json={}).status_code == 403


def test_forgot_password_mails_a_single_use_link_for_an_hour(org, login, relay, app, clock):
    clock.set(clock.now())
    other_browser = login(org.erik)
    anonymous = app.test_client()
    took = []
    for address in ("Erik@Acme.example", "nobody@acme.example"):
        started = time.perf_counter()
        took.append(anonymous.post("/api/v1/auth/password-reset", json={"email": address}))
        took.append(time.perf_counter() - started)
    answer, known_took, unknown, unknown_took = took
    assert answer.status_code == unknown.status_code == 202
    assert answer.get_json() == unknown.get_json()
    floor = app.config.get("RESET_REQUEST_SECONDS", 0.25)
    assert known_took >= floor and unknown_took >= floor  # neither answers sooner than the other could
    assert outbox.deliver()["sent"] == 1
    [received] = relay.wait_for(1)
    assert received.recipients == ["erik@acme.example"]
    assert received.message["Subject"] == "Choose a new password for Learning Hour"
    token = _path(received.link_to("/reset/")).rsplit("/", 1)[1]
    assert anonymous.get(f"/api/v1/password-resets/{token}").get_json()["email"] == "erik@acme.example"
    expires = as_utc(db.session.scalar(db.select(db.func.max(PasswordReset.expires_at))))
    assert expires - clock.now() == timedelta(hours=1)
    assert anonymous.post(f"/api/v1/password-resets/{token}", json={"password": "a-brand-new-one"}).status_code == 204
    assert anonymous.post(f"/api/v1/password-resets/{token}", json={"password": "again-and-again"}).status_code == 410
    assert other_browser.get("/api/v1/me").status_code == 401  # every other sign-in ended
    assert db.session.scalar(db.select(db.func.count(LoginSession.id))) == 0
    assert login(org.erik, password="a-brand-new-one").get("/api/v1/me").status_code == 200


def test_a_forgotten_link_expires_after_an_hour(org, relay, app, clock):
    clock.set(clock.now())
    app.test_client().post("/api/v1/auth/password-reset", json={"email": "erik@acme.example"})
    outbox.deliver()
    token = _path(relay.wait_for(1)[0].link_to("/reset/")).rsplit("/", 1)[1]
    clock.advance(timedelta(minutes=61))
    assert app.test_client().get(f"/api/v1/password-resets/{token}").status_code == 410


def test_a_company_account_person_is_told_so_instead(org, relay, app, monkeypatch):
    from server.accounts import service as accounts

    org.erik.password_hash = None  # made by signing in with the company account
    db.session.commit()
    app.extensions["accounts.single_sign_on"] = lambda: {"label": "Acme Entra ID", "url": "/auth/oidc/login"}
    try:
        app.test_client().post("/api/v1/auth/password-reset", json={"email": "erik@acme.example"})
    finally:
        app.extensions.pop("accounts.single_sign_on")
    outbox.deliver()
    [received] = relay.wait_for(1)
    assert received.message["Subject"] == "How you sign in to Learning Hour"
    assert "Acme Entra ID" in received.text and "/reset/" not in received.text
    assert accounts.find_user("erik@acme.example").password_hash is None


def test_forgot_password_is_limited_per_address_and_per_ip(org, relay, app):
    client = app.test_client()
    answers = [client.post("/api/v1/auth/password-reset", json={"email": "erik@acme.example"}) for _ in range(4)]
    assert [a.status_code for a in answers] == [202, 202, 202, 429]
    assert "Retry-After" in answers[-1].headers
    others = [client.post("/api/v1/auth/password-reset", json={"email": f"n{i}@acme.example"}) for i in range(7)]
    assert [a.status_code for a in others] == [202] * 6 + [429]  # ten a minute from one client address


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("POST", "/api/v1/invites", {"email": "x@acme.example\r\nBcc: all@acme.example"}, "email"),
        ("POST", "/api/v1/invites", {"email": "x@acme.example\nBcc: all@acme.example"}, "email"),
        ("PATCH", "/api/v1/me", {"name": "Eve\r\nBcc: all@acme.example"}, "name"),
        ("PATCH", "/api/v1/admin/users/{sara}", {"name": "Sara\nX-Evil: 1"}, "name"),
        ("POST", "/api/v1/admin/mail/test", {"to": "a@acme.example\r\nBcc: b@acme.example"}, "to"),
        ("POST", "/api/v1/auth/password-reset", {"email": "erik@acme.example\r\nBcc: x@y.se"}, "email"),
    ],
)
def test_a_line_break_in_a_name_or_address_is_a_422_naming_the_field(org, login, relay, method, path, body, field):
    response = login(org.admin).open(method, path.format(sara=org.sara.id), json=body)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["errors"]["json"]
    assert db.session.scalar(db.select(db.func.count(outbox.OutboxMessage.id))) == 0


def test_a_name_stored_before_the_rule_cannot_add_a_header(org, relay):
    from server import mail

    org.erik.name = "Erik\r\nBcc: everyone@acme.example"
    db.session.commit()
    mail.send("test", org.erik.email, locale="en", context={"sender": "x"}, key="n", name=org.erik.name)
    db.session.commit()
    outbox.deliver()
    [received] = relay.wait_for(1)
    assert received.recipients == ["erik@acme.example"] and received.message["Bcc"] is None
    assert received.message["To"].addresses[0].addr_spec == "erik@acme.example"


def test_a_persons_emails_are_in_their_export_and_go_with_their_account(org, login, relay, app):
    app.test_client().post("/api/v1/auth/password-reset", json={"email": "erik@acme.example"})
    outbox.deliver()
    erik = login(org.erik)
    [exported] = erik.get("/api/v1/me/export").get_json()["emails"]
    assert (exported["what"], exported["state"]) == ("password_reset", "sent")
    assert erik.delete("/api/v1/me", json={"password": PASSWORD}).status_code == 204
    assert db.session.scalar(db.select(db.func.count(outbox.OutboxMessage.id))) == 0
