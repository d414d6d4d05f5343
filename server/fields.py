"""Schema pieces every feature uses: a base schema that refuses text no database can store, ids a
database can hold, and moments that always carry their offset.

Features build their schemas from these, so bad input is a 422 naming the field, never a 500.
"""

import re
from datetime import UTC, datetime, time

from marshmallow import Schema as BaseSchema
from marshmallow import ValidationError, fields, pre_load, validate, validates_schema

from .clock import as_utc
from .database import LARGEST_ID
from .i18n import N_, translate_errors
from .text import is_clean

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
NOT_TEXT = N_("Not valid text.")
OUT_OF_RANGE = N_("Out of range.")
NOTHING_TO_CHANGE = N_("Send at least one field to change.")
NOT_ONE_LINE = N_("Use one line, without line breaks or control characters.")
# A person's name goes into e-mail headers (To: "Name" <address>): one line, so it can never add a header.
ONE_LINE = validate.Regexp(r"\A[^\x00-\x1f\x7f]*\Z", error=NOT_ONE_LINE)
BLANK = N_("Must not be blank.")


class Schema(BaseSchema):
    """Refuses strings that cannot be stored (lone surrogates, NUL) in this schema's own fields and
    their lists; nested schemas check their own, so one bad item fails only itself."""

    @pre_load
    def _clean_text(self, data, **_):
        if isinstance(data, dict):
            bad = {key: [NOT_TEXT] for key, value in data.items() if _has_unclean(value)}
            bad.update({key: [NOT_TEXT] for key in data if isinstance(key, str) and not is_clean(key)})
            if bad:
                raise ValidationError(bad)
        return data


def _has_unclean(value) -> bool:
    if isinstance(value, str):
        return not is_clean(value)
    if isinstance(value, list):
        return any(_has_unclean(item) for item in value if not isinstance(item, dict))
    return False


def not_blank(value: str | None) -> None:
    """A validator for names and titles: spaces alone are no name (they would be stored as "")."""
    if value is not None and not value.strip():
        raise ValidationError(BLANK)


class Id(fields.Integer):
    """A row id: a positive integer that fits the id columns (larger ones are simply not there)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("strict", True)
        kwargs.setdefault("validate", validate.Range(min=1, max=LARGEST_ID))
        super().__init__(**kwargs)


class Moment(fields.AwareDateTime):
    """An ISO 8601 moment: a missing offset means UTC, any offset is accepted and stored as UTC,
    and answers always carry `+00:00`."""

    def __init__(self, *, earliest: datetime = EARLIEST, latest: datetime = LATEST, **kwargs):
        kwargs.setdefault("default_timezone", UTC)
        super().__init__(**kwargs)
        self.earliest, self.latest = earliest, latest

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            moment = moment.astimezone(UTC)
        except (OverflowError, ValueError) as error:
            raise ValidationError(OUT_OF_RANGE) from error
        if not self.earliest <= moment < self.latest:
            raise ValidationError(OUT_OF_RANGE)
        return moment

    def _serialize(self, value, attr, obj, **kwargs):
        return moment(value)


def moment(value: datetime | None) -> str | None:
    """What `Moment` answers, for answers written out without a schema."""
    return None if value is None else as_utc(value).isoformat()


class ClockTime(fields.String):
    """A wall-clock time in a person's own zone: "HH:MM" (24-hour) in, a `datetime.time` for the service;
    "HH:MM" out."""

    PATTERN = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
    default_error_messages = {"invalid_time": N_('Use 24-hour "HH:MM".')}

    def __init__(self, **kwargs):
        kwargs.setdefault("metadata", {}).setdefault("example", "14:00")
        kwargs["metadata"].setdefault("pattern", self.PATTERN.pattern)
        super().__init__(**kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        return value.strftime("%H:%M") if isinstance(value, time) else super()._serialize(value, attr, obj, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> time:
        match = self.PATTERN.match(super()._deserialize(value, attr, data, **kwargs))
        if match is None:
            raise self.make_error("invalid_time")
        return time(int(match[1]), int(match[2]))


class Ref(Schema):
    """`{id, name}`: how one thing points at another (a team, a person, an organisation)."""

    id = fields.Integer()
    name = fields.String()


class Holiday(Schema):
    """A public holiday: its day and its name in the reader's language where known."""

    date = fields.Date()
    name = fields.String()


class View:
    """An object as an answer shows it: the object's own attributes, plus the few a presenter
    worked out for this viewer (`View(resource, tags=[…], saved_by_me=True)`). Schemas dump it like
    the object itself, so each output field is named once, in its schema."""

    __slots__ = ("_object", "_extra")

    def __init__(self, obj, **extra):
        self._object = obj
        self._extra = extra

    def __getattr__(self, name):
        extra = object.__getattribute__(self, "_extra")
        if name in extra:
            return extra[name]
        return getattr(object.__getattribute__(self, "_object"), name)


class Changes(Schema):
    """The body of a PATCH: at least one field to change."""

    @validates_schema
    def _something(self, data, **_):
        if not data:
            raise ValidationError(NOTHING_TO_CHANGE)


class Errors(fields.Dict):
    """Field errors in an answer's body (e.g. an outbox item's), in the reader's language."""

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else translate_errors(value)
