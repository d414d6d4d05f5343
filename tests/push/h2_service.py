"""The loopback push service over HTTP/2 (TLS, ALPN): Hypercorn serving the same checks and
decryption as `tests.push_service.PushService`, each request's HTTP version written down."""

import asyncio
import socket
import ssl
import threading

from hypercorn.asyncio import serve
from hypercorn.config import Config

from tests.push_service import PushService


class Http2PushService(PushService):
    def __init__(self, tls: tuple[str, str], **options):
        super().__init__(tls=tls, **options)
        self.versions: list[str] = []  # the HTTP version of each request, as the server saw it
        self.connections: set[tuple] = set()  # the client's (address, port) of each connection

    async def _app(self, scope, receive, send):
        if scope["type"] != "http":
            return
        body, more = b"", True
        while more:
            event = await receive()
            body, more = body + event.get("body", b""), event.get("more_body", False)
        headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]}
        self.versions.append(scope["http_version"])
        self.connections.add(tuple(scope["client"]))
        status, extra = self._handle(scope["path"], headers, body)
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(k.encode(), v.encode()) for k, v in extra.items()] + [(b"content-length", b"0")],
            }
        )
        await send({"type": "http.response.body", "body": b""})

    def __enter__(self) -> "Http2PushService":
        listener = socket.create_server(("127.0.0.1", 0))
        self._port = listener.getsockname()[1]
        config = Config()
        config.bind = [f"fd://{listener.detach()}"]  # Hypercorn owns (and closes) the socket
        config.certfile, config.keyfile = self.tls
        config.accesslog = config.errorlog = None
        config.graceful_timeout = 1.0
        self._loop = asyncio.new_event_loop()
        self._stop = asyncio.Event()
        started = threading.Event()

        async def run():
            started.set()
            try:
                await serve(self._app, config, shutdown_trigger=self._stop.wait)
            except ssl.SSLError:  # a client still writing while the server says goodbye (close_notify) at the end
                pass

        self._thread = threading.Thread(target=self._loop.run_until_complete, args=(run(),), daemon=True)
        self._thread.start()
        started.wait(5)
        return self

    def __exit__(self, *exc) -> None:
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(10)
        if not self._loop.is_running():
            self._loop.close()

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self._port}"
