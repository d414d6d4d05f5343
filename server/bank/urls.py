"""One spelling per link: URL normalisation, so that the same page shared twice is one resource."""
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask_babel import lazy_gettext as _l

DEFAULT_PORTS = {"http": 80, "https": 443}
TRACKING_PARAMS = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid", "li_fat_id",
    "mc_cid", "mc_eid", "igshid", "igsh", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id",
    "vero_id", "rb_clickid", "s_cid", "ref_src", "spm",
}
TRACKING_PREFIXES = ("utm_", "pk_", "hsa_")
# Share-sheet ids that only say who shared: the same episode or video otherwise looks like a new link.
SHARE_ID_HOSTS = {"open.spotify.com": {"si", "context"}, "youtu.be": {"si", "feature"},
                  "www.youtube.com": {"si", "feature"}, "youtube.com": {"si", "feature"},
                  "m.youtube.com": {"si", "feature"}, "podcasts.apple.com": {"uo"}}
URL_IN_TEXT = re.compile(r"https?://[^\s<>\"'«»“”]+", re.IGNORECASE)
MAX_URL_LENGTH = 2048


class InvalidUrl(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _is_tracking(name: str, host: str) -> bool:
    lowered = name.lower()
    return (lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)
            or lowered in SHARE_ID_HOSTS.get(host, ()))


def normalise_url(raw: str) -> str:
    """The canonical form of a web address; raises InvalidUrl for anything but http(s) with a host."""
    text = (raw or "").strip()
    if not text or len(text) > MAX_URL_LENGTH or any(ch.isspace() for ch in text):
        raise InvalidUrl(_l("Enter a web address starting with http:// or https://."))
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise InvalidUrl(_l("This web address is not valid.")) from error
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in DEFAULT_PORTS or not host:
        raise InvalidUrl(_l("Enter a web address starting with http:// or https://."))
    try:
        host = host.encode("idna").decode("ascii").lower() if not host.isascii() else host.lower()
    except UnicodeError as error:
        raise InvalidUrl(_l("This web address is not valid.")) from error
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username:
        raise InvalidUrl(_l("Web addresses with a user name or password cannot be shared."))
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
              if not _is_tracking(k, host)]
    query = urlencode(sorted(params), doseq=True)
    return urlunsplit((scheme, netloc, path, query, ""))


def first_url_in(text: str | None) -> str | None:
    """The first web address inside a piece of text (share sheets often put the link there)."""
    match = URL_IN_TEXT.search(text or "")
    if not match:
        return None
    return match.group(0).rstrip(".,;:!?)]}")


def guess_kind(url: str) -> str:
    host = urlsplit(url).hostname or ""
    if any(h in host for h in ("spotify.com", "podcasts.apple.com", "podcasts.google.com", "pod.", "acast.",
                               "soundcloud.com", "podbean.com", "sverigesradio.se")):
        return "podcast"
    if any(h in host for h in ("youtube.com", "youtu.be", "vimeo.com", "ted.com")):
        return "video"
    if any(h in host for h in ("coursera.org", "udemy.com", "edx.org", "linkedin.com/learning")):
        return "course"
    return "article"
