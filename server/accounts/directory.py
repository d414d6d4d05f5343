"""People as the company directory (SCIM provisioning) sees them: found by its `userName`, its
`externalId` or their e-mail address within one organisation, and linked to it once, so that a
person made here by invitation or company sign-in is never made twice.

Someone not yet linked is known to the directory by their e-mail address: that is their `userName`
until the directory names them otherwise.

The directory's work details (employee number, cost center, department, manager, …) are HR facts:
kept here for the directory to read back and for the person's own export, shown nowhere else.
"""

import unicodedata
from collections.abc import Mapping

from flask_babel import lazy_gettext as _l

from ..clock import iso
from ..errors import RuleError
from ..extensions import db
from .models import DirectoryIdentity, User

# The directory's work details, each a text kept as the directory sent it (blank: none).
WORK_DETAILS = (
    "employee_number",
    "cost_center",
    "organization",
    "division",
    "department",
    "manager_value",
    "manager_ref",
    "manager_display_name",
)
# Work details compared exactly (an id and a URL); the others ignore case, as the directory does.
EXACT_DETAILS = ("manager_value", "manager_ref")
# What a directory lookup may narrow on, each compared for equality: (what, value).
LOOKUPS = ("id", "user_name", "external_id", "email", "active", *WORK_DETAILS)


def user_name_key(user_name: str) -> str:
    return user_name.strip().casefold()


def directory_identities(user_ids) -> dict[int, DirectoryIdentity]:
    ids = list({i for i in user_ids if i is not None})
    if not ids:
        return {}
    rows = db.session.scalars(db.select(DirectoryIdentity).where(DirectoryIdentity.user_id.in_(ids)))
    return {row.user_id: row for row in rows}


def _people(organisation_id: int):
    return db.select(User).where(User.organisation_id == organisation_id, User.deleted_at.is_(None))


def directory_page(organisation_id: int, offset: int, limit: int) -> tuple[list[User], int]:
    """One page of the organisation's people (deactivated ones too) in a stable order, and how many there are."""
    query = _people(organisation_id)
    total = count_people(organisation_id)
    page = db.session.scalars(query.order_by(User.id).offset(offset).limit(limit)) if limit else []
    return list(page), total


def _condition(organisation_id: int, what: str, value):
    """One lookup as a condition each database answers from an index (no scan of the organisation)."""
    if what == "id":
        return User.id == value
    if what == "active":
        return User.active.is_(bool(value))
    if what == "email":
        return User.email == value.strip().lower()
    identities = db.select(DirectoryIdentity.user_id).where(DirectoryIdentity.organisation_id == organisation_id)
    if what == "external_id":
        return User.id.in_(identities.where(DirectoryIdentity.external_id == value))
    if what in EXACT_DETAILS:
        return User.id.in_(identities.where(getattr(DirectoryIdentity, what) == value))
    if what in WORK_DETAILS:
        return User.id.in_(_with_detail(organisation_id, what, value))
    # userName: the directory's own for a linked person, their e-mail address for everyone else.
    # One IN over a UNION of two index lookups: an OR of the two would scan the organisation.
    person = db.aliased(User)
    linked = db.select(DirectoryIdentity.user_id).where(DirectoryIdentity.user_id == person.id)
    by_address = db.select(person.id).where(person.email == value.strip().lower(), ~linked.exists())
    return User.id.in_(db.union(identities.where(DirectoryIdentity.user_name_key == user_name_key(value)), by_address))


def _folded(text: str) -> str:
    """Case and composition aside, as directories compare texts (RFC 7643's caseExact false)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).lower())


def _with_detail(organisation_id: int, what: str, value: str) -> list[int]:
    """Who has this work detail, case aside. Compared here rather than with SQL's lower(), which
    SQLite (and PostgreSQL under the C locale) applies to ASCII letters only: "ÖST" would miss "öst".
    Reads two narrow columns of the organisation's linked people, never their whole rows."""
    column = getattr(DirectoryIdentity, what)
    rows = db.session.execute(
        db.select(DirectoryIdentity.user_id, column).where(
            DirectoryIdentity.organisation_id == organisation_id, column.is_not(None)
        )
    )
    wanted = _folded(value)
    return [user_id for user_id, detail in rows if _folded(detail) == wanted]


def count_people(organisation_id: int) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(_people(organisation_id).subquery()))


def directory_candidates(organisation_id: int, lookups: list[tuple[str, object]] | None) -> list[User]:
    """The organisation's people matching any of `lookups` (all of them when None), in id order."""
    query = _people(organisation_id)
    if lookups is not None:
        if not lookups:
            return []
        query = query.where(db.or_(*(_condition(organisation_id, what, value) for what, value in lookups)))
    return list(db.session.scalars(query.order_by(User.id)))


def _taken(organisation_id: int, user_id: int | None, column, value) -> bool:
    query = db.select(DirectoryIdentity.user_id).where(
        DirectoryIdentity.organisation_id == organisation_id, column == value
    )
    if user_id is not None:
        query = query.where(DirectoryIdentity.user_id != user_id)
    return db.session.scalar(query.limit(1)) is not None


def check_directory_names(organisation_id: int, user_id: int | None, user_name: str, external_id: str | None) -> None:
    """A 409 when another person of the organisation already has this userName or externalId."""
    if _taken(organisation_id, user_id, DirectoryIdentity.user_name_key, user_name_key(user_name)):
        raise RuleError("userName", _l("Another person here already has this userName."), 409)
    if external_id is not None and _taken(organisation_id, user_id, DirectoryIdentity.external_id, external_id):
        raise RuleError("externalId", _l("Another person here already has this externalId."), 409)


def link_to_directory(
    user: User,
    *,
    user_name: str,
    external_id: str | None,
    display_name: str | None,
    given_name: str | None,
    family_name: str | None,
    work: Mapping[str, str | None] | None = None,
) -> DirectoryIdentity:
    """Record (or change) who the person is in the directory, and its work details: those in `work`
    (keys of WORK_DETAILS) are set, a blank one cleared; the others are left as they are."""
    unknown = set(work or {}) - set(WORK_DETAILS)
    if unknown:
        raise ValueError(f"not work details: {sorted(unknown)}")
    check_directory_names(user.organisation_id, user.id, user_name, external_id)
    identity = db.session.get(DirectoryIdentity, user.id)
    if identity is None:
        identity = DirectoryIdentity(user_id=user.id, organisation_id=user.organisation_id)
        db.session.add(identity)
    identity.user_name, identity.user_name_key = user_name.strip(), user_name_key(user_name)
    identity.external_id = external_id
    identity.display_name, identity.given_name, identity.family_name = display_name, given_name, family_name
    for what, value in (work or {}).items():
        setattr(identity, what, value if value and value.strip() else None)
    db.session.flush()
    return identity


def change_details(user: User, *, name: str, email: str) -> list[str]:
    """The name and address the directory gives; which of them changed. An address another account
    has is a 409."""
    changed = []
    email = email.strip().lower()
    if email != user.email:
        taken = db.session.scalar(db.select(User.id).where(User.email == email, User.id != user.id))
        if taken is not None:
            raise RuleError("email", _l("An account with this email already exists."), 409)
        user.email = email
        changed.append("email")
    if name.strip() != user.name:
        user.name = name.strip()
        changed.append("name")
    db.session.flush()
    return changed


def export_directory_identity(user: User) -> dict | None:
    identity = db.session.get(DirectoryIdentity, user.id)
    if identity is None:
        return None
    return {
        "user_name": identity.user_name,
        "external_id": identity.external_id,
        "display_name": identity.display_name,
        "given_name": identity.given_name,
        "family_name": identity.family_name,
        "work_details": {what: getattr(identity, what) for what in WORK_DETAILS},
        "linked_at": iso(identity.created_at),
    }


def erase_directory_identity(user: User) -> None:
    db.session.execute(db.delete(DirectoryIdentity).where(DirectoryIdentity.user_id == user.id))
