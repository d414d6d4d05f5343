"""Link previews: a page's own title and description, fetched without letting anyone probe our network.

Every address a host name resolves to is checked (loopback, private, link-local and other internal
ranges are refused), the connection goes to the checked address itself so that a second DNS answer
cannot swap it (DNS rebinding), and each redirect hop is checked again.
"""
import ipaddress
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

TIMEOUT_SECONDS = 3.0
MAX_BYTES = 512 * 1024
MAX_REDIRECTS = 3
USER_AGENT = "LearningHourBot/1.0 (link preview)"
_resolver = ThreadPoolExecutor(max_workers=4, thread_name_prefix="link-dns")


class FetchRefused(Exception):
    """The address may not be fetched, or the page could not be read."""


def is_public_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not (ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast or ip.is_reserved
                or ip.is_unspecified or not ip.is_global)


def _resolve(host: str, port: int, deadline: float) -> list:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    future = _resolver.submit(socket.getaddrinfo, host, port, type=socket.SOCK_STREAM)
    try:
        infos = future.result(timeout=max(0.1, deadline - time.monotonic()))
    except (FutureTimeout, OSError) as error:
        raise FetchRefused(f"cannot resolve {host}") from error
    return list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos))


def _checked_address(url: str, allow, deadline: float):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchRefused("only http and https addresses are fetched")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    addresses = _resolve(parts.hostname, port, deadline)
    if not addresses or not all(allow(ip) for ip in addresses):
        raise FetchRefused(f"{parts.hostname} resolves to an address that is not allowed")
    return parts, port, addresses[0]


def _request(client: httpx.Client, url: str, allow, deadline: float) -> httpx.Response:
    parts, port, ip = _checked_address(url, allow, deadline)
    host_for_url = f"[{ip}]" if ip.version == 6 else str(ip)
    direct = urlunsplit((parts.scheme, f"{host_for_url}:{port}", parts.path or "/", parts.query, ""))
    default_port = port == (443 if parts.scheme == "https" else 80)
    host_header = parts.hostname if default_port else f"{parts.hostname}:{port}"
    request = client.build_request("GET", direct, headers={"Host": host_header},
                                   extensions={"sni_hostname": parts.hostname})
    return client.send(request, stream=True)


def _decode(body: bytes, encoding: str | None) -> str:
    try:
        return body.decode(encoding or "utf-8", errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def fetch_page(url: str, *, allow=is_public_address) -> tuple[str, str]:
    """(final URL, HTML text) of a page, or FetchRefused. `allow(ip)` decides which addresses may be used."""
    deadline = time.monotonic() + TIMEOUT_SECONDS
    with httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False, trust_env=False,
                      headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"}) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            try:
                response = _request(client, url, allow, deadline)
            except httpx.HTTPError as error:
                raise FetchRefused(str(error)) from error
            try:
                if response.is_redirect:
                    url = urljoin(url, response.headers.get("location", ""))
                    continue
                if response.status_code != 200:
                    raise FetchRefused(f"status {response.status_code}")
                if "html" not in response.headers.get("content-type", "text/html").lower():
                    raise FetchRefused("not an HTML page")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body.extend(chunk)
                    if len(body) >= MAX_BYTES or time.monotonic() > deadline:
                        break
                return url, _decode(bytes(body[:MAX_BYTES]), response.encoding)
            except httpx.HTTPError as error:
                raise FetchRefused(str(error)) from error
            finally:
                response.close()
    raise FetchRefused("too many redirects")


class _MetaParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attributes = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (attributes.get("property") or attributes.get("name") or "").lower()
            if key and "content" in attributes:
                self.meta.setdefault(key, attributes["content"].strip())
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def _clean(value: str | None, limit: int) -> str | None:
    value = " ".join((value or "").split())
    return value[:limit] or None


def parse_metadata(html: str) -> dict:
    parser = _MetaParser()
    parser.feed(html)
    meta = parser.meta
    return {
        "title": _clean(meta.get("og:title") or meta.get("twitter:title") or parser.title, 300),
        "description": _clean(meta.get("og:description") or meta.get("description")
                              or meta.get("twitter:description"), 2000),
        "site_name": _clean(meta.get("og:site_name"), 200),
        "image": _clean(meta.get("og:image"), 2048),
    }


def fetch_metadata(url: str, *, allow_private: bool = False, allow=None) -> dict | None:
    """The page's title and description, or None when it cannot (or may not) be fetched."""
    check = allow or ((lambda ip: True) if allow_private else is_public_address)
    try:
        final_url, html = fetch_page(url, allow=check)
    except FetchRefused:
        return None
    found = parse_metadata(html)
    if found["image"]:
        found["image"] = urljoin(final_url, found["image"])
    return found
