"""A link preview never holds a worker or memory: one deadline for the whole fetch, a cap on the
decompressed body, a fair limit per person, and company proxies honoured without opening the
internal network."""

import gzip
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from server.bank import fetch
from tests.bank.test_metadata import HTML, PAGE


def _serve(handler):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def _everywhere(_ip) -> bool:
    return True


@pytest.fixture
def drip():
    """A server that answers the status line, then one header byte every half second, forever."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    stop = threading.Event()

    def serve():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\n")
            while not stop.is_set():
                try:
                    connection.sendall(b"X")
                except OSError:
                    break
                time.sleep(0.5)
            connection.close()

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/"
    stop.set()
    listener.close()


def test_a_server_that_drips_its_headers_costs_one_deadline(drip):
    started = time.monotonic()
    with pytest.raises(fetch.FetchRefused):
        fetch.fetch_page(drip, allow=_everywhere, timeout=1.5)
    assert time.monotonic() - started < 2.5


class _Bomb(BaseHTTPRequestHandler):
    body = gzip.compress(b"<html><head><title>Bomb</title></head>" + b" " * 50_000_000, compresslevel=6)

    def do_GET(self):  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


def test_a_gzip_bomb_stops_at_the_cap():
    server, base = _serve(_Bomb)
    try:
        page = fetch.fetch_page(base + "/", allow=_everywhere)
    finally:
        server.shutdown()
        server.server_close()
    assert len(page.body) == fetch.MAX_BYTES
    assert page.body.startswith(b"<html><head><title>Bomb</title>")


class _Proxy(BaseHTTPRequestHandler):
    """A plain forwarding proxy for http:// URLs (absolute-form requests), as company networks run."""

    seen: list = []

    def do_GET(self):  # noqa: N802
        self.seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        body = PAGE.encode()
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_company_proxy_is_used_and_no_proxy_is_respected():
    proxy, proxy_url = _serve(_Proxy)
    _Proxy.seen = []
    try:
        target = "http://127.0.0.2:8081/artikel"
        page = fetch.fetch_page(target, allow=_everywhere, proxies={"http": proxy_url})
        assert page.body == PAGE.encode() and _Proxy.seen == [target]
        # The internal-address refusal still applies before anything goes to the proxy.
        with pytest.raises(fetch.FetchRefused):
            fetch.fetch_page("http://127.0.0.3/", proxies={"http": proxy_url})
        assert _Proxy.seen == [target]
        # NO_PROXY hosts are fetched directly.
        with pytest.raises(fetch.FetchRefused):
            fetch.fetch_page("http://127.0.0.2:9/x", allow=_everywhere, proxies={"http": proxy_url, "no": "127.0.0.2"})
        assert _Proxy.seen == [target]
    finally:
        proxy.shutdown()
        proxy.server_close()


def test_previews_are_limited_per_person(login, org, app):
    api = login(org.erik)
    limit = int(app.config["LINK_PREVIEW_LIMIT"].split("/")[0])
    statuses = [
        api.post("/api/v1/resources/preview", json={"url": f"http://10.0.0.1/{n}"}).status_code
        for n in range(limit + 1)
    ]
    assert statuses[:limit] == [200] * limit and statuses[-1] == 429
    assert login(org.sara).post("/api/v1/resources/preview", json={"url": "http://10.0.0.1/"}).status_code == 200
    assert HTML
