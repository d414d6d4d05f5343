"""Organisations, people and their API tokens."""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..extensions import db
from ..public_holidays import country_of_zone

ROLES = ("employee", "manager", "admin")
HOLIDAY_GOALS = ("full", "proportional")
LOCALES = ("sv", "nb", "en")
DEFAULT_MIN_GROUP_SIZE = 5
MIN_GROUP_SIZES = (3, 50)


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Stockholm")
    weekly_goal_minutes: Mapped[int] = mapped_column(Integer, default=60)
    default_locale: Mapped[str] = mapped_column(String(5), default="sv")
    # Aggregate-first: managers see per-person minutes only when an admin turns this on.
    show_individual_minutes: Mapped[bool] = mapped_column(Boolean, default=False)
    # Team totals withhold any week of a group with fewer members than this (unless individual
    # minutes are shown, which everyone can see in their settings): no total is one person's week.
    min_group_size: Mapped[int] = mapped_column(Integer, default=DEFAULT_MIN_GROUP_SIZE, server_default="5")
    # Once sign-in with the company account works: passwords sign in admins only (a way back in when
    # the provider is down), everyone else signs in through the provider.
    password_sign_in_admins_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # ISO 3166 alpha-2, for its public holidays; None: the country of `timezone`.
    country: Mapped[str | None] = mapped_column(String(2))
    # "full", or "proportional": a week with a public holiday on a working day has a smaller goal.
    holiday_goal: Mapped[str] = mapped_column(String(16), default="full", server_default="full")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def holiday_country(self) -> str | None:
        """The country whose public holidays apply: the one chosen, else that of the time zone."""
        return self.country or country_of_zone(self.timezone)


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16), default="employee")
    locale: Mapped[str] = mapped_column(String(5), default="en")
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Stockholm")
    weekly_goal_minutes: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    deactivated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    # Flask-Login's user protocol.
    @property
    def is_active(self) -> bool:
        return self.active and self.deleted_at is None

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    # The key of the sign-in this request runs under (see LoginSession); set when signing in or loading.
    login_key = None

    def get_id(self) -> str:
        return f"{self.id}:{self.login_key}"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class ApiToken(db.Model):
    """A personal token for scripts and phone shortcuts; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class LoginSession(db.Model):
    """One sign-in on one browser. The cookie carries its key; only a hash is stored, and deleting
    the row (sign-out, password change, deactivation) ends that sign-in everywhere the cookie went."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_agent: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PasswordReset(db.Model):
    """A one-time link an admin hands to someone who lost their password; only its SHA-256 is stored."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DirectoryIdentity(db.Model):
    """Who a person is in the company directory that provisions them (SCIM): its `userName` (unique in
    the organisation whatever its case), its `externalId`, and the names it gave (the person's name
    here follows them). Someone without one was made here and is known to the directory by e-mail.

    The work details are the directory's HR facts about the person (SCIM's enterprise extension), kept
    as sent so that the directory reads back what it wrote; nothing in the app shows them, only the
    directory and the person's own data export. They go with the link (account deletion)."""

    __tablename__ = "directory_identities"
    __table_args__ = (
        UniqueConstraint("organisation_id", "user_name_key"),
        UniqueConstraint("organisation_id", "external_id"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    user_name: Mapped[str] = mapped_column(String(254))
    user_name_key: Mapped[str] = mapped_column(String(254))  # casefolded: what uniqueness and lookups compare
    external_id: Mapped[str | None] = mapped_column(String(254))
    display_name: Mapped[str | None] = mapped_column(String(200))
    given_name: Mapped[str | None] = mapped_column(String(200))
    family_name: Mapped[str | None] = mapped_column(String(200))
    employee_number: Mapped[str | None] = mapped_column(String(200))
    cost_center: Mapped[str | None] = mapped_column(String(200))
    organization: Mapped[str | None] = mapped_column(String(200))  # the directory's, not ours
    division: Mapped[str | None] = mapped_column(String(200))
    department: Mapped[str | None] = mapped_column(String(200))
    manager_value: Mapped[str | None] = mapped_column(String(254))  # the manager's id as the directory gives it
    manager_ref: Mapped[str | None] = mapped_column(String(1000))
    manager_display_name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
