"""Two small pages a reminder e-mail links to, which work without signing in (the link's signed
token is the permission) and without the app's JavaScript:

- `/unsubscribe/<token>`: RFC 8058 one-click unsubscribe. A mail program POSTs
  `List-Unsubscribe=One-Click` here with no cookie and no CSRF token, and that kind of e-mail
  (reminders, or the digest) stops. A GET only shows a page that explains, with the button to stop
  them, or, once stopped, to have them again: a link checker opening it changes nothing.
- `/snooze/<token>`: "Remind me tomorrow", the push notification's button, as a page with one button.
"""

from flask import Blueprint, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _

from ..extensions import per_ip_limit
from . import service

blp = Blueprint("reminder_pages", __name__, template_folder="pages")
limit = per_ip_limit("MAIL_LINK_LIMIT_PER_IP", "30/minute;300/hour")


def _page(locale: str, content, status: int = 200):
    """`content()` gives {title, lines, action?}, made in the person's language."""
    with force_locale(locale):
        return (
            render_template("page.html", locale=locale, **{"action": None, **content()}),
            status,
            {"Cache-Control": "no-store"},
        )


def _invalid():
    locale = request.accept_languages.best_match(["sv", "nb", "en"]) or "en"
    return _page(
        locale,
        lambda: {
            "title": _("This link does not work"),
            "lines": [_("It may be incomplete, or the account it was for no longer exists.")],
        },
        404,
    )


@blp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@limit
def unsubscribe(token: str):
    if request.method == "POST":  # the one-click POST (or the page's own button): no cookie, no CSRF token
        found = service.set_mail_wanted(token, "resubscribe" in request.form)
    else:
        found = service.mail_wanted(token)
    if found is None:
        return _invalid()
    user, kind, wanted = found

    def content():
        what = _("the Monday digest by e-mail") if kind == "digest" else _("reminder e-mails")
        if wanted:
            return {
                "title": _("Stop these e-mails?"),
                "lines": [
                    _("You get %(what)s at %(email)s.", what=what, email=user.email),
                    _("Stop them here; your other settings stay as they are, and you can have them again any time."),
                ],
                "action": {"fields": [("List-Unsubscribe", "One-Click")], "label": _("Stop these e-mails")},
            }
        return {
            "title": _("E-mails stopped"),
            "lines": [
                _("You no longer get %(what)s at %(email)s.", what=what, email=user.email),
                _("Changed your mind? Have them again with one tap."),
            ],
            "action": {"fields": [("resubscribe", "1")], "label": _("Send them again")},
        }

    return _page(user.locale, content)


@blp.route("/snooze/<token>", methods=["GET", "POST"])
@limit
def snooze(token: str):
    user = service.snooze_target(token)
    if user is None:
        return _invalid()
    if request.method == "POST":
        until = service.snooze(user)
        return _page(
            user.locale,
            lambda: {
                "title": _("See you tomorrow"),
                "lines": [_("We will remind you again tomorrow at %(time)s.", time=service.local_time(user, until))],
            },
        )
    return _page(
        user.locale,
        lambda: {
            "title": _("Remind me tomorrow"),
            "lines": [_("One more reminder tomorrow at your reminder time, unless you log your hour before.")],
            "action": {"fields": [("snooze", "1")], "label": _("Remind me tomorrow")},
        },
    )
