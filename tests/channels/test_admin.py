"""Admin › Organisation › Channels through the API: bad input is a 422 naming the field in the admin's
language and stores nothing; each organisation sees and changes only its own channels; what an admin
does is in the audit trail."""

import pytest

from server.channels.models import Channel
from server.extensions import db

SLACK = "https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXX"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": SLACK}, "kind"),
        ({"kind": "discord", "url": SLACK}, "kind"),
        ({"kind": "slack"}, "url"),
        ({"kind": "slack", "url": 42}, "url"),
        ({"kind": "slack", "url": ""}, "url"),
        ({"kind": "slack", "url": "https://hooks.slack.com/" + "x" * 2100}, "url"),
        ({"kind": "slack", "url": "javascript:alert(1)"}, "url"),
        ({"kind": "slack", "url": "https://hooks.slack.com/\x00"}, "url"),
        ({"kind": "slack", "url": SLACK, "events": ["sessions", "gossip"]}, "events"),
        ({"kind": "slack", "url": SLACK, "events": "sessions"}, "events"),
        ({"kind": "slack", "url": SLACK, "locale": "de"}, "locale"),
        ({"kind": "slack", "url": SLACK, "name": "two\nlines"}, "name"),
        ({"kind": "slack", "url": SLACK, "name": "x" * 101}, "name"),
    ],
)
def test_bad_input_names_its_field_and_stores_nothing(org, login, body, field):
    response = login(org.admin).post("/api/v1/organisation/channels", json=body)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["errors"]["json"]
    assert db.session.scalar(db.select(db.func.count(Channel.id))) == 0


def test_refusals_are_in_the_admins_language(org, login):
    org.admin.locale = "nb"
    db.session.commit()
    response = login(org.admin).post(
        "/api/v1/organisation/channels", json={"kind": "teams", "url": "https://example.com/x"}
    )
    assert response.get_json()["errors"]["json"]["url"] == [
        "Bare webhook-adresser fra Teams Workflows og Slack kan brukes (serverens CHANNEL_ALLOWED_URLS)."
    ]


def test_a_channel_is_added_changed_and_removed_by_its_own_organisations_admins(org, login):
    admin, other = login(org.admin), login(org.outsider_admin)
    made = admin.post("/api/v1/organisation/channels", json={"kind": "slack", "url": SLACK, "name": "#lärande"})
    assert made.status_code == 201
    channel = made.get_json()
    assert channel["events"] == ["sessions", "lessons", "shelf"] and channel["locale"] == "sv"  # Acme's language
    assert channel["url"] == "https://hooks.slack.com/…XXXX" and channel["state"] == "active"
    assert other.get("/api/v1/organisation/channels").get_json() == []
    for method in ("patch", "delete"):
        assert (
            getattr(other, method)(f"/api/v1/organisation/channels/{channel['id']}", json={"locale": "en"}).status_code
            == 404
        )
    assert other.post(f"/api/v1/organisation/channels/{channel['id']}/test").status_code == 404
    changed = admin.patch(f"/api/v1/organisation/channels/{channel['id']}", json={"events": ["shelf"], "locale": "en"})
    assert changed.get_json()["events"] == ["shelf"] and changed.get_json()["locale"] == "en"
    assert admin.patch(f"/api/v1/organisation/channels/{channel['id']}", json={}).status_code == 422
    paused = admin.patch(f"/api/v1/organisation/channels/{channel['id']}", json={"paused": True}).get_json()
    assert (paused["state"], paused["pause_reason"]) == ("paused", "by_admin")
    admin.patch(f"/api/v1/organisation/channels/{channel['id']}", json={"paused": False})
    assert admin.delete(f"/api/v1/organisation/channels/{channel['id']}").status_code == 204
    assert admin.delete(f"/api/v1/organisation/channels/{channel['id']}").status_code == 404
    assert admin.delete("/api/v1/organisation/channels/2147483648").status_code == 404
    actions = [item["action"] for item in admin.get("/api/v1/admin/audit").get_json()["items"]]
    assert actions[:3] == ["channel.removed", "channel.resumed", "channel.added"]
    assert "T000/B000" not in str(admin.get("/api/v1/admin/audit").get_json())  # the secret is not in the trail


def test_the_test_post_is_rate_limited_per_admin(org, login):
    admin = login(org.admin)
    channel = admin.post("/api/v1/organisation/channels", json={"kind": "slack", "url": SLACK}).get_json()
    answers = [admin.post(f"/api/v1/organisation/channels/{channel['id']}/test").status_code for _ in range(6)]
    assert answers == [202] * 5 + [429]
