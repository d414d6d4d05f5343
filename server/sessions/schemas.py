"""Input validation and output shapes for knowledge sessions, series and attendance."""

from datetime import UTC, datetime

from marshmallow import ValidationError, fields, post_load, validate, validates_schema

from ..clock import is_zone
from ..fields import Changes, Id, Moment, Ref, Schema
from ..i18n import N_
from .reading import MAX_RESOURCES
from .series import FREQUENCIES
from .series_days import HOLIDAY_RULES

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def _not_blank(value: str | None) -> None:
    if value is not None and not value.strip():
        raise ValidationError(N_("Must not be blank."))


def _moment(**kwargs) -> Moment:
    return Moment(earliest=EARLIEST, latest=LATEST, **kwargs)


class _SessionInput(Schema):
    @post_load
    def _tidy(self, data, **_):
        for key in ("starts_at", "ends_at"):
            if data.get(key) is not None:
                data[key] = data[key].astimezone(UTC)  # stored as UTC whatever zone was sent
        if isinstance(data.get("title"), str):
            data["title"] = data["title"].strip()
        for key in ("place", "description"):
            if isinstance(data.get(key), str):
                data[key] = data[key].strip() or None
        return data


class KnowledgeSessionCreateSchema(_SessionInput):
    title = fields.String(required=True, validate=[validate.Length(min=1, max=200), _not_blank])
    description = fields.String(allow_none=True, validate=validate.Length(max=5000))
    starts_at = _moment(required=True)
    ends_at = _moment(allow_none=True)
    place = fields.String(allow_none=True, validate=validate.Length(max=200))
    capacity = fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=1, max=100_000))
    host_id = Id(allow_none=True, metadata={"description": "Someone in the organisation; default: the creator"})
    looking_for_host = fields.Boolean(
        load_default=False, metadata={"description": "Proposed: nobody hosts it yet; a colleague volunteers"}
    )
    resource_ids = fields.List(
        Id(),
        validate=validate.Length(max=MAX_RESOURCES),
        metadata={"description": "From the bank: to read before the session, in order"},
    )

    @validates_schema
    def _ends_after_start(self, data, **_):
        if data.get("ends_at") is not None and data["ends_at"] <= data["starts_at"]:
            raise ValidationError(N_("The end must be after the start."), field_name="ends_at")


class KnowledgeSessionUpdateSchema(_SessionInput, Changes):
    title = fields.String(validate=[validate.Length(min=1, max=200), _not_blank])
    description = fields.String(allow_none=True, validate=validate.Length(max=5000))
    starts_at = _moment()
    ends_at = _moment(allow_none=True)
    place = fields.String(allow_none=True, validate=validate.Length(max=200))
    capacity = fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=1, max=100_000))
    host_id = Id()
    resource_ids = fields.List(Id(), validate=validate.Length(max=MAX_RESOURCES))


class KnowledgeSessionQuerySchema(Schema):
    upcoming = fields.Boolean(
        load_default=False,
        metadata={
            "description": "Only sessions not yet ended, soonest first (cancelled "
            "ones marked); a series' next sessions are made first"
        },
    )
    recent = fields.Boolean(
        load_default=False, metadata={"description": "Sessions that ended in the last two weeks, latest first"}
    )
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class KnowledgeSessionSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    description = fields.String(allow_none=True)
    starts_at = Moment()
    ends_at = Moment(allow_none=True)
    place = fields.String(allow_none=True)
    capacity = fields.Integer(allow_none=True)
    host_id = fields.Integer(allow_none=True)
    host = fields.Nested(Ref, allow_none=True)
    rsvp_count = fields.Integer()
    places_left = fields.Integer(allow_none=True, metadata={"description": "null: no limit"})
    attending = fields.Boolean(metadata={"description": "Whether the caller has said they are coming"})
    started = fields.Boolean()
    ended = fields.Boolean()
    can_edit = fields.Boolean()
    cancelled = fields.Boolean()
    cancelled_at = Moment(allow_none=True)
    series = fields.Nested(lambda: SeriesRefSchema(), allow_none=True)
    moved_from = fields.Nested(
        lambda: MovedFromSchema(),
        allow_none=True,
        metadata={"description": "A series' session moved off a public holiday: the day and the holiday"},
    )
    resources = fields.List(
        fields.Nested(lambda: ReadingSchema()), metadata={"description": "From the bank, to read first"}
    )
    attended = fields.Boolean(metadata={"description": "The caller has logged being there"})
    preparation_minutes = fields.Integer(
        allow_none=True, metadata={"description": "The host's own logged preparation, if any"}
    )
    created_at = Moment()


class MovedFromSchema(Schema):
    date = fields.Date()
    holiday = fields.String()


class ReadingSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    kind = fields.String()
    url = fields.String()
    duration_minutes = fields.Integer(allow_none=True)


class SeriesRefSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    frequency = fields.String()
    weekday = fields.Integer(metadata={"description": "1 = Monday … 7 = Sunday"})
    week_of_month = fields.Integer(allow_none=True, metadata={"description": "Monthly: 1–4, or 5 for the last"})
    on_holiday = fields.String(
        metadata={"description": "A session on a public holiday: move (to the next working day) or skip"}
    )


class SeriesSchema(SeriesRefSchema):
    description = fields.String(allow_none=True)
    place = fields.String(allow_none=True)
    capacity = fields.Integer(allow_none=True)
    local_time = fields.Time(format="%H:%M")
    duration_minutes = fields.Integer()
    timezone = fields.String()
    starts_on = fields.Date()
    can_edit = fields.Boolean()


class SeriesCreateSchema(_SessionInput):
    title = fields.String(required=True, validate=[validate.Length(min=1, max=200), _not_blank])
    description = fields.String(allow_none=True, validate=validate.Length(max=5000))
    starts_at = _moment(
        required=True,
        metadata={"description": "The first session; the weekday, the week of the month and the local time repeat"},
    )
    duration_minutes = fields.Integer(load_default=60, strict=True, validate=validate.Range(min=5, max=600))
    place = fields.String(allow_none=True, validate=validate.Length(max=200))
    capacity = fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=1, max=100_000))
    frequency = fields.String(required=True, validate=validate.OneOf(FREQUENCIES))
    timezone = fields.String(
        validate=validate.Length(max=64), metadata={"description": "Where the local time holds; default: the creator's"}
    )
    host_id = Id(allow_none=True, metadata={"description": "Hosts the first session; default: the creator"})
    looking_for_host = fields.Boolean(load_default=False, metadata={"description": "Nobody hosts the first one yet"})
    on_holiday = fields.String(
        load_default="move",
        validate=validate.OneOf(HOLIDAY_RULES),
        metadata={"description": "A session that falls on a public holiday: move (to the next working day) or skip"},
    )

    @validates_schema
    def _known_zone(self, data, **_):
        if data.get("timezone") and not is_zone(data["timezone"]):
            raise ValidationError(N_("Unknown time zone."), field_name="timezone")


class SeriesUpdateSchema(_SessionInput, Changes):
    title = fields.String(validate=[validate.Length(min=1, max=200), _not_blank])
    description = fields.String(allow_none=True, validate=validate.Length(max=5000))
    place = fields.String(allow_none=True, validate=validate.Length(max=200))
    capacity = fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=1, max=100_000))


class HostSuggestionSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    times_hosted = fields.Integer()
    last_hosted_on = fields.Date(allow_none=True)


class PreparationSchema(Schema):
    minutes = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=600))
