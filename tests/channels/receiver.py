"""A loopback stand-in for Teams Workflows and Slack: it keeps every request it is sent and answers
what a test scripted (by default as the real ones do: Teams 202, Slack 200 `ok`)."""

import json
import threading
from collections import deque
from dataclasses import dataclass

from werkzeug.wrappers import Request, Response

from tests.support import serving

PAGE_TITLE = "Ledarskap för chefer, avsnitt 12"


@dataclass
class Received:
    path: str
    headers: dict
    body: dict
    status: int  # what we answered


class Receiver:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests: list[Received] = []
        self.answers: deque = deque()
        self.pages_read: list[str] = []
        self.base = ""

    def script(self, *answers) -> None:
        """Answers for the next requests, in turn: (status, headers, body)."""
        with self.lock:
            self.answers.extend(answers)

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.answers.clear()
            self.pages_read.clear()

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def accepted(self, path: str | None = None) -> list[Received]:
        with self.lock:
            return [r for r in self.requests if 200 <= r.status < 300 and (path is None or r.path == path)]

    def __call__(self, environ, start_response):
        request = Request(environ)
        if request.method == "GET":  # a page someone shared, read for its preview
            with self.lock:
                self.pages_read.append(request.path)
            html = f"<html><head><title>Page {request.path}</title><meta property='og:title' content='{PAGE_TITLE}'>"
            html += "<meta property='og:type' content='video.episode'></head></html>"
            return Response(html, content_type="text/html; charset=utf-8")(environ, start_response)
        try:
            body = json.loads(request.get_data())
        except ValueError:
            body = {"unreadable": request.get_data(as_text=True)}
        with self.lock:
            if self.answers:
                status, headers, text = self.answers.popleft()
            elif request.path.startswith("/slack"):
                status, headers, text = 200, {}, "ok"
            else:
                status, headers, text = 202, {}, ""
            self.requests.append(Received(request.path, dict(request.headers), body, status))
        return Response(text, status=status, headers=headers, content_type="text/plain")(environ, start_response)


def running():
    """A context manager: the receiver on a free loopback port."""
    receiver = Receiver()

    class _Serving:
        def __enter__(self):
            self._context = serving(receiver)
            receiver.base = self._context.__enter__()
            return receiver

        def __exit__(self, *exc):
            return self._context.__exit__(*exc)

    return _Serving()
