"""The PWA's files as the server hands them out: read once per change, gzip'ed when the browser accepts
it, revalidated by ETag; the table of screens (pwa/js/screens.json) the app, its service worker and the
server all read; and the service worker with its precache list and a version made from the shell files'
contents, so that any change to the shell reaches installed apps as a new version."""

import gzip
import hashlib
import json
import mimetypes
import re
from functools import lru_cache
from pathlib import Path

from flask import Response, request
from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join

PWA_DIR = Path(__file__).resolve().parent.parent / "pwa"
SCREENS_FILE = PWA_DIR / "js" / "screens.json"
# Folders of the app shell; everything else under / is a screen of the single-page app or the server's.
STATIC_DIRS = ("js", "css", "icons", "i18n", "vendor", "img")
# Precached by the service worker: what the app needs to start and work offline.
SHELL_GLOBS = (
    "js/*.js",
    "js/screens.json",
    "js/views/*.js",
    "js/parts/*.js",
    "css/*.css",
    "i18n/*.json",
    "icons/icon-192.png",
    "icons/badge-96.png",
)
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


def screens() -> list[dict]:
    """The table of screens: each row's `name`, `paths` (Flask rule syntax), `title`, and how the app
    shows it (see pwa/js/screens.js)."""
    return json.loads(SCREENS_FILE.read_text())


def screen_paths() -> list[tuple[str, str]]:
    """(path, screen name) for every path of every screen, in the table's order."""
    return [(path, screen["name"]) for screen in screens() for path in screen["paths"]]


def _mimetype(path: Path) -> str:
    return MIMETYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


@lru_cache(maxsize=512)
def _encoded(data: bytes, compressible: bool) -> tuple[str, bytes | None]:
    etag = hashlib.sha256(data).hexdigest()[:20]
    packed = gzip.compress(data, 9, mtime=0) if compressible and len(data) > 256 else None
    return etag, packed


def respond(data: bytes, mimetype: str, *, cache: str) -> Response:
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
    """The file's bytes and path; a 404 for anything that is not a file under pwa/."""
    joined = safe_join(str(PWA_DIR), relative)
    path = Path(joined) if joined is not None else None
    if path is None or not path.is_file():
        raise NotFound()
    stat = path.stat()
    return _read(str(path), stat.st_mtime_ns, stat.st_size), path


def send(relative: str, *, cache: str = "no-cache", mimetype: str | None = None) -> Response:
    data, path = _file(relative)
    return respond(data, mimetype or _mimetype(path), cache=cache)


def send_static(folder: str, path: str) -> Response:
    """A file of the app shell's folders; nothing else under pwa/ (index.html, sw.js) this way."""
    if folder not in STATIC_DIRS:
        raise NotFound()
    return send(f"{folder}/{path}")


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
    shell = {
        "version": shell_version(),
        "files": ["/", *(f"/{f}" for f in shell_files())],
        "screens": [{"name": s["name"], "paths": s["paths"]} for s in screens()],
    }
    return SHELL_LINE.sub(lambda _: f"const SHELL = {json.dumps(shell)};", source, count=1).encode()
