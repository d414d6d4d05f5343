"""Fixtures mentoring shares with other features' tests: the loopback push service and a quick sender
(its notices go out through the reminder run), and the browser with the app served on loopback."""

from tests.browser.conftest import browser, context, live_server, page, sign_in  # noqa: F401
from tests.push_service import push_service  # noqa: F401
from tests.reminders.conftest import sender, subscribe  # noqa: F401
