"""A real OpenID Connect provider on loopback (oidc-provider-mock) and the steps a browser takes
through it: the app sends the browser to the authorize page, the person picks who they are there
(`sub`, with the claims PUT beforehand), the provider sends the browser back with a code."""

import socket
import subprocess
import sys
import tempfile
from contextlib import closing, contextmanager
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import httpx

CLIENT_ID = "learning-hour-tests"
CLIENT_SECRET = "s3cret:with/odd&chars"
# The provider runs in a process of its own (as a real one would), away from the suite's
# warnings-as-errors: it prints its port, then serves until its stdin closes.
SERVE = """
import sys, threading, werkzeug.serving, oidc_provider_mock
server = werkzeug.serving.make_server("127.0.0.1", 0, oidc_provider_mock.app(require_nonce=True), threaded=True)
print(server.server_port, flush=True)
threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
server.serve_forever(poll_interval=0.05)
"""


@contextmanager
def running_provider():
    """The provider on 127.0.0.1 and a free port; it requires a nonce in every authorization request."""
    errors = tempfile.TemporaryFile(mode="w+")  # a file, not a pipe: its warnings never fill a buffer
    process = subprocess.Popen(
        [sys.executable, "-c", SERVE], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, text=True
    )
    try:
        line = process.stdout.readline()
        if not line.strip().isdigit():
            errors.seek(0)
            raise RuntimeError(f"the OpenID Connect test provider did not start:\n{errors.read()[-2000:]}")
        port = int(line)
        yield SimpleNamespace(url=f"http://127.0.0.1:{port}")
    finally:
        process.stdin.close()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        errors.close()


def closed_port() -> int:
    """A loopback port nobody listens on: a provider that is down."""
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def set_person(provider, sub: str, **claims) -> None:
    response = httpx.put(f"{provider.url}/users/{sub}", json=claims, timeout=5)
    assert response.status_code == 204, response.text


def choose(authorize_url: str, sub: str) -> str:
    """On the provider's authorize page, pick `sub`; returns where the provider sends the browser."""
    answer = httpx.post(authorize_url, data={"sub": sub}, follow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def local(url: str) -> str:
    """The path and query of an absolute URL of the app, for the test client."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def through_provider(client, provider, sub: str, *, start: str = "/auth/oidc/login"):
    """Start at the app, choose `sub` at the provider, come back: the callback's answer."""
    started = client.get(start)
    assert started.status_code == 302, started.get_data(as_text=True)
    assert started.headers["Location"].startswith(provider.url + "/oauth2/authorize?")
    return client.get(local(choose(started.headers["Location"], sub)))
