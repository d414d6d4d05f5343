"""`/scim/v2`: the SCIM 2.0 service a company directory (Entra ID, Okta) provisions through. Outside
`/api` and its OpenAPI document: the wire format is SCIM's (RFC 7644), read and written with
scim2-models, and every answer, errors included, is `application/scim+json` (see `wire.py`).

Every request carries a provisioning token of one organisation (`Authorization: Bearer …`) and acts
on that organisation only; personal API tokens and session cookies count for nothing here. Requests
are limited per token, and failed ones per client address.
"""

import hashlib

from flask import Blueprint, current_app, g, request
from flask.views import MethodView
from flask_limiter.util import get_remote_address
from scim2_models import Context, NotFoundException, NotImplementedException, ResourceType, Schema
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import MethodNotAllowed, Unauthorized

from ..extensions import limiter
from . import groups, people, resources, service
from .wire import answer, clean_query, read_body, register_errors

blp = Blueprint("scim", __name__, url_prefix="/scim/v2")
register_errors(blp)


def _token_key() -> str:
    return "scim-token:" + hashlib.sha256(request.headers.get("Authorization", "").encode()).hexdigest()[:32]


limiter.limit(lambda: current_app.config["SCIM_LIMIT_PER_TOKEN"], key_func=_token_key, scope="scim-token")(blp)
limiter.limit(
    lambda: current_app.config["SCIM_FAILED_LIMIT_PER_CLIENT"],
    key_func=get_remote_address,
    deduct_when=lambda response: response.status_code == 401,
    scope="scim-failed",
)(blp)


@blp.before_request
def _authenticate():
    header = request.headers.get("Authorization", "")
    directory = service.directory_for(header[7:].strip()) if header[:7].lower() == "bearer " else None
    if directory is None:
        raise Unauthorized(www_authenticate=WWWAuthenticate("bearer", {"realm": "scim"}))
    g.scim_directory = directory


def _base() -> str:
    public = current_app.config.get("PUBLIC_URL")
    return (public.rstrip("/") if public else request.url_root.rstrip("/")) + blp.url_prefix


def _created(body_and_location):
    body, location = body_and_location
    return answer(body, 201, {"Location": location})


@blp.get("/ServiceProviderConfig")
def service_provider_config():
    return answer(resources.service_provider_config().model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))


@blp.get("/ResourceTypes")
@blp.get("/ResourceTypes/<name>")
def resource_types(name: str | None = None):
    found = [t for t in resources.resource_types() if name is None or t.id == name]
    return _discovered(found, name, ResourceType)


@blp.get("/Schemas")
@blp.get("/Schemas/<schema_id>")
def schemas(schema_id: str | None = None):
    found = [s for s in resources.schemas() if schema_id is None or s.id == schema_id]
    return _discovered(found, schema_id, Schema)


def _discovered(found: list, wanted: str | None, model):
    if wanted is not None:
        if not found:
            raise NotFoundException(detail=f"{wanted}")
        return answer(found[0].model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))
    return answer(resources.list_answer(model, found, len(found), 1, None))


class Collection(MethodView):
    rules = None  # people or groups

    def get(self):
        return answer(self.rules.search(g.scim_directory, _base(), clean_query()))

    def post(self):
        return _created(self.rules.create(g.scim_directory, read_body(), _base(), clean_query()))


class Member(MethodView):
    rules = None

    def get(self, resource_id):
        return answer(self.rules.read(g.scim_directory, resource_id, _base(), clean_query()))

    def put(self, resource_id):
        return answer(self.rules.replace(g.scim_directory, resource_id, read_body(), _base(), clean_query()))

    def delete(self, resource_id):
        self.rules.delete(g.scim_directory, resource_id)
        return answer(None, 204)


class Users(Collection):
    rules = people


class UserById(Member):
    rules = people

    def patch(self, resource_id):
        return answer(people.patch(g.scim_directory, resource_id, read_body(), _base(), clean_query()))


class Groups(Collection):
    rules = groups


class GroupById(Member):
    rules = groups

    def patch(self, resource_id):
        groups.patch(g.scim_directory, resource_id, read_body(), _base())
        return answer(None, 204)


blp.add_url_rule("/Users", view_func=Users.as_view("users"))
blp.add_url_rule("/Users/<resource_id>", view_func=UserById.as_view("user"))
blp.add_url_rule("/Groups", view_func=Groups.as_view("groups"))
blp.add_url_rule("/Groups/<resource_id>", view_func=GroupById.as_view("group"))


ENDPOINTS = {"ServiceProviderConfig", "ResourceTypes", "Schemas", "Users", "Groups"}


@blp.route("/<path:rest>", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
def elsewhere(rest: str):
    """Anything else under /scim/v2 answers as SCIM does: 405 for a method an endpoint does not take,
    501 for searching every resource type at once (`POST /.search`, not offered), 404 otherwise."""
    if rest == ".search" and request.method == "POST":
        raise NotImplementedException(detail="POST /.search")
    if rest.split("/")[0] in ENDPOINTS:
        raise MethodNotAllowed()
    raise NotFoundException(detail=f"/{rest}")
