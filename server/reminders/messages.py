"""What a reminder says, in the person's language (sv, nb, en), and the JSON the service worker reads.
Texts come from the app's catalog (`make translations`)."""

import json

from flask import current_app
from flask_babel import force_locale, gettext, ngettext
from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer

LOCALES = ("sv", "nb", "en")
SNOOZE_TOKEN_MAX_AGE = 2 * 24 * 3600
_ = gettext


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="reminders.snooze")


def snooze_token(user_id: int, week: str) -> str:
    return _serializer().dumps({"u": user_id, "w": week})


def read_snooze_token(token: str) -> dict | None:
    """{"u": user id, "w": week} for a genuine token younger than two days, else None."""
    try:
        data = _serializer().loads(token, max_age=SNOOZE_TOKEN_MAX_AGE)
    except (BadSignature, ValueError, TypeError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("u"), int) else None


def unsubscribe_token(user_id: int, kind: str) -> str:
    """For an e-mail's one-click unsubscribe link: whoever holds it may turn that kind of e-mail off
    (and on again) for this person; it does not expire, as old e-mails must keep working."""
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="reminders.unsubscribe").dumps(
        {"u": user_id, "k": kind}
    )


def read_unsubscribe_token(token: str) -> dict | None:
    """{"u": user id, "k": "reminder" | "digest"} for a genuine token, else None."""
    try:
        data = URLSafeSerializer(current_app.config["SECRET_KEY"], salt="reminders.unsubscribe").loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    ok = isinstance(data, dict) and isinstance(data.get("u"), int) and data.get("k") in ("reminder", "digest")
    return data if ok else None


def _body(minutes_left: int, suggestion: dict | None) -> str:
    text = ngettext(
        "You have %(num)d minute left of this week's learning hour.",
        "You have %(num)d minutes left of this week's learning hour.",
        minutes_left,
    )
    if suggestion:
        duration = suggestion.get("duration_minutes")
        if duration:
            text += " " + ngettext(
                "“%(title)s” takes %(num)d minute.",
                "“%(title)s” takes %(num)d minutes.",
                duration,
                title=suggestion["title"],
            )
        else:
            text += " " + _("How about “%(title)s”?", title=suggestion["title"])
    return text


def short_suggestion(suggestion: dict | None) -> dict | None:
    if not suggestion:
        return None
    title = str(suggestion.get("title") or "")
    return {
        "id": suggestion.get("id"),
        "title": title if len(title) <= 120 else title[:119] + "…",
        "duration_minutes": suggestion.get("duration_minutes"),
    }


def reminder_payload(
    *, locale: str, user_id: int, week: str, kind: str, minutes_left: int, suggestion: dict | None
) -> dict:
    suggestion = short_suggestion(suggestion)
    with force_locale(locale if locale in LOCALES else "en"):
        return {
            "title": _("Time for your learning hour"),
            "body": _body(minutes_left, suggestion),
            "url": "/log",
            "tag": f"reminder-{week}",
            "kind": kind,
            "week": week,
            "minutes_left": minutes_left,
            "suggestion": suggestion,
            "actions": [
                {"action": "log15", "title": _("Log 15 min")},
                {"action": "snooze", "title": _("Remind me tomorrow")},
            ],
            "snooze_token": snooze_token(user_id, week),
        }


def test_payload(*, locale: str) -> dict:
    with force_locale(locale if locale in LOCALES else "en"):
        return {
            "title": _("Reminders are on"),
            "body": _("This is how your weekly reminder will look."),
            "url": "/log",
            "tag": "reminder-test",
            "kind": "test",
            "actions": [],
        }


def encode(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
