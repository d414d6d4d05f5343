"""Serves the PWA from pwa/, the API docs page and the health check."""
from pathlib import Path

from flask import Flask, abort, jsonify, send_from_directory
from sqlalchemy import text

from .extensions import db

PWA_DIR = Path(__file__).resolve().parent.parent / "pwa"
# Folders of the app shell; everything else under / is a screen of the single-page app.
STATIC_DIRS = ("js", "css", "icons", "i18n", "vendor", "img")
APP_SCREENS = ("", "log", "bank", "add", "saved", "team", "settings", "login", "invite", "share")


def _send(path: str, *, cache: str, mimetype: str | None = None):
    response = send_from_directory(PWA_DIR, path, mimetype=mimetype, max_age=None)
    response.headers["Cache-Control"] = cache
    return response


def register(app: Flask) -> None:
    @app.get("/healthz")
    def healthz():
        try:
            db.session.execute(text("SELECT 1"))
        except Exception:  # any database failure means unhealthy, whatever the driver raises
            db.session.rollback()
            return jsonify(status="error", database="unreachable"), 503
        return jsonify(status="ok", database="ok")

    @app.get("/sw.js")
    def service_worker():
        # Always revalidated, so that a new app version reaches phones on their next visit.
        response = _send("sw.js", cache="no-cache", mimetype="text/javascript")
        response.headers["Service-Worker-Allowed"] = "/"
        return response

    @app.get("/manifest.webmanifest")
    def manifest():
        return _send("manifest.webmanifest", cache="no-cache", mimetype="application/manifest+json")

    @app.get("/api/docs")
    def api_docs():
        return _send("api-docs.html", cache="no-cache")

    @app.get("/<folder>/<path:path>")
    def shell_file(folder: str, path: str):
        if folder not in STATIC_DIRS:
            abort(404)
        # Files are versioned by the service worker's cache name; browsers revalidate cheaply.
        return _send(f"{folder}/{path}", cache="no-cache")

    def index(screen: str = ""):
        return _send("index.html", cache="no-cache")

    app.add_url_rule("/", "index", index)
    for screen in APP_SCREENS[1:]:
        app.add_url_rule(f"/{screen}", f"screen_{screen}", index)
