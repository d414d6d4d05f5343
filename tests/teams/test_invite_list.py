"""Pending invitations: admins see and withdraw the organisation's, managers those of their own teams;
a withdrawn link stops working. A new invitation comes with its link as a QR code."""

import base64
from datetime import timedelta
from urllib.parse import unquote

from server.clock import utcnow
from server.extensions import db
from server.teams.models import Invite

NEW = {"name": "Nils Nyman", "email": "nils@acme.example", "password": "a-good-long-password"}


def _invite(api, team=None, **body):
    path = f"/api/v1/teams/{team.id}/invites" if team else "/api/v1/invites"
    response = api.post(path, json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_who_sees_which_pending_invitations(login, org):
    admin, maja, lars = login(org.admin), login(org.maja), login(org.lars)
    product = _invite(maja, org.product)
    support = _invite(admin, org.support, email="new@acme.example")
    anyone = _invite(admin)
    listed = admin.get("/api/v1/invites").get_json()
    assert [i["id"] for i in listed] == [anyone["id"], support["id"], product["id"]]
    assert listed[2]["team"] == {"id": org.product.id, "name": "Product"}
    assert listed[2]["created_by"] == {"id": org.maja.id, "name": "Maja"} and "token" not in listed[2]
    assert [(i["id"], i["team"]["name"]) for i in maja.get("/api/v1/invites").get_json()] == [
        (product["id"], "Product")
    ]
    assert [(i["id"], i["team"]["name"]) for i in lars.get("/api/v1/invites").get_json()] == [
        (support["id"], "Support")
    ]
    assert login(org.erik).get("/api/v1/invites").status_code == 403
    assert login(org.outsider_admin).get("/api/v1/invites").get_json() == []


def test_used_and_expired_invitations_are_not_pending(login, org, app):
    admin = login(org.admin)
    used = _invite(admin, org.product)
    assert app.test_client().post(f"/api/v1/invites/{used['token']}/accept", json=NEW).status_code == 201
    stale = _invite(admin, org.product)
    db.session.get(Invite, stale["id"]).expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert admin.get("/api/v1/invites").get_json() == []


def test_withdrawing_an_invitation_stops_its_link(login, org, app):
    maja = login(org.maja)
    invite = _invite(maja, org.product)
    assert login(org.lars).delete(f"/api/v1/invites/{invite['id']}").status_code == 403
    assert login(org.erik).delete(f"/api/v1/invites/{invite['id']}").status_code == 403
    assert login(org.outsider_admin).delete(f"/api/v1/invites/{invite['id']}").status_code == 404
    assert maja.delete(f"/api/v1/invites/{invite['id']}").status_code == 204
    assert maja.get("/api/v1/invites").get_json() == []
    anonymous = app.test_client()
    assert anonymous.get(f"/api/v1/invites/{invite['token']}").status_code == 410
    accepted = anonymous.post(f"/api/v1/invites/{invite['token']}/accept", json=NEW)
    assert accepted.status_code == 410 and "withdrawn" in accepted.get_json()["message"]
    assert maja.delete("/api/v1/invites/999999").status_code == 404


def test_a_used_invitation_cannot_be_withdrawn(login, org, app):
    admin = login(org.admin)
    invite = _invite(admin)
    assert app.test_client().post(f"/api/v1/invites/{invite['token']}/accept", json=NEW).status_code == 201
    assert admin.delete(f"/api/v1/invites/{invite['id']}").status_code == 409


def test_the_link_comes_as_a_qr_code(login, org):
    invite = _invite(login(org.admin), org.product)
    prefix = "data:image/svg+xml"
    assert invite["qr_svg"].startswith(prefix)
    payload = invite["qr_svg"].split(",", 1)[1]
    svg = base64.b64decode(payload).decode() if ";base64" in invite["qr_svg"] else unquote(payload)
    assert svg.lstrip().startswith(("<svg", "<?xml")) and "<path" in svg
    assert invite["token"] not in svg  # the code is drawn, not written out
