"""SCIM on the wire (RFC 7644 §3): bodies read as `application/scim+json` (or plain JSON) through
the app's JSON limits, answers written as `application/scim+json`, and every failure answered as a
SCIM error document (`schemas`, `status`, `scimType`, `detail`) in the caller's language, never a 500
for bad input. Whatever a failed request had written is rolled back first.

scim2-models turns its own exceptions and pydantic's validation errors into error documents
(`Error.from_validation_errors`); this module adds the product's rule errors, HTTP errors (401, 404,
405, 413, 429), and the database's conflicts.
"""

import logging

from flask import Blueprint, current_app, request
from flask_babel import gettext as _
from pydantic import ValidationError
from scim2_models import Context, Error, InvalidSyntaxException, InvalidValueException, SCIMException
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException

from ..errors import RETRY_AFTER_SECONDS, RuleError, database_problem
from ..extensions import db
from ..i18n import translate_message
from ..text import is_clean

log = logging.getLogger(__name__)
SCIM_JSON = "application/scim+json"
READABLE_TYPES = (SCIM_JSON, "application/json")
# RFC 7644 §3.12: a rule error's status and the scimType it carries.
RULE_TYPES = {409: "uniqueness", 422: "invalidValue"}


def answer(body: dict | None, status: int = 200, headers: dict | None = None):
    if body is None:
        response = current_app.response_class(status=status)
    else:
        response = current_app.response_class(current_app.json.dumps(body), status=status, mimetype=SCIM_JSON)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    response.headers["Cache-Control"] = "no-store"
    return response


def error_answer(status: int, detail, scim_type: str | None = None, headers: dict | None = None):
    db.session.rollback()
    document = Error(status=status, scim_type=scim_type or None, detail=translate_message(str(detail)))
    return answer(document.model_dump(scim_ctx=Context.DEFAULT), status, headers)


def read_body() -> dict:
    """The request's JSON object; refuses other media types, bad JSON and text no database can store."""
    if request.mimetype not in READABLE_TYPES:
        raise InvalidSyntaxException(detail=_("Send JSON with Content-Type: application/scim+json."))
    try:
        data = current_app.json.loads(request.get_data(cache=True) or b"null")
    except ValueError as error:  # not JSON at all (too deep is a BadRequest, answered the same way)
        raise InvalidSyntaxException(detail=_("The body is not valid JSON.")) from error
    if not isinstance(data, dict):
        raise InvalidSyntaxException(detail=_("The body must be a JSON object."))
    if not _clean(data):
        raise InvalidValueException(detail=_("Not valid text."))
    return data


def clean_query() -> dict:
    args = request.args.to_dict()
    if not _clean(args):
        raise InvalidValueException(detail=_("Not valid text."))
    return args


def _clean(value) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not is_clean(item):
                return False
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


def _scim_error(error: SCIMException):
    return error_answer(error.status, error.detail, error.scim_type)


def _validation_error(error: ValidationError):
    """Every field at fault in one detail; a payload of the wrong shape (invalidSyntax) named first."""
    found = sorted(Error.from_validation_errors(error), key=lambda e: e.scim_type != "invalidSyntax")
    first = found[0] if found else Error(status=400, scim_type="invalidValue", detail=str(error))
    detail = "; ".join(dict.fromkeys(e.detail for e in found[:5] if e.detail)) or first.detail
    return error_answer(first.status or 400, detail, first.scim_type)


def _rule_error(error: RuleError):
    status = 400 if error.status == 422 else error.status
    return error_answer(status, error.message, RULE_TYPES.get(error.status))


def _http_error(error: HTTPException):
    headers = {k: v for k, v in error.get_headers() if k.lower() not in ("content-type", "content-length")}
    if error.code == 400:  # the JSON could not be read
        return error_answer(400, error.description, "invalidSyntax", headers)
    messages = {
        401: _("Send a provisioning token: Authorization: Bearer <token>."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        413: _("What you sent is too large."),
        429: _("Too many requests; please wait a moment and try again."),
    }
    return error_answer(error.code or 500, messages.get(error.code, error.description), None, headers)


def _database_error(error: SQLAlchemyError):
    if isinstance(error, IntegrityError):  # a userName, externalId or name taken a moment ago
        message = _("This conflicts with something stored a moment ago; please try again.")
        return error_answer(409, message, "uniqueness")
    if isinstance(error, OperationalError):
        log.error("database %s on %s %s: %s", database_problem(error), request.method, request.path, error.orig)
        return error_answer(
            503,
            _("The database is not available just now; please try again shortly."),
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    return _unexpected(error)


def _unexpected(error: Exception):
    log.exception("unhandled error on %s %s", request.method, request.path)
    return error_answer(500, _("Something went wrong on our side."))


def register_errors(blp: Blueprint) -> None:
    blp.register_error_handler(SCIMException, _scim_error)
    blp.register_error_handler(ValidationError, _validation_error)
    blp.register_error_handler(RuleError, _rule_error)
    blp.register_error_handler(HTTPException, _http_error)
    blp.register_error_handler(SQLAlchemyError, _database_error)
    blp.register_error_handler(Exception, _unexpected)
