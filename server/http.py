"""Cross-cutting HTTP concerns: proxy headers, request size and JSON depth limits, ids in paths,
security headers, and request logs (one line per request with its id and timing; JSON for log
shippers when LOG_FORMAT=json). Logs never carry the secrets some URLs hold (reset, invitation and
calendar links): a request is logged by its route's pattern (`/reset/<token>`), and a path no route
matched, like the development server's own lines, with every long segment masked."""

import logging
import re
import time
import uuid

import flask_smorest
from flask import Flask, current_app, g, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _
from pythonjsonlogger.json import JsonFormatter
from webargs.core import is_json, missing
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import BadRequest
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from .database import LARGEST_ID
from .paths import logged_path, masked

log = logging.getLogger("learning_hour.request")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

MAX_JSON_DEPTH = 32

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "font-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


SECURITY_HEADERS = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: ids beyond what the id columns hold simply do not exist (404), instead
    of reaching the database as an overflow."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002  (werkzeug's own parameter name)
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


class JSONProvider(DefaultJSONProvider):
    """JSON bodies nest at most MAX_JSON_DEPTH levels: deeper is a 400, never a RecursionError.
    Answers keep the order their schemas give."""

    sort_keys = False

    def loads(self, s, **kwargs):
        try:
            data = super().loads(s, **kwargs)
        except RecursionError as error:
            raise BadRequest(_("The JSON body is nested too deeply.")) from error
        if _depth(data) > MAX_JSON_DEPTH:
            raise BadRequest(_("The JSON body is nested too deeply."))
        return data


class Parser(FlaskParser):
    """Request bodies read by `@blp.arguments` go through the app's JSON provider (its depth limit)."""

    def _raw_load_json(self, req):
        if not is_json(req.mimetype):
            return missing
        return current_app.json.loads(req.get_data(cache=True))


class Blueprint(flask_smorest.Blueprint):
    """Every feature's API blueprint: flask-smorest's, reading bodies with `Parser`."""

    ARGUMENTS_PARSER = Parser()


def _depth(data) -> int:
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            if depth > MAX_JSON_DEPTH:
                return depth
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


class _MaskedRequestLines(logging.Filter):
    """The development server (`flask run`) logs each request line with its whole path and query."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(masked(arg) if isinstance(arg, str) and "/" in arg else arg for arg in record.args)
        return True


def configure_logging(app: Flask) -> None:
    """The app's loggers write to stderr once, as text or as JSON lines; `app.logger` joins them."""
    logger = logging.getLogger("learning_hour")
    logger.setLevel(app.config["LOG_LEVEL"])
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, _MaskedRequestLines) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(_MaskedRequestLines())
    for name in ("server", "learning_hour"):
        logging.getLogger(name).setLevel(app.config["LOG_LEVEL"])
    if getattr(logger, "configured_by_app", False) or app.testing:
        return
    handler = logging.StreamHandler()
    if app.config["LOG_FORMAT"] == "json":
        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s",
                rename_fields={"asctime": "time", "levelname": "level"},
            )
        )
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    for name in ("server", "learning_hour"):
        logging.getLogger(name).addHandler(handler)
        logging.getLogger(name).propagate = False
    logger.configured_by_app = True


def register(app: Flask) -> None:
    configure_logging(app)
    hops = app.config["PROXY_FIX_HOPS"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_prefix=hops)
    app.url_map.converters["int"] = IdConverter
    app.json = JSONProvider(app)

    @app.before_request
    def _start_timer():
        g.request_started = time.perf_counter()
        sent = request.headers.get("X-Request-ID", "")
        g.request_id = sent if REQUEST_ID.match(sent) else uuid.uuid4().hex

    @app.after_request
    def _security_headers(response):
        headers = response.headers
        # Added in one pass where the view set none of its own (a header lookup scans them all).
        present = {name.lower() for name in headers.keys()}
        headers.extend([(name, value) for name, value in SECURITY_HEADERS if name.lower() not in present])
        if request.is_secure and "strict-transport-security" not in present:
            headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
        if "cache-control" not in present and request.path.startswith("/api/"):
            headers["Cache-Control"] = "no-store"
        return response

    @app.after_request
    def _log_request(response):
        # The request and `g` looked up once (each use of Flask's proxies is a context lookup).
        req, ctx = request._get_current_object(), g._get_current_object()
        started, request_id = ctx.get("request_started"), ctx.get("request_id")
        took_ms = (time.perf_counter() - started) * 1000 if started else 0.0
        response.headers.setdefault("Server-Timing", f"app;dur={took_ms:.1f}")
        if request_id:
            response.headers["X-Request-ID"] = request_id
        if log.isEnabledFor(logging.INFO):
            path = logged_path(req)
            log.info(
                "%s %s %s %.1fms",
                req.method,
                path,
                response.status_code,
                took_ms,
                extra={
                    "request_id": request_id,
                    "method": req.method,
                    "path": path,
                    "endpoint": req.url_rule.rule if req.url_rule else None,
                    "status": response.status_code,
                    "duration_ms": round(took_ms, 1),
                },
            )
        return response
