"""Links as people share them, and one key per page, so that the same page shared twice is one resource.

- `clean_url` is what the bank keeps and shows: the link as shared, minus known tracking parameters,
  cut out of the original text; the rest is neither re-encoded nor reordered (`?print` stays `?print`).
- `link_key` is the duplicate key: scheme and host in lower case, no default port, no trailing slash,
  the query sorted and without tracking, no in-page anchor. A fragment that routes a single-page app
  (`#/course/42`, `#!/x`) stays in both: two courses are two resources.
"""

import re
from urllib.parse import SplitResult, parse_qsl, unquote_plus, urlencode, urlsplit, urlunsplit

from flask_babel import lazy_gettext as _l

DEFAULT_PORTS = {"http": 80, "https": 443}
TRACKING_PARAMS = {
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "twclid",
    "ttclid",
    "li_fat_id",
    "mc_cid",
    "mc_eid",
    "igshid",
    "igsh",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
    "oly_anon_id",
    "oly_enc_id",
    "vero_id",
    "rb_clickid",
    "s_cid",
    "ref_src",
    "spm",
}
TRACKING_PREFIXES = ("utm_", "pk_", "hsa_")
# Share-sheet ids that only say who shared: the same episode or video otherwise looks like a new link.
SHARE_ID_HOSTS = {
    "open.spotify.com": {"si", "context"},
    "youtu.be": {"si", "feature"},
    "www.youtube.com": {"si", "feature"},
    "youtube.com": {"si", "feature"},
    "m.youtube.com": {"si", "feature"},
    "podcasts.apple.com": {"uo"},
}
# Fragments that are a single-page app's route rather than a place on the page.
ROUTING_FRAGMENT = ("/", "!")
URL_IN_TEXT = re.compile(r"https?://[^\s<>\"'«»“”]+", re.IGNORECASE)
MAX_URL_LENGTH = 2048


class InvalidUrl(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _is_tracking(name: str, host: str) -> bool:
    lowered = name.lower()
    return (
        lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES) or lowered in SHARE_ID_HOSTS.get(host, ())
    )


def _checked(raw: str) -> tuple[str, SplitResult, str, int | None]:
    """(the text, its parts, its host in lower ASCII, its port) or InvalidUrl for anything but http(s)."""
    text = (raw or "").strip()
    if not text or len(text) > MAX_URL_LENGTH or any(ch.isspace() for ch in text):
        raise InvalidUrl(_l("Enter a web address starting with http:// or https://."))
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise InvalidUrl(_l("This web address is not valid.")) from error
    host = (parts.hostname or "").rstrip(".")
    if parts.scheme.lower() not in DEFAULT_PORTS or not host:
        raise InvalidUrl(_l("Enter a web address starting with http:// or https://."))
    if parts.username:
        raise InvalidUrl(_l("Web addresses with a user name or password cannot be shared."))
    try:
        host = host.encode("idna").decode("ascii").lower() if not host.isascii() else host.lower()
    except UnicodeError as error:
        raise InvalidUrl(_l("This web address is not valid.")) from error
    return text, parts, host, port


def clean_url(raw: str) -> str:
    """The link as shared, without tracking parameters; raises InvalidUrl as `link_key` does."""
    text, _parts, host, _port = _checked(raw)
    base, hash_mark, fragment = text.partition("#")
    path, question_mark, query = base.partition("?")
    if not question_mark:
        return text
    pieces = query.split("&")
    kept = [p for p in pieces if not _is_tracking(unquote_plus(p.partition("=")[0]), host)]
    if len(kept) == len(pieces):
        return text
    kept = [p for p in kept if p]
    return path + ("?" + "&".join(kept) if kept else "") + hash_mark + fragment


def link_key(raw: str) -> str:
    """The canonical form of a web address, the bank's duplicate key; raises InvalidUrl for anything
    but http(s) with a host."""
    _text, parts, host, port = _checked(raw)
    scheme = parts.scheme.lower()
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    params = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k, host.strip("[]"))
    ]
    fragment = parts.fragment if parts.fragment.startswith(ROUTING_FRAGMENT) else ""
    key = urlunsplit((scheme, netloc, path, urlencode(sorted(params), doseq=True), fragment))
    if len(key) > MAX_URL_LENGTH:
        raise InvalidUrl(_l("This web address is too long."))
    return key


def first_url_in(text: str | None) -> str | None:
    """The first web address inside a piece of text (share sheets often put the link there)."""
    match = URL_IN_TEXT.search(text or "")
    if not match:
        return None
    return match.group(0).rstrip(".,;:!?)]}")


# Hosts (and their subdomains) whose pages are one kind of thing.
HOST_KINDS = {
    "open.spotify.com": "podcast",
    "spotify.link": "podcast",
    "podcasts.apple.com": "podcast",
    "pocketcasts.com": "podcast",
    "pca.st": "podcast",
    "podcasts.google.com": "podcast",
    "acast.com": "podcast",
    "soundcloud.com": "podcast",
    "podbean.com": "podcast",
    "overcast.fm": "podcast",
    "sverigesradio.se": "podcast",
    "youtube.com": "video",
    "youtu.be": "video",
    "vimeo.com": "video",
    "ted.com": "video",
    "coursera.org": "course",
    "udemy.com": "course",
    "edx.org": "course",
    "pluralsight.com": "course",
    "futurelearn.com": "course",
    "khanacademy.org": "course",
}
# (host, path prefix, kind): sites where only some pages are that kind.
PATH_KINDS = (
    ("linkedin.com", "/learning", "course"),
    ("zoom.us", "/webinar/register", "webinar"),
    ("zoom.us", "/meeting/register", "webinar"),
    ("events.zoom.us", "/", "webinar"),
    ("teams.microsoft.com", "/registration", "webinar"),
    ("events.teams.microsoft.com", "/event", "webinar"),
)


def _under(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def _starts(path: str, prefix: str) -> bool:
    return prefix == "/" or path == prefix or path.startswith(prefix.rstrip("/") + "/")


def guess_kind(url: str) -> str:
    """What a link most likely is, from its host (and, for a few sites, its path); else an article."""
    try:
        parts = urlsplit(url)
        host, path = (parts.hostname or "").rstrip("."), parts.path or "/"
    except ValueError:
        return "article"
    for domain, prefix, kind in PATH_KINDS:
        if _under(host, domain) and _starts(path, prefix):
            return kind
    for domain, kind in HOST_KINDS.items():
        if _under(host, domain):
            return kind
    labels = host.split(".")
    if "eventbrite" in labels[:-1] and _starts(path, "/e"):
        return "webinar"
    if labels[0] in ("pod", "podcast", "podcasts"):
        return "podcast"
    return "article"
