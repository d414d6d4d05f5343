"""The PWA's Web Share Target: a phone app shares a link, the Add screen opens pre-filled.

It sits outside /api because the browser itself navigates here (a form POST or a GET), so it answers
with redirects, not JSON. Adding straight to the bank is a write on a cookie-authenticated page, so it
happens only for a same-origin (or browser-initiated) request from someone who chose it.
"""

from urllib.parse import urlencode

from flask import Blueprint, g, redirect, request
from flask_login import current_user

from ..errors import RuleError
from ..extensions import db
from . import service
from .urls import first_url_in

blp = Blueprint("share_target", __name__)
TRUSTED_FETCH_SITES = {"same-origin", "none"}


def shared_link(values) -> tuple[str | None, str]:
    """(first URL found in url or text, a title) from the share sheet's fields."""
    text = values.get("text", "") or ""
    url = first_url_in(values.get("url", "")) or first_url_in(text)
    title = " ".join((values.get("title", "") or "").split())
    if not title and url:
        title = " ".join(text.replace(url, " ").split())
    return url, title[:300]


def _wants_direct(values) -> bool:
    """Only a POST (the share sheet's, or the Add screen's) may add: a plain link opened from
    elsewhere is a GET and never changes anything; it opens the Add screen for a confirming tap."""
    if request.method != "POST":
        return False
    flag = (values.get("direct") or request.args.get("direct") or "").lower()
    return flag in {"1", "true", "yes", "on"} and request.headers.get("Sec-Fetch-Site") in TRUSTED_FETCH_SITES


@blp.route("/share-target", methods=["GET", "POST"])
def share_target():
    values = request.form if request.method == "POST" else request.args
    url, title = shared_link(values)
    g.add_screen = "/add?" + urlencode({k: v for k, v in (("url", url), ("title", title)) if v})
    if not current_user.is_authenticated:
        return redirect("/login?" + urlencode({"next": g.add_screen}), 303)
    if url and _wants_direct(values):
        resource, _ = service.add_resource(current_user, {"url": url, "title": title or None})
        return redirect(f"/bank?added={resource.id}", 303)
    return redirect(g.add_screen, 303)


def _not_added(error: RuleError):
    """A link the bank refuses opens the Add screen instead, which says why; nothing half-done is kept."""
    db.session.rollback()
    return redirect(g.get("add_screen") or "/add", 303)


blp.register_error_handler(RuleError, _not_added)
