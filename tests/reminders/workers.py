"""Several reminder workers at once, as several hosts would run `reminders send-due`."""

from datetime import datetime

from flask import current_app

from server import create_app, push
from server.reminders import service
from tests.support import at_once_in


def send_due_in_workers(app_config, moment: datetime, workers: int = 3) -> list[dict]:
    """Each worker its own app and connections, all starting together; returns each run's counts."""
    apps = [create_app(app_config) for _ in range(workers)]

    def work() -> dict:
        try:
            return service.send_due(moment)
        finally:
            push.sender_for(current_app._get_current_object()).close()  # the worker's own sender

    return at_once_in(apps, work)
