"""Outbound proxies, read as every HTTP client reads them: HTTPS_PROXY for https endpoints,
HTTP_PROXY for http ones, NO_PROXY for hosts reached directly (the standard library's rules).

The sender decides once per origin and tells libcurl (`transport.py`): https endpoints go through a
CONNECT tunnel, so TLS still runs end to end with the push service; http endpoints (loopback test
services) are sent to the proxy in absolute form.
"""

from urllib.parse import urlsplit
from urllib.request import getproxies_environment, proxy_bypass_environment

from .endpoints import Endpoint


def environment_proxies() -> dict[str, str]:
    """{"https": URL, "http": URL, "no": "host,.domain"} from the process environment."""
    return getproxies_environment()


def parse_proxy(url: str) -> str:
    """The proxy's URL as libcurl takes it (user:password kept for Proxy-Authorization)."""
    url = url if "://" in url else f"http://{url}"
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise ValueError(f"push requests go through http:// proxies only, not {url!r}")
    return url


def proxy_for(endpoint: Endpoint, proxies: dict[str, str]) -> str | None:
    url = proxies.get(endpoint.scheme)
    if not url:
        return None
    if proxy_bypass_environment(f"{endpoint.host_literal}:{endpoint.port}", proxies) or proxy_bypass_environment(
        endpoint.host, proxies
    ):
        return None
    return parse_proxy(url)
