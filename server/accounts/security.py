"""Passwords and secret tokens: hashing and checking."""

import hashlib
import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app


@cache
def _hasher(time_cost: int, memory_cost: int) -> tuple[PasswordHasher, str]:
    hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost)
    # Verified against when the email is unknown, so that answer takes as long as a wrong password.
    return hasher, hasher.hash(secrets.token_urlsafe(16))


def _current_hasher() -> tuple[PasswordHasher, str]:
    cost = current_app.config.get("ARGON2_COST") or {}
    return _hasher(cost.get("time_cost", 3), cost.get("memory_cost", 65536))


def hash_password(password: str) -> str:
    return _current_hasher()[0].hash(password)


def check_password(password_hash: str | None, password: str) -> bool:
    hasher, dummy = _current_hasher()
    try:
        return hasher.verify(password_hash or dummy, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
