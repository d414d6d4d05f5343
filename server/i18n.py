"""Languages: Swedish, Norwegian Bokmål and English, from the profile or the browser.

Every text a person reads from the server comes from one Flask-Babel catalog (`server/translations`,
see `babel.cfg` and `make translations`). Validation messages are made by marshmallow in English
before we see them, so `translate_message` maps each of its templates (listed below, with the values
it filled in) to the person's language.
"""

import re
from functools import lru_cache

from flask import Flask, has_request_context, request
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from .extensions import babel

SUPPORTED_LOCALES = ("sv", "nb", "en")


def N_(text: str) -> str:  # noqa: N802 (the gettext convention): marks a text for extraction only
    return text


# marshmallow's own messages, as it fills them in; {name} stands for the value it inserted.
VALIDATION_TEMPLATES = (
    N_("Missing data for required field."),
    N_("Field may not be null."),
    N_("Unknown field."),
    N_("Invalid input type."),
    N_("Invalid type."),
    N_("Invalid value."),
    N_("Invalid input."),
    N_("Not a valid string."),
    N_("Not a valid utf-8 string."),
    N_("Not a valid integer."),
    N_("Not a valid number."),
    N_("Number too large."),
    N_("Not a valid boolean."),
    N_("Not a valid list."),
    N_("Not a valid mapping type."),
    N_("Not a valid date."),
    N_("Not a valid datetime."),
    N_("Not a valid aware datetime."),
    N_("Not a valid time."),
    N_("Not a valid email address."),
    N_("Not a valid URL."),
    N_("Not a valid UUID."),
    N_("Special numeric values (nan or infinity) are not permitted."),
    N_("String does not match expected pattern."),
    N_("Must be one of: {choices}."),
    N_("Length must be between {min} and {max}."),
    N_("Length must be {equal}."),
    N_("Longer than maximum length {max}."),
    N_("Shorter than minimum length {min}."),
    N_("Must be greater than or equal to {min} and less than or equal to {max}."),
    N_("Must be greater than {min} and less than {max}."),
    N_("Must be greater than or equal to {min}."),
    N_("Must be less than or equal to {max}."),
    N_("Must be greater than {min}."),
    N_("Must be less than {max}."),
    N_("{what} must be base64url."),
    N_("{what} must be {size} bytes."),
)


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[re.Pattern, str]]:
    compiled = []
    for template in VALIDATION_TEMPLATES:
        if "{" not in template:
            continue
        pattern = re.escape(template)
        pattern = re.sub(r"\\\{(\w+)\\\}", lambda m: f"(?P<{m[1]}>.+?)", pattern)
        compiled.append((re.compile(f"^{pattern}$", re.DOTALL), template))
    return compiled


def translate_message(text: str) -> str:
    """The person's language for a message the server made in English (already translated texts
    and texts with no translation pass through unchanged)."""
    if not has_request_context():
        return text
    translated = gettext(text)
    if translated != text or "{" in text:
        return translated
    for pattern, template in _patterns():
        match = pattern.match(text)
        if match:
            return gettext(template).format(**match.groupdict())
    return text


def translate_errors(errors):
    """Field errors as marshmallow nests them (dicts of lists of texts), each text translated."""
    if isinstance(errors, dict):
        return {key: translate_errors(value) for key, value in errors.items()}
    if isinstance(errors, list | tuple):
        return [translate_errors(value) for value in errors]
    if isinstance(errors, str):
        return translate_message(errors)
    return str(errors) if errors is not None else None


def select_locale() -> str:
    try:
        if current_user and current_user.is_authenticated:
            return current_user.locale
    except SQLAlchemyError:  # answering "the database is away" must not need the database
        pass
    # Browsers often send plain "no" for Norwegian; Bokmål is what we ship.
    best = request.accept_languages.best_match([*SUPPORTED_LOCALES, "no", "nn"]) if request else None
    return "nb" if best in ("no", "nn") else (best or "en")


def register(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, default_translation_directories="translations")
