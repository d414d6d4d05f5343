"""SCIM Groups: the organisation's teams, written through teams' service. A group's members are
people of the same organisation; joining and leaving keep their dates, so team totals count each
person's weeks in the team and nobody's minutes move.

A request may change at most MAX_MEMBERS members: directories send far fewer at a time (Entra a
few per operation, Okta one page), and a larger one is refused (`tooMany`) before anything changes.
"""

from flask_babel import lazy_gettext as _l
from scim2_models import (
    Context,
    InvalidValueException,
    Meta,
    NotFoundException,
    PatchOp,
    TooManyException,
)

from ..accounts import service as accounts
from ..clock import as_utc
from ..teams import service as teams
from . import filters
from .resources import MAX_RESULTS, POLICY, Team, TeamMember, list_answer, parse, response_parameters, search_request
from .service import Directory

MAX_MEMBERS = 1000


def _resources(found: list, base: str) -> list[Team]:
    members = teams.members_of_many([team.id for team in found])
    return [
        Team(
            id=str(team.id),
            external_id=team.external_id,
            display_name=team.name,
            members=[
                TeamMember(value=str(user_id), ref=f"{base}/Users/{user_id}", type="User")
                for user_id in members[team.id]
            ]
            or None,
            meta=Meta(resource_type="Group", created=as_utc(team.created_at), location=f"{base}/Groups/{team.id}"),
        )
        for team in found
    ]


def _team(directory: Directory, group_id: str):
    team = teams.get_team(directory.organisation_id, int(group_id)) if group_id.isdigit() else None
    if team is None:
        raise NotFoundException(detail=_l("No such group."))
    return team


def _dump(resource: Team, context: Context, query: dict) -> dict:
    return resource.model_dump(scim_ctx=context, response_parameters=response_parameters(Team, query))


def read(directory: Directory, group_id: str, base: str, query: dict) -> dict:
    return _dump(_resources([_team(directory, group_id)], base)[0], Context.RESOURCE_QUERY_RESPONSE, query)


def search(directory: Directory, base: str, query: dict) -> dict:
    """Teams are few in an organisation: each is matched by scim2-models, none narrowed in SQL (and
    none by a folding of case SQLite does not know for ä, ö and å)."""
    request = search_request(Team, query)
    resources = _resources(teams.teams_of_organisation(directory.organisation_id), base)
    matched = [r for r in resources if request.filter is None or request.filter.match(r)]
    items, start, _size = filters.page(matched, request.start_index, request.count, MAX_RESULTS)
    return list_answer(Team, items, len(matched), start, request)


def _people(directory: Directory, members) -> dict[int, object]:
    """The people `members` name, all of this organisation; anything else is `invalidValue`."""
    if len(members or []) > MAX_MEMBERS:
        raise TooManyException(detail=_l("At most 1000 members can change in one request; send the rest in another."))
    ids = set()
    for member in members or []:
        if member.type not in (None, "User") or not (member.value or "").isdigit():
            raise InvalidValueException(detail=_l("members: only people (Users of this service) can be members."))
        ids.add(int(member.value))
    found = {
        u.id: u
        for u in accounts.users_by_id(ids).values()
        if u.organisation_id == directory.organisation_id and u.deleted_at is None
    }
    missing = sorted(ids - set(found))
    if missing:
        raise InvalidValueException(detail=_l("members: no such user: %(id)s", id=missing[0]))
    return found


def _check(resource: Team) -> None:
    if not (resource.display_name or "").strip():
        raise InvalidValueException(detail=_l("displayName is required."))
    if resource.external_id is not None and not 0 < len(resource.external_id) <= 254:
        raise InvalidValueException(detail=_l("externalId: 1 to 254 characters."))


def create(directory: Directory, body: dict, base: str, query: dict) -> tuple[dict, str]:
    resource = parse(Team, body, Context.RESOURCE_CREATION_REQUEST)
    _check(resource)
    people = _people(directory, resource.members)
    team = teams.create_team(directory.organisation_id, resource.display_name, actor=directory)
    teams.set_external_id(team, resource.external_id)
    teams.change_members(team, add=list(people.values()), actor=directory)
    created = _resources([team], base)[0]
    return _dump(created, Context.RESOURCE_CREATION_RESPONSE, query), created.meta.location


def replace(directory: Directory, group_id: str, body: dict, base: str, query: dict) -> dict:
    """PUT: the name, externalId and members sent replace ours (members left out are kept)."""
    team = _team(directory, group_id)
    before = _resources([team], base)[0]
    sent = parse(Team, body, Context.RESOURCE_REPLACEMENT_REQUEST)
    after = before.model_copy(update={f: getattr(sent, f) for f in sent.model_fields_set - {"id", "meta", "schemas"}})
    _apply(directory, team, before, after)
    return _dump(_resources([team], base)[0], Context.RESOURCE_REPLACEMENT_RESPONSE, query)


def patch(directory: Directory, group_id: str, body: dict, base: str) -> None:
    """Members added, removed or replaced; a new name or externalId. Answered with 204, as Entra
    and Okta expect: a large team is not sent back whole for every change."""
    team = _team(directory, group_id)
    operations = parse(PatchOp[Team], _without_null_refs(body), Context.RESOURCE_PATCH_REQUEST)
    sent = sum(len(op.value) if isinstance(op.value, list) else 1 for op in operations.operations or [])
    if sent > MAX_MEMBERS:
        raise TooManyException(detail=_l("At most 1000 members can change in one request; send the rest in another."))
    before = _resources([team], base)[0]
    after = before.model_copy(deep=True)
    operations.patch(after, POLICY)
    _apply(directory, team, before, after)


def _without_null_refs(body: dict) -> dict:
    """Entra names members as `{"$ref": null, "value": "7"}`: null there means "no reference given",
    not "the member whose reference is null", which a remove would otherwise look for and not find."""
    operations = body.get("Operations")
    if not isinstance(operations, list):
        return body
    cleaned = []
    for operation in operations:
        value = operation.get("value") if isinstance(operation, dict) else None
        if isinstance(value, list):
            value = [{k: v for k, v in m.items() if v is not None} if isinstance(m, dict) else m for m in value]
            operation = operation | {"value": value}
        cleaned.append(operation)
    return body | {"Operations": cleaned}


def _apply(directory: Directory, team, before: Team, after: Team) -> None:
    _check(after)
    had = {m.value for m in before.members or []}
    has = {m.value for m in after.members or []}
    if len(has - had) + len(had - has) > MAX_MEMBERS:
        raise TooManyException(detail=_l("At most 1000 members can change in one request; send the rest in another."))
    joining = _people(directory, [m for m in after.members or [] if m.value in has - had])
    leaving = accounts.users_by_id(int(value) for value in had - has)
    if after.display_name.strip() != team.name:
        teams.rename_team(team, after.display_name, actor=directory)
    if after.external_id != team.external_id:
        teams.set_external_id(team, after.external_id)
    teams.change_members(team, add=list(joining.values()), remove=list(leaving.values()), actor=directory)


def delete(directory: Directory, group_id: str) -> None:
    teams.delete_team(_team(directory, group_id), actor=directory)
