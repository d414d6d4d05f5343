"""Requests the server makes to addresses people typed (a link to preview, a chat channel's webhook),
without letting anyone probe our network: the one copy of these rules.

- Every address a host name resolves to is checked (loopback, private, link-local and other internal
  ranges are refused unless the operator allows them), and the connection goes to the checked address
  itself so that a second DNS answer cannot swap it (DNS rebinding).
- Company networks: `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` (read once in config) are honoured. The
  target's addresses are still resolved and checked here first; the proxy then connects by name.
- `post_json` sends one POST and follows no redirect: a 3xx is an answer like any other.

Link previews (`bank/fetch.py`) add redirects checked hop by hop, a size cap and one deadline on top.
"""

import asyncio
import ipaddress
import json
import socket
import ssl
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from urllib.parse import SplitResult, urlsplit, urlunsplit
from urllib.request import proxy_bypass_environment

import httpx

MAX_ANSWER_BYTES = 16 * 1024  # of a webhook's answer: enough for its words, never a flood


class OutboundRefused(Exception):
    """The address may not be used, or could not be reached in time."""


@dataclass(frozen=True)
class Answer:
    status: int
    headers: httpx.Headers
    text: str  # at most MAX_ANSWER_BYTES of the body, decoded leniently


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


def address_rule(allow_private: bool):
    """Which addresses may be used: every one where the operator allows private addresses, else public ones."""
    return (lambda ip: True) if allow_private else is_public_address


def run(make_coroutine):
    """Run a request on an event loop of its own: here when this thread has none, else (an async
    server, a browser driver in tests) on a short-lived thread, since a running loop cannot nest."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make_coroutine())
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbound") as pool:
        return pool.submit(lambda: asyncio.run(make_coroutine())).result()


def parts_of(url: str) -> SplitResult:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a bad port)
    except ValueError as error:
        raise OutboundRefused("not a valid address") from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OutboundRefused("only http and https addresses are used")
    return parts


def literal_address(host: str):
    """The IP address a host is written as, or None for a name."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def proxy_for(parts: SplitResult, proxies: dict) -> str | None:
    proxy = proxies.get(parts.scheme)
    if not proxy or proxy_bypass_environment(parts.hostname, proxies):
        return None
    return proxy


async def resolve(host: str, port: int) -> list:
    literal = literal_address(host)
    if literal is not None:
        return [literal]
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise OutboundRefused(f"cannot resolve {host}") from error
    return list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos))


def default_port(parts: SplitResult) -> int:
    return parts.port or (443 if parts.scheme == "https" else 80)


async def checked_addresses(parts: SplitResult, allow) -> list:
    addresses = await resolve(parts.hostname, default_port(parts))
    if not addresses or not all(allow(ip) for ip in addresses):
        raise OutboundRefused(f"{parts.hostname} resolves to an address that is not allowed")
    return addresses


@cache
def tls() -> ssl.SSLContext:
    # Made once: loading the CA bundle costs more than a whole refused request.
    return ssl.create_default_context()


def pinned_request(
    client: httpx.AsyncClient, method: str, parts: SplitResult, ip, *, direct: bool, **kwargs
) -> httpx.Request:
    """A request to the checked address `ip` (Host header and TLS name kept), or by name through a proxy."""
    if not direct:  # the proxy connects by name; the name's addresses were checked before
        return client.build_request(method, urlunsplit(parts._replace(fragment="")), **kwargs)
    port = default_port(parts)
    host_for_url = f"[{ip}]" if ip.version == 6 else str(ip)
    target = urlunsplit((parts.scheme, f"{host_for_url}:{port}", parts.path or "/", parts.query, ""))
    host_header = parts.hostname if port == (443 if parts.scheme == "https" else 80) else f"{parts.hostname}:{port}"
    headers = {**kwargs.pop("headers", {}), "Host": host_header}
    return client.build_request(method, target, headers=headers, extensions={"sni_hostname": parts.hostname}, **kwargs)


def post_json(
    url: str,
    body: dict,
    *,
    allow=is_public_address,
    proxies: dict | None = None,
    timeout: float = 10.0,
    user_agent: str,
) -> Answer:
    """POST `body` as JSON to `url` (its addresses checked with `allow`, no redirect followed): the
    answer, or OutboundRefused when the address may not be used or does not answer in time."""

    async def bounded():
        async with asyncio.timeout(timeout):
            return await _post(url, body, allow, proxies or {}, timeout, user_agent)

    try:
        return run(bounded)
    except TimeoutError as error:
        raise OutboundRefused("no answer in time") from error


async def _post(url: str, body: dict, allow, proxies: dict, timeout: float, user_agent: str) -> Answer:
    parts = parts_of(url)
    addresses = await checked_addresses(parts, allow)
    proxy = proxy_for(parts, proxies)
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": user_agent}
    async with httpx.AsyncClient(
        timeout=timeout, follow_redirects=False, trust_env=False, proxy=proxy, verify=tls()
    ) as client:
        request = pinned_request(
            client, "POST", parts, addresses[0], direct=proxy is None, headers=headers, content=data
        )
        try:
            response = await client.send(request, stream=True)
        except httpx.HTTPError as error:
            raise OutboundRefused(f"{type(error).__name__}: {error}") from error
        try:
            raw = bytearray()
            async for chunk in response.aiter_bytes():
                raw += chunk
                if len(raw) >= MAX_ANSWER_BYTES:
                    break
        except httpx.HTTPError:
            pass  # the status is what matters; a body cut short is still an answer
        finally:
            await response.aclose()
        return Answer(response.status_code, response.headers, bytes(raw[:MAX_ANSWER_BYTES]).decode("utf-8", "replace"))
