"""Languages: Swedish, Norwegian Bokmål and English, from the profile or the browser."""
from flask import Flask, request
from flask_login import current_user

from .extensions import babel

SUPPORTED_LOCALES = ("sv", "nb", "en")


def select_locale() -> str:
    if current_user and current_user.is_authenticated:
        return current_user.locale
    # Browsers often send plain "no" for Norwegian; Bokmål is what we ship.
    best = request.accept_languages.best_match([*SUPPORTED_LOCALES, "no", "nn"]) if request else None
    return "nb" if best in ("no", "nn") else (best or "en")


def register(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
