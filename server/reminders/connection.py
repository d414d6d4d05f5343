"""A lean keep-alive HTTP/1.1 connection to one push service.

Push requests are tiny POSTs answered by tiny responses, thousands per run. General clients spend
more time parsing headers than we spend encrypting (httpx ~500 µs, http.client ~200 µs a request on
loopback TLS, encryption ~110 µs), so the sender talks HTTP/1.1 itself: one `sendall` per request,
a status line and a few headers to read, Content-Length or chunked bodies, `Connection: close`.
"""
import socket
import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

MAX_HEAD = 64 * 1024
MAX_BODY = 256 * 1024


class ConnectFailed(OSError):
    """The request never left: no connection, or the write failed. Safe to try again."""


class StaleConnection(ConnectFailed):
    """A kept-alive connection the service had already closed: nothing was read, send again."""


class ResponseFailed(OSError):
    """The request was written but no answer came back (timeout, reset): it may have arrived."""


@dataclass
class Response:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


class PushConnection:
    def __init__(self, origin: str, *, ssl_context: ssl.SSLContext | None, timeout: float,
                 connect_timeout: float):
        parts = urlsplit(origin)
        self.scheme, self.host, self.port = parts.scheme, parts.hostname, parts.port
        self.host_header = self.host if self.port in (80, 443) else f"{self.host}:{self.port}"
        self.ssl_context = ssl_context
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.sock: socket.socket | None = None
        self.buffer = b""
        self.last_used = 0.0
        self.answered = 0      # responses read on the current socket
        self.received = False  # any byte of the current response seen

    def _connect(self) -> None:
        sock = socket.create_connection((self.host, self.port), timeout=self.connect_timeout)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
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
        request = (f"POST {path} HTTP/1.1\r\nHost: {self.host_header}\r\nContent-Length: {len(body)}\r\n"
                   .encode("latin-1") + header_block + b"\r\n" + body)
        try:
            if self.sock is None:
                self._connect()
            self.sock.sendall(request)
        except (OSError, ValueError) as error:
            self.close()
            raise ConnectFailed(str(error) or type(error).__name__) from error
        self.last_used = time.monotonic()

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
            raise ResponseFailed(str(error) or type(error).__name__) from error
        self.answered += 1
        if response.headers.get("connection", "").lower() == "close":
            self.close()
        self.last_used = time.monotonic()
        return response

    def _fill(self) -> None:
        chunk = self.sock.recv(65536)
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
        self.buffer = self.buffer[end + 4:]
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
                self.buffer = self.buffer[end + 2:]
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
            line, self.buffer = self.buffer[:end], self.buffer[end + 2:]
            if not line:
                return body[:MAX_BODY]
