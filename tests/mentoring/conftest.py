"""The loopback push service and a quick sender, shared with the reminder tests (mentoring notices go
out through the reminder run). The screen's browser tests are in tests/browser/test_mentoring.py,
beside the one browser every browser test shares."""

from tests.mailbox import relay  # noqa: F401  (the loopback SMTP server: notices by e-mail)
from tests.push_service import push_service  # noqa: F401
from tests.reminders.conftest import sender, subscribe  # noqa: F401
