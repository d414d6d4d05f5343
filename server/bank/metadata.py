"""Link previews: a page's own title and description, read from a page `fetch.py` fetched safely."""
from html.parser import HTMLParser
from urllib.parse import urljoin

from flask import current_app

from .fetch import FetchRefused, fetch_page, is_public_address

__all__ = ["fetch_metadata", "is_public_address", "parse_metadata", "read_page"]


def _decode(body: bytes, content_type: str) -> str:
    charset = None
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset":
            charset = value.strip().strip('"')
    try:
        return body.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


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


def fetch_metadata(url: str, *, allow_private: bool = False, allow=None, proxies: dict | None = None) -> dict | None:
    """The page's title and description, or None when it cannot (or may not) be fetched."""
    check = allow or ((lambda ip: True) if allow_private else is_public_address)
    try:
        page = fetch_page(url, allow=check, proxies=proxies)
    except FetchRefused:
        return None
    found = parse_metadata(_decode(page.body, page.content_type))
    if found["image"]:
        found["image"] = urljoin(page.url, found["image"])
    return found


def read_page(url: str) -> dict | None:
    """The page's own title, description and so on, fetched as the operator allows (private addresses,
    proxies); None when it cannot or may not be read."""
    config = current_app.config
    return fetch_metadata(url, allow_private=config["LINK_FETCH_ALLOW_PRIVATE"], proxies=config["OUTBOUND_PROXIES"])
