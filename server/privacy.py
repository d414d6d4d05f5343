"""The personal-data registry: each feature hands in how to export and how to erase one person's
data in its own tables, so that `GET /me/export` and account deletion cover everything without the
accounts feature reaching into anyone's tables.
"""

from collections.abc import Callable

from flask import Flask, current_app

Exporter = Callable[[object], object]  # (user) -> JSON-able data of that feature
Eraser = Callable[[object], None]  # (user) -> removes personal data, keeps anonymous totals

# Sections the accounts export fills in itself; features register under other names.
OWN_SECTIONS = frozenset({"exported_at", "profile", "organisation", "api_tokens"})


def register_personal_data(app: Flask, section: str, export: Exporter, erase: Eraser) -> None:
    if section in OWN_SECTIONS:
        raise ValueError(f"'{section}' is a section of the accounts export itself")
    app.extensions.setdefault("personal_data", {})[section] = (export, erase)


def exporters() -> dict[str, Exporter]:
    return {name: export for name, (export, _) in current_app.extensions.get("personal_data", {}).items()}


def erasers() -> list[Eraser]:
    return [erase for _, erase in current_app.extensions.get("personal_data", {}).values()]
