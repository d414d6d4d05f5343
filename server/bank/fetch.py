"""Fetching a shared page for its preview, without letting anyone probe our network or hold a worker.

- The address rules are the core's (`server/outbound.py`): every address a host name resolves to is
  checked (internal ranges refused unless the operator allows them), the connection goes to the checked
  address itself (no DNS rebinding), proxies are honoured; here each redirect is checked again.
- One deadline covers the whole fetch (DNS, connecting, a server that drips its headers, the body):
  the fetch runs as one asyncio task under `asyncio.timeout`, so nothing can stretch it.
- The body is read raw and decompressed here with a cap on the *decompressed* size (a gzip bomb
  stops at the cap instead of filling memory).

Written with httpx's async client rather than the sync one because only a task can be given one
deadline for all of this; httpx offers per-operation timeouts only.
"""

import asyncio
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from ..outbound import (
    OutboundRefused,
    checked_addresses,
    is_public_address,
    parts_of,
    pinned_request,
    proxy_for,
    run,
    tls,
)

__all__ = ["MAX_BYTES", "FetchRefused", "Page", "fetch_page", "is_public_address"]

TIMEOUT_SECONDS = 3.0
MAX_BYTES = 512 * 1024  # decompressed body kept for parsing
MAX_WIRE_BYTES = 2 * 1024 * 1024  # bytes read off the network, compressed or not
MAX_REDIRECTS = 3
USER_AGENT = "LearningHourBot/1.0 (link preview)"

FetchRefused = OutboundRefused  # the address may not be fetched, or the page could not be read in time


@dataclass
class Page:
    url: str  # after redirects
    body: bytes  # at most MAX_BYTES, decompressed
    content_type: str  # the Content-Type header as sent


def fetch_page(
    url: str, *, allow=is_public_address, proxies: dict | None = None, timeout: float = TIMEOUT_SECONDS
) -> Page:
    """The page at `url`, or FetchRefused. `allow(ip)` decides which addresses may be used."""

    async def bounded():
        async with asyncio.timeout(timeout):
            return await _fetch(url, allow, proxies or {}, timeout)

    try:
        return run(bounded)
    except TimeoutError as error:
        raise FetchRefused("the page took too long") from error


async def _fetch(url: str, allow, proxies: dict, timeout: float) -> Page:
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": "text/html,application/xhtml+xml",
        "Accept-Encoding": "gzip, deflate",
    }
    clients: dict[str | None, httpx.AsyncClient] = {}
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            parts = parts_of(url)
            addresses = await checked_addresses(parts, allow)
            proxy = proxy_for(parts, proxies)
            if proxy not in clients:
                clients[proxy] = httpx.AsyncClient(
                    timeout=timeout,
                    follow_redirects=False,
                    trust_env=False,
                    proxy=proxy,
                    headers=headers,
                    verify=tls(),
                )
            request = pinned_request(clients[proxy], "GET", parts, addresses[0], direct=proxy is None)
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
