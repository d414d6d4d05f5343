"""Settings read from the environment, with safe defaults.

`load_config` builds a plain dict once per app; nothing mutates it afterwards.
"""

import ipaddress
import os
import secrets
from pathlib import Path
from urllib.request import getproxies_environment

from .openapi import spec_options

# Browsers' push services. A leading "*." in the host matches any subdomain.
DEFAULT_PUSH_ENDPOINTS = ",".join(
    [
        "https://fcm.googleapis.com/",
        "https://updates.push.services.mozilla.com/",
        "https://*.notify.windows.com/",
        "https://*.push.apple.com/",
    ]
)


# Where chat channels' webhooks may point: Teams Workflows (Power Automate's "When a Teams webhook
# request is received": environment.api.powerplatform.com since late 2025; logic.azure.com before, and
# Azure Logic Apps) and Slack's incoming webhooks (and the response URLs of its commands).
DEFAULT_CHANNEL_URLS = ",".join(
    [
        "https://*.environment.api.powerplatform.com/",
        "https://*.logic.azure.com/",
        "https://hooks.slack.com/",
    ]
)


PUSH_SETTINGS = (
    "PUSH_TTL_SECONDS",
    "PUSH_TIMEOUT_SECONDS",
    "PUSH_CONNECT_TIMEOUT_SECONDS",
    "PUSH_CONNECTIONS_PER_ORIGIN",
    "PUSH_STREAMS_PER_ORIGIN",
    "PUSH_MAX_ATTEMPTS",
    "PUSH_BACKOFF_SECONDS",
    "PUSH_DEFAULT_PAUSE_SECONDS",
    "PUSH_CA_FILE",
)


OUTBOX_SETTINGS = (
    "OUTBOX_POLL_SECONDS",
    "OUTBOX_RETRY_SECONDS",
    "OUTBOX_RETRY_CAP_SECONDS",
    "OUTBOX_GIVE_UP_SECONDS",
    "OUTBOX_LEASE_SECONDS",
    "OUTBOX_KEEP_DAYS",
)


def _instance_secret(instance_path: str, name: str) -> str:
    """A random secret generated on first start and kept under instance/ (never in code)."""
    path = Path(instance_path) / name
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _networks(text: str) -> tuple:
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in text.split(",") if part.strip())


def email_domains(text: str) -> tuple[str, ...]:
    """ "example.com, @Example.org" -> ("example.com", "example.org")."""
    return tuple(part.strip().lstrip("@").lower() for part in text.split(",") if part.strip().lstrip("@"))


def database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{Path(instance_path) / 'learning-hour.db'}"
    return normalise_database_url(url)


def engine_options(url: str) -> dict:
    # No ping on every checkout (a round trip per request): `database.py` pings only connections
    # that sat idle a while, and a connection that fails in use invalidates the whole pool.
    options = {"pool_pre_ping": False}
    if url.startswith("postgresql"):
        # A database that does not answer fails a request in seconds (503), not after TCP's minutes.
        options["connect_args"] = {"connect_timeout": 5}
    return options


def normalise_database_url(url: str) -> str:
    # Heroku-style URLs name the driver-less scheme; we run on psycopg 3.
    if url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url[len("postgres://") :]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def load_config(instance_path: str, overrides: dict | None = None) -> dict:
    overrides = overrides or {}
    secret = (
        overrides.get("SECRET_KEY") or os.environ.get("SECRET_KEY") or _instance_secret(instance_path, "secret_key")
    )
    config = {
        "SECRET_KEY": secret,
        # Old keys while SECRET_KEY changes (Flask's own setting): what they signed or sealed still opens.
        "SECRET_KEY_FALLBACKS": [k.strip() for k in os.environ.get("SECRET_KEY_FALLBACKS", "").split(",") if k.strip()],
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        # Reverse proxies in front of gunicorn: how many hops to trust for X-Forwarded-*.
        "PROXY_FIX_HOPS": int(os.environ.get("PROXY_FIX_HOPS", "0")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", False),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", False),
        "REMEMBER_COOKIE_DURATION": 30 * 24 * 3600,
        "PREFERRED_URL_SCHEME": os.environ.get("PREFERRED_URL_SCHEME", "http"),
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", ""),
        # Outgoing e-mail (server/mail): unset SMTP_URL, no e-mail and everything else works as before.
        "SMTP_URL": os.environ.get("SMTP_URL", "").strip(),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "").strip(),
        "MAIL_TIMEOUT_SECONDS": float(os.environ.get("MAIL_TIMEOUT_SECONDS", "20")),
        "MAIL_CA_FILE": os.environ.get("MAIL_CA_FILE", ""),
        # Outgoing messages (server/outbox): the web process sends right after the commit and sweeps for
        # what is due every OUTBOX_POLL_SECONDS; retries back off from OUTBOX_RETRY_SECONDS to the cap.
        **{name: os.environ.get(name) for name in OUTBOX_SETTINGS},
        "OUTBOX_IN_WEB": _flag("OUTBOX_IN_WEB", True),
        # Rate limits: memory for one process, redis://127.0.0.1:6379 when several share the load.
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_KEY_PREFIX": os.environ.get("RATELIMIT_KEY_PREFIX", "learning-hour"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_ENABLED": _flag("RATELIMIT_ENABLED", True),
        # Failed sign-ins allowed (see accounts/throttle.py): per client address, per account from one
        # client, and per account from browsers it has never signed in from.
        "LOGIN_LIMIT_PER_CLIENT": os.environ.get("LOGIN_LIMIT_PER_CLIENT", "20/minute;200/hour"),
        "LOGIN_LIMIT_PER_ACCOUNT_AND_CLIENT": os.environ.get("LOGIN_LIMIT_PER_ACCOUNT_AND_CLIENT", "5/minute;30/day"),
        "LOGIN_LIMIT_PER_ACCOUNT": os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "30/hour;100/day"),
        # Wrong current passwords allowed when changing the password or deleting the account.
        "PASSWORD_CHECK_LIMIT": os.environ.get("PASSWORD_CHECK_LIMIT", "5/minute;20/day"),
        # argon2id cost for password hashes (argon2-cffi's parameters; memory in KiB).
        "ARGON2_COST": {
            "time_cost": int(os.environ.get("ARGON2_TIME_COST", "3")),
            "memory_cost": int(os.environ.get("ARGON2_MEMORY_COST", "65536")),
        },
        "PUSH_ALLOWED_ENDPOINTS": os.environ.get("PUSH_ALLOWED_ENDPOINTS", DEFAULT_PUSH_ENDPOINTS),
        "VAPID_PRIVATE_KEY": os.environ.get("VAPID_PRIVATE_KEY", ""),
        "VAPID_SUBJECT": os.environ.get("VAPID_SUBJECT", "mailto:learning-hour@example.com"),
        # Push sender tuning (unset: the sender's defaults).
        **{name: os.environ.get(name) for name in PUSH_SETTINGS},
        # Chat channels (server/channels): where webhooks may point, Slack's signing secret (unset: no
        # Slack command), and when a channel that keeps failing is paused.
        "CHANNEL_ALLOWED_URLS": os.environ.get("CHANNEL_ALLOWED_URLS", DEFAULT_CHANNEL_URLS),
        "SLACK_SIGNING_SECRET": os.environ.get("SLACK_SIGNING_SECRET", "").strip(),
        "CHANNEL_TIMEOUT_SECONDS": float(os.environ.get("CHANNEL_TIMEOUT_SECONDS", "10")),
        "CHANNEL_PAUSE_AFTER_FAILURES": int(os.environ.get("CHANNEL_PAUSE_AFTER_FAILURES", "3")),
        "CHANNEL_PAUSE_AFTER_HOURS": float(os.environ.get("CHANNEL_PAUSE_AFTER_HOURS", "24")),
        # Link previews (and channel webhooks) may reach private and loopback addresses only when the
        # operator says so.
        "LINK_FETCH_ALLOW_PRIVATE": _flag("LINK_FETCH_ALLOW_PRIVATE", False),
        "LINK_PREVIEW_LIMIT": os.environ.get("LINK_PREVIEW_LIMIT", "30/minute;300/hour"),
        # HTTP(S)_PROXY and NO_PROXY, as company networks set them, for every outbound request.
        "OUTBOUND_PROXIES": getproxies_environment(),
        # Sign-in with the company account (OpenID Connect); off while OIDC_ISSUER is unset.
        "OIDC_ISSUER": os.environ.get("OIDC_ISSUER", "").strip(),
        "OIDC_CLIENT_ID": os.environ.get("OIDC_CLIENT_ID", "").strip(),
        "OIDC_CLIENT_SECRET": os.environ.get("OIDC_CLIENT_SECRET", ""),
        "OIDC_BUTTON_LABEL": os.environ.get("OIDC_BUTTON_LABEL", "").strip(),
        "OIDC_ALLOWED_DOMAINS": email_domains(os.environ.get("OIDC_ALLOWED_DOMAINS", "")),
        "OIDC_TIMEOUT_SECONDS": float(os.environ.get("OIDC_TIMEOUT_SECONDS", "5")),
        "SSO_LIMIT_PER_IP": os.environ.get("SSO_LIMIT_PER_IP", "30/minute;300/hour"),
        # Provisioning (SCIM): requests per provisioning token, and failed ones (wrong token) per client.
        "SCIM_LIMIT_PER_TOKEN": os.environ.get("SCIM_LIMIT_PER_TOKEN", "1200/minute"),
        "SCIM_FAILED_LIMIT_PER_CLIENT": os.environ.get("SCIM_FAILED_LIMIT_PER_CLIENT", "30/minute;300/hour"),
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "API_TITLE": "Learning Hour",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api",
        "OPENAPI_JSON_PATH": "openapi.json",
        "API_SPEC_OPTIONS": spec_options(),
        # How long the audit trail keeps what admins and managers did.
        "AUDIT_RETENTION_DAYS": int(os.environ.get("AUDIT_RETENTION_DAYS", "365")),
        # Who may read /metrics (Prometheus): comma-separated networks; loopback unless told otherwise.
        "METRICS_ALLOWED_NETWORKS": _networks(os.environ.get("METRICS_ALLOWED_NETWORKS", "127.0.0.0/8,::1/128")),
        "PROMETHEUS_MULTIPROC_DIR": os.environ.get("PROMETHEUS_MULTIPROC_DIR", ""),
        # "json": one JSON object per log line, for log shippers; "text" for a terminal.
        "LOG_FORMAT": os.environ.get("LOG_FORMAT", "text"),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO"),
        # A bookmark import that takes longer than this is refused whole (bank/importing.py).
        "IMPORT_TIME_BUDGET_SECONDS": float(os.environ.get("IMPORT_TIME_BUDGET_SECONDS", "30")),
        # Bodies larger than this answer 413 before anything reads them (imports raise it per route).
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", str(1024 * 1024))),
    }
    config.update(overrides)
    # Connections idle for a while are checked before use (database.py), so the app recovers by
    # itself after a database restart.
    config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(config["SQLALCHEMY_DATABASE_URI"]))
    return config
