"""Push endpoints: parsed strictly, and checked against the operator's allow-list.

A subscription's endpoint is a URL the browser's push service made, and every later push goes to
it, so it is read once, strictly, when the browser subscribes: http or https, no userinfo, no
fragment, a host that is a DNS name or an IP literal (IPv6 only in brackets), a port in range.
`urlsplit` alone is lenient (it reads `https://[::1].push.apple.com/` as host `::1`), so the
authority is checked here against the grammar before anything else looks at it.
"""

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

AUTHORITY = re.compile(r"^(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(?P<port>[0-9]{1,5}))?$")
PREFIX_AUTHORITY = re.compile(r"^(?P<host>\[[^\]]*\]|[^:\[\]]*)(?::(?P<port>[0-9]*))?$")
UNSAFE = re.compile(r"[\x00-\x20\x7f]|\s")  # control characters and any kind of space
LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
DEFAULT_PORTS = {"http": 80, "https": 443}


class InvalidEndpoint(ValueError):
    pass


@dataclass(frozen=True)
class Endpoint:
    scheme: str
    host: str  # lower-case DNS name, dotted IPv4, or IPv6 without brackets
    port: int
    target: str  # path and query: the request target
    url: str

    @property
    def host_literal(self) -> str:
        """The host as it is written in a URL: IPv6 in brackets."""
        return f"[{self.host}]" if ":" in self.host else self.host

    @property
    def origin(self) -> str:
        """scheme://host:port with the port always written: the unit of connections and pauses."""
        return f"{self.scheme}://{self.host_literal}:{self.port}"

    @property
    def audience(self) -> str:
        """The VAPID audience: the origin as a browser writes it (the default port left out)."""
        if self.port == DEFAULT_PORTS[self.scheme]:
            return f"{self.scheme}://{self.host_literal}"
        return self.origin


def _host(text: str) -> str:
    if text.startswith("["):
        try:
            return str(ipaddress.IPv6Address(text[1:-1]))
        except ValueError as error:
            raise InvalidEndpoint(f"not an IPv6 address: {text}") from error
    host = text.lower().removesuffix(".")
    if re.fullmatch(r"[0-9.]+", host):
        try:
            return str(ipaddress.IPv4Address(host))
        except ValueError as error:
            raise InvalidEndpoint(f"not an IPv4 address: {text}") from error
    labels = host.split(".")
    if len(host) > 253 or not all(LABEL.match(label) for label in labels) or labels[-1].isdigit():
        raise InvalidEndpoint(f"not a host name: {text}")
    return host


def parse_endpoint(url: str) -> Endpoint:
    """The endpoint's parts, or InvalidEndpoint saying what is wrong with it."""
    if not isinstance(url, str) or UNSAFE.search(url):
        raise InvalidEndpoint("not a URL")
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise InvalidEndpoint(str(error)) from error
    if parts.scheme not in DEFAULT_PORTS:
        raise InvalidEndpoint("the scheme must be http or https")
    if parts.fragment or "#" in url:
        raise InvalidEndpoint("an endpoint has no fragment")
    authority = AUTHORITY.match(parts.netloc)
    if authority is None:  # userinfo, an empty host, stray brackets, a port that is no number
        raise InvalidEndpoint(f"not a valid host and port: {parts.netloc!r}")
    port = int(authority["port"]) if authority["port"] else DEFAULT_PORTS[parts.scheme]
    if not 0 < port < 65536:
        raise InvalidEndpoint(f"port out of range: {port}")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if not target.startswith("/"):
        raise InvalidEndpoint("the path must start with /")
    return Endpoint(parts.scheme, _host(authority["host"]), port, target, url)


def origin_of(url: str) -> str:
    return parse_endpoint(url).origin


def endpoint_allowed(url: str, prefixes: str) -> bool:
    """Is the endpoint valid and does it start with one of the comma-separated prefixes? The host
    must be the prefix's host, or, where the prefix's host begins with `*.`, a subdomain of the
    rest (`https://*.push.apple.com/`), on the prefix's port."""
    try:
        endpoint = parse_endpoint(url)
    except InvalidEndpoint:
        return False
    for prefix in (p.strip() for p in prefixes.split(",")):
        if prefix and _matches(endpoint, prefix):
            return True
    return False


def _matches(endpoint: Endpoint, prefix: str) -> bool:
    scheme, separator, rest = prefix.partition("://")
    authority, slash, path = rest.partition("/")
    found = PREFIX_AUTHORITY.match(authority)
    if (
        not separator
        or found is None
        or scheme.lower() != endpoint.scheme
        or not endpoint.target.startswith(slash + path)
    ):
        return False
    host, port = found["host"].lower(), found["port"]
    if host.startswith("*."):
        suffix, wanted = host[1:], int(port) if port else DEFAULT_PORTS[endpoint.scheme]
        return (
            endpoint.host.endswith(suffix)
            and len(endpoint.host) > len(suffix)
            and not _is_ip(endpoint.host)
            and endpoint.port == wanted
        )
    # A plain prefix is a prefix of the URL as written ("http://127.0.0.1:" allows any port) that
    # names the host in full: "https://fcm.googleapis.com" never allows "fcm.googleapis.com.evil".
    try:
        same_host = endpoint.host == _host(host)
    except InvalidEndpoint:
        return False
    return same_host and endpoint.url.startswith(prefix)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
