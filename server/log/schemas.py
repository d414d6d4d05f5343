"""Input validation and output shapes for entries, weeks and away periods."""

from datetime import date, timedelta

from marshmallow import EXCLUDE, ValidationError, fields, post_load, validate, validates_schema

from ..clock import iso_week_label, week_monday
from ..fields import Changes, Errors, Holiday, Id, Moment, Schema, moment
from ..i18n import N_
from ..text import is_clean
from .models import ACTIVITIES, AWAY_REASONS

MAX_BATCH = 500
EARLIEST = date(2000, 1, 1)  # a mistyped year must not stretch the week history over centuries
LATEST = date(2999, 12, 31)
TOO_LONG_AGO = N_("Too long ago.")


class ListsSchema(Schema):
    activities = fields.List(fields.String(), metadata={"description": "What an entry is logged as"})
    kinds = fields.List(fields.String(), metadata={"description": "What a link in the bank is"})
    away_reasons = fields.List(fields.String(), metadata={"description": "Why a person is away"})


class EntryCreateSchema(Schema):
    class Meta:
        unknown = EXCLUDE  # an offline outbox may keep its own bookkeeping next to the entry

    id = fields.UUID(metadata={"description": "Client-made UUID; sending it again stores nothing new"})
    date = fields.Date(
        validate=[validate.Range(min=EARLIEST, error=TOO_LONG_AGO), validate.Range(max=LATEST)],
        metadata={"description": "The user's local date; default today where they are"},
    )
    minutes = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=600))
    activity = fields.String(required=True, validate=validate.OneOf(ACTIVITIES))
    title = fields.String(load_default="", validate=validate.Length(max=200))
    resource_id = Id(allow_none=True)
    note = fields.String(
        allow_none=True,
        validate=validate.Length(max=10000),
        metadata={"description": "Private: only its author ever sees it"},
    )

    @post_load
    def _tidy(self, data, **_):
        if "id" in data:
            data["id"] = str(data["id"])
        if isinstance(data.get("title"), str):
            data["title"] = data["title"].strip()
        return data


class OutboxEntrySchema(EntryCreateSchema):
    id = fields.UUID(required=True, error_messages={"required": N_("An offline entry needs its id (a UUID).")})


class OutboxItem(fields.Nested):
    """One outbox item: a bad item (even `null`) is reported on its own instead of failing the batch."""

    def __init__(self, **kwargs):
        super().__init__(OutboxEntrySchema, **kwargs)

    def deserialize(self, value, attr=None, data=None, **kwargs):
        if value is None:
            return {"id": None, "errors": {"_schema": [N_("An entry is needed here, not null.")]}}
        return super().deserialize(value, attr, data, **kwargs)

    def _deserialize(self, value, attr, data, partial=None, **kwargs):
        try:
            return {"data": super()._deserialize(value, attr, data, partial=partial, **kwargs)}
        except ValidationError as error:
            raw_id = value.get("id") if isinstance(value, dict) else None
            messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
            usable_id = isinstance(raw_id, str) and len(raw_id) <= 64 and is_clean(raw_id)
            return {"id": raw_id if usable_id else None, "errors": messages}


class EntrySyncSchema(Schema):
    entries = fields.List(OutboxItem(), required=True, validate=validate.Length(max=MAX_BATCH))


class EntrySyncResultSchema(Schema):
    id = fields.String(allow_none=True)
    status = fields.String(metadata={"enum": ["created", "duplicate", "invalid"]})
    errors = Errors(keys=fields.String(), values=fields.List(fields.String()))


class EntrySyncAnswerSchema(Schema):
    results = fields.List(fields.Nested(EntrySyncResultSchema))


class EntryUpdateSchema(Changes):
    class Meta:
        unknown = EXCLUDE

    date = fields.Date(validate=[validate.Range(min=EARLIEST, error=TOO_LONG_AGO), validate.Range(max=LATEST)])
    minutes = fields.Integer(strict=True, validate=validate.Range(min=1, max=600))
    activity = fields.String(validate=validate.OneOf(ACTIVITIES))
    title = fields.String(validate=validate.Length(max=200))
    resource_id = Id(allow_none=True)
    note = fields.String(allow_none=True, validate=validate.Length(max=10000))

    @post_load
    def _tidy(self, data, **_):
        if isinstance(data.get("title"), str):
            data["title"] = data["title"].strip()
        if data.get("note") == "":
            data["note"] = None
        return data


class EntrySchema(Schema):
    id = fields.String()
    date = fields.Date()
    week = fields.Function(lambda entry: iso_week_label(entry.date))
    week_start = fields.Date()
    minutes = fields.Integer()
    activity = fields.String()
    title = fields.String()
    resource_id = fields.Integer(allow_none=True)
    note = fields.String(allow_none=True)
    created_at = Moment()
    updated_at = Moment()


def entry_answer(entry) -> dict:
    """`EntrySchema().dump(entry)` written out, for lists of rows: the same keys in the same order
    (tests/log/test_answers.py holds the two equal), without marshmallow's per-field work."""
    return {
        "id": entry.id,
        "date": entry.date.isoformat(),
        "week": iso_week_label(entry.date),
        "week_start": entry.week_start.isoformat(),
        "minutes": entry.minutes,
        "activity": entry.activity,
        "title": entry.title,
        "resource_id": entry.resource_id,
        "note": entry.note,
        "created_at": moment(entry.created_at),
        "updated_at": moment(entry.updated_at),
    }


class EntryRangeSchema(Schema):
    start = fields.Date(data_key="from")
    end = fields.Date(data_key="to")

    @validates_schema
    def _ordered(self, data, **_):
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise ValidationError(N_("`from` is after `to`."), field_name="from")


class WeeksQuerySchema(Schema):
    count = fields.Integer(load_default=12, validate=validate.Range(min=1, max=104))


class LearningWeekSchema(Schema):
    week = fields.String(metadata={"example": "2026-W48"})
    week_start = fields.Date()
    minutes = fields.Integer()
    goal_minutes = fields.Integer()
    remaining_minutes = fields.Integer()
    met = fields.Boolean()
    streak_weeks = fields.Integer()
    by_activity = fields.Dict(keys=fields.String(), values=fields.Integer())
    away = fields.Boolean()
    holidays = fields.List(
        fields.Nested(Holiday),
        metadata={"description": "The week's public holidays in the organisation's country, named in your language"},
    )


class AwayPeriodSchema(Schema):
    id = fields.Integer(dump_only=True)
    week = fields.String(
        load_only=True, metadata={"description": "A whole ISO week, e.g. 2026-W30, instead of starts_on/ends_on"}
    )
    starts_on = fields.Date(validate=validate.Range(min=EARLIEST, max=LATEST))
    ends_on = fields.Date(validate=validate.Range(min=EARLIEST, max=LATEST))
    reason = fields.String(load_default="holiday", validate=validate.OneOf(AWAY_REASONS))
    created_at = Moment(dump_only=True)

    @validates_schema
    def _dates_or_week(self, data, **_):
        if "week" in data:
            monday = week_monday(data["week"])
            if monday is None or not EARLIEST <= monday <= LATEST:
                raise ValidationError(N_("Not an ISO week like 2026-W30."), field_name="week")
            return
        for name in ("starts_on", "ends_on"):
            if name not in data:
                raise ValidationError(N_("Give starts_on and ends_on, or a week."), field_name=name)

    @post_load
    def _week_to_dates(self, data, **_):
        if "week" in data:
            data["starts_on"] = week_monday(data.pop("week"))
            data["ends_on"] = data["starts_on"] + timedelta(days=6)
        return data
