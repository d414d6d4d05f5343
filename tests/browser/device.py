"""What the app keeps on the device, read straight from IndexedDB (whoever is signed in), and other
helpers for the offline browser tests."""

from tests.browser.conftest import wait_until

# Every outbox item on the device, of every person, in queue order: {id, kind, user_id, state, payload, errors}.
DEVICE_ITEMS = """() => new Promise((resolve, reject) => {
  const open = indexedDB.open('learning-hour');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const request = open.result.transaction('outbox').objectStore('outbox').getAll();
    request.onsuccess = () => { open.result.close();
      resolve(request.result.sort((a, b) => a.queued_at.localeCompare(b.queued_at))); };
    request.onerror = () => reject(request.error);
  };
})"""

# The profiles kept for an offline start: [{id, user, saved_at}].
DEVICE_PROFILES = DEVICE_ITEMS.replace("'outbox'", "'profiles'").replace(
    ".sort((a, b) => a.queued_at.localeCompare(b.queued_at))", ""
)


def device_items(page) -> list[dict]:
    return page.evaluate(DEVICE_ITEMS)


def device_profiles(page) -> list[dict]:
    return page.evaluate(DEVICE_PROFILES)


def controlled(page) -> None:
    """Wait until the service worker is in charge of the page and has kept what the Log screen shows."""
    wait_until(page, "navigator.serviceWorker.controller !== null")
    wait_until(
        page,
        """async () => {
      const cache = await caches.open('lh-data');
      const kept = (await cache.keys()).map((request) => new URL(request.url).pathname);
      return kept.includes('/api/v1/me/weeks/current') && kept.includes('/api/v1/entries');
    }""",
        timeout=30,
    )  # a busy machine may take a while to install the worker and warm its cache
