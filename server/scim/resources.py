"""What the SCIM service serves, as scim2-models resources: a person (the core User schema with the
enterprise extension) and a team (the core Group schema), each with exactly the attributes this
product keeps, so that `/Schemas` publishes what is really stored and answered.

The standard `User` model would promise phone numbers, addresses and more that Learning Hour has no
use for; attributes a directory sends beyond these are dropped on the way in (see `POLICY`). The
enterprise extension is kept whole and returned (`enterprise.py`).
"""

from typing import Annotated, Any

from pydantic import Field
from scim2_models import (
    URN,
    AuthenticationScheme,
    Bulk,
    CaseExact,
    ChangePassword,
    ComplexAttribute,
    Context,
    ETag,
    Filter,
    GroupMembership,
    ListResponse,
    Mutability,
    Patch,
    Reference,
    Required,
    Resource,
    ResourceType,
    ResponseParameters,
    ScimPolicy,
    SearchRequest,
    ServiceProviderConfig,
    Sort,
    Uniqueness,
)

from .enterprise import WorkDetails

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
MAX_RESULTS = 200  # a page of a list; a directory asks for the next one with startIndex

# How much of what directories really send is tolerated: attributes we do not keep are dropped
# (Entra and Okta send many), a `remove` may name the values it removes in `value` (Entra's group
# members), and a `replace` on `emails[type eq "work"].value` makes that e-mail when it is missing.
POLICY = ScimPolicy(
    unknown=ScimPolicy.Unknown.ignore,
    remove_value_as_filter=ScimPolicy.RemoveValue.apply,
    unmatched_path_filter=ScimPolicy.UnmatchedPathFilter.create,
)


class PersonName(ComplexAttribute):
    family_name: Annotated[str | None, Field(max_length=200)] = None
    given_name: Annotated[str | None, Field(max_length=200)] = None


class PersonEmail(ComplexAttribute):
    """The one address a person has here, of type work. `primary` is not kept: with one address
    there is nothing to choose (a directory's primary one is the one taken, see `people._email_of`)."""

    value: Annotated[str | None, Required.true, Field(max_length=254)] = None
    type: str | None = Field(None, examples=["work"])


class Person(Resource[Any]):
    __schema__ = URN(USER_SCHEMA)

    user_name: Annotated[str | None, Required.true, Uniqueness.server, Field(max_length=254)] = None
    name: PersonName | None = None
    display_name: Annotated[str | None, Field(max_length=200)] = None
    emails: Annotated[list[PersonEmail] | None, Required.true] = None
    # Required here, so that no directory can leave it unassigned; a new person without it is active.
    active: Annotated[bool | None, Required.true] = None
    groups: Annotated[list[GroupMembership] | None, Mutability.read_only] = None


class TeamMember(ComplexAttribute):
    value: Annotated[str | None, Mutability.immutable, CaseExact.true] = None
    ref: Annotated[Reference["User"] | None, Mutability.immutable] = Field(  # noqa: F821  (a resource type's name)
        None, serialization_alias="$ref", validation_alias="$ref"
    )
    type: Annotated[str | None, Mutability.immutable] = Field(None, examples=["User"])


class Team(Resource[Any]):
    __schema__ = URN(GROUP_SCHEMA)

    display_name: Annotated[str | None, Required.true, Field(max_length=120)] = None
    members: list[TeamMember] | None = None


User = Person[WorkDetails]


def service_provider_config() -> ServiceProviderConfig:
    return ServiceProviderConfig(
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_RESULTS),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=False),
        authentication_schemes=[
            AuthenticationScheme(
                type="oauthbearertoken",
                name="Provisioning token",
                description="Authorization: Bearer <token made by an admin under Admin › Organisation>",
                primary=True,
            )
        ],
    )


def resource_types() -> list[ResourceType]:
    return [ResourceType.from_resource(User), ResourceType.from_resource(Team)]


def schemas() -> list:
    named = (
        (Person, "User", "A person"),
        (WorkDetails, "EnterpriseUser", "Enterprise user"),
        (Team, "Group", "A team"),
    )
    return [model.to_schema().model_copy(update={"name": name, "description": text}) for model, name, text in named]


def parse(model, data: dict, context: Context):
    """A request payload as `model`, under the tolerance directories need (see POLICY)."""
    with POLICY:
        return model.model_validate(data, scim_ctx=context)


def search_request(model, query: dict):
    """`filter`, `startIndex`, `count`, `attributes`, `excludedAttributes` of a list request.
    Sorting is not offered (ServiceProviderConfig says so), so `sortBy` is ignored as RFC 7644 allows."""
    wanted = ("filter", "startIndex", "count", "attributes", "excludedAttributes")
    with POLICY:
        return SearchRequest[model].model_validate({k: v for k, v in query.items() if k in wanted})


def response_parameters(model, query: dict):
    wanted = ("attributes", "excludedAttributes")
    with POLICY:
        return ResponseParameters[model].model_validate({k: v for k, v in query.items() if k in wanted})


def list_answer(model, items: list, total: int, start: int, request) -> dict:
    """A ListResponse page, with the attributes the request asked for."""
    page = ListResponse[model](total_results=total, start_index=start, items_per_page=len(items), resources=items)
    return page.model_dump(scim_ctx=Context.SEARCH_RESPONSE, response_parameters=request)
