"""What a message says: a plain-text and an HTML part from the templates in `templates/`, in the
recipient's language (Flask-Babel's catalog, as every server text), and the message around them.

Each message is two files: `NAME.txt` (its `subject` block and the text) and `NAME.html` (the HTML,
inside `layout.html`). Texts go through `_()`/`ngettext()`; links through `link(path)`, which puts
`PUBLIC_URL` in front. The standard library turns them into a message (`mime.compose`, or
`EmailMessage` for addresses that are not ASCII): every header and part encoded correctly (names in
any language, long lines, quoted-printable), and a CR or LF inside a header refused, so nothing a
person typed can add a header. No extra dependency does it better.
"""

import hashlib
from contextvars import ContextVar
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP, SMTPUTF8
from email.utils import format_datetime
from functools import cache
from pathlib import Path

from babel.dates import format_date
from babel.dates import format_datetime as format_moment
from flask_babel import force_locale, get_translations
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..clock import as_utc, utcnow, zone
from .mime import compose
from .settings import MailSettings

TEMPLATES = Path(__file__).parent / "templates"
LOCALES = ("sv", "nb", "en")
SEVEN_BIT = SMTP.clone(cte_type="7bit")
_catalog: ContextVar = ContextVar("mail_catalog")
CONTROL = dict.fromkeys(range(32), " ")  # a display name is one line, whatever was stored


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        auto_reload=False,  # templates change with a deploy, not while running: no stat() per message
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    # The catalog's raw texts (Jinja's "newstyle" gettext fills in the values, escaped in HTML), from the
    # catalog `render` looked up once for the message: a message asks for some forty texts.
    env.install_gettext_callables(
        lambda text: _catalog.get().ugettext(text),
        lambda singular, plural, n: _catalog.get().ungettext(singular, plural, n),
        newstyle=True,
    )
    return env


def _moment(value: str | datetime) -> datetime:
    return as_utc(datetime.fromisoformat(value) if isinstance(value, str) else value)


def _filters(locale: str, time_zone: str) -> dict:
    tz = zone(time_zone)
    return {
        "day": lambda v: format_date(_moment(v).astimezone(tz).date(), "long", locale=locale),
        "when": lambda v: format_moment(_moment(v), "EEEE d MMMM HH:mm", tzinfo=tz, locale=locale),
        "clock": lambda v: format_moment(_moment(v), "HH:mm", tzinfo=tz, locale=locale),
    }


def render(settings: MailSettings, template: str, locale: str, context: dict) -> tuple[str, str, str]:
    """(subject, text, html) of `template` in `locale` (`context["unsubscribe"]`: the path of the
    one-click unsubscribe page, shown in the footer)."""
    locale = locale if locale in LOCALES else "en"
    env = environment()
    values = {
        "unsubscribe": None,
        **context,
        "link": settings.link,
        "locale": locale,
        **_filters(locale, context.get("timezone") or "UTC"),
    }
    text_template = env.get_template(f"{template}.txt")
    with force_locale(locale):
        catalog = _catalog.set(get_translations())
    try:
        subject = " ".join("".join(text_template.blocks["subject"](text_template.new_context(values))).split())
        text = text_template.render(values)
        html = env.get_template(f"{template}.html").render(values, subject=subject)
    finally:
        _catalog.reset(catalog)
    return subject, text, html


def message_id(key: str, settings: MailSettings) -> str:
    """Stable for one outgoing message, so that a relay or mailbox can spot a message sent twice."""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{settings.sender.domain}>"


def build(
    settings: MailSettings,
    *,
    to: str,
    name: str | None,
    template: str,
    locale: str,
    context: dict,
    key: str,
    unsubscribe: str | None = None,
) -> EmailMessage:
    """The whole message, ready for `as_bytes()`. `unsubscribe`: the path of its one-click
    unsubscribe page (RFC 8058), for reminders and the digest."""
    subject, text, html = render(settings, template, locale, {**context, "unsubscribe": unsubscribe})
    international = not (to.isascii() and str(settings.sender).isascii())
    # 7-bit parts (quoted-printable where a text needs it) pass every relay, old ones included.
    message = EmailMessage(policy=SMTPUTF8 if international else SEVEN_BIT)
    local, _, domain = to.rpartition("@")
    message["From"] = settings.sender
    message["To"] = Address(display_name=(name or "").translate(CONTROL).strip(), username=local, domain=domain)
    message["Subject"] = subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = message_id(key, settings)
    message["Auto-Submitted"] = "auto-generated"
    if unsubscribe:
        message["List-Unsubscribe"] = f"<{settings.link(unsubscribe)}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message["Content-Language"] = locale if locale in LOCALES else "en"  # after the parts: it is the whole's
    return message


def message_bytes(
    settings: MailSettings,
    *,
    to: str,
    name: str | None,
    template: str,
    locale: str,
    context: dict,
    key: str,
    unsubscribe: str | None = None,
) -> tuple[bytes, bool]:
    """What goes to the relay, and whether it needs SMTPUTF8 (an address that is not ASCII)."""
    if not (to.isascii() and settings.sender.addr_spec.isascii()):
        return build(
            settings,
            to=to,
            name=name,
            template=template,
            locale=locale,
            context=context,
            key=key,
            unsubscribe=unsubscribe,
        ).as_bytes(), True
    subject, text, html = render(settings, template, locale, {**context, "unsubscribe": unsubscribe})
    extra = {}
    if unsubscribe:
        extra = {
            "List-Unsubscribe": f"<{settings.link(unsubscribe)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    data = compose(
        sender=str(settings.sender),
        to=to,
        name=(name or "").translate(CONTROL).strip(),
        subject=subject,
        text=text,
        html=html,
        message_id=message_id(key, settings),
        locale=locale if locale in LOCALES else "en",
        extra=extra,
    )
    return data, False
