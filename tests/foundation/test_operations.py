"""What operators rely on: request ids in logs and answers, Prometheus metrics for allowed addresses only."""

import json
import logging

import pytest

from server import create_app
from server.paths import masked


def test_metrics_are_served_to_loopback_only(login, org, app):
    api = login(org.erik)
    api.get("/api/v1/me/weeks/current")
    entry = {"id": "8a1a0a52-7d0e-4d4f-9d55-1f1f4a4c0001", "minutes": 10, "activity": "podcast", "title": "x"}
    api.post("/api/v1/entries/sync", json={"entries": [entry, {"minutes": 0}]})
    text = app.test_client().get("/metrics").get_data(as_text=True)
    assert 'learning_hour_http_requests_total{endpoint="/api/v1/me/weeks/current",method="GET",status="200"}' in text
    assert "learning_hour_http_request_duration_seconds_bucket" in text
    assert 'learning_hour_outbox_items_total{status="created"}' in text
    assert 'learning_hour_outbox_items_total{status="invalid"}' in text
    outside = app.test_client().get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert outside.status_code == 404


def test_every_answer_carries_a_request_id_and_logs_it(client, caplog):
    with caplog.at_level(logging.INFO, logger="learning_hour.request"):
        given = client.get("/healthz", headers={"X-Request-ID": "lb-1234.abc"})
        made = client.get("/healthz", headers={"X-Request-ID": "not ok; injected"})
    assert given.headers["X-Request-ID"] == "lb-1234.abc"
    assert len(made.headers["X-Request-ID"]) == 32 and made.headers["X-Request-ID"] != "not ok; injected"
    records = [r for r in caplog.records if r.name == "learning_hour.request"]
    assert [r.request_id for r in records] == ["lb-1234.abc", made.headers["X-Request-ID"]]
    assert records[0].status == 200 and records[0].endpoint == "/healthz" and records[0].duration_ms >= 0


@pytest.fixture
def restore_loggers():
    """The app configures the process's loggers once; put them back for the rest of the suite."""
    names = ("server", "learning_hour")
    saved = {n: (list(logging.getLogger(n).handlers), logging.getLogger(n).propagate) for n in names}
    logging.getLogger("learning_hour").configured_by_app = False  # whatever an earlier app set up
    yield
    for name, (handlers, propagate) in saved.items():
        logger = logging.getLogger(name)
        logger.handlers[:] = handlers
        logger.propagate = propagate
    logging.getLogger("learning_hour").configured_by_app = False


def test_json_logs_are_one_object_a_line(app_config, tmp_path, capfd, restore_loggers):
    create_app(
        app_config
        | {"TESTING": False, "LOG_FORMAT": "json", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}"}
    )
    logging.getLogger("learning_hour.request").info("hello", extra={"request_id": "r1", "status": 200})
    line = [x for x in capfd.readouterr().err.splitlines() if x.startswith("{")][-1]
    assert json.loads(line) | {"time": None} == {
        "time": None,
        "level": "INFO",
        "name": "learning_hour.request",
        "message": "hello",
        "request_id": "r1",
        "status": 200,
    }


def test_secrets_in_urls_never_reach_the_logs(login, org, app, client, caplog):
    """Reset, invitation and calendar links carry their secret in the path: the request log names the
    route's pattern, a path no route matched is masked, and the development server's lines too."""
    admin = login(org.admin)
    reset = admin.post(f"/api/v1/admin/users/{org.erik.id}/reset-link").get_json()["token"]
    invite = admin.post("/api/v1/invites", json={}).get_json()["token"]
    feed = login(org.erik).get("/api/v1/me/calendar").get_json()["url"].rsplit("/", 1)[1]
    # The werkzeug logger's own level too: a live server earlier in this worker quietens it.
    with caplog.at_level(logging.INFO), caplog.at_level(logging.INFO, logger="werkzeug"):
        client.get(f"/api/v1/password-resets/{reset}")
        client.get(f"/api/v1/invites/{invite}")
        client.get(f"/calendar/{feed}")
        client.get(f"/reset/{reset}")
        client.get(f"/api/v1/invites/{invite}/nowhere?token={invite}")
        logging.getLogger("werkzeug").info("%s - - [%s] %s", "127.0.0.1", "now", f'"GET /reset/{reset} HTTP/1.1" 200 -')
    text = "\n".join(record.getMessage() + repr(record.__dict__) for record in caplog.records)
    assert all(secret not in text for secret in (reset, invite, feed.removesuffix(".ics")))
    assert "/api/v1/password-resets/<string:token>" in text and "/calendar/<token>.ics" in text
    assert '"GET /reset/… HTTP/1.1" 200 -' in text
    assert masked(f"/api/v1/invites/{invite}/nowhere?token={invite}") == "/api/v1/invites/…/nowhere"


def test_made_up_methods_are_one_label_in_the_metrics(app):
    client = app.test_client()
    before = client.get("/metrics").get_data(as_text=True).count("learning_hour_http_requests_total{")
    for number in range(20):
        client.open("/api/v1/me", method=f"MADEUP{number}")
    text = client.get("/metrics").get_data(as_text=True)
    assert 'method="MADEUP' not in text and 'method="other"' in text
    assert text.count("learning_hour_http_requests_total{") - before <= 2  # "other" and /metrics' own GET at most
