"""Validation of push subscriptions and reminder preferences; shapes of the answers."""

import binascii

from cryptography.hazmat.primitives.asymmetric import ec
from flask import current_app
from marshmallow import ValidationError, fields, post_load, validate, validates

from ..fields import ClockTime, Moment, Schema
from ..i18n import N_
from ..push import InvalidEndpoint, b64url, b64url_decode, endpoint_allowed, parse_endpoint
from .channels import CHANNELS


def _decode_key(value: str, size: int, what: str) -> bytes:
    try:
        raw = b64url_decode(value.strip().rstrip("="))
    except (binascii.Error, ValueError) as error:
        raise ValidationError(N_("{what} must be base64url.").format(what=what)) from error
    if len(raw) != size:
        raise ValidationError(N_("{what} must be {size} bytes.").format(what=what, size=size))
    return raw


class KeysSchema(Schema):
    p256dh = fields.String(required=True, validate=validate.Length(max=100))
    auth = fields.String(required=True, validate=validate.Length(max=40))

    @validates("p256dh")
    def _p256dh(self, value: str, **_) -> None:
        raw = _decode_key(value, 65, "p256dh")
        try:
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
        except ValueError as error:
            raise ValidationError(N_("p256dh must be an uncompressed P-256 public key.")) from error

    @validates("auth")
    def _auth(self, value: str, **_) -> None:
        _decode_key(value, 16, "auth")

    @post_load
    def _canonical(self, data: dict, **_) -> dict:
        return {name: b64url(b64url_decode(value.strip().rstrip("="))) for name, value in data.items()}


class SubscriptionSchema(Schema):
    endpoint = fields.String(required=True, validate=validate.Length(min=10, max=2048))
    keys = fields.Nested(KeysSchema, required=True)
    # Browsers' PushSubscription.toJSON() also sends this; accepted and ignored.
    expirationTime = fields.Raw(load_default=None, allow_none=True)  # noqa: N815

    @validates("endpoint")
    def _endpoint(self, value: str, **_) -> None:
        try:
            parse_endpoint(value)
        except InvalidEndpoint as error:
            raise ValidationError(N_("Not a valid URL.")) from error
        if not endpoint_allowed(value, current_app.config["PUSH_ALLOWED_ENDPOINTS"]):
            raise ValidationError(N_("This push service is not allowed."))


class UnsubscribeSchema(Schema):
    endpoint = fields.String(required=True, validate=validate.Length(min=1, max=2048))


class SubscriptionOutSchema(Schema):
    id = fields.Integer()
    endpoint = fields.String()
    user_agent = fields.String(allow_none=True)
    created_at = Moment()
    last_success_at = Moment(allow_none=True)


class VapidKeySchema(Schema):
    public_key = fields.String()


class PreferenceSchema(Schema):
    enabled = fields.Boolean()
    weekday = fields.Integer(validate=validate.Range(min=1, max=7))
    time = ClockTime()
    weekly_digest = fields.Boolean(
        metadata={"description": 'On Monday, the bank\'s most saved and "worth it" resources of the week'}
    )
    channel = fields.String(
        validate=validate.OneOf(CHANNELS),
        metadata={"description": "auto: push where the person has a device, otherwise e-mail; push; email; both"},
    )
    reminder_emails = fields.Boolean(metadata={"description": "False once stopped from an e-mail's unsubscribe link"})
    digest_emails = fields.Boolean(metadata={"description": "False once stopped from an e-mail's unsubscribe link"})
    email_available = fields.Boolean(dump_only=True, metadata={"description": "Whether this server sends e-mail"})
    push_devices = fields.Integer(dump_only=True, metadata={"description": "Devices subscribed to push"})
    snoozed_until = Moment(allow_none=True, dump_only=True)
    timezone = fields.String(dump_only=True)


class SnoozeTokenSchema(Schema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=500))


class SnoozeOutSchema(Schema):
    snoozed_until = Moment()


class TestSendOutSchema(Schema):
    subscriptions = fields.Integer()
    delivered = fields.Integer()
    failed = fields.Integer()
    removed = fields.Integer()
