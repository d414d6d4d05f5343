"""Fetching a shared page for its preview, without letting anyone probe our network or hold a worker.

- Every address a host name resolves to is checked (loopback, private, link-local and other internal
  ranges are refused unless the operator allows them), the connection goes to the checked address
  itself so that a second DNS answer cannot swap it (DNS rebinding), and each redirect is checked again.
- One deadline covers the whole fetch (DNS, connecting, a server that drips its headers, the body):
  the fetch runs as one asyncio task under `asyncio.timeout`, so nothing can stretch it.
- The body is read raw and decompressed here with a cap on the *decompressed* size (a gzip bomb
  stops at the cap instead of filling memory).
- Company networks: `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` (read once in config) are honoured. The
  target's addresses are still resolved and checked here first; the proxy then connects by name.

Written with httpx's async client rather than the sync one because only a task can be given one
deadline for all of this; httpx offers per-operation timeouts only.
"""

import asyncio
import ipaddress
import socket
import ssl
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit
from urllib.request import proxy_bypass_environment

import httpx

TIMEOUT_SECONDS = 3.0
MAX_BYTES = 512 * 1024  # decompressed body kept for parsing
MAX_WIRE_BYTES = 2 * 1024 * 1024  # bytes read off the network, compressed or not
MAX_REDIRECTS = 3
USER_AGENT = "LearningHourBot/1.0 (link preview)"


class FetchRefused(Exception):
    """The address may not be fetched, or the page could not be read in time."""


@dataclass
class Page:
    url: str  # after redirects
    body: bytes  # at most MAX_BYTES, decompressed
    content_type: str  # the Content-Type header as sent


def is_public_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def fetch_page(
    url: str, *, allow=is_public_address, proxies: dict | None = None, timeout: float = TIMEOUT_SECONDS
) -> Page:
    """The page at `url`, or FetchRefused. `allow(ip)` decides which addresses may be used."""

    async def bounded():
        async with asyncio.timeout(timeout):
            return await _fetch(url, allow, proxies or {}, timeout)

    try:
        return _run(bounded)
    except TimeoutError as error:
        raise FetchRefused("the page took too long") from error


def _run(make_coroutine):
    """Run the fetch on an event loop of its own: here when this thread has none, else (an async
    server, a browser driver in tests) on a short-lived thread, since a running loop cannot nest."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make_coroutine())
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="link-preview") as pool:
        return pool.submit(lambda: asyncio.run(make_coroutine())).result()


async def _fetch(url: str, allow, proxies: dict, timeout: float) -> Page:
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml",
        "Accept-Encoding": "gzip, deflate",
    }
    clients: dict[str | None, httpx.AsyncClient] = {}
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            parts = _parts(url)
            addresses = await _checked_addresses(parts, allow)
            proxy = _proxy_for(parts, proxies)
            if proxy not in clients:
                clients[proxy] = httpx.AsyncClient(
                    timeout=timeout,
                    follow_redirects=False,
                    trust_env=False,
                    proxy=proxy,
                    headers=headers,
                    verify=_tls(),
                )
            request = _request(clients[proxy], parts, addresses[0], direct=proxy is None)
            try:
                response = await clients[proxy].send(request, stream=True)
            except httpx.HTTPError as error:
                raise FetchRefused(str(error)) from error
            try:
                if response.is_redirect:
                    url = urljoin(url, response.headers.get("location", ""))
                    continue
                if response.status_code != 200:
                    raise FetchRefused(f"status {response.status_code}")
                content_type = response.headers.get("content-type", "text/html")
                if "html" not in content_type.lower():
                    raise FetchRefused("not an HTML page")
                body = await _read(response)
                return Page(url, body, content_type)
            except httpx.HTTPError as error:
                raise FetchRefused(str(error)) from error
            finally:
                await response.aclose()
        raise FetchRefused("too many redirects")
    finally:
        for client in clients.values():
            await client.aclose()


def _parts(url: str) -> SplitResult:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a bad port)
    except ValueError as error:
        raise FetchRefused("not a valid address") from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchRefused("only http and https addresses are fetched")
    return parts


def _proxy_for(parts: SplitResult, proxies: dict) -> str | None:
    proxy = proxies.get(parts.scheme)
    if not proxy or proxy_bypass_environment(parts.hostname, proxies):
        return None
    return proxy


async def _resolve(host: str, port: int) -> list:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise FetchRefused(f"cannot resolve {host}") from error
    return list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos))


async def _checked_addresses(parts: SplitResult, allow) -> list:
    addresses = await _resolve(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    if not addresses or not all(allow(ip) for ip in addresses):
        raise FetchRefused(f"{parts.hostname} resolves to an address that is not allowed")
    return addresses


@cache
def _tls() -> ssl.SSLContext:
    # Made once: loading the CA bundle costs more than a whole refused preview.
    return ssl.create_default_context()


def _request(client: httpx.AsyncClient, parts: SplitResult, ip, *, direct: bool) -> httpx.Request:
    if not direct:  # the proxy connects by name; the name's addresses were checked above
        return client.build_request("GET", urlunsplit(parts._replace(fragment="")))
    port = parts.port or (443 if parts.scheme == "https" else 80)
    host_for_url = f"[{ip}]" if ip.version == 6 else str(ip)
    target = urlunsplit((parts.scheme, f"{host_for_url}:{port}", parts.path or "/", parts.query, ""))
    default_port = port == (443 if parts.scheme == "https" else 80)
    host_header = parts.hostname if default_port else f"{parts.hostname}:{port}"
    return client.build_request(
        "GET", target, headers={"Host": host_header}, extensions={"sni_hostname": parts.hostname}
    )


async def _read(response: httpx.Response) -> bytes:
    """The body, decompressed by us with a cap: never more than MAX_BYTES kept, MAX_WIRE_BYTES read."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding in ("gzip", "x-gzip"):
        decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        decoder = zlib.decompressobj()
    elif encoding in ("identity", ""):
        decoder = None
    else:
        raise FetchRefused(f"unsupported content encoding {encoding}")
    body, wire = bytearray(), 0
    async for chunk in response.aiter_raw():
        wire += len(chunk)
        try:
            body += decoder.decompress(chunk, MAX_BYTES - len(body)) if decoder else chunk
        except zlib.error as error:
            raise FetchRefused("the page's compression is broken") from error
        if len(body) >= MAX_BYTES or wire >= MAX_WIRE_BYTES:
            break
    return bytes(body[:MAX_BYTES])
