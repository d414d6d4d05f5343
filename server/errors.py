"""JSON errors for everything under /api; HTML pages keep Werkzeug's plain answers."""
import logging

from flask import Flask, jsonify, request
from flask_smorest import abort
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import api, db
from .rules import RuleError

log = logging.getLogger(__name__)


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if _wants_json():
            # flask-smorest's handler adds the field errors of a 422 and Retry-After of a 429.
            return api.handle_http_exception(error)
        return error

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return _http_error(error)
        log.exception("unhandled error on %s %s", request.method, request.path)
        if isinstance(error, SQLAlchemyError):
            db.session.rollback()
        if _wants_json():
            return jsonify(code=500, status="Internal Server Error",
                           message="Something went wrong on our side."), 500
        return InternalServerError()


def refuse(error: RuleError):
    """Answer a broken rule from a service: a 422 names the field, other statuses carry the message.
    Whatever the request had written is rolled back first, so nothing half-done is kept."""
    db.session.rollback()
    if error.status == 422:
        abort(422, errors={"json": {error.field: [error.message]}})
    abort(error.status, message=error.message)
