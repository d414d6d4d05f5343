"""The loopback push service and a quick sender, shared with the reminder tests (mentoring notices go
out through the reminders feature)."""

from tests.push_service import push_service  # noqa: F401
from tests.reminders.conftest import sender, subscribe  # noqa: F401
