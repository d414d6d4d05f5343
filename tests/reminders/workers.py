"""Several reminder workers at once, as several hosts would run `reminders send-due`."""

import threading
from datetime import datetime

from server import create_app, push
from server.extensions import db
from server.reminders import service


def send_due_in_workers(app_config, moment: datetime, workers: int = 3) -> list[dict]:
    """Each worker its own app and connections, all starting together; returns each run's counts."""
    apps = [create_app(app_config) for _ in range(workers)]
    start = threading.Barrier(len(apps))
    results, errors = [], []

    def run(worker_app):
        try:
            with worker_app.app_context():
                start.wait()
                results.append(service.send_due(moment))
                push.sender_for(worker_app).close()
                db.session.remove()
                db.engine.dispose()
        except Exception as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(worker_app,)) for worker_app in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    return results
