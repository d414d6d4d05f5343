"""JSON errors for everything under /api; HTML pages keep Werkzeug's plain answers."""
import logging

from flask import Flask, jsonify, request
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import api, db

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
