"""A person's own data: export all of it, delete the account."""

import uuid

import pytest

from server import privacy
from server.accounts.models import ApiToken, User
from server.clock import local_today
from server.extensions import db
from server.teams import service as teams
from tests.support import PASSWORD


@pytest.fixture
def notebook(app):
    """A feature's personal data, registered the way features do it in their register(app)."""
    pages: dict[int, list[str]] = {}
    saved = dict(app.extensions.get("personal_data", {}))
    privacy.register_personal_data(
        app, "notebook", lambda user: {"pages": pages.get(user.id, [])}, lambda user: pages.pop(user.id, None)
    )
    yield pages
    app.extensions["personal_data"] = saved


def test_export_has_profile_teams_tokens_and_every_registered_section(login, org, notebook):
    notebook[org.erik.id] = ["What I learned about queues"]
    api = login(org.erik)
    api.post("/api/v1/auth/tokens", json={"name": "Shortcut"})
    response = api.get("/api/v1/me/export")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = response.get_json()
    assert data["profile"]["email"] == "erik@acme.example"
    assert data["teams"] == [{"id": org.product.id, "name": "Product", "manager": False}]
    assert data["api_tokens"][0]["name"] == "Shortcut" and "token" not in data["api_tokens"][0]
    assert "lh_" not in response.get_data(as_text=True).replace(data["api_tokens"][0]["prefix"], "")
    assert data["notebook"] == {"pages": ["What I learned about queues"]}
    assert "sara@acme.example" not in response.get_data(as_text=True)


def test_export_needs_a_login(client):
    assert client.get("/api/v1/me/export").status_code == 401


def test_a_section_may_not_shadow_the_accounts_export(app):
    with pytest.raises(ValueError):
        privacy.register_personal_data(app, "profile", lambda u: None, lambda u: None)


def test_deleting_the_account_needs_the_password(login, org):
    api = login(org.erik)
    wrong = api.delete("/api/v1/me", json={"password": "not it"})
    assert wrong.status_code == 422 and "password" in wrong.get_json()["errors"]["json"]
    assert api.delete("/api/v1/me", json={}).status_code == 422
    assert api.get("/api/v1/me").status_code == 200


def test_deleting_the_account_erases_and_anonymises(login, org, notebook, client):
    notebook[org.erik.id] = ["private"]
    api = login(org.erik)
    api.post("/api/v1/auth/tokens", json={"name": "Shortcut"})
    erik_id = org.erik.id
    assert api.delete("/api/v1/me", json={"password": PASSWORD}).status_code == 204
    assert erik_id not in notebook
    assert api.get("/api/v1/me").status_code == 401
    db.session.expire_all()
    erik = db.session.get(User, erik_id)
    assert (erik.name, erik.email, erik.password_hash) == ("Deleted user", f"deleted-{erik_id}@invalid", None)
    assert erik.deleted_at is not None and not erik.is_active
    assert (
        db.session.scalar(
            db.select(db.func.count(ApiToken.id)).where(ApiToken.user_id == erik_id, ApiToken.revoked_at.is_(None))
        )
        == 0
    )
    assert [t.id for t in teams.teams_of(erik)] == [org.product.id]  # past weeks still count for the team
    assert (
        client.post("/api/v1/auth/login", json={"email": "erik@acme.example", "password": PASSWORD}).status_code == 401
    )
    # the address is free again, e.g. for a new invitation
    assert login(org.admin).post("/api/v1/invites", json={"email": "erik@acme.example"}).status_code == 201
    assert "erik@acme.example" not in login(org.admin).get("/api/v1/admin/users").get_data(as_text=True)


def test_the_last_admin_cannot_delete_themselves(login, org, make_user):
    admin = login(org.admin)
    assert admin.delete("/api/v1/me", json={"password": PASSWORD}).status_code == 409
    make_user("second@acme.example", role="admin")
    assert admin.delete("/api/v1/me", json={"password": PASSWORD}).status_code == 204


def test_a_deleted_manager_no_longer_manages(login, org):
    assert login(org.maja).delete("/api/v1/me", json={"password": PASSWORD}).status_code == 204
    assert teams.team_managers(org.product.id) == []


def test_after_deletion_the_teams_totals_still_count_the_minutes(login, org):
    erik = login(org.erik)
    entry = {
        "id": str(uuid.uuid4()),
        "date": local_today("Europe/Stockholm").isoformat(),
        "minutes": 35,
        "activity": "book",
        "title": "Designing Data-Intensive Applications",
        "note": "chapter 3",
    }
    assert erik.post("/api/v1/entries", json=entry).status_code == 201
    exported = erik.get("/api/v1/me/export").get_data(as_text=True)
    assert "chapter 3" in exported and "Designing Data-Intensive Applications" in exported
    admin = login(org.admin)
    # Product's three people are shown once the organisation allows groups of three.
    assert admin.patch("/api/v1/organisation", json={"min_group_size": 3}).status_code == 200
    before = admin.get(f"/api/v1/teams/{org.product.id}/totals?weeks=2").get_json()
    assert erik.delete("/api/v1/me", json={"password": PASSWORD}).status_code == 204
    after = admin.get(f"/api/v1/teams/{org.product.id}/totals?weeks=2").get_json()
    assert [w["total_minutes"] for w in after["weeks"]] == [w["total_minutes"] for w in before["weeks"]]
    assert before["weeks"][0]["total_minutes"] >= 35
    assert "chapter 3" not in admin.get(f"/api/v1/teams/{org.product.id}/totals.csv?weeks=2").get_data(as_text=True)
