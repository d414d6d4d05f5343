"""The service worker's caches: the app shell answers only the app's own screens, and the API data kept
for offline use is bounded in size and in age."""

import pytest

from tests.browser.conftest import wait_until
from tests.browser.device import controlled

pytestmark = pytest.mark.browser

KEPT = """async () => {
  const cache = await caches.open('lh-data');
  return Promise.all((await cache.keys()).map(async (request) => {
    const url = new URL(request.url);
    return [url.pathname + url.search, (await cache.match(request))?.headers.get('X-Cached-At') ?? 'gone'];
  }));
}"""


def test_navigations_the_shell_must_not_answer_go_to_the_network(page, make_user, sign_in):
    erik = make_user("erik@acme.example")
    sign_in(page, erik)
    controlled(page)
    assert page.goto("/healthz").headers["content-type"].startswith("application/json")
    assert page.goto("/calendar/not-a-real-token.ics").status == 404
    assert page.goto("/api/v1/me").headers["content-type"].startswith("application/json")
    assert page.goto("/api/v1/teams/1/totals.csv?weeks=4").status in (403, 404)
    # The app's own screens come from the shell.
    response = page.goto("/bank")
    assert response.from_service_worker and response.headers["content-type"].startswith("text/html")
    page.wait_for_selector("#nav:not([hidden])")


def test_offline_the_shell_answers_screens_but_never_downloads_or_feeds(page, context, make_user, sign_in):
    erik = make_user("erik@acme.example")
    sign_in(page, erik)
    controlled(page)
    context.set_offline(True)
    page.goto("/settings")
    page.wait_for_selector("#sign-out")
    for path in ("/calendar/abc.ics", "/api/v1/me/export", "/healthz", "/metrics"):
        with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED"):
            page.goto(path)


def test_the_data_cache_is_stamped_bounded_and_forgets_old_answers(page, context, make_user, sign_in):
    erik = make_user("erik@acme.example")
    sign_in(page, erik)
    controlled(page)
    kept = dict(page.evaluate(KEPT))
    assert kept and all(stamp and stamp.isdigit() for stamp in kept.values())
    # Exports and session secrets are never kept.
    page.evaluate("fetch('/api/v1/me/export').then((r) => r.text())")
    page.evaluate("fetch('/api/v1/auth/session').then((r) => r.text())")
    page.evaluate("fetch('/api/v1/me/weeks?count=3').then((r) => r.text())")  # kept: the control
    wait_until(page, f"({KEPT})().then((kept) => kept.some(([path]) => path === '/api/v1/me/weeks?count=3'))")
    assert not any("export" in path or "/auth/" in path for path, _ in page.evaluate(KEPT))

    # Many different answers: the oldest written go, the newest stay, never more than the limit.
    page.evaluate("""async () => {
      for (let n = 1; n <= 104; n += 1) await fetch(`/api/v1/me/weeks?count=${n}`);
      for (let d = 1; d <= 60; d += 1) {
        const day = String(d % 28 + 1).padStart(2, '0');
        await fetch(`/api/v1/entries?from=2024-01-01&to=2024-03-${day}&n=${d}`);
      }
    }""")
    wait_until(page, f"({KEPT})().then((kept) => kept.length === 150)")
    paths = [path for path, _ in page.evaluate(KEPT)]
    assert "/api/v1/entries?from=2024-01-01&to=2024-03-05&n=60" in paths
    assert "/api/v1/me/weeks?count=1" not in paths

    # An answer kept five weeks ago is not served offline, and is dropped.
    page.evaluate("""async () => {
      const cache = await caches.open('lh-data');
      const old = String(Date.now() - 35 * 24 * 60 * 60 * 1000);
      await cache.put('/api/v1/me/weeks/current', new Response('{"minutes": 999}', {
        headers: { 'Content-Type': 'application/json', 'X-Cached-At': old } }));
    }""")
    context.set_offline(True)
    assert page.evaluate("fetch('/api/v1/me/weeks/current').then((r) => r.status)") == 503
    wait_until(page, f"({KEPT})().then((kept) => !kept.some(([path]) => path === '/api/v1/me/weeks/current'))")
    # A fresh one is.
    assert page.evaluate("fetch('/api/v1/me/weeks?count=104').then((r) => r.headers.get('X-Served-From'))") == "cache"
