"""The `note` carrier registered on the shared app for a test."""

import pytest

from server import outbox
from tests.outbox.carrier import NoteCarrier


@pytest.fixture
def notes(app):
    carrier = NoteCarrier()
    outbox.register_sender(app, "note", carrier.open)
    yield carrier
    app.extensions["outbox.senders"].pop("note", None)
