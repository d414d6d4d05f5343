"""Which company account belongs to which person: the provider's issuer and its `sub` for them."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import db


class SsoIdentity(db.Model):
    """A person's account at the OpenID provider. Matched on the verified e-mail address once (see
    links.py for when that links by itself and when it waits for proof), then on `(issuer, subject)`
    only: the address at the provider may change, the subject does not."""

    __tablename__ = "sso_identities"
    __table_args__ = (
        UniqueConstraint("issuer", "subject", name="uq_sso_identities_issuer_subject"),
        UniqueConstraint("user_id", "issuer", name="uq_sso_identities_user_issuer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    issuer: Mapped[str] = mapped_column(String(500))
    subject: Mapped[str] = mapped_column(String(255))
    # The address the provider last gave, for the person's data export; sign-in never matches on it again.
    email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # None while the link waits for proof (a password sign-in, or an admin): it signs nobody in yet.
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
