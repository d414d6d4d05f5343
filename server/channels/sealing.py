"""Webhook URLs (and Slack's reply URLs) sealed at rest.

A webhook URL is a bearer secret: whoever holds it can post to the channel. Kept in plain text, every
database dump, backup or read replica would hand it out. It is sealed with Fernet (`cryptography`:
AES-128-CBC with an HMAC-SHA256 tag, so a changed token is refused, not decrypted into garbage) under
a key derived from SECRET_KEY with HKDF-SHA256 and a label of its own, so that this key is never the
one that signs session cookies, and a database without the server's SECRET_KEY reveals nothing.
Flask's SECRET_KEY_FALLBACKS (old keys during a rotation) still open what they sealed.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

LABEL = b"learning-hour channels: sealed webhook urls v1"


class Unsealable(ValueError):
    """Sealed under a key this server no longer has (SECRET_KEY changed without a fallback)."""


def _key(secret: str | bytes) -> bytes:
    raw = secret.encode() if isinstance(secret, str) else secret
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=LABEL).derive(raw)
    return base64.urlsafe_b64encode(derived)


def _fernet() -> MultiFernet:
    config = current_app.config
    cache = current_app.extensions.get("channels.fernet")
    if cache is None:
        secrets = [config["SECRET_KEY"], *(config.get("SECRET_KEY_FALLBACKS") or [])]
        cache = current_app.extensions["channels.fernet"] = MultiFernet([Fernet(_key(s)) for s in secrets])
    return cache


def seal(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def unseal(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise Unsealable("sealed with a key this server does not have") from error
