"""(Re)makes the screenshots from the demo data, in English, with the Debian Chromium and Playwright:

.venv/bin/python docs/screenshots.py            # the README's, 390×844, into docs/screenshots/
.venv/bin/python docs/screenshots.py --dark     # the same in the dark theme (files end in -dark)
.venv/bin/python docs/screenshots.py --manifest # the install dialog's, narrow and wide, into pwa/img/screenshots/
"""

import argparse
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.lighthouse import serve_demo  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = ({"width": 390, "height": 844}, 2)
DESK = ({"width": 1280, "height": 800}, 1)
README = [  # file name, who, path, what to wait for
    ("log", "erik@demo.example", "/log", "#week-ring"),
    ("bank", "erik@demo.example", "/bank", ".resource-card"),
    ("add", "erik@demo.example", "/add", "form.add-form"),
    ("saved", "erik@demo.example", "/saved", ".resource-card, .empty"),
    ("sessions", "erik@demo.example", "/sessions", ".session-list li, .empty"),
    ("lessons", "erik@demo.example", "/lessons", ".lesson-list li, .empty"),
    ("mentoring", "erik@demo.example", "/mentoring", "#offer-list li, #offer-list .empty"),
    ("history", "erik@demo.example", "/history", "svg.chart"),
    ("team", "maja@demo.example", "/team", "svg.chart"),
    ("admin", "admin@demo.example", "/admin", ".person"),
    ("settings", "erik@demo.example", "/settings", "#privacy-statement"),
]
MANIFEST = [  # file name, viewport and scale, who, path, what to wait for
    ("narrow-log", PHONE, "erik@demo.example", "/log", "#week-ring"),
    ("wide-team", DESK, "maja@demo.example", "/team", "svg.chart"),
]


def _signed_in(browser, base: str, email: str, viewport: dict, scale: int, dark: bool):
    from server.demo import PASSWORD

    context = browser.new_context(
        viewport=viewport,
        device_scale_factor=scale,
        locale="en-GB",
        color_scheme="dark" if dark else "light",
        service_workers="block",
    )
    page = context.new_page()
    page.goto(base + "/login")
    page.fill("input[type=email]", email)
    page.fill("input[type=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_selector("#nav:not([hidden])")
    # Show the screens in English, whatever the demo profile says.
    page.evaluate("""async () => {
      const s = await (await fetch('/api/v1/auth/session')).json();
      await fetch('/api/v1/me', {method: 'PATCH', headers: {'Content-Type': 'application/json',
        'X-CSRF-Token': s.csrf_token}, body: JSON.stringify({locale: 'en'})});
    }""")
    return context, page


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dark", action="store_true", help="dark theme (files get a -dark suffix)")
    parser.add_argument("--manifest", action="store_true", help="the manifest's narrow and wide screenshots")
    parser.add_argument("--only", nargs="*", help="names of screens to shoot")
    args = parser.parse_args(argv)
    out = ROOT / ("pwa/img/screenshots" if args.manifest else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    shots = MANIFEST if args.manifest else [(name, PHONE, *rest) for name, *rest in README]
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    from playwright.sync_api import sync_playwright

    with serve_demo() as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        contexts = {}
        try:
            for name, (viewport, scale), email, path, ready in shots:
                if args.only and name not in args.only:
                    continue
                key = (email, viewport["width"])
                if key not in contexts:
                    contexts[key] = _signed_in(browser, base, email, viewport, scale, args.dark)
                page = contexts[key][1]
                page.goto(base + path)
                page.wait_for_selector(ready)
                page.wait_for_timeout(400)
                target = out / f"{name}{'-dark' if args.dark else ''}.png"
                page.screenshot(path=str(target))
                print("wrote", target.relative_to(ROOT))
        finally:
            for context, _ in contexts.values():
                context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
