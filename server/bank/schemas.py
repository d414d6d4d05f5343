"""Input validation and output shapes for the bank."""

from flask_smorest.fields import Upload
from marshmallow import ValidationError, fields, validate, validates

from ..fields import Changes, Moment, Ref, Schema
from ..i18n import N_
from .models import KINDS
from .urls import InvalidUrl, link_key

SORTS = ("new", "popular")


def _not_blank(value: str | None) -> None:
    if value is not None and not value.strip():
        raise ValidationError(N_("Must not be blank."))


class ResourceCreateSchema(Schema):
    url = fields.String(required=True, validate=validate.Length(min=1, max=2048))
    kind = fields.String(
        validate=validate.OneOf(KINDS),
        metadata={
            "description": "Only when the person chose it; otherwise the bank decides from the link and its page"
        },
    )
    title = fields.String(allow_none=True, validate=validate.Length(max=300))
    description = fields.String(allow_none=True, validate=validate.Length(max=2000))
    tags = fields.List(fields.String(validate=validate.Length(min=1, max=40)), validate=validate.Length(max=20))
    starts_at = Moment(allow_none=True)
    duration_minutes = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=100_000))


class ResourceUpdateSchema(Changes):
    url = fields.String(validate=validate.Length(min=1, max=2048))
    kind = fields.String(validate=validate.OneOf(KINDS))
    title = fields.String(validate=[validate.Length(min=1, max=300), _not_blank])
    description = fields.String(allow_none=True, validate=validate.Length(max=2000))
    tags = fields.List(fields.String(validate=validate.Length(min=1, max=40)), validate=validate.Length(max=20))
    starts_at = Moment(allow_none=True)
    duration_minutes = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=100_000))


class ResourceQuerySchema(Schema):
    q = fields.String(validate=validate.Length(max=200))
    kind = fields.String(validate=validate.OneOf(KINDS))
    tag = fields.String(validate=validate.Length(min=1, max=40))
    sort = fields.String(load_default="new", validate=validate.OneOf(SORTS))
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    cursor = fields.String(validate=validate.Length(max=500))


class SavedQuerySchema(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    cursor = fields.String(validate=validate.Length(max=500))


class ResourceCommentSchema(Schema):
    id = fields.Integer()
    resource_id = fields.Integer()
    body = fields.String()
    author = fields.Nested(Ref, allow_none=True)
    created_at = Moment()
    can_delete = fields.Boolean()


class ResourceSchema(Schema):
    id = fields.Integer()
    url = fields.String()
    kind = fields.String()
    title = fields.String()
    description = fields.String(allow_none=True)
    tags = fields.List(fields.String())
    starts_at = Moment(allow_none=True)
    duration_minutes = fields.Integer(allow_none=True)
    shared_by = fields.Nested(Ref, allow_none=True)
    also_shared_by = fields.List(fields.Nested(Ref))
    created_at = Moment()
    save_count = fields.Integer()
    log_count = fields.Integer()
    logged_minutes = fields.Integer()
    reaction_count = fields.Integer()
    saved_by_me = fields.Boolean()
    reacted_by_me = fields.Boolean()
    saved_at = Moment()
    can_edit = fields.Boolean()
    duplicate = fields.Boolean()
    comments = fields.List(fields.Nested(ResourceCommentSchema))


class ResourcePageSchema(Schema):
    items = fields.List(fields.Nested(ResourceSchema))
    next_cursor = fields.String(allow_none=True)


class SaveStateSchema(Schema):
    resource_id = fields.Integer(attribute="id")
    saved = fields.Boolean()
    save_count = fields.Integer()


class ReactionStateSchema(Schema):
    resource_id = fields.Integer(attribute="id")
    reacted = fields.Boolean()
    reaction_count = fields.Integer()


class ResourceCommentCreateSchema(Schema):
    body = fields.String(required=True, validate=[validate.Length(min=1, max=500), _not_blank])


class TagSuggestionQuerySchema(Schema):
    prefix = fields.String(load_default="", validate=validate.Length(max=40))
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=50))


class TagSuggestionSchema(Schema):
    name = fields.String()
    count = fields.Integer()


class LinkPreviewRequestSchema(Schema):
    url = fields.String(required=True, validate=validate.Length(min=1, max=2048))

    @validates("url")
    def _http_only(self, value: str, **_kwargs) -> None:
        try:
            link_key(value)
        except InvalidUrl as error:
            raise ValidationError(str(error.message)) from error


class LinkPreviewSchema(Schema):
    url = fields.String()
    title = fields.String(allow_none=True)
    description = fields.String(allow_none=True)
    site_name = fields.String(allow_none=True)
    image = fields.String(allow_none=True)
    duration_minutes = fields.Integer(allow_none=True)
    kind = fields.String()
    fetched = fields.Boolean()
    existing_id = fields.Integer(allow_none=True)


class PopularQuerySchema(Schema):
    days = fields.Integer(load_default=7, validate=validate.Range(min=1, max=31))
    limit = fields.Integer(load_default=5, validate=validate.Range(min=1, max=20))


class PopularResourceSchema(ResourceSchema):
    saves_in_period = fields.Integer()
    reactions_in_period = fields.Integer()


class PopularSchema(Schema):
    since = Moment()
    items = fields.List(fields.Nested(PopularResourceSchema))


class BookmarkFileSchema(Schema):
    file = Upload(
        required=True,
        metadata={
            "description": "A Netscape bookmark file (HTML), as browsers, linkding, Raindrop and Pocket export it"
        },
    )


class ImportResultSchema(Schema):
    created = fields.Integer()
    duplicates = fields.Integer(metadata={"description": "Already in the bank: merged (missing tags added)"})
    invalid = fields.Integer(metadata={"description": "Not a web address (javascript:, no link, …)"})
