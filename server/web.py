"""Serves the PWA from pwa/ (through `shell.py`), the API docs page and the health check.

Every path of the table of screens (pwa/js/screens.json) answers with index.html, and only those: the
single-page app routes between them (History API), and any other path is the server's."""

from flask import Flask, jsonify

from . import shell
from .database import health, writes_on_read


def register(app: Flask) -> None:
    @app.get("/healthz")
    @writes_on_read
    def healthz():
        problem = health()
        if problem != "ok":
            return jsonify(status="error", database=problem), 503
        return jsonify(status="ok", database="ok")

    @app.get("/sw.js")
    def service_worker():
        # Always revalidated, so that a new app version reaches phones on their next visit.
        response = shell.respond(shell.service_worker_source(), "text/javascript", cache="no-cache")
        response.headers["Service-Worker-Allowed"] = "/"
        return response

    @app.get("/manifest.webmanifest")
    def manifest():
        return shell.send("manifest.webmanifest", mimetype="application/manifest+json")

    @app.get("/api/docs")
    def api_docs():
        return shell.send("api-docs.html")

    # Files are versioned by the service worker's cache name; browsers revalidate cheaply (ETag).
    @app.get("/<folder>/<path:path>")
    def shell_file(folder: str, path: str):
        return shell.send_static(folder, path)

    def screen(**_placeholders):
        return shell.send("index.html")

    for path, name in shell.screen_paths():
        app.add_url_rule(path, f"screen_{name}", screen)
