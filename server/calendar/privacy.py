"""This feature's part of a person's data export and of erasing an account."""

from ..clock import iso
from ..extensions import db
from . import service


def export_personal_data(user) -> dict:
    """The learning block (the feed's token is a secret, not data about the person)."""
    block = service.learning_block(user)
    return {"learning_block": {**block, "updated_at": iso(block["updated_at"])}}


def erase_personal_data(user) -> None:
    """The feed's secret URL stops working and the block goes."""
    service.forget(user)
    db.session.flush()
