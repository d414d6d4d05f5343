"""SCIM Users: the organisation's people, read and written only through accounts' service (and
teams' for the groups each person is in).

One person, one account: a directory's new user who is already here (by invitation, by company
sign-in, or an earlier account) is found by e-mail or userName within the organisation and linked,
never made twice. `active: false` and DELETE go through accounts' own rules (`set_active`,
`erase_account`), so the directory ends access exactly as an admin or the person would.
"""

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError as MarshmallowError
from marshmallow import validate
from scim2_models import (
    Context,
    GroupMembership,
    InvalidValueException,
    Meta,
    NotFoundException,
    PatchOp,
    TooManyException,
    UniquenessException,
)

from ..accounts import service as accounts
from ..audit import service as audit
from ..clock import as_utc
from ..teams import service as teams
from . import enterprise, filters
from .resources import (
    MAX_RESULTS,
    POLICY,
    PersonEmail,
    PersonName,
    User,
    list_answer,
    parse,
    response_parameters,
    search_request,
)
from .service import Directory

EMAIL = validate.Email()
# A filter the database cannot narrow is matched against every person: fine for most organisations,
# refused (RFC 7644's `tooMany`) where that would take seconds per request.
MAX_UNNARROWED = 2000
TOO_MANY = _l(
    "This filter would be matched against every person; filter with eq on userName, externalId, emails, id or an "
    "enterprise extension attribute instead."
)


def _resources(users: list, base: str) -> list[User]:
    identities = accounts.directory_identities(u.id for u in users)
    memberships = teams.teams_of_many(users)
    return [_resource(u, identities.get(u.id), memberships.get(u.id, []), base) for u in users]


def _resource(user, identity, memberships, base: str) -> User:
    parts = PersonName(given_name=identity.given_name, family_name=identity.family_name) if identity else None
    resource = User(
        id=str(user.id),
        external_id=identity.external_id if identity else None,
        user_name=identity.user_name if identity else user.email,
        name=parts if parts and (parts.given_name or parts.family_name) else None,
        display_name=identity.display_name if identity else user.name,
        emails=[PersonEmail(value=user.email, type="work")],
        active=user.active,
        groups=[
            GroupMembership(value=str(team.id), ref=f"{base}/Groups/{team.id}", display=team.name, type="direct")
            for team in memberships
        ]
        or None,
        meta=Meta(resource_type="User", created=as_utc(user.created_at), location=f"{base}/Users/{user.id}"),
    )
    resource[enterprise.WorkDetails] = enterprise.from_identity(identity)
    return resource


def _person(directory: Directory, user_id: str):
    found = accounts.person(directory.organisation_id, int(user_id)) if user_id.isdigit() else None
    if found is None:
        raise NotFoundException(detail=_l("No such user."))
    return found


def _dump(resource: User, context: Context, query: dict) -> dict:
    return resource.model_dump(scim_ctx=context, response_parameters=response_parameters(User, query))


# -- reading -------------------------------------------------------------------------------------
def read(directory: Directory, user_id: str, base: str, query: dict) -> dict:
    return _dump(_resources([_person(directory, user_id)], base)[0], Context.RESOURCE_QUERY_RESPONSE, query)


def search(directory: Directory, base: str, query: dict) -> dict:
    """A page of people, all or those matching `filter` (matched by scim2-models, narrowed in SQL)."""
    request = search_request(User, query)
    if request.filter is None:
        start = max(request.start_index or 1, 1)
        size = MAX_RESULTS if request.count is None else min(max(request.count, 0), MAX_RESULTS)
        users, total = accounts.directory_page(directory.organisation_id, start - 1, size)
        items = _resources(users, base)
    else:
        narrowed = filters.lookups(request.filter.ast, filters.USER_LOOKUPS)
        if narrowed is None and accounts.count_people(directory.organisation_id) > MAX_UNNARROWED:
            raise TooManyException(detail=TOO_MANY)
        candidates = _resources(accounts.directory_candidates(directory.organisation_id, narrowed), base)
        matched = [resource for resource in candidates if request.filter.match(resource)]
        items, start, _size = filters.page(matched, request.start_index, request.count, MAX_RESULTS)
        total = len(matched)
    return list_answer(User, items, total, start, request)


# -- writing -------------------------------------------------------------------------------------
def _primary_in(body: dict) -> str | None:
    """The address a create or PUT marks `primary` (not kept: read from the request itself)."""
    emails = body.get("emails")
    marked = [e.get("value") for e in emails if isinstance(e, dict) and str(e.get("primary")).lower() == "true"]
    return marked[0].strip() if marked and isinstance(marked[0], str) else None


def _email_of(resource: User, primary: str | None = None) -> str:
    """The one address the person has here: the directory's primary one, else the work one, else the
    first, else the userName when it is an address."""
    emails = [e.value.strip() for e in resource.emails or [] if e.value and e.value.strip()]
    work = [e.value.strip() for e in resource.emails or [] if e.value and e.value.strip() and e.type == "work"]
    value = next((e for e in emails if e == primary), None) or next(iter(work + emails), resource.user_name.strip())
    try:
        EMAIL(value)
    except MarshmallowError as error:
        needed = _l("emails: an e-mail address is needed (in emails, or as the userName).")
        raise InvalidValueException(detail=needed) from error
    return value.lower()


def _composed(name: PersonName | None) -> str:
    return " ".join(p.strip() for p in (name.given_name, name.family_name) if p and p.strip()) if name else ""


def _directory_name(resource: User) -> str:
    """The name the directory gives: its displayName, else the given and family names."""
    return ((resource.display_name or "").strip() or _composed(resource.name))[:200]


def _name_for(current: str, before: User, after: User) -> str:
    """The person's name follows the directory's when that changes; an empty one changes nothing."""
    given = _directory_name(after)
    return given if given and given != _directory_name(before) else current


def _check(resource: User) -> None:
    if resource.external_id is not None and not 0 < len(resource.external_id) <= 254:
        raise InvalidValueException(detail=_l("externalId: 1 to 254 characters."))
    if not resource.user_name.strip():
        raise InvalidValueException(detail=_l("userName is required."))


def _link(user, resource: User) -> None:
    parts = resource.name or PersonName()
    accounts.link_to_directory(
        user,
        user_name=resource.user_name,
        external_id=resource.external_id,
        display_name=(resource.display_name or "").strip() or None,
        given_name=(parts.given_name or "").strip() or None,
        family_name=(parts.family_name or "").strip() or None,
        work=_work(resource),
    )


def _set_active(directory: Directory, user, active: bool | None) -> None:
    if active is not None and accounts.set_active(user, active):
        action = "person.reactivated" if active else "person.deactivated"
        audit.record(directory, action, target_type="person", target_id=user.id, target_name=user.name)


def create(directory: Directory, body: dict, base: str, query: dict) -> tuple[dict, str]:
    """A new person, or someone already here linked to the directory; 409 when the directory already has them."""
    # `active` is required in our schema (never unassigned); someone new without it is active.
    resource = parse(User, {"active": True} | body, Context.RESOURCE_CREATION_REQUEST)
    _check(resource)
    org_id = directory.organisation_id
    accounts.check_directory_names(org_id, None, resource.user_name, resource.external_id)
    email = _email_of(resource, _primary_in(body) if isinstance(body.get("emails"), list) else None)
    user = _already_here(org_id, email) or _already_here(org_id, resource.user_name.strip().lower(), strict=False)
    name = _directory_name(resource)
    if user is None:
        name = name or resource.user_name.split("@")[0][:200]
        user = accounts.create_user(accounts.get_organisation(org_id), email=email, name=name, password=None)
        action = "person.provisioned"
    else:
        accounts.change_details(user, name=name or user.name, email=user.email)
        action = "person.linked_to_directory"
    _link(user, resource)
    audit.record(directory, action, target_type="person", target_id=user.id, target_name=user.name)
    _set_active(directory, user, resource.active)
    created = _resources([user], base)[0]
    return _dump(created, Context.RESOURCE_CREATION_RESPONSE, query), created.meta.location


def _already_here(organisation_id: int, email: str, *, strict: bool = True):
    """An account with this address: this organisation's, not yet in the directory; anyone else's is
    a 409 (`strict`), or no match (the userName tried as an address)."""
    user = accounts.find_user(email)
    if user is None or user.deleted_at is not None or (not strict and user.organisation_id != organisation_id):
        return None
    if user.organisation_id != organisation_id:
        raise UniquenessException(detail=_l("emails: this address belongs to an account of another organisation."))
    if user.id in accounts.directory_identities([user.id]):
        raise UniquenessException(detail=_l("emails: this person is already provisioned under another userName."))
    return user


def replace(directory: Directory, user_id: str, body: dict, base: str, query: dict) -> dict:
    """PUT: the attributes sent replace ours; those left out are kept (RFC 7644 §3.5.1 lets us)."""
    user = _person(directory, user_id)
    before = _resources([user], base)[0]
    sent = parse(User, {"active": user.active} | body, Context.RESOURCE_REPLACEMENT_REQUEST)
    kept = {"id", "meta", "groups", "schemas"}  # ours, or read-only
    after = before.model_copy(update={field: getattr(sent, field) for field in sent.model_fields_set - kept})
    primary = _primary_in(body) if isinstance(body.get("emails"), list) else None
    return _apply(directory, user, before, after, base, query, Context.RESOURCE_REPLACEMENT_RESPONSE, primary)


def patch(directory: Directory, user_id: str, body: dict, base: str, query: dict) -> dict:
    user = _person(directory, user_id)
    before = _resources([user], base)[0]
    operations = parse(PatchOp[User], body, Context.RESOURCE_PATCH_REQUEST)
    after = before.model_copy(deep=True)
    operations.patch(after, POLICY)
    return _apply(directory, user, before, after, base, query, Context.RESOURCE_PATCH_RESPONSE)


def _apply(directory, user, before: User, after: User, base: str, query: dict, context: Context, primary=None) -> dict:
    _check(after)
    changed = accounts.change_details(user, name=_name_for(user.name, before, after), email=_email_of(after, primary))
    kept = ("user_name", "external_id", "display_name", "name")
    moved = any(getattr(after, key) != getattr(before, key) for key in kept) or _work(after) != _work(before)
    if moved or not _linked(user):
        _link(user, after)
        changed.append("directory")
    if changed:
        details = {field: True for field in changed}
        audit.record(
            directory, "person.updated", target_type="person", target_id=user.id, target_name=user.name, details=details
        )
    _set_active(directory, user, after.active)
    return _dump(_resources([user], base)[0], context, query)


def _work(resource: User) -> dict:
    return enterprise.to_work(resource[enterprise.WorkDetails])


def _linked(user) -> bool:
    return user.id in accounts.directory_identities([user.id])


def delete(directory: Directory, user_id: str) -> None:
    """The product's own account deletion: personal data erased, the name leaves the audit trail,
    minutes stay (anonymous) in team totals."""
    user = _person(directory, user_id)
    accounts.erase_account(user, actor=directory, action="person.deleted")
