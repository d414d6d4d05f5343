"""Input validation and output shapes for lessons learned."""

from marshmallow import ValidationError, fields, post_load, validate

from ..fields import Changes, Ref, Schema
from ..i18n import N_
from .models import OUTCOMES

TEXT_MAX = 10_000


def _not_blank(value: str | None) -> None:
    if value is not None and not value.strip():
        raise ValidationError(N_("Must not be blank."))


def _text(**kwargs) -> fields.String:
    return fields.String(validate=validate.Length(max=TEXT_MAX), **kwargs)


class _LessonInput(Schema):
    @post_load
    def _tidy(self, data, **_):
        for key in ("title", "context", "what_happened", "learned", "next_time"):
            if isinstance(data.get(key), str):
                data[key] = data[key].strip()
        return data


class LessonCreateSchema(_LessonInput):
    title = fields.String(required=True, validate=[validate.Length(min=1, max=200), _not_blank])
    context = _text(load_default="")
    what_happened = _text(load_default="")
    learned = fields.String(required=True, validate=[validate.Length(min=1, max=TEXT_MAX), _not_blank])
    next_time = _text(load_default="")
    outcome = fields.String(required=True, validate=validate.OneOf(OUTCOMES))
    anonymous = fields.Boolean(
        load_default=False, metadata={"description": "Colleagues are not shown who wrote it; admins are, to moderate"}
    )
    tags = fields.List(
        fields.String(validate=validate.Length(min=1, max=40)), load_default=list, validate=validate.Length(max=10)
    )


class LessonUpdateSchema(_LessonInput, Changes):
    title = fields.String(validate=[validate.Length(min=1, max=200), _not_blank])
    context = _text()
    what_happened = _text()
    learned = fields.String(validate=[validate.Length(min=1, max=TEXT_MAX), _not_blank])
    next_time = _text()
    outcome = fields.String(validate=validate.OneOf(OUTCOMES))
    anonymous = fields.Boolean(metadata={"description": "Only the author may change this"})
    tags = fields.List(fields.String(validate=validate.Length(min=1, max=40)), validate=validate.Length(max=10))


class LessonQuerySchema(Schema):
    q = fields.String(
        validate=validate.Length(max=200),
        metadata={"description": "Words that start words of the lesson's texts or tags; any case, accents optional"},
    )
    outcome = fields.String(validate=validate.OneOf(OUTCOMES))
    tag = fields.String(validate=validate.Length(min=1, max=40))
    mine = fields.Boolean(load_default=False, metadata={"description": "Only lessons the caller wrote"})
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    cursor = fields.String(validate=validate.Length(max=100))


class LessonSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    context = fields.String()
    what_happened = fields.String()
    learned = fields.String()
    next_time = fields.String()
    outcome = fields.String()
    anonymous = fields.Boolean()
    tags = fields.List(fields.String())
    author = fields.Nested(Ref, allow_none=True, metadata={"description": "null for anonymous lessons, whoever asks"})
    written_by = fields.Nested(
        Ref,
        allow_none=True,
        metadata={
            "description": "Admins only, to moderate: who wrote it, anonymous "
            "lessons included; absent for everyone else"
        },
    )
    mine = fields.Boolean()
    can_edit = fields.Boolean()
    thanks_count = fields.Integer(metadata={"description": "How many said thank you; never who"})
    thanked_by_me = fields.Boolean()
    read_logged = fields.Boolean(metadata={"description": "The caller has logged reading it"})
    published_on = fields.Date(
        metadata={"description": "The day, never the time: a time could tell who wrote an anonymous lesson"}
    )
    updated_on = fields.Date()


class LessonReadSchema(Schema):
    minutes = fields.Integer(
        strict=True,
        validate=validate.Range(min=1, max=120),
        metadata={"description": "Default: an estimate from the lesson's length"},
    )


class LessonPageSchema(Schema):
    items = fields.List(fields.Nested(LessonSchema))
    next_cursor = fields.String(allow_none=True)
