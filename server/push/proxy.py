"""Outbound proxies, read as every HTTP client reads them: HTTPS_PROXY for https endpoints,
HTTP_PROXY for http ones, NO_PROXY for hosts reached directly (the standard library's rules).

https endpoints go through a CONNECT tunnel, so TLS still runs end to end with the push service;
http endpoints (loopback test services) are sent to the proxy in absolute form.
"""

import base64
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit
from urllib.request import getproxies_environment, proxy_bypass_environment

from .endpoints import Endpoint

MAX_HEAD = 64 * 1024


@dataclass(frozen=True)
class Proxy:
    host: str
    port: int
    authorization: str | None = None  # Proxy-Authorization, from user:password in the proxy URL


def environment_proxies() -> dict[str, str]:
    """{"https": URL, "http": URL, "no": "host,.domain"} from the process environment."""
    return getproxies_environment()


def parse_proxy(url: str) -> Proxy:
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme != "http" or not parts.hostname:
        raise ValueError(f"push requests go through http:// proxies only, not {url!r}")
    authorization = None
    if parts.username is not None:
        credentials = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
        authorization = "Basic " + base64.b64encode(credentials).decode()
    return Proxy(parts.hostname, parts.port or 80, authorization)


def proxy_for(endpoint: Endpoint, proxies: dict[str, str]) -> Proxy | None:
    url = proxies.get(endpoint.scheme)
    if not url:
        return None
    if proxy_bypass_environment(f"{endpoint.host_literal}:{endpoint.port}", proxies) or proxy_bypass_environment(
        endpoint.host, proxies
    ):
        return None
    return parse_proxy(url)


def open_tunnel(sock, endpoint: Endpoint, proxy: Proxy) -> None:
    """Ask the proxy for a tunnel to the endpoint's host and port; OSError when it will not."""
    authority = f"{endpoint.host_literal}:{endpoint.port}"
    head = f"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n"
    if proxy.authorization:
        head += f"Proxy-Authorization: {proxy.authorization}\r\n"
    sock.sendall((head + "\r\n").encode("latin-1"))
    answer = b""
    while b"\r\n\r\n" not in answer:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("the proxy closed the connection")
        answer += chunk
        if len(answer) > MAX_HEAD:
            raise ConnectionError("the proxy's answer is too long")
    status_line = answer.split(b"\r\n", 1)[0].decode("latin-1")
    parts = status_line.split(" ", 2)
    if len(parts) < 2 or parts[1] != "200":
        raise ConnectionError(f"the proxy refused a tunnel to {authority}: {status_line}")
