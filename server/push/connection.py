"""A lean keep-alive HTTP/1.1 connection to one push service, direct or through a proxy.

Written by hand, on purpose: push requests are tiny POSTs answered by tiny responses, thousands a
run, and the encryption holds the GIL, so every microsecond a client spends per request comes off
the fan-out. `python -m bench push` measures maintained clients in the same run, with the same
encryption and headers: per message of CPU time, the fan-out reaches 0.57× bare encryption with this
connection, 0.31× through urllib3 and 0.19× through httpx (their request and response handling
costs two to five times the encryption), short of the 0.5× the reminders need.
So: one `sendall` per request, a status line and a few headers to read, Content-Length or chunked
bodies, `Connection: close`, and one deadline per answer (a service that drips bytes cannot stretch it).
"""

import socket
import ssl
import time
from dataclasses import dataclass, field

from .endpoints import Endpoint
from .proxy import Proxy, open_tunnel

MAX_HEAD = 64 * 1024
MAX_BODY = 256 * 1024


class ConnectFailed(OSError):
    """The request never left: no connection, or the write failed. Safe to try again."""

    timed_out = False


def _failure(kind: type, error: Exception) -> OSError:
    failure = kind(str(error) or type(error).__name__)
    failure.timed_out = isinstance(error, TimeoutError)
    return failure


class StaleConnection(ConnectFailed):
    """A kept-alive connection the service had already closed: nothing was read, send again."""


class ResponseFailed(OSError):
    """The request was written but no answer came back (timeout, reset): it may have arrived."""

    timed_out = False


@dataclass
class Response:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


class PushConnection:
    def __init__(
        self,
        endpoint: Endpoint,
        *,
        ssl_context: ssl.SSLContext | None,
        timeout: float,
        connect_timeout: float,
        proxy: Proxy | None = None,
    ):
        self.endpoint = endpoint
        self.scheme, self.host, self.port = endpoint.scheme, endpoint.host, endpoint.port
        self.host_header = endpoint.audience.split("://", 1)[1]
        self.proxy = proxy
        # Through a proxy, http requests name the whole URL; https ones go through a tunnel.
        self.target_prefix = f"http://{self.host_header}" if proxy and self.scheme == "http" else ""
        self.ssl_context = ssl_context
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.sock: socket.socket | None = None
        self.buffer = b""
        self.last_used = 0.0
        self.deadline = 0.0  # when the answer to the request in flight is given up on
        self.answered = 0  # responses read on the current socket
        self.received = False  # any byte of the current response seen

    def _connect(self) -> None:
        address = (self.proxy.host, self.proxy.port) if self.proxy else (self.host, self.port)
        sock = socket.create_connection(address, timeout=self.connect_timeout)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self.proxy and self.scheme == "https":
                open_tunnel(sock, self.endpoint, self.proxy)
            if self.scheme == "https":
                context = self.ssl_context or ssl.create_default_context()
                sock = context.wrap_socket(sock, server_hostname=self.host)
            sock.settimeout(self.timeout)
        except BaseException:
            sock.close()
            raise
        self.sock, self.buffer, self.answered = sock, b"", 0

    @staticmethod
    def header_block(headers: list[tuple[str, str]]) -> bytes:
        return "".join(f"{name}: {value}\r\n" for name, value in headers).encode("latin-1")

    def close(self) -> None:
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
        self.sock, self.buffer = None, b""

    def send(self, path: str, header_block: bytes, body: bytes) -> None:
        """`header_block`: the request's other headers, each ending in CRLF (see `header_block`)."""
        request = (
            f"POST {self.target_prefix}{path} HTTP/1.1\r\nHost: {self.host_header}\r\n"
            f"Content-Length: {len(body)}\r\n".encode("latin-1")
            + header_block
            + b"\r\n"
            + body
        )
        kept_alive = self.sock is not None and self.answered > 0
        try:
            if self.sock is None:
                self._connect()
            self.sock.settimeout(self.timeout)
            self.sock.sendall(request)
        except (OSError, ValueError) as error:
            self.close()
            # A kept-alive connection the service closed while idle: send again on a new one.
            raise _failure(StaleConnection if kept_alive else ConnectFailed, error) from error
        self.last_used = time.monotonic()
        self.deadline = self.last_used + self.timeout

    def read_response(self) -> Response:
        self.received = bool(self.buffer)
        try:
            while True:
                response = self._read_head()
                if response.status >= 200:
                    break
            response.body = self._read_body(response)
        except (OSError, ValueError) as error:
            stale = isinstance(error, ConnectionError) and self.answered and not self.received
            self.close()
            if stale:
                raise StaleConnection(str(error)) from error
            raise _failure(ResponseFailed, error) from error
        self.answered += 1
        if response.headers.get("connection", "").lower() == "close":
            self.close()
        self.last_used = time.monotonic()
        return response

    def _fill(self) -> None:
        # Past the deadline the socket is only looked at (timeout 0): an answer already there counts.
        self.sock.settimeout(max(0.0, self.deadline - time.monotonic()))
        try:
            chunk = self.sock.recv(65536)
        except (TimeoutError, BlockingIOError, ssl.SSLWantReadError) as error:
            raise TimeoutError(f"no answer within {self.timeout:g} s") from error
        if not chunk:
            raise ConnectionResetError("push service closed the connection")
        self.received = True
        self.buffer += chunk

    def _read_head(self) -> Response:
        while (end := self.buffer.find(b"\r\n\r\n")) < 0:
            if len(self.buffer) > MAX_HEAD:
                raise ValueError("response head too large")
            self._fill()
        lines = self.buffer[:end].decode("latin-1").split("\r\n")
        self.buffer = self.buffer[end + 4 :]
        status = int(lines[0].split(" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        return Response(status, headers)

    def _take(self, size: int) -> bytes:
        while len(self.buffer) < size:
            self._fill()
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    def _read_body(self, response: Response) -> bytes:
        if response.status in (204, 304):
            return b""
        if "chunked" in response.headers.get("transfer-encoding", "").lower():
            body = b""
            while True:
                while (end := self.buffer.find(b"\r\n")) < 0:
                    self._fill()
                size = int(self.buffer[:end].split(b";")[0], 16)
                self.buffer = self.buffer[end + 2 :]
                if size == 0:
                    return self._skip_trailers(body)
                body += self._take(size + 2)[:size]
        if "content-length" in response.headers:
            return self._take(int(response.headers["content-length"]))[:MAX_BODY]
        # Neither length nor chunks: the body runs until the service closes the connection.
        try:
            while len(self.buffer) < MAX_BODY:
                self._fill()
        except ConnectionResetError:
            pass
        body, self.buffer = self.buffer, b""
        response.headers["connection"] = "close"
        return body

    def _skip_trailers(self, body: bytes) -> bytes:
        while True:
            while (end := self.buffer.find(b"\r\n")) < 0:
                self._fill()
            line, self.buffer = self.buffer[:end], self.buffer[end + 2 :]
            if not line:
                return body[:MAX_BODY]
