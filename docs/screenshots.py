"""(Re)makes the PNG screenshots of the main screens at 390×844 from the demo data:
`.venv/bin/python docs/screenshots.py [--dark] [--out DIR]`. Drives the Debian Chromium with Playwright."""
import argparse
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.lighthouse import serve_demo  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SCREENS = [  # file name, path, who, what to wait for
    ("log", "/log", "erik@demo.example", "#week-ring"),
    ("bank", "/bank", "erik@demo.example", ".resource-card"),
    ("add", "/add", "erik@demo.example", "form.add-form"),
    ("saved", "/saved", "erik@demo.example", ".resource-card, .empty"),
    ("team", "/team", "maja@demo.example", "svg.chart"),
    ("settings", "/settings", "erik@demo.example", "#privacy-statement"),
]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--dark", action="store_true", help="dark theme (files get a -dark suffix)")
    parser.add_argument("--only", nargs="*", help="names of screens to shoot")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    from playwright.sync_api import sync_playwright

    from server.demo import PASSWORD
    with serve_demo() as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        contexts = {}
        try:
            for name, path, email, ready in SCREENS:
                if args.only and name not in args.only:
                    continue
                if email not in contexts:
                    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                                  locale="en-GB", color_scheme="dark" if args.dark else "light",
                                                  service_workers="block")
                    page = context.new_page()
                    page.goto(base + "/login")
                    page.fill("input[type=email]", email)
                    page.fill("input[type=password]", PASSWORD)
                    page.click("button[type=submit]")
                    page.wait_for_selector("#nav:not([hidden])")
                    # Show the screens in English for the README, whatever the demo profile says.
                    page.evaluate("""async () => {
                      const s = await (await fetch('/api/v1/auth/session')).json();
                      await fetch('/api/v1/me', {method: 'PATCH', headers: {'Content-Type': 'application/json',
                        'X-CSRF-Token': s.csrf_token}, body: JSON.stringify({locale: 'en'})});
                    }""")
                    contexts[email] = (context, page)
                context, page = contexts[email]
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
