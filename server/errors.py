"""One error path. Everything under /api answers JSON: `{code, status, message, errors?}`, with
`errors` naming each bad field by where it came from (`json`, `query`, `form`). Every message a
person reads comes through Flask-Babel in their language.

A service that finds a rule broken raises `RuleError`; routes never catch it. Whatever the request
had written is rolled back before the answer, so nothing half-done is kept.
"""

import logging
import time

from flask import Flask, current_app, jsonify, request
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError, default_exceptions
from werkzeug.http import HTTP_STATUS_CODES

from .extensions import db
from .i18n import translate_errors, translate_message
from .paths import logged_path

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5
STORAGE_PROBLEM_MEMORY = 60.0  # seconds /healthz keeps reporting a write that failed for lack of storage


class RuleError(ValueError):
    """A broken rule. `field` names the input at fault, `status` the answer it deserves (422 bad
    input, 403 not allowed, 404 absent, 409 conflict, 410 gone), `location` where the field was."""

    def __init__(self, field: str, message, status: int = 422, location: str = "json"):
        super().__init__(str(message))
        self.field = field
        self.message = message
        self.status = status
        self.location = location


def found(value, field: str, message):
    """`value`, or a 404 naming `field` when there is none: the first half of every lookup, e.g.
    `visible_session(viewer, id)`, which a service offers and its routes call."""
    if value is None:
        raise RuleError(field, message, 404)
    return value


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, message=None, errors: dict | None = None, headers: dict | None = None):
    payload = {"code": status, "status": _status_name(status)}
    if message is not None:
        payload["message"] = translate_message(str(message))
    if errors:
        payload["errors"] = translate_errors(errors)
    response = jsonify(payload)
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _status_name(status: int) -> str:
    return HTTP_STATUS_CODES.get(status, "Error")


def rule_error_response(error: RuleError):
    db.session.rollback()
    if not _wants_json():  # a page a browser or a calendar app opens: the plain HTTP answer
        return default_exceptions[error.status](str(error.message))
    if error.status == 422:
        return error_response(
            422, _("Some of what you sent is not valid."), {error.location: {error.field: [str(error.message)]}}
        )
    return error_response(error.status, error.message)


def database_problem(error: Exception) -> str:
    """`full`, `read-only` or `unreachable`: what an operator needs to know first."""
    text = str(getattr(error, "orig", error)).lower()
    if "full" in text or "no space" in text:
        return "full"
    if "readonly" in text or "read-only" in text or "read only" in text:
        return "read-only"
    return "unreachable"


def note_storage_problem(problem: str) -> None:
    """Remember that a write just failed for lack of storage, so that `/healthz` says so even when its
    own small write still fits."""
    current_app.extensions["storage_problem"] = (problem, time.monotonic())


def recent_storage_problem(within: float = STORAGE_PROBLEM_MEMORY) -> str | None:
    seen = current_app.extensions.get("storage_problem")
    return seen[0] if seen and time.monotonic() - seen[1] < within else None


def database_error_response(error: SQLAlchemyError):
    """What a failed write means for the person: a conflict (409), or the database cannot take it
    just now (503, try again shortly). Never a bare 500 for a known database condition."""
    if isinstance(error, IntegrityError):
        return error_response(409, _("This conflicts with something stored a moment ago; please try again."))
    if isinstance(error, OperationalError):
        problem = database_problem(error)
        if problem in ("full", "read-only"):
            note_storage_problem(problem)
        log.error("database %s on %s %s: %s", problem, request.method, logged_path(request), error.orig)
        message = (
            _(
                "Nothing can be saved just now: the server's storage is full or read-only. "
                "What you had already saved is safe; please try again later."
            )
            if problem in ("full", "read-only")
            else _("The database is not available just now; please try again shortly.")
        )
        return error_response(503, message, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    log.exception("database error on %s %s", request.method, logged_path(request))
    return error_response(500, _("Something went wrong on our side."))


def _default_message(status: int) -> str | None:
    return {
        400: _("The request could not be read."),
        401: _("Please sign in."),
        403: _("You are not allowed to do this."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        413: _("What you sent is too large."),
        415: _("Send JSON with Content-Type: application/json."),
        422: _("Some of what you sent is not valid."),
        429: _("Too many attempts; please wait a moment and try again."),
        500: _("Something went wrong on our side."),
        503: _("The service is not available just now; please try again shortly."),
    }.get(status)


def _http_error(error: HTTPException):
    if not _wants_json():
        return error
    data = getattr(error, "data", None) or {}
    # Keep the exception's own headers (Allow on a 405, Retry-After on a 429), not its HTML type.
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    headers.update(data.get("headers") or {})
    errors = data.get("errors") or data.get("messages")
    own_words = error.description if error.description != type(error).description else None
    message = data.get("message") or own_words or _default_message(error.code) or error.description
    return error_response(error.code, message, errors, headers)


def _unexpected(error: Exception):
    if isinstance(error, HTTPException):
        return _http_error(error)
    db.session.rollback()
    if isinstance(error, SQLAlchemyError):
        if _wants_json() or isinstance(error, OperationalError):
            return database_error_response(error)
    log.exception("unhandled error on %s %s", request.method, logged_path(request))
    if _wants_json():
        return error_response(500, _("Something went wrong on our side."))
    return InternalServerError()


def register(app: Flask) -> None:
    app.register_error_handler(RuleError, rule_error_response)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
