"""Helpers for the bank's tests."""

import pytest


@pytest.fixture
def share(login):
    """share(user, url, **fields) -> the JSON answer of POST /resources (asserting 201 or 200)."""
    clients = {}

    def add(user, url, *, kind="article", title="A title", expect=201, **fields):
        api = clients.get(user.id) or clients.setdefault(user.id, login(user))
        body = {"url": url, "kind": kind, **fields}
        if title is not None:
            body["title"] = title
        response = api.post("/api/v1/resources", json=body)
        assert response.status_code == expect, response.get_json()
        return response.get_json()

    add.client_of = lambda user: clients.get(user.id) or clients.setdefault(user.id, login(user))
    return add
