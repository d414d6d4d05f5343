"""The HTTP side of one push-service origin: libcurl (through pycurl), several requests in flight.

Why libcurl and not httpx or urllib3: push requests are tiny POSTs answered by tiny responses,
thousands a run, and the RFC 8291 encryption holds the GIL, so every microsecond the client spends
in Python per request comes off the fan-out. `python -m bench push` runs the maintained clients in
the same run with the same encryption and headers: per message of CPU time the fan-out reaches
about 0.5 × bare encryption through libcurl (as much as the hand-made HTTP/1.1 client it replaced),
0.16 through httpx and 0.23 through urllib3, whose request and response handling in Python costs
two to five times the encryption. libcurl does the HTTP work in C and gives the rest for free:
HTTP/2 (ALPN; one connection carrying every request in flight) where the service offers it over
TLS, HTTP/1.1 keep-alive otherwise, connections kept per origin across runs, a dead kept-alive
connection replaced before a request counts as sent, CONNECT tunnels through the proxy, chunked
bodies, connect and answer timeouts.

A `Transport` belongs to one lane (one thread) at a time: `start` a request on a free handle,
`finished` waits for answers and hands them back as `Exchange`s.
"""

import os
import ssl
import time
from dataclasses import dataclass, field

import certifi
import pycurl

from .endpoints import Endpoint

MAX_BODY = 64 * 1024  # an error text is all a push service sends back; more is not kept
# The system's CAs, as Python's own TLS finds them (libcurl in pycurl's wheel was built elsewhere and
# would look where that system keeps them); certifi's bundle where the system has none.
_PATHS = ssl.get_default_verify_paths()
SYSTEM_CA_FILE = next(
    (f for f in (_PATHS.cafile, _PATHS.openssl_cafile, certifi.where()) if f and os.path.exists(f)), None
)
SYSTEM_CA_PATH = next((d for d in (_PATHS.capath, _PATHS.openssl_capath) if d and os.path.isdir(d)), None)


@dataclass
class Exchange:
    """One request's end: an answer (`status`) or a failure (`error`)."""

    item: object  # the lane's own handle on the message
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: str | None = None
    timed_out: bool = False
    written: bool = False  # the request (or part of it) left: it may have arrived
    http2: bool = False  # answered over HTTP/2


class _Handle:
    """A libcurl easy handle and what it collects for the request it carries."""

    def __init__(self, curl: pycurl.Curl):
        self.curl, self.item = curl, None
        self.header_list: list[str] | None = None  # what HTTPHEADER holds now: set again only when it changes
        self.lines: list[bytes] = []  # the response's header lines, read only when an answer needs them
        self.body: list[bytes] = []
        self.size = 0
        curl.setopt(pycurl.HEADERFUNCTION, self.lines.append)
        curl.setopt(pycurl.WRITEFUNCTION, self._write)

    def headers(self) -> dict[str, str]:
        """The final response's headers, names in lower case."""
        headers: dict[str, str] = {}
        for line in self.lines:
            text = line.decode("latin-1").strip()
            if text.startswith("HTTP/"):  # a new response head (after a 100 or a proxy's 200): start over
                headers = {}
            elif ":" in text:
                name, _, value = text.partition(":")
                headers[name.strip().lower()] = value.strip()
        return headers

    def _write(self, data: bytes) -> None:
        if self.size < MAX_BODY:
            self.body.append(data[: MAX_BODY - self.size])
        self.size += len(data)

    def reset(self, item) -> None:
        self.item, self.body, self.size = item, [], 0
        self.lines.clear()  # the same list: libcurl's callback appends to it


class Transport:
    def __init__(self, endpoint: Endpoint, settings, proxy: str | None, size: int):
        self.endpoint = endpoint
        self.multi = pycurl.CurlMulti()
        self.multi.setopt(pycurl.M_MAX_HOST_CONNECTIONS, max(1, settings.connections_per_origin))
        self.settings, self.proxy = settings, proxy
        self.free = [self._handle() for _ in range(size)]
        self.busy: dict[pycurl.Curl, _Handle] = {}
        self.last_used = time.monotonic()

    def _handle(self) -> _Handle:
        curl, s = pycurl.Curl(), self.settings
        curl.setopt(pycurl.NOSIGNAL, 1)
        curl.setopt(pycurl.POST, 1)
        curl.setopt(pycurl.CONNECTTIMEOUT_MS, int(s.connect_timeout * 1000))
        # The whole exchange, from the moment it starts: a service that drips bytes cannot stretch it.
        curl.setopt(pycurl.TIMEOUT_MS, int(s.timeout * 1000))
        curl.setopt(pycurl.TCP_NODELAY, 1)
        # "" turns off libcurl's own reading of the environment: the sender has decided already.
        curl.setopt(pycurl.PROXY, self.proxy or "")
        if self.endpoint.scheme == "https":
            curl.setopt(pycurl.HTTP_VERSION, pycurl.CURL_HTTP_VERSION_2TLS)
            curl.setopt(pycurl.PIPEWAIT, 1)  # wait to share an HTTP/2 connection rather than open more
            cafile = s.ca_file or SYSTEM_CA_FILE
            if cafile:
                curl.setopt(pycurl.CAINFO, cafile)
            if not s.ca_file and SYSTEM_CA_PATH:
                curl.setopt(pycurl.CAPATH, SYSTEM_CA_PATH)
        return _Handle(curl)

    @staticmethod
    def header_lines(headers: list[tuple[str, str]]) -> list[str]:
        # "Expect:" and "Accept:" with no value: libcurl adds neither (no waiting for a 100 Continue).
        return [f"{name}: {value}" for name, value in headers] + ["Expect:", "Accept:"]

    def grow(self, size: int) -> None:
        """More requests in flight (an HTTP/2 connection carries them side by side)."""
        while len(self.free) + len(self.busy) < size:
            self.free.append(self._handle())

    def start(self, item, url: str, headers: list[str], body: bytes) -> None:
        """Send on a free handle (`headers`: "Name: value" lines, made once per origin and run)."""
        handle = self.free.pop()
        handle.reset(item)
        curl = handle.curl
        curl.setopt(pycurl.URL, url)
        if handle.header_list is not headers:
            curl.setopt(pycurl.HTTPHEADER, headers)
            handle.header_list = headers
        curl.setopt(pycurl.POSTFIELDS, body)
        self.busy[curl] = handle
        self.multi.add_handle(curl)  # sent by the next `finished`, as soon as the lane has filled its handles

    def _perform(self) -> None:
        while self.multi.perform()[0] == pycurl.E_CALL_MULTI_PERFORM:
            pass

    def finished(self, wait: float) -> list[Exchange]:
        """Answers and failures that are in; waits up to `wait` seconds for the first of them."""
        self._perform()
        done = self._collect()
        if not done and self.busy:
            if self.multi.select(wait) <= 0 and not any(self.multi.fdset()):
                time.sleep(min(wait, 0.005))  # nothing to watch yet (a name being resolved): no busy loop
            self._perform()
            done = self._collect()
        self.last_used = time.monotonic()
        return done

    def _collect(self) -> list[Exchange]:
        done = []
        while True:
            queued, succeeded, failed = self.multi.info_read()
            for curl in succeeded:
                handle = self._release(curl)
                status = curl.getinfo(pycurl.RESPONSE_CODE)
                done.append(
                    Exchange(
                        handle.item,
                        status,
                        {} if 200 <= status < 300 else handle.headers(),
                        b"".join(handle.body),
                        written=True,
                        http2=curl.getinfo(pycurl.INFO_HTTP_VERSION) == pycurl.CURL_HTTP_VERSION_2_0,
                    )
                )
            for curl, number, message in failed:
                handle = self._release(curl)
                done.append(
                    Exchange(
                        handle.item,
                        error=message or f"libcurl error {number}",
                        timed_out=number == pycurl.E_OPERATION_TIMEDOUT,
                        # Bytes of the request itself left (a proxy's CONNECT is not counted).
                        written=curl.getinfo(pycurl.REQUEST_SIZE) > 0,
                    )
                )
            if not queued:
                return done

    def _release(self, curl: pycurl.Curl) -> _Handle:
        self.multi.remove_handle(curl)
        handle = self.busy.pop(curl)
        self.free.append(handle)
        return handle

    def close(self) -> None:
        for handle in list(self.busy.values()):
            self.multi.remove_handle(handle.curl)
            self.free.append(handle)
        self.busy = {}
        for handle in self.free:
            handle.curl.close()
        self.free = []
        self.multi.close()
