"""Link previews: a page's own title, description, site name, duration and kind, read from a page
`fetch.py` fetched safely.

Real-world HTML is read with maintained parsers rather than by hand:
- `w3lib.encoding.html_to_unicode` finds the charset as browsers do (a BOM, then the Content-Type
  header, then `<meta charset>` or `http-equiv`, then UTF-8 when the bytes are UTF-8), so a page that
  declares ISO-8859-1 only in its head still reads "Ledarskap för chefer".
- selectolax (Lexbor, a C implementation of the HTML5 parsing algorithm) builds the tree a browser
  would from broken markup: the title is the `<title>` of the document head, never one inside an
  inline SVG, and meta tags are found wherever sloppy templates put them.
Both are small wheels without further dependencies. extruct reads the same Open Graph and JSON-LD but
brings lxml, rdflib and html5lib for the handful of fields used here; the JSON-LD is plain JSON.
"""

from urllib.parse import urljoin

from flask import current_app
from selectolax.lexbor import LexborHTMLParser
from w3lib.encoding import html_to_unicode

from .fetch import FetchRefused, fetch_page, is_public_address
from .structured import duration_from, kind_from, main_item, name_of, structured_items

__all__ = ["fetch_metadata", "is_public_address", "parse_html", "parse_metadata", "read_page"]

DURATION_SOURCES = ("og:video:duration", "video:duration", "og:audio:duration", "music:duration", "duration")


def _clean(value, limit: int) -> str | None:
    """Single-spaced text, cut to `limit`; no NUL (a page may send one, no database stores it)."""
    value = " ".join(str(value or "").replace("\x00", "").split()) if isinstance(value, str | int | float) else ""
    return value[:limit] or None


def _meta(tree: LexborHTMLParser) -> dict[str, str]:
    """Every `<meta property|name|itemprop content>`, the first of each name winning."""
    found: dict[str, str] = {}
    for node in tree.css("meta"):
        attributes = node.attributes
        key = (attributes.get("property") or attributes.get("name") or attributes.get("itemprop") or "").strip()
        content = attributes.get("content")
        if key and content is not None:
            found.setdefault(key.lower(), content.strip())
    return found


def _head_title(tree: LexborHTMLParser) -> str | None:
    node = tree.css_first("head > title")
    return node.text(deep=True) if node is not None else None


def parse_metadata(html: str) -> dict:
    """What a page says about itself: Open Graph and Twitter tags first, then JSON-LD, then its head."""
    tree = LexborHTMLParser(html)
    meta = _meta(tree)
    items = structured_items(tree)
    main = main_item(items)
    ld = main or {}
    duration = duration_from(ld, meta, DURATION_SOURCES)
    return {
        "title": _clean(
            meta.get("og:title") or meta.get("twitter:title") or name_of(ld, "headline", "name") or _head_title(tree),
            300,
        ),
        "description": _clean(
            meta.get("og:description")
            or meta.get("description")
            or meta.get("twitter:description")
            or ld.get("description"),
            2000,
        ),
        "site_name": _clean(
            meta.get("og:site_name")
            or name_of(ld.get("partOfSeries"), "name")
            or name_of(ld.get("publisher") or ld.get("provider"), "name")
            or name_of(next((i for i in items if "website" in i["@types"]), None), "name")
            or meta.get("application-name"),
            200,
        ),
        "image": _clean(meta.get("og:image") or meta.get("twitter:image") or name_of(ld.get("image"), "url"), 2048),
        "duration_minutes": duration,
        "kind": kind_from(main, meta.get("og:type")),
    }


def parse_html(body: bytes, content_type: str | None) -> dict:
    """`parse_metadata` of raw bytes, decoded by the charset found in BOM, header or meta."""
    _encoding, text = html_to_unicode(content_type, body)
    return parse_metadata(text)


def fetch_metadata(url: str, *, allow_private: bool = False, allow=None, proxies: dict | None = None) -> dict | None:
    """The page's own details, or None when it cannot (or may not) be fetched."""
    check = allow or ((lambda ip: True) if allow_private else is_public_address)
    try:
        page = fetch_page(url, allow=check, proxies=proxies)
    except FetchRefused:
        return None
    found = parse_html(page.body, page.content_type)
    if found["image"]:
        found["image"] = urljoin(page.url, found["image"])[:2048]
    return found


def read_page(url: str) -> dict | None:
    """The page's own title, description and so on, fetched as the operator allows (private addresses,
    proxies); None when it cannot or may not be read."""
    config = current_app.config
    return fetch_metadata(url, allow_private=config["LINK_FETCH_ALLOW_PRIVATE"], proxies=config["OUTBOUND_PROXIES"])
