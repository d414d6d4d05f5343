"""Where e-mail goes: `SMTP_URL`, `MAIL_FROM` and `PUBLIC_URL` (the base of every link), read once
per app. Without SMTP_URL there is no e-mail, and nothing else changes."""

import logging
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.utils import parseaddr
from urllib.parse import unquote, urlsplit

from flask import Flask, current_app

log = logging.getLogger(__name__)
KEY = "mail.settings"
# scheme -> (default port, how the connection is secured)
SCHEMES = {"smtp": (25, None), "smtp+starttls": (587, "starttls"), "smtps": (465, "tls")}


class MailSettingsError(ValueError):
    """A setting that cannot work; its text names the setting."""


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    security: str | None  # None | "starttls" | "tls"
    username: str | None
    password: str | None = field(repr=False)
    sender: Address
    public_url: str
    timeout: float = 20.0
    ca_file: str | None = None

    @property
    def relay(self) -> str:
        """The relay as an admin may see it: no password."""
        scheme = {None: "smtp", "starttls": "smtp+starttls", "tls": "smtps"}[self.security]
        user = f"{self.username}@" if self.username else ""
        return f"{scheme}://{user}{self.host}:{self.port}"

    def link(self, path: str) -> str:
        return self.public_url + (path if path.startswith("/") else f"/{path}")


def _one_line(value: str, name: str) -> str:
    if any(ch in value for ch in "\r\n\0"):
        raise MailSettingsError(f"{name} must be one line.")
    return value


def parse(smtp_url: str, mail_from: str, public_url: str, *, timeout: float = 20.0, ca_file: str = "") -> MailSettings:
    """The settings, checked; `MailSettingsError` names the one that cannot work."""
    parts = urlsplit(_one_line(smtp_url.strip(), "SMTP_URL"))
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise MailSettingsError("SMTP_URL: use smtp://host:25, smtp+starttls://user:pass@host:587 or smtps://…:465.")
    default_port, security = SCHEMES[parts.scheme]
    try:
        port = parts.port or default_port
    except ValueError as error:
        raise MailSettingsError("SMTP_URL: the port is not a number.") from error
    name, address = parseaddr(_one_line(mail_from.strip(), "MAIL_FROM"))
    if not address or "@" not in address:
        raise MailSettingsError('MAIL_FROM: an address, e.g. "Learning Hour <learning@example.com>".')
    username, domain = address.rsplit("@", 1)
    base = _one_line(public_url.strip(), "PUBLIC_URL").rstrip("/")
    if urlsplit(base).scheme not in ("http", "https") or not urlsplit(base).netloc:
        raise MailSettingsError("PUBLIC_URL: the app's address, e.g. https://learning.example.com, for links.")
    return MailSettings(
        host=parts.hostname,
        port=port,
        security=security,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        sender=Address(display_name=name, username=username, domain=domain),
        public_url=base,
        timeout=timeout,
        ca_file=ca_file or None,
    )


def _from_config(app: Flask) -> tuple[MailSettings | None, str | None]:
    config = app.config
    if not config.get("SMTP_URL"):
        return None, None
    try:
        return (
            parse(
                config["SMTP_URL"],
                config.get("MAIL_FROM", ""),
                config.get("PUBLIC_URL", ""),
                timeout=float(config.get("MAIL_TIMEOUT_SECONDS") or 20),
                ca_file=config.get("MAIL_CA_FILE") or "",
            ),
            None,
        )
    except MailSettingsError as error:
        log.error("e-mail is off: %s", error)
        return None, str(error)


def settings_for(app: Flask | None = None) -> MailSettings | None:
    """The app's mail settings, or None when e-mail is off (read once; tests put their own here)."""
    app = app or current_app._get_current_object()
    if KEY not in app.extensions:
        app.extensions[KEY], app.extensions[KEY + ".problem"] = _from_config(app)
    return app.extensions[KEY]


def problem(app: Flask | None = None) -> str | None:
    """Why e-mail is off although SMTP_URL is set (a setting that cannot work), else None."""
    app = app or current_app._get_current_object()
    settings_for(app)
    return app.extensions.get(KEY + ".problem")
