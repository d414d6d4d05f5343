"""Serves the PWA from pwa/ (gzip'ed when the browser accepts it), the API docs page and the health check.

Every screen path of the single-page app answers with index.html (History API routing). The service
worker is served with its precache list and a version made from the shell files' contents, so any change
to the shell reaches installed apps as a new version."""

import gzip
import hashlib
import json
import mimetypes
import re
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, abort, jsonify, request
from werkzeug.security import safe_join

from .database import check_writable, writes_on_read
from .errors import database_problem, recent_storage_problem
from .extensions import db

PWA_DIR = Path(__file__).resolve().parent.parent / "pwa"
# Folders of the app shell; everything else under / is a screen of the single-page app.
STATIC_DIRS = ("js", "css", "icons", "i18n", "vendor", "img")
APP_SCREENS = (
    "",
    "log",
    "bank",
    "bank/<int:resource_id>",
    "add",
    "saved",
    "team",
    "settings",
    "login",
    "invite/<token>",
    "share",
    "admin",
    "history",
    "reset/<token>",
    "sessions",
    "sessions/new",
    "sessions/<int:session_id>",
    "sessions/<int:session_id>/edit",
    "lessons",
    "lessons/new",
    "lessons/<int:lesson_id>/edit",
    "mentoring",
)
# Precached by the service worker: what the app needs to start and work offline.
SHELL_GLOBS = ("js/*.js", "js/views/*.js", "css/*.css", "i18n/*.json", "icons/icon-192.png", "icons/badge-96.png")
NOT_SHELL = {"js/api-docs.js"}
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/manifest+json", "image/svg+xml")
MIMETYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".webmanifest": "application/manifest+json",
    ".json": "application/json",
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".html": "text/html",
}
SHELL_LINE = re.compile(r"^const SHELL = .*;$", re.MULTILINE)


def _mimetype(path: Path) -> str:
    return MIMETYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


@lru_cache(maxsize=512)
def _encoded(data: bytes, compressible: bool) -> tuple[str, bytes | None]:
    etag = hashlib.sha256(data).hexdigest()[:20]
    packed = gzip.compress(data, 9, mtime=0) if compressible and len(data) > 256 else None
    return etag, packed


def _respond(data: bytes, mimetype: str, *, cache: str) -> Response:
    compressible = mimetype.startswith(COMPRESSIBLE)
    etag, packed = _encoded(data, compressible)
    wants_gzip = packed is not None and "gzip" in request.headers.get("Accept-Encoding", "")
    response = Response(packed if wants_gzip else data, mimetype=mimetype)
    if mimetype.startswith("text/") and "charset" not in response.content_type:
        response.content_type = f"{mimetype}; charset=utf-8"
    if wants_gzip:
        response.headers["Content-Encoding"] = "gzip"
    if compressible:
        response.vary.add("Accept-Encoding")
    response.set_etag(f"{etag}-gz" if wants_gzip else etag)
    response.headers["Cache-Control"] = cache
    response = response.make_conditional(request)
    # The WSGI server sends its own Date; make_conditional's would make it appear twice.
    response.headers.pop("Date", None)
    return response


@lru_cache(maxsize=512)
def _read(path: str, mtime_ns: int, size: int) -> bytes:
    return Path(path).read_bytes()


def _file(relative: str) -> tuple[bytes, Path]:
    joined = safe_join(str(PWA_DIR), relative)
    if joined is None:
        abort(404)
    path = Path(joined)
    if not path.is_file():
        abort(404)
    stat = path.stat()
    return _read(str(path), stat.st_mtime_ns, stat.st_size), path


def _send(relative: str, *, cache: str = "no-cache", mimetype: str | None = None) -> Response:
    data, path = _file(relative)
    return _respond(data, mimetype or _mimetype(path), cache=cache)


def shell_files() -> list[str]:
    files = sorted(
        {p.relative_to(PWA_DIR).as_posix() for pattern in SHELL_GLOBS for p in PWA_DIR.glob(pattern)} - NOT_SHELL
    )
    return files


def shell_version() -> str:
    digest = hashlib.sha256()
    for relative in ["index.html", "sw.js", "manifest.webmanifest", *shell_files()]:
        digest.update(relative.encode())
        digest.update(_file(relative)[0])
    return digest.hexdigest()[:12]


def service_worker_source() -> bytes:
    source = _file("sw.js")[0].decode()
    shell = {"version": shell_version(), "files": ["/", *(f"/{f}" for f in shell_files())]}
    return SHELL_LINE.sub(lambda _: f"const SHELL = {json.dumps(shell)};", source, count=1).encode()


def register(app: Flask) -> None:
    @app.get("/healthz")
    @writes_on_read
    def healthz():
        """Healthy means the database answers *and* stores a write (a full disk or a read-only
        database is not healthy, though it still answers reads)."""
        try:
            check_writable()
        except Exception as error:  # any database failure means unhealthy, whatever the driver raises
            db.session.rollback()
            return jsonify(status="error", database=database_problem(error)), 503
        problem = recent_storage_problem()
        if problem:
            return jsonify(status="error", database=problem), 503
        return jsonify(status="ok", database="ok")

    @app.get("/sw.js")
    def service_worker():
        # Always revalidated, so that a new app version reaches phones on their next visit.
        response = _respond(service_worker_source(), "text/javascript", cache="no-cache")
        response.headers["Service-Worker-Allowed"] = "/"
        return response

    @app.get("/manifest.webmanifest")
    def manifest():
        return _send("manifest.webmanifest", mimetype="application/manifest+json")

    @app.get("/api/docs")
    def api_docs():
        return _send("api-docs.html")

    @app.get("/<folder>/<path:path>")
    def shell_file(folder: str, path: str):
        if folder not in STATIC_DIRS:
            abort(404)
        # Files are versioned by the service worker's cache name; browsers revalidate cheaply (ETag).
        return _send(f"{folder}/{path}")

    def index(**_screen_args):
        return _send("index.html")

    app.add_url_rule("/", "index", index)
    for screen in APP_SCREENS[1:]:
        app.add_url_rule(f"/{screen}", "screen_" + screen.split("/")[0] + ("_item" if "/" in screen else ""), index)
