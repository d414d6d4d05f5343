"""Fixtures for reminder tests: the loopback push service, a quick-timeout sender, and the week
progress the log and bank features report (set per person by the test)."""

from datetime import UTC, datetime

import pytest

from server.extensions import db
from server.push import PushSender, SenderSettings, load_keys
from server.reminders import dispatch
from tests.push_service import PushService, push_service  # noqa: F401

# Thursday 26 November 2026, 15:05 in Stockholm: just after the default reminder time.
THURSDAY_1505 = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)


@pytest.fixture
def sender(app):
    """A sender with short timeouts and backoff, in place of the app's for this test."""
    fast = PushSender(
        load_keys(app),
        app.config["VAPID_SUBJECT"],
        SenderSettings(timeout=0.6, connect_timeout=0.5, backoff_base=0.02, backoff_cap=0.1),
    )
    previous = app.extensions.get("push.sender")
    app.extensions["push.sender"] = fast
    yield fast
    fast.close()
    if previous is None:
        app.extensions.pop("push.sender", None)
    else:
        app.extensions["push.sender"] = previous


@pytest.fixture
def progress(monkeypatch):
    """Week summaries and suggestions as the log and bank features would give them.

    `progress[user.id] = {"minutes": 25}` (goal 60), `{"met": True}`, `{"away": True}`;
    `progress.suggestions[user.id] = {...}`."""

    class Progress(dict):
        suggestions: dict = {}
        calls: list = []

    state = Progress()
    state.suggestions, state.calls = {}, []

    def week_summary(user, today):
        state.calls.append((user.id, today))
        data = {"minutes": 25, "goal_minutes": 60, "away": False, **state.get(user.id, {})}
        data.setdefault("remaining_minutes", max(0, data["goal_minutes"] - data["minutes"]))
        data.setdefault("met", data["remaining_minutes"] == 0)
        year, week, _ = today.isocalendar()
        data.setdefault("week", f"{year}-W{week:02d}")
        return data

    monkeypatch.setattr(dispatch, "week_summary", week_summary)
    monkeypatch.setattr(dispatch, "suggestion_for", lambda user, minutes: state.suggestions.get(user.id))
    return state


@pytest.fixture
def subscribe(login):
    """Subscribe a person's (new) device through the API; returns the subscription JSON."""

    def make(user, service: PushService) -> dict:
        subscription = service.subscribe()
        api = login(user)
        response = api.post("/api/v1/push/subscriptions", json=subscription, headers={"User-Agent": "Firefox/140 test"})
        assert response.status_code == 201, response.get_json()
        db.session.expire_all()
        return subscription

    return make


from tests.mailbox import relay  # noqa: E402, F401  (the loopback SMTP server, for e-mail reminders)
