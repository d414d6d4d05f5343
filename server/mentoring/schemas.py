"""Input validation and output shapes for offers, requests, pairings and meetings."""

from datetime import date

from marshmallow import fields, post_load, validate

from ..fields import Changes, Id, Moment, Ref, Schema
from ..i18n import N_
from .models import KINDS, REQUEST_STATUSES, STATUSES

TOPIC_MAX = 40
EARLIEST = date(2000, 1, 1)
LATEST = date(2999, 12, 31)


def _topics(**kwargs) -> fields.List:
    return fields.List(
        fields.String(validate=validate.Length(min=1, max=TOPIC_MAX)),
        validate=validate.Length(min=1, max=10, error=N_("Name between 1 and 10 topics.")),
        metadata={"description": 'Free words, spelled as the bank\'s tags are: "SQL" and "#sql" are one topic'},
        **kwargs,
    )


def _text(limit: int, **kwargs) -> fields.String:
    return fields.String(allow_none=True, validate=validate.Length(max=limit), **kwargs)


class _Tidy(Schema):
    @post_load
    def _strip(self, data, **_):
        for key in ("note", "message", "reflection"):
            if isinstance(data.get(key), str):
                data[key] = data[key].strip() or None
        return data


class OfferCreateSchema(_Tidy):
    kind = fields.String(
        required=True,
        validate=validate.OneOf(KINDS),
        metadata={"description": "mentor: I mentor; shadow: I host a job shadowing day; ask: I look for a mentor"},
    )
    topics = _topics(required=True)
    note = _text(1000)
    capacity = fields.Integer(
        strict=True,
        load_default=1,
        validate=validate.Range(min=1, max=20),
        metadata={"description": "How many people at once (default 1)"},
    )


class OfferUpdateSchema(_Tidy, Changes):
    status = fields.String(validate=validate.OneOf(STATUSES), metadata={"description": "paused: no new requests"})
    topics = _topics()
    note = _text(1000)
    capacity = fields.Integer(strict=True, validate=validate.Range(min=1, max=20))


class OfferQuerySchema(Schema):
    topic = fields.String(
        validate=validate.Length(min=1, max=TOPIC_MAX),
        metadata={"description": "Offers with a topic that starts with this; any case"},
    )
    kind = fields.String(validate=validate.OneOf(KINDS))
    team = Id(strict=False, metadata={"description": "Offers by people in this team"})
    mine = fields.Boolean(load_default=False, metadata={"description": "My own offers, paused and closed ones too"})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=100))


class MyRequestSchema(Schema):
    id = fields.Integer()
    status = fields.String()


class OfferRefSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    topics = fields.List(fields.String())


class OfferSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    topics = fields.List(fields.String())
    note = fields.String(allow_none=True)
    capacity = fields.Integer()
    places_left = fields.Integer()
    status = fields.String()
    person = fields.Nested(Ref, allow_none=True)
    teams = fields.List(fields.Nested(Ref))
    mine = fields.Boolean()
    my_request = fields.Nested(
        MyRequestSchema,
        allow_none=True,
        metadata={"description": "The caller's request to this offer, if any"},
    )
    matched_topics = fields.List(fields.String(), metadata={"description": "Suggestions: the topics that matched"})
    created_at = Moment()


class RequestCreateSchema(_Tidy):
    offer_id = Id(required=True)
    message = _text(1000, metadata={"description": "Seen by the person asked only"})


class RequestQuerySchema(Schema):
    direction = fields.String(validate=validate.OneOf(("sent", "received")))
    status = fields.String(validate=validate.OneOf(REQUEST_STATUSES))


class RequestSchema(Schema):
    id = fields.Integer()
    status = fields.String(metadata={"enum": list(REQUEST_STATUSES)})
    direction = fields.String(metadata={"enum": ["sent", "received"]})
    person = fields.Nested(Ref, allow_none=True, metadata={"description": "The other one: who asked, or who was asked"})
    offer = fields.Nested(OfferRefSchema)
    message = fields.String(allow_none=True)
    pairing_id = fields.Integer(allow_none=True)
    created_at = Moment()
    answered_at = Moment(allow_none=True)


class PairingQuerySchema(Schema):
    active = fields.Boolean()


class MeetingCreateSchema(_Tidy):
    id = fields.UUID(metadata={"description": "Client-made UUID; sending it again stores nothing new"})
    date = fields.Date(
        allow_none=True,
        validate=validate.Range(min=EARLIEST, max=LATEST),
        metadata={"description": "Default: today where the person logging it is"},
    )
    minutes = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=600))
    note = _text(10000, metadata={"description": "Private: only its writer ever sees it"})


class MeetingUpdateSchema(_Tidy, Changes):
    date = fields.Date(validate=validate.Range(min=EARLIEST, max=LATEST))
    minutes = fields.Integer(strict=True, validate=validate.Range(min=1, max=600))
    note = _text(10000, metadata={"description": "The caller's own note; the other's stays as it is"})


class MeetingSchema(Schema):
    id = fields.String()
    pairing_id = fields.Integer()
    date = fields.Date()
    minutes = fields.Integer()
    activity = fields.String(metadata={"enum": ["mentoring", "shadowing"]})
    note = fields.String(allow_none=True, metadata={"description": "The caller's own note"})
    logged_by_me = fields.Boolean()
    created_at = Moment()


class EndSchema(_Tidy):
    reflection = _text(2000, metadata={"description": "What you take with you; yours alone unless shared"})
    share_as_lesson = fields.Boolean(load_default=False)
    anonymous = fields.Boolean(load_default=False, metadata={"description": "The lesson does not show your name"})


class PairingSchema(Schema):
    id = fields.Integer()
    activity = fields.String(metadata={"enum": ["mentoring", "shadowing"]})
    kind = fields.String(allow_none=True)
    role = fields.String(metadata={"enum": ["mentor", "mentee", "host", "guest"]})
    partner = fields.Nested(Ref, allow_none=True)
    topics = fields.List(fields.String())
    active = fields.Boolean()
    started_at = Moment()
    ended_at = Moment(allow_none=True)
    meeting_count = fields.Integer()
    minutes_total = fields.Integer()
    last_met_on = fields.Date(allow_none=True)
    reflection = fields.String(allow_none=True, metadata={"description": "The caller's own"})
    lesson_id = fields.Integer(allow_none=True)


class PairingDetailSchema(PairingSchema):
    meetings = fields.List(fields.Nested(MeetingSchema))


class StatsSchema(Schema):
    active_pairings = fields.Integer()
    open_offers = fields.Integer()
    open_asks = fields.Integer()
