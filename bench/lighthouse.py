"""Lighthouse at mobile settings against the PWA with the demo data: performance, accessibility and
best-practices scores of the Log, Bank and Settings screens (signed in) and the sign-in screen.

`python -m bench lighthouse` (or `main(["log"])` for one page). Installs the npm package `lighthouse` into
bench/results/lighthouse-npm/ (gitignored) when missing and drives the Debian Chromium
(CHROME_PATH=/usr/bin/chromium). Targets: performance >= 95, accessibility 100, best practices >= 95.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

import httpx

from bench.support import scratch_database

ROOT = Path(__file__).resolve().parent.parent
TOOL_DIR = ROOT / "bench" / "results" / "lighthouse-npm"
REPORT_DIR = ROOT / "bench" / "results"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
DEMO_EMAIL = "erik@demo.example"
PAGES = [("log", "/log", True), ("bank", "/bank", True), ("settings", "/settings", True), ("login", "/login", False)]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95}


@contextmanager
def serve_demo():
    """The app with the demo organisation on a scratch SQLite database, served on a free loopback port;
    yields its base URL."""
    from werkzeug.serving import make_server

    from server import create_app
    from server.demo import seed
    from server.extensions import db

    with tempfile.TemporaryDirectory(prefix="lh-demo-") as tmp, scratch_database("demo") as url:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "SECRET_KEY": "demo-server-secret-not-for-production",
                "RATELIMIT_ENABLED": False,
                "VAPID_INSTANCE_DIR": tmp,
            }
        )
        with app.app_context():
            seed()
            db.session.commit()  # the seed functions flush; the caller commits
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.port}"
        finally:
            server.shutdown()
            thread.join(timeout=5)
            with app.app_context():
                db.engine.dispose()


FALLBACK_BANK = [  # used only while the demo seed has no bank of its own
    (
        "erik@demo.example",
        "podcast",
        "https://example.com/podcasts/design-matters-ep-212",
        "Design Matters: how good teams decide",
        28,
        ["design", "teams"],
    ),
    (
        "sara@demo.example",
        "article",
        "https://example.com/articles/writing-clear-docs",
        "Writing documentation people actually read",
        12,
        ["writing"],
    ),
    (
        "maja@demo.example",
        "course",
        "https://example.com/courses/intro-to-sql",
        "Introduction to SQL in five short lessons",
        90,
        ["data", "sql"],
    ),
    (
        "nora@demo.example",
        "video",
        "https://example.com/videos/feedback-that-lands",
        "Feedback that lands: a 20-minute talk",
        20,
        ["leadership"],
    ),
    (
        "lars@demo.example",
        "book",
        "https://example.com/books/the-mom-test",
        "The Mom Test: talking to customers",
        None,
        ["product", "research"],
    ),
    (
        "erik@demo.example",
        "webinar",
        "https://example.com/webinars/accessibility-basics",
        "Accessibility basics for everyone who ships",
        45,
        ["accessibility", "design"],
    ),
]


def lighthouse_bin() -> Path:
    binary = TOOL_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        TOOL_DIR.mkdir(parents=True, exist_ok=True)
        print("installing lighthouse (npm) into", TOOL_DIR, flush=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix", str(TOOL_DIR), "lighthouse"],
            check=True,
        )
    return binary


def session_cookie(base_url: str, email: str = DEMO_EMAIL) -> str:
    from server.demo import PASSWORD

    with httpx.Client(base_url=base_url) as client:
        response = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
        response.raise_for_status()
        return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


def run_lighthouse(binary: Path, url: str, name: str, cookie: str | None = None) -> dict:
    out = REPORT_DIR / f"lighthouse-{name}.json"
    command = [
        str(binary),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        "--only-categories=performance,accessibility,best-practices",
        "--form-factor=mobile",
        "--screenEmulation.mobile",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = {**os.environ, "CHROME_PATH": CHROME}
    subprocess.run(command, check=True, env=env, timeout=300)
    report = json.loads(out.read_text())
    scores = {key: round((cat["score"] or 0) * 100) for key, cat in report["categories"].items()}
    failing = [
        f"{audit['id']}: {audit.get('title', '')}"
        for audit in report["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in {"binary", "numeric", "metricSavings"}
    ]
    return {"scores": scores, "failing": failing, "report": str(out)}


def main(argv: list[str]) -> int:
    if not shutil.which("npm") or not Path(CHROME).exists():
        print("lighthouse: needs npm and Chromium (CHROME_PATH); skipped")
        return 0
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    binary = lighthouse_bin()
    ok = True
    with serve_demo() as base_url:
        cookie = session_cookie(base_url)
        for name, path, with_cookie in PAGES:
            if argv and name not in argv:
                continue
            result = run_lighthouse(binary, base_url + path, name, cookie if with_cookie else None)
            scores = result["scores"]
            line = "  ".join(f"{key} {scores.get(key, '?'):>3}" for key in TARGETS)
            print(f"{name:<6} {line}   ({result['report']})")
            for audit in result["failing"][:12]:
                print(f"         - {audit}")
            ok &= all(scores.get(key, 0) >= target for key, target in TARGETS.items())
    print("targets:", "  ".join(f"{k} >= {v}" for k, v in TARGETS.items()), "->", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
