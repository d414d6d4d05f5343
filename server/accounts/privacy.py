"""Personal data across features: each feature registers how to export and erase a user's data.

Accounts owns `GET /me/export` and account deletion; the features own their tables, so they hand in
two plain functions at start-up instead of accounts reaching into them.
"""
from collections.abc import Callable

from flask import Flask

Exporter = Callable[[object], object]   # (user) -> JSON-able data of that feature
Eraser = Callable[[object], None]       # (user) -> removes personal data, keeps anonymous totals


def register_personal_data(app: Flask, section: str, export: Exporter, erase: Eraser) -> None:
    app.extensions.setdefault("personal_data", {})[section] = (export, erase)


def sections(app: Flask) -> dict[str, tuple[Exporter, Eraser]]:
    return app.extensions.get("personal_data", {})
