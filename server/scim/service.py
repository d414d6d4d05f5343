"""Provisioning tokens: an admin makes one for the organisation's directory (shown once, only its
hash kept, named, revocable, its last use shown), and each SCIM request is made by one.

`Directory` is who acts on a provisioning request: the audit trail names the token.
Functions flush; the request commits.
"""

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import SQLAlchemyError

from ..audit import service as audit
from ..clock import as_utc, utcnow
from ..errors import RuleError
from ..extensions import db
from .models import ProvisioningToken

log = logging.getLogger(__name__)
TOKEN_PREFIX = "lhscim_"
USE_GRANULARITY = timedelta(minutes=1)  # how often a token's last use is written down


@dataclass(frozen=True)
class Directory:
    """The company directory acting through one token. Shaped as the audit trail's actor: no person
    id, the token's name, its organisation."""

    token_id: int
    organisation_id: int
    name: str
    id: None = None


def hash_token(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def issue_token(admin, name: str) -> tuple[ProvisioningToken, str]:
    """A new provisioning token for the admin's organisation; the plain value exists only in this return."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ProvisioningToken(
        organisation_id=admin.organisation_id,
        name=name.strip(),
        token_hash=hash_token(plain),
        prefix=plain[:12],
        created_by_id=admin.id,
    )
    db.session.add(token)
    db.session.flush()
    audit.record(admin, "directory.token_created", target_type="token", target_id=token.id, target_name=token.name)
    return token, plain


def tokens(organisation_id: int) -> list[ProvisioningToken]:
    return list(
        db.session.scalars(
            db.select(ProvisioningToken)
            .where(ProvisioningToken.organisation_id == organisation_id, ProvisioningToken.revoked_at.is_(None))
            .order_by(ProvisioningToken.created_at.desc(), ProvisioningToken.id.desc())
        )
    )


def revoke_token(admin, token_id: int) -> None:
    token = db.session.get(ProvisioningToken, token_id)
    if token is None or token.organisation_id != admin.organisation_id or token.revoked_at is not None:
        raise RuleError("token_id", _l("No such token."), 404)
    token.revoked_at = utcnow()
    audit.record(admin, "directory.token_revoked", target_type="token", target_id=token.id, target_name=token.name)
    db.session.flush()


def directory_for(plain: str) -> Directory | None:
    """Who a bearer token provisions for, or None when it is wrong or revoked."""
    if not plain.startswith(TOKEN_PREFIX) or len(plain) > 200:
        return None
    token = db.session.scalar(
        db.select(ProvisioningToken).where(
            ProvisioningToken.token_hash == hash_token(plain), ProvisioningToken.revoked_at.is_(None)
        )
    )
    if token is None:
        return None
    _note_use(token)
    return Directory(token_id=token.id, organisation_id=token.organisation_id, name=token.name)


def _note_use(token: ProvisioningToken) -> None:
    """Outside the request's transaction: a read stays a read, and bookkeeping never fails a request."""
    now, last = utcnow(), as_utc(token.last_used_at)
    if last is not None and now - last < USE_GRANULARITY:
        return
    try:
        with db.engine.begin() as connection:
            connection.execute(
                db.update(ProvisioningToken).where(ProvisioningToken.id == token.id).values(last_used_at=now)
            )
    except SQLAlchemyError as error:
        log.warning("could not record use of provisioning token %s: %s", token.id, error)
