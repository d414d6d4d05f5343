"""Loaded (through PYTHONPATH) by every Python process of the suite's moved-clock pass (`.ci/run`).

That pass runs under Debian's libfaketime 0.9.10 with FAKETIME_DONT_FAKE_MONOTONIC=1: the calendar
moves, the monotonic clock stays real so that lock and event timeouts still end. That libfaketime
wrongly shifts the absolute deadline Python's `time.sleep` hands to `clock_nanosleep` on the real
monotonic clock (EINVAL), so here a sleep is a wait on an event that nobody sets, which ends on time.
"""

import os
import threading
import time

if os.environ.get("FAKETIME") and os.environ.get("FAKETIME_DONT_FAKE_MONOTONIC") == "1":

    def _sleep(seconds: float) -> None:
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        threading.Event().wait(seconds)

    time.sleep = _sleep
