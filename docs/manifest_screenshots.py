"""(Re)makes the screenshots the web app manifest lists (shown by install dialogs): one narrow (phone)
and one wide (desktop) from the demo data, in English.
`.venv/bin/python docs/manifest_screenshots.py`. Drives the Debian Chromium with Playwright."""
import contextlib
import logging
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "pwa" / "img" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
SHOTS = [  # file, viewport, scale, who, path, what to wait for
    ("narrow-log.png", {"width": 390, "height": 844}, 2, "erik@demo.example", "/log", "#week-ring"),
    ("wide-team.png", {"width": 1280, "height": 800}, 1, "maja@demo.example", "/team", "svg.chart"),
]


@contextlib.contextmanager
def demo_server():
    """The app on a throwaway SQLite database with the demo organisation, on a free loopback port."""
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from server import create_app
    from server.demo import seed
    from server.extensions import db
    with tempfile.TemporaryDirectory(prefix="lh-shots-") as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/demo.db", "SECRET_KEY": "screenshots-only",
                          "RATELIMIT_ENABLED": False, "VAPID_INSTANCE_DIR": tmp})
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"), revision="heads")
            seed()
            db.session.commit()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.port}"
        finally:
            server.shutdown()
            thread.join(timeout=5)


def main() -> int:
    from playwright.sync_api import sync_playwright

    from server.demo import PASSWORD
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    OUT.mkdir(parents=True, exist_ok=True)
    with demo_server() as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for name, viewport, scale, email, path, ready in SHOTS:
            context = browser.new_context(viewport=viewport, device_scale_factor=scale, locale="en-GB",
                                          service_workers="block")
            page = context.new_page()
            page.goto(base + "/login")
            page.fill("input[type=email]", email)
            page.fill("input[type=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_selector("#nav:not([hidden])")
            page.evaluate("""async () => {
              const s = await (await fetch('/api/v1/auth/session')).json();
              await fetch('/api/v1/me', {method: 'PATCH', headers: {'Content-Type': 'application/json',
                'X-CSRF-Token': s.csrf_token}, body: JSON.stringify({locale: 'en'})});
            }""")
            page.goto(base + path)
            page.wait_for_selector(ready)
            page.wait_for_timeout(300)
            page.screenshot(path=str(OUT / name))
            context.close()
            print("wrote", OUT / name)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
