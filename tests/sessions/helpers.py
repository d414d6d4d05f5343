"""Helpers for the knowledge-session tests."""

from datetime import timedelta

from server.clock import utcnow


def at(hours: float = 24, minutes: int = 0) -> str:
    """An ISO-8601 UTC moment `hours` from now (negative: in the past)."""
    return (utcnow() + timedelta(hours=hours, minutes=minutes)).replace(microsecond=0).isoformat()


def session_body(**changes) -> dict:
    body = {
        "title": "Frukostföreläsning: property-based testing",
        "description": "Kaffe, bullar och Hypothesis",
        "starts_at": at(24),
        "ends_at": at(25),
        "place": "Stora rummet, plan 3",
    }
    body.update(changes)
    return body


def plan(api, **changes) -> dict:
    response = api.post("/api/v1/sessions", json=session_body(**changes))
    assert response.status_code == 201, response.get_json()
    return response.get_json()
