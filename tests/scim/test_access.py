"""Access ends the moment the directory says so: the phone that is signed in gets a 401 on its next
request, the personal API token too, push subscriptions are gone, and neither a password nor the
company account signs the person in again. Their minutes stay in the team's totals and what they
shared stays; reactivating brings the same account back with its history."""

import base64
import uuid

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from server.accounts.models import Organisation, User
from server.extensions import db
from server.reminders.models import PushSubscription
from tests.support import PASSWORD, ApiClient


def _subscription() -> dict:
    """A browser's push subscription, pointed at a loopback push service that is never called."""
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    raw = key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    encode = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()  # noqa: E731
    return {
        "endpoint": f"http://127.0.0.1:9/push/{uuid.uuid4()}",
        "keys": {"p256dh": encode(raw), "auth": encode(b"1" * 16)},
    }


def _erik_everywhere(app, org, login, clock):
    """Erik signed in on his phone (remembered) and a laptop, with an API token, a push
    subscription, half an hour logged this week and a link shared with the bank."""
    phone, laptop = login(org.erik, remember=True), login(org.erik)
    token = phone.post("/api/v1/auth/tokens", json={"name": "Shortcut"}).get_json()["token"]
    assert phone.post("/api/v1/push/subscriptions", json=_subscription()).status_code == 201
    entry = {"date": clock.today().isoformat(), "minutes": 30, "activity": "podcast", "title": "Episode"}
    assert phone.post("/api/v1/entries", json=entry).status_code == 201
    shared = phone.post(
        "/api/v1/resources", json={"url": "https://example.com/erik", "kind": "article", "title": "Erik's"}
    )
    assert shared.status_code == 201
    return phone, laptop, ApiClient(app.test_client(), bearer=token), shared.get_json()["id"]


def _product_minutes(login, org) -> int:
    db.session.get(Organisation, org.admin.organisation_id).min_group_size = 3
    db.session.commit()
    weeks = login(org.maja).get(f"/api/v1/teams/{org.product.id}/totals?weeks=1").get_json()["weeks"]
    return weeks[-1]["total_minutes"]


def test_deactivation_ends_every_way_in_at_once(app, org, login, directory, clock):
    phone, laptop, script, shared = _erik_everywhere(app, org, login, clock)
    minutes = _product_minutes(login, org)
    assert minutes >= 30 and phone.get("/api/v1/me").status_code == 200 and script.get("/api/v1/me").status_code == 200

    answer = directory.patch(f"/Users/{org.erik.id}", [{"op": "replace", "value": {"active": False}}])
    assert answer.status_code == 200 and answer.get_json()["active"] is False

    assert phone.get("/api/v1/me").status_code == 401  # the very next request
    assert laptop.get("/api/v1/entries").status_code == 401
    assert script.get("/api/v1/me").status_code == 401
    assert db.session.scalar(db.select(db.func.count(PushSubscription.id))) == 0
    password = ApiClient(app.test_client()).post(
        "/api/v1/auth/login", json={"email": org.erik.email, "password": PASSWORD}
    )
    assert password.status_code == 401
    # What he logged still counts for the team, and what he shared is still there for colleagues.
    assert _product_minutes(login, org) == minutes
    assert login(org.sara).get(f"/api/v1/resources/{shared}").status_code == 200


def test_reactivation_brings_the_same_account_back_with_its_history(app, org, login, directory, clock):
    phone, _laptop, script, _shared = _erik_everywhere(app, org, login, clock)
    path = f"/Users/{org.erik.id}"
    assert directory.patch(path, [{"op": "Replace", "path": "active", "value": "False"}]).status_code == 200
    assert directory.patch(path, [{"op": "Replace", "path": "active", "value": "True"}]).status_code == 200
    assert phone.get("/api/v1/me").status_code == 401  # devices and tokens do not come back by themselves
    assert script.get("/api/v1/me").status_code == 401
    back = login(org.erik)
    assert back.get("/api/v1/me").get_json()["id"] == org.erik.id
    assert [e["title"] for e in back.get("/api/v1/entries").get_json()] == ["Episode"]


def test_the_admin_screen_deactivates_the_same_way(app, org, login, clock):
    phone, _laptop, script, _shared = _erik_everywhere(app, org, login, clock)
    answer = login(org.admin).patch(f"/api/v1/admin/users/{org.erik.id}", json={"active": False})
    assert answer.status_code == 200
    assert phone.get("/api/v1/me").status_code == 401 and script.get("/api/v1/me").status_code == 401
    assert db.session.scalar(db.select(db.func.count(PushSubscription.id))) == 0


def test_delete_follows_the_account_deletion_rules(app, org, login, directory, clock):
    phone, _laptop, script, shared = _erik_everywhere(app, org, login, clock)
    minutes = _product_minutes(login, org)
    assert directory.delete(f"/Users/{org.erik.id}").status_code == 204
    assert phone.get("/api/v1/me").status_code == 401 and script.get("/api/v1/me").status_code == 401
    erik = db.session.get(User, org.erik.id)
    db.session.refresh(erik)
    assert (erik.name, erik.email, erik.deleted_at is not None) == ("Deleted user", f"deleted-{erik.id}@invalid", True)
    assert _product_minutes(login, org) == minutes  # anonymous now, still counted
    assert login(org.sara).get(f"/api/v1/resources/{shared}").status_code == 200


def test_people_already_here_are_linked_not_made_twice(org, directory):
    people = db.session.scalar(db.select(db.func.count(User.id)))
    # Erik joined by invitation; the directory knows him by his address (and another userName).
    found = directory.get(f'/Users?filter=emails[type eq "work"].value eq "{org.erik.email}"').get_json()
    assert [r["id"] for r in found["Resources"]] == [str(org.erik.id)]
    answer = directory.post(
        "/Users",
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": "erik.lund@acme.onmicrosoft.com",
            "externalId": "erik-in-entra",
            "displayName": "Erik Lund",
            "emails": [{"value": "Erik@Acme.example", "type": "work", "primary": True}],
            "active": True,
        },
    )
    assert answer.status_code == 201 and answer.get_json()["id"] == str(org.erik.id)
    assert db.session.scalar(db.select(db.func.count(User.id))) == people
    db.session.refresh(org.erik)
    assert org.erik.name == "Erik Lund" and org.erik.password_hash is not None  # his password still works
    by_user_name = directory.get('/Users?filter=userName eq "erik.lund@acme.onmicrosoft.com"').get_json()
    assert [r["externalId"] for r in by_user_name["Resources"]] == ["erik-in-entra"]
    # Another organisation's person is not this directory's to link: 409, and nothing of theirs shows.
    other = directory.post(
        "/Users",
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": org.outsider.email,
            "emails": [{"value": org.outsider.email}],
        },
    )
    assert other.status_code == 409 and other.get_json()["scimType"] == "uniqueness"
    assert "Other Oy" not in other.get_data(as_text=True)
    assert directory.get(f"/Users/{org.outsider.id}").status_code == 404
