"""Authorisation as a matrix: every endpoint × every kind of caller → the expected status, and no
answer ever carries another organisation's data.

Every rule in the app's URL map must have a row in TABLE (app-shell screens are covered together by
`test_app_screens_are_public`), so a new endpoint cannot slip in without someone deciding who may
call it. Rows name the actors' statuses in ACTORS order.
"""

import base64
import io
import json
import re
import uuid
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from server.accounts import service as accounts
from server.clock import local_today, utcnow
from server.extensions import db
from server.scim import service as scim
from server.sso.models import SsoIdentity
from tests.support import PASSWORD, ApiClient

ACTORS = ("anonymous", "employee", "other_manager", "team_manager", "other_admin", "admin")
# Who plays each part in the `org` fixture: Erik is in Product (the team under test), Lars manages
# Support, Maja manages Product, the outsider admin runs "Other Oy".
PLAYERS = {
    "employee": "erik",
    "other_manager": "lars",
    "team_manager": "maja",
    "other_admin": "outsider_admin",
    "admin": "admin",
}

# Text that marks each organisation's data in answers.
ACME_MARKS = ("acme.example", "Acme AB", "ACME-")
OTHER_MARKS = ("other.example", "Other Oy", "OTHER-")
PRIVATE_NOTE = "ACME-PRIVATE-NOTE"  # Erik's note: only Erik ever sees it
# Erik's work details from the directory (HR data): only the directory and Erik's own export show them.
HR_DETAIL = "ACME-HR-DETAIL"
OWN_EXPORT = ("employee", "/api/v1/me/export")

PUBLIC = (200,) * 6
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
SCIM_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
SCIM_GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"


def signed_in(status: int) -> tuple[int, ...]:
    return (401,) + (status,) * 5


def admins(status: int) -> tuple[int, ...]:
    """Admins only; the other organisation's admin acts within their own organisation."""
    return (401, 403, 403, 403, status, status)


def team_admins(status: int) -> tuple[int, ...]:
    """Admins only, on the team under test: it does not exist for the other organisation."""
    return (401, 403, 403, 403, 404, status)


def team_viewers(status: int) -> tuple[int, ...]:
    """The team's manager and the admin; another organisation's team does not exist."""
    return (401, 403, 403, status, 404, status)


def org_members(status: int) -> tuple[int, ...]:
    """Everyone in the organisation; to the other organisation it does not exist."""
    return (401, status, status, status, 404, status)


def owner_only(status: int) -> tuple[int, ...]:
    """Erik's own things: everyone else gets 404, as if they did not exist."""
    return (401, status, 404, 404, 404, 404)


@dataclass(frozen=True)
class Row:
    method: str
    rule: str
    expect: tuple[int, ...]
    body: object = None  # a dict, or a function (world, actor) -> dict
    query: str = ""
    fresh: bool = False  # a new thing for each actor to act on (e.g. each tries to delete one)
    makers: tuple = ()  # (placeholder, maker) where a placeholder's name means something else here
    upload: object = None  # a function (world, actor) -> text, sent as the multipart field `file`


def _org_domain(actor: str) -> str:
    return "other.example" if actor == "other_admin" else "acme.example"


def _resource(world, actor):
    return {"url": f"https://example.com/talks/{actor}", "kind": "podcast", "title": f"Talk for {actor}"}


def _bookmarks(world, actor):
    return (
        f"<!DOCTYPE NETSCAPE-Bookmark-file-1><DL><p><DT><H3>Imported</H3><DL><p>"
        f'<DT><A HREF="https://example.com/bookmarks/{actor}" TAGS="x">Bookmark for {actor}</A></DL><p></DL><p>'
    )


def _subscription(actor: str) -> dict:
    """A browser's push subscription, pointed at a loopback push service that is never called."""
    key = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    encode = lambda raw: base64.urlsafe_b64encode(raw).rstrip(b"=").decode()  # noqa: E731
    return {"endpoint": f"http://127.0.0.1:9/push/{actor}", "keys": {"p256dh": encode(key), "auth": encode(b"0" * 16)}}


def _session(title: str) -> dict:
    start = datetime.now(UTC) - timedelta(days=1)
    return {"title": title, "starts_at": start.isoformat(), "ends_at": (start + timedelta(hours=1)).isoformat()}


def _series(title: str) -> dict:
    start = datetime.now(UTC) + timedelta(days=3)
    return {"title": title, "starts_at": start.isoformat(), "frequency": "monthly"}


def _lesson(title: str) -> dict:
    return {"title": title, "learned": "Write the test first", "outcome": "failure", "context": title}


def _channel(name: str) -> dict:
    return {"kind": "slack", "url": "https://hooks.slack.com/services/T000/B000/XXXXXXXX", "name": name}


MENTORING_OFFERS = "/api/v1/mentoring/offers"
MENTORING_REQUESTS = "/api/v1/mentoring/requests"


def _offer(note: str, capacity: int = 1) -> dict:
    return {"kind": "mentor", "topics": ["SQL"], "note": note, "capacity": capacity}


def _entry(world, actor):
    return {
        "id": str(uuid.uuid4()),
        "date": local_today("Europe/Stockholm").isoformat(),
        "minutes": 25,
        "activity": "podcast",
        "title": f"Episode for {actor}",
    }


# Every SCIM route: (method, rule, status for Acme's directory, status for Other Oy's directory) on
# Acme's things (Erik, the Product team): another organisation's people and teams do not exist there.
SCIM_TABLE = [
    ("GET", "/scim/v2/ServiceProviderConfig", 200, 200),
    ("GET", "/scim/v2/ResourceTypes", 200, 200),
    ("GET", "/scim/v2/ResourceTypes/<name>", 200, 200),
    ("GET", "/scim/v2/Schemas", 200, 200),
    ("GET", "/scim/v2/Schemas/<schema_id>", 200, 200),
    ("GET", "/scim/v2/Users", 200, 200),
    ("POST", "/scim/v2/Users", 201, 201),
    ("GET", "/scim/v2/Users/<resource_id>", 200, 404),
    ("PUT", "/scim/v2/Users/<resource_id>", 200, 404),
    ("PATCH", "/scim/v2/Users/<resource_id>", 200, 404),
    ("DELETE", "/scim/v2/Users/<resource_id>", 204, 404),
    ("GET", "/scim/v2/Groups", 200, 200),
    ("POST", "/scim/v2/Groups", 201, 201),
    ("GET", "/scim/v2/Groups/<resource_id>", 200, 404),
    ("PUT", "/scim/v2/Groups/<resource_id>", 200, 404),
    ("PATCH", "/scim/v2/Groups/<resource_id>", 204, 404),
    ("DELETE", "/scim/v2/Groups/<resource_id>", 204, 404),
    ("GET", "/scim/v2/<path:rest>", 404, 404),
    ("POST", "/scim/v2/<path:rest>", 404, 404),
    ("PUT", "/scim/v2/<path:rest>", 404, 404),
    ("PATCH", "/scim/v2/<path:rest>", 404, 404),
    ("DELETE", "/scim/v2/<path:rest>", 404, 404),
]

TABLE = [
    # accounts: sign-in, profile, tokens
    Row("POST", "/api/v1/auth/login", PUBLIC, body=lambda w, a: {"email": w.email_of(a), "password": PASSWORD}),
    Row("POST", "/api/v1/auth/logout", (204,) * 6),
    Row("GET", "/api/v1/auth/session", signed_in(200)),
    Row("GET", "/api/v1/auth/tokens", signed_in(200)),
    Row("POST", "/api/v1/auth/tokens", signed_in(201), body={"name": "Shortcut"}),
    Row("DELETE", "/api/v1/auth/tokens/<int:token_id>", owner_only(204)),
    Row("GET", "/api/v1/me", signed_in(200)),
    Row("PATCH", "/api/v1/me", signed_in(200), body={"name": "Renamed Person"}),
    Row("DELETE", "/api/v1/me", (401, 204, 204, 204, 409, 409), body={"password": PASSWORD}),
    Row("GET", "/api/v1/me/export", signed_in(200)),
    # accounts: invitations
    Row("POST", "/api/v1/invites", admins(201), body={}),
    Row("POST", "/api/v1/teams/<int:team_id>/invites", team_viewers(201), body={}),
    Row("GET", "/api/v1/invites", (401, 403, 200, 200, 200, 200)),
    Row("DELETE", "/api/v1/invites/<int:invite_id>", (401, 403, 403, 204, 404, 204), fresh=True),
    # sending an invitation again needs its address (the one made here has none)
    Row("POST", "/api/v1/invites/<int:invite_id>/resend", (401, 403, 403, 422, 404, 422)),
    Row("GET", "/api/v1/invites/<string:token>", PUBLIC),
    Row(
        "POST",
        "/api/v1/invites/<string:token>/accept",
        (201,) * 6,
        body=lambda w, a: {
            "name": "New Person",
            "email": f"new-{a}@{_org_domain(a)}",
            "password": "a-long-enough-password",
        },
    ),
    # accounts: admin
    Row("GET", "/api/v1/admin/users", admins(200)),
    Row("GET", "/api/v1/admin/audit", admins(200)),
    Row("PATCH", "/api/v1/admin/users/<int:user_id>", team_admins(200), body={"name": "Sara Renamed"}),
    Row("POST", "/api/v1/admin/users/<int:user_id>/reset-link", team_admins(201)),
    # the link to a company account: one's own (nobody here has one), anyone's for an admin
    Row("DELETE", "/api/v1/me/company-account", (401, 404, 404, 404, 404, 404)),
    Row(
        "DELETE",
        "/api/v1/admin/users/<int:user_id>/company-account",
        (401, 403, 403, 403, 404, 204),
        fresh=True,
        makers=(("user_id", "linked_user_id"),),
    ),
    Row(
        "POST",
        "/api/v1/admin/users/<int:user_id>/company-account/confirm",
        (401, 403, 403, 403, 404, 204),
        fresh=True,
        makers=(("user_id", "waiting_user_id"),),
    ),
    # whoever holds a reset link may use it once: the link is the permission (each actor gets a new one)
    Row("GET", "/api/v1/password-resets/<string:token>", PUBLIC, makers=(("token", "reset_token"),)),
    Row(
        "POST",
        "/api/v1/password-resets/<string:token>",
        (204,) * 6,
        makers=(("token", "reset_token"),),
        body={"password": "a-long-enough-password"},
    ),
    # forgot password: anyone may ask, and the answer is the same whoever asks for whichever address
    Row("POST", "/api/v1/auth/password-reset", (202,) * 6, body=lambda w, a: {"email": w.email_of(a)}),
    # e-mail: admins see whether it is set up (here it is not: the test message is refused with 409)
    Row("GET", "/api/v1/admin/mail", admins(200)),
    Row("POST", "/api/v1/admin/mail/test", admins(409), body={}),
    Row("GET", "/api/v1/organisation", signed_in(200)),
    Row("PATCH", "/api/v1/organisation", admins(200), body={"weekly_goal_minutes": 45}),
    # teams
    Row("GET", "/api/v1/teams", signed_in(200)),
    Row("POST", "/api/v1/teams", admins(201), body=lambda w, a: {"name": f"New team {a}"}),
    Row("PATCH", "/api/v1/teams/<int:team_id>", team_admins(200), body=lambda w, a: {"name": f"Renamed by {a}"}),
    Row("POST", "/api/v1/teams/<int:team_id>/members", team_admins(204), body=lambda w, a: {"user_id": w.org.nora.id}),
    Row(
        "DELETE", "/api/v1/teams/<int:team_id>/members", team_admins(204), body=lambda w, a: {"user_id": w.org.sara.id}
    ),
    Row("POST", "/api/v1/teams/<int:team_id>/managers", team_admins(204), body=lambda w, a: {"user_id": w.org.sara.id}),
    Row(
        "DELETE", "/api/v1/teams/<int:team_id>/managers", team_admins(204), body=lambda w, a: {"user_id": w.org.maja.id}
    ),
    Row("GET", "/api/v1/teams/<int:team_id>/totals", team_viewers(200), query="?weeks=4"),
    Row("GET", "/api/v1/teams/<int:team_id>/totals.csv", team_viewers(200), query="?weeks=4"),
    Row("GET", "/api/v1/teams/<int:team_id>/totals.xlsx", team_viewers(200), query="?weeks=4"),
    Row("GET", "/api/v1/organisation/totals", admins(200)),
    Row("GET", "/api/v1/organisation/totals.csv", admins(200)),
    Row("GET", "/api/v1/organisation/totals.xlsx", admins(200)),
    # log: entries, weeks, away periods
    Row("GET", "/api/v1/entries", signed_in(200)),
    Row("POST", "/api/v1/entries", signed_in(201), body=_entry),
    Row("POST", "/api/v1/entries/sync", signed_in(200), body=lambda w, a: {"entries": [_entry(w, a)]}),
    Row("GET", "/api/v1/entries/<entry_id>", owner_only(200)),
    Row("PATCH", "/api/v1/entries/<entry_id>", owner_only(200), body={"minutes": 40}),
    Row("DELETE", "/api/v1/entries/<entry_id>", owner_only(204)),
    Row("GET", "/api/v1/me/weeks/current", signed_in(200)),
    Row("GET", "/api/v1/me/weeks", signed_in(200), query="?count=3"),
    Row("GET", "/api/v1/me/away", signed_in(200)),
    Row(
        "POST",
        "/api/v1/me/away",
        signed_in(201),
        body={"starts_on": "2026-07-06", "ends_on": "2026-07-10", "reason": "holiday"},
    ),
    Row("DELETE", "/api/v1/me/away/<int:period_id>", owner_only(204)),
    # bank: resources, saves, reactions, comments, tags, and the PWA's share target
    Row("GET", "/api/v1/resources", signed_in(200)),
    Row("POST", "/api/v1/resources", signed_in(201), body=_resource),
    Row("POST", "/api/v1/resources/preview", signed_in(200), body={"url": "http://127.0.0.1:9/nothing-here"}),
    Row("GET", "/api/v1/resources/popular", signed_in(200)),
    Row("POST", "/api/v1/resources/import", signed_in(200), upload=_bookmarks),
    Row("GET", "/api/v1/resources/export.html", signed_in(200)),
    Row("GET", "/api/v1/me/saved/export.html", signed_in(200)),
    Row("GET", "/api/v1/resources/<int:resource_id>", org_members(200)),
    Row(
        "PATCH", "/api/v1/resources/<int:resource_id>", (401, 200, 403, 403, 404, 200), body={"description": "Worth it"}
    ),
    Row("DELETE", "/api/v1/resources/<int:resource_id>", (401, 204, 403, 403, 404, 204), fresh=True),
    Row("PUT", "/api/v1/resources/<int:resource_id>/save", org_members(200)),
    Row("DELETE", "/api/v1/resources/<int:resource_id>/save", org_members(200)),
    Row("PUT", "/api/v1/resources/<int:resource_id>/reaction", org_members(200)),
    Row("DELETE", "/api/v1/resources/<int:resource_id>/reaction", org_members(200)),
    Row("GET", "/api/v1/resources/<int:resource_id>/comments", org_members(200)),
    Row("POST", "/api/v1/resources/<int:resource_id>/comments", org_members(201), body={"body": "Loved it"}),
    Row("DELETE", "/api/v1/comments/<int:comment_id>", (401, 204, 403, 403, 404, 204), fresh=True),
    Row("GET", "/api/v1/me/saved", signed_in(200)),
    Row("GET", "/api/v1/tags", signed_in(200)),
    # the browser navigates here from the share sheet: always a redirect (to sign-in or the Add screen)
    Row("GET", "/share-target", (303,) * 6, query="?url=https://example.com/shared"),
    Row("POST", "/share-target", (303,) * 6),
    # reminders: push subscriptions and the weekly reminder
    Row("GET", "/api/v1/push/vapid-public-key", PUBLIC),
    Row("GET", "/api/v1/lists", PUBLIC),
    Row("POST", "/api/v1/push/subscriptions", signed_in(201), body=lambda w, a: _subscription(a)),
    Row(
        "DELETE",
        "/api/v1/push/subscriptions",
        signed_in(204),
        body=lambda w, a: {"endpoint": _subscription(a)["endpoint"]},
    ),
    Row("GET", "/api/v1/me/reminders", signed_in(200)),
    Row("PATCH", "/api/v1/me/reminders", signed_in(200), body={"enabled": True, "weekday": 5, "time": "14:00"}),
    Row("POST", "/api/v1/me/reminders/snooze", signed_in(200)),
    Row("POST", "/api/v1/me/reminders/test", signed_in(202)),
    # the notification's own snooze button: its signed token is the permission, no cookie needed
    Row("POST", "/api/v1/reminders/snooze", PUBLIC, body=lambda w, a: {"token": w.snooze_token(a)}),
    # pages a reminder e-mail links to: the signed token in the link is the permission (each their own)
    Row("GET", "/unsubscribe/<token>", PUBLIC, makers=(("token", "unsubscribe_token"),)),
    Row("POST", "/unsubscribe/<token>", PUBLIC, makers=(("token", "unsubscribe_token"),)),
    Row("GET", "/snooze/<token>", PUBLIC, makers=(("token", "snooze_token"),)),
    Row("POST", "/snooze/<token>", PUBLIC, makers=(("token", "snooze_token"),)),
    # knowledge sessions: Erik planned one (it has started, so it can be logged as attended)
    Row("GET", "/api/v1/sessions", signed_in(200), query="?upcoming=true"),
    Row(
        "POST",
        "/api/v1/sessions",
        signed_in(201),
        body=lambda w, a: {"title": f"Session by {a}", "starts_at": "2026-12-01T10:00:00Z"},
    ),
    Row("GET", "/api/v1/sessions/<int:session_id>", org_members(200)),
    Row("PATCH", "/api/v1/sessions/<int:session_id>", (401, 200, 403, 403, 404, 200), body={"place": "Room 2"}),
    Row("DELETE", "/api/v1/sessions/<int:session_id>", (401, 204, 403, 403, 404, 204), fresh=True),
    Row("PUT", "/api/v1/sessions/<int:session_id>/rsvp", org_members(201)),
    Row("DELETE", "/api/v1/sessions/<int:session_id>/rsvp", org_members(204)),
    Row("POST", "/api/v1/sessions/<int:session_id>/attended", org_members(201)),
    Row("POST", "/api/v1/sessions/<int:session_id>/cancel", (401, 200, 403, 403, 404, 200)),
    # "I'll host" is for sessions nobody hosts yet; Erik hosts his own, so colleagues hear it is taken
    Row("POST", "/api/v1/sessions/<int:session_id>/host", (401, 200, 409, 409, 404, 409)),
    Row("POST", "/api/v1/sessions/<int:session_id>/preparation", (401, 201, 403, 403, 404, 403), body={"minutes": 30}),
    # series of sessions: Erik planned one
    Row("GET", "/api/v1/series", signed_in(200)),
    Row("POST", "/api/v1/series", signed_in(201), body=lambda w, a: _series(f"Series by {a}")),
    Row("GET", "/api/v1/series/<int:series_id>", org_members(200)),
    Row("PATCH", "/api/v1/series/<int:series_id>", (401, 200, 403, 403, 404, 200), body={"place": "Room 3"}),
    Row("DELETE", "/api/v1/series/<int:series_id>", (401, 204, 403, 403, 404, 204), fresh=True),
    Row("GET", "/api/v1/series/<int:series_id>/rota", org_members(200)),
    Row("GET", "/api/v1/me/calendar", signed_in(200)),
    Row("POST", "/api/v1/me/calendar/reset", signed_in(200)),
    # a calendar app fetches the feed with no cookie: the secret URL is the permission (each their own)
    Row("GET", "/calendar/<token>.ics", PUBLIC, makers=(("token", "calendar_token"),)),
    # the learning block in the feed: each person their own
    Row("GET", "/api/v1/me/learning-block", signed_in(200)),
    Row(
        "PATCH",
        "/api/v1/me/learning-block",
        signed_in(200),
        body={"enabled": True, "weekday": 5, "time": "14:00", "minutes": 60},
    ),
    Row("GET", "/api/v1/me/learning-block.ics", signed_in(200)),
    # lessons learned: Erik wrote one
    Row("GET", "/api/v1/lessons", signed_in(200), query="?outcome=failure"),
    Row(
        "POST",
        "/api/v1/lessons",
        signed_in(201),
        body=lambda w, a: {"title": f"Lesson by {a}", "learned": "Small steps", "outcome": "success"},
    ),
    Row("GET", "/api/v1/lessons/<int:lesson_id>", org_members(200)),
    Row("PATCH", "/api/v1/lessons/<int:lesson_id>", (401, 200, 403, 403, 404, 200), body={"next_time": "Ask"}),
    Row("DELETE", "/api/v1/lessons/<int:lesson_id>", (401, 204, 403, 403, 404, 204), fresh=True),
    # thanks are for colleagues: Erik, who wrote it, is told so
    Row("PUT", "/api/v1/lessons/<int:lesson_id>/thanks", (401, 409, 200, 200, 404, 200)),
    Row("DELETE", "/api/v1/lessons/<int:lesson_id>/thanks", org_members(200)),
    Row("POST", "/api/v1/lessons/<int:lesson_id>/read", org_members(201), body={}),
    # mentoring: Erik offers to mentor; Sara asked and they are paired; Sara also offers (with room)
    Row("GET", "/api/v1/mentoring/offers", signed_in(200), query="?topic=sql"),
    Row("POST", "/api/v1/mentoring/offers", signed_in(201), body={"kind": "mentor", "topics": ["SQL"]}),
    Row("PATCH", "/api/v1/mentoring/offers/<int:offer_id>", (401, 200, 403, 403, 404, 403), body={"status": "paused"}),
    Row("DELETE", "/api/v1/mentoring/offers/<int:offer_id>", (401, 204, 403, 403, 404, 204), fresh=True),
    Row("GET", "/api/v1/mentoring/suggestions", signed_in(200)),
    Row("GET", "/api/v1/mentoring/requests", signed_in(200)),
    # each asks Sara's offer; the other organisation's admin finds no such offer
    Row(
        "POST",
        "/api/v1/mentoring/requests",
        (401, 201, 201, 201, 422, 201),
        body=lambda w, a: {"offer_id": w.value("open_offer_id", a), "message": "ACME-REQUEST"},
    ),
    # a request and a pairing are the two people's alone: everyone else gets 404, admins included
    Row(
        "DELETE",
        "/api/v1/mentoring/requests/<int:request_id>",
        owner_only(204),
        fresh=True,
        makers=(("request_id", "sent_request_id"),),
    ),
    Row("POST", "/api/v1/mentoring/requests/<int:request_id>/accept", owner_only(200), fresh=True),
    Row("POST", "/api/v1/mentoring/requests/<int:request_id>/decline", owner_only(200), fresh=True),
    Row("GET", "/api/v1/mentoring/pairings", signed_in(200)),
    Row("GET", "/api/v1/mentoring/pairings/<int:pairing_id>", owner_only(200)),
    Row("POST", "/api/v1/mentoring/pairings/<int:pairing_id>/meetings", owner_only(201), body={"minutes": 20}),
    Row(
        "PATCH",
        "/api/v1/mentoring/pairings/<int:pairing_id>/meetings/<meeting_id>",
        owner_only(200),
        body={"minutes": 25},
    ),
    Row("DELETE", "/api/v1/mentoring/pairings/<int:pairing_id>/meetings/<meeting_id>", owner_only(204)),
    Row("POST", "/api/v1/mentoring/pairings/<int:pairing_id>/end", owner_only(200), body={"reflection": "Worth it"}),
    Row("GET", "/api/v1/mentoring/stats", admins(200)),
    # outside the API: the app shell, health, API docs
    Row("GET", "/", PUBLIC),
    Row("GET", "/<folder>/<path:path>", PUBLIC),
    Row("GET", "/sw.js", PUBLIC),
    Row("GET", "/manifest.webmanifest", PUBLIC),
    Row("GET", "/healthz", PUBLIC),
    Row("GET", "/metrics", PUBLIC),  # to loopback only (the test client's address); see test_operations
    Row("GET", "/session.json", PUBLIC),  # who is signed in, for the app's start: "nobody" is a 200 too
    # sign-in with the company account: browser stops that always redirect (here, without OIDC settings,
    # back to the sign-in screen saying so; tests/sso drives them against a real provider)
    Row("GET", "/auth/oidc/login", (302,) * 6),
    Row("GET", "/auth/oidc/callback", (302,) * 6, query="?code=x&state=y"),
    Row("GET", "/api/openapi.json", PUBLIC),
    Row("GET", "/api/docs", PUBLIC),
    # provisioning tokens for the company directory: admins of their own organisation
    Row("GET", "/api/v1/organisation/scim-tokens", admins(200)),
    Row("POST", "/api/v1/organisation/scim-tokens", admins(201), body={"name": "Entra ID"}),
    Row(
        "DELETE",
        "/api/v1/organisation/scim-tokens/<int:token_id>",
        team_admins(204),
        fresh=True,
        makers=(("token_id", "scim_token_id"),),
    ),
    # Teams and Slack channels: admins of their own organisation (the webhook is a Slack one the default
    # CHANNEL_ALLOWED_URLS allows; nothing is sent: the matrix runs no outbox)
    Row("GET", "/api/v1/organisation/channels", admins(200)),
    Row("POST", "/api/v1/organisation/channels", admins(201), body=lambda w, a: _channel(f"NEW-{a}")),
    Row("PATCH", "/api/v1/organisation/channels/<int:channel_id>", team_admins(200), body={"locale": "nb"}),
    Row("DELETE", "/api/v1/organisation/channels/<int:channel_id>", team_admins(204), fresh=True),
    Row("POST", "/api/v1/organisation/channels/<int:channel_id>/test", team_admins(202)),
    # Slack's signed requests: without SLACK_SIGNING_SECRET (as here) they do not exist for anyone;
    # tests/channels/test_slack.py signs them as Slack does, and no cookie or token ever gets in
    Row("POST", "/integrations/slack/commands", (404,) * 6),
    Row("POST", "/integrations/slack/interactivity", (404,) * 6),
    # connecting a Slack account: holding the one-time link is what connects it to whoever opens it
    # signed in (each caller gets a link of their own); the connections are each person's own
    Row("GET", "/api/v1/slack/links/<token>", signed_in(200), makers=(("token", "slack_link"),)),
    Row("POST", "/api/v1/slack/links/<token>", signed_in(201), fresh=True, makers=(("token", "slack_link"),)),
    Row("GET", "/api/v1/me/slack-accounts", signed_in(200)),
    Row("DELETE", "/api/v1/me/slack-accounts/<int:account_id>", owner_only(204), fresh=True),
    # SCIM (outside /api): only a provisioning token gets in, never a cookie or a personal token
    # (SCIM_TABLE below: what a directory of each organisation gets)
    *(Row(method, rule, (401,) * 6) for method, rule, _acme, _other in SCIM_TABLE),
]

ROWS = {(row.rule, row.method): row for row in TABLE}
PLACEHOLDER = re.compile(r"<(?:[^:>]+:)?([^>]+)>")
IGNORED_METHODS = {"HEAD", "OPTIONS"}


def _rules(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - IGNORED_METHODS):
            yield rule, method


class World:
    """The actors, signed in through the API, and the things the endpoints act on, made through the
    API too (a token, an entry, away days, a resource and a comment of Erik's, invitations), with
    data in both organisations that must never cross over."""

    def __init__(self, app, org, login):
        self.org = org
        self.clients = {"anonymous": ApiClient(app.test_client())}
        self.clients |= {actor: login(getattr(org, player)) for actor, player in PLAYERS.items()}
        erik, self.login = self.clients["employee"], login
        sara = lambda: self.clients.setdefault("sara", login(org.sara))  # noqa: E731  (Erik's mentee)
        self.values = {"team_id": org.product.id, "user_id": org.sara.id, "folder": "js", "path": "api-docs.js"}
        self.values |= {"name": "User", "schema_id": "urn:ietf:params:scim:schemas:core:2.0:User", "rest": "Nothing"}
        self.makers = {
            "token_id": lambda: self._made(erik.post("/api/v1/auth/tokens", json={"name": "ACME-TOKEN"}))["id"],
            "entry_id": lambda: self._made(
                erik.post(
                    "/api/v1/entries", json=_entry(self, "employee") | {"title": "ACME-ENTRY", "note": PRIVATE_NOTE}
                )
            )["id"],
            "period_id": lambda: self._made(
                erik.post(
                    "/api/v1/me/away", json={"starts_on": "2026-08-03", "ends_on": "2026-08-07", "reason": "holiday"}
                )
            )["id"],
            "resource_id": lambda: self._made(
                erik.post(
                    "/api/v1/resources",
                    json={
                        "url": f"https://example.com/acme/{uuid.uuid4()}",
                        "kind": "article",
                        "title": "ACME-RESOURCE",
                    },
                )
            )["id"],
            "comment_id": lambda: self._made(
                erik.post(
                    f"/api/v1/resources/{self.value('resource_id', 'employee')}/comments", json={"body": "ACME-COMMENT"}
                )
            )["id"],
            "session_id": lambda: self._made(erik.post("/api/v1/sessions", json=_session("ACME-SESSION")))["id"],
            "lesson_id": lambda: self._made(erik.post("/api/v1/lessons", json=_lesson("ACME-LESSON")))["id"],
            "invite_id": lambda: self._made(
                self.clients["admin"].post(f"/api/v1/teams/{org.product.id}/invites", json={})
            )["id"],
            "series_id": lambda: self._made(erik.post("/api/v1/series", json=_series("ACME-SERIES")))["id"],
            "offer_id": lambda: self._made(erik.post(MENTORING_OFFERS, json=_offer("ACME-OFFER")))["id"],
            "open_offer_id": lambda: self._made(sara().post(MENTORING_OFFERS, json=_offer("ACME-ROOM", capacity=10)))[
                "id"
            ],
            "request_id": lambda: self._made(
                sara().post(MENTORING_REQUESTS, json={"offer_id": self.value("offer_id", "employee", fresh=True)})
            )["id"],
            "sent_request_id": lambda: self._made(
                erik.post(MENTORING_REQUESTS, json={"offer_id": self.value("open_offer_id", "employee", fresh=True)})
            )["id"],
            "pairing_id": lambda: self._made(
                erik.post(f"{MENTORING_REQUESTS}/{self.value('request_id', 'employee')}/accept")
            )["pairing_id"],
            "meeting_id": lambda: self._made(
                erik.post(
                    f"/api/v1/mentoring/pairings/{self.value('pairing_id', 'employee')}/meetings",
                    json={"minutes": 30, "note": PRIVATE_NOTE},
                )
            )["id"],
            "channel_id": lambda: self._made(
                self.clients["admin"].post("/api/v1/organisation/channels", json=_channel("ACME-CHANNEL"))
            )["id"],
            "slack_link": lambda: self._slack_link(),
            "account_id": lambda: self._made(erik.post(f"/api/v1/slack/links/{self._slack_link()}"))["id"],
            "scim_token_id": lambda: self._made(
                self.clients["admin"].post("/api/v1/organisation/scim-tokens", json={"name": "ACME-DIRECTORY"})
            )["id"],
            "linked_user_id": lambda: self._company_account(waiting=False),
            "waiting_user_id": lambda: self._company_account(waiting=True),
        }

    def _company_account(self, *, waiting: bool) -> int:
        """A colleague of Acme whose company account is linked (or waits for proof)."""
        org = accounts.organisation_of(self.org.admin)
        person = accounts.create_user(org, email=f"linked-{uuid.uuid4().hex[:8]}@acme.example", name="L", password=None)
        db.session.add(
            SsoIdentity(
                user_id=person.id,
                issuer="https://login.acme.example",
                subject=str(uuid.uuid4()),
                email=person.email,
                confirmed_at=None if waiting else utcnow(),
            )
        )
        db.session.commit()
        return person.id

    def fill_both_organisations(self, endpoints: set[str]) -> None:
        """Data in both organisations, so that a leak would show."""
        olle = self.login(self.org.outsider)
        erik, work = self.org.erik, {"department": HR_DETAIL, "manager_display_name": HR_DETAIL}
        accounts.link_to_directory(
            erik,
            user_name=erik.email,
            external_id=None,
            display_name=None,
            given_name=None,
            family_name=None,
            work=work,
        )
        db.session.commit()
        if "log.Entries" in endpoints:
            self.value("entry_id", "employee")
            self._made(
                olle.post(
                    "/api/v1/entries", json=_entry(self, "outsider") | {"title": "OTHER-ENTRY", "note": "OTHER-NOTE"}
                )
            )
        if "bank.Resources" in endpoints:
            self.value("comment_id", "employee")
            self._made(
                olle.post(
                    "/api/v1/resources",
                    json={"url": "https://example.com/other", "kind": "article", "title": "OTHER-RESOURCE"},
                )
            )
        if "sessions.Sessions" in endpoints:
            self.value("session_id", "employee")
            self._made(olle.post("/api/v1/sessions", json=_session("OTHER-SESSION")))
        if "sessions.SeriesList" in endpoints:
            self.value("series_id", "employee")
            self._made(olle.post("/api/v1/series", json=_series("OTHER-SERIES")))
        if "lessons.Lessons" in endpoints:
            self.value("lesson_id", "employee")
            self._made(olle.post("/api/v1/lessons", json=_lesson("OTHER-LESSON")))
        if "channels.Channels" in endpoints:
            self.value("channel_id", "employee")
            self._made(
                self.clients["other_admin"].post("/api/v1/organisation/channels", json=_channel("OTHER-CHANNEL"))
            )
        if "mentoring.Offers" in endpoints:
            self.value("meeting_id", "employee")
            self._made(olle.post(MENTORING_OFFERS, json=_offer("OTHER-OFFER")))

    @staticmethod
    def _slack_link() -> str:
        from server.channels import connections  # issued only inside Slack's answer

        # A workspace and a Slack person of their own each time: each link connects someone new.
        token = connections.issue_link(f"T{uuid.uuid4().hex[:8]}", "workspace", f"U{uuid.uuid4().hex[:8]}", "someone")
        db.session.commit()
        return token

    @staticmethod
    def _made(response) -> dict:
        assert response.status_code in (200, 201), response.get_data(as_text=True)
        return response.get_json()

    def snooze_token(self, actor: str) -> str:
        from server.reminders.messages import snooze_token  # issued only inside a push message

        return snooze_token(getattr(self.org, PLAYERS.get(actor, "erik")).id, "2026-W48")

    def email_of(self, actor: str) -> str:
        return getattr(self.org, PLAYERS.get(actor, "erik")).email

    def value(self, name: str, actor: str, fresh: bool = False):
        if name == "calendar_token":
            url = self._made(self.clients["employee" if actor == "anonymous" else actor].get("/api/v1/me/calendar"))
            return url["url"].rsplit("/", 1)[1].removesuffix(".ics")
        if name == "unsubscribe_token":
            from server.reminders.messages import unsubscribe_token  # issued only inside an e-mail

            return unsubscribe_token(getattr(self.org, PLAYERS.get(actor, "erik")).id, "reminder")
        if name == "snooze_token":
            return self.snooze_token(actor)
        if name == "reset_token":
            # A reset link made by the caller's own organisation's admin, for a colleague there.
            admin, person = ("other_admin", self.org.outsider) if actor == "other_admin" else ("admin", self.org.sara)
            link = self._made(self.clients[admin].post(f"/api/v1/admin/users/{person.id}/reset-link"))
            return link["token"]
        if name == "token":
            # An invitation of the caller's own organisation: holding the link is the permission.
            inviter = self.clients["other_admin" if actor == "other_admin" else "admin"]
            return self._made(inviter.post("/api/v1/invites", json={}))["token"]
        if name in self.makers and (fresh or name not in self.values):
            self.values[name] = self.makers[name]()
        return self.values[name]

    def path(self, row: Row, actor: str) -> str:
        makers = dict(row.makers)
        fill = lambda m: str(self.value(makers.get(m.group(1), m.group(1)), actor, row.fresh))  # noqa: E731
        return PLACEHOLDER.sub(fill, row.rule) + row.query


@pytest.fixture
def world(app, org, login):
    return World(app, org, login)


def foreign_data(actor: str, text: str) -> list[str]:
    """The marks of data this actor must never see that appear in `text`."""
    if actor == "other_admin":
        leaked = [mark for mark in ACME_MARKS if mark in text]
    elif actor == "anonymous":
        leaked = []
    else:
        leaked = [mark for mark in OTHER_MARKS if mark in text]
    if actor != "employee" and PRIVATE_NOTE in text:
        leaked.append(PRIVATE_NOTE)
    return leaked


def _present(app, row: Row) -> bool:
    return any(rule.rule == row.rule and row.method in rule.methods for rule in app.url_map.iter_rules())


def _xlsx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml"))


def check(world: World, row: Row) -> list[str]:
    """Every actor calls the endpoint in turn; returns what went against the table."""
    problems = []
    for actor, expected in zip(ACTORS, row.expect, strict=True):
        body = row.body(world, actor) if callable(row.body) else row.body
        path = world.path(row, actor)
        if row.upload:
            sent = {
                "data": {"file": (io.BytesIO(row.upload(world, actor).encode()), "bookmarks.html")},
                "content_type": "multipart/form-data",
            }
        else:
            sent = {"json": body}
        response = world.clients[actor].open(row.method, path, **sent)
        data = response.get_data()
        # Spreadsheets are zip files: their text is looked at once unpacked.
        text = _xlsx_text(data) if data.startswith(b"PK") else data.decode()
        if response.status_code != expected:
            problems.append(
                f"{row.method} {path} as {actor}: {response.status_code}, expected {expected}: {text[:200]}"
            )
        if leaked := foreign_data(actor, text):
            problems.append(f"{row.method} {path} as {actor} shows another's data: {leaked}")
        if HR_DETAIL in text and (actor, path) != OWN_EXPORT:
            problems.append(f"{row.method} {path} as {actor} shows the directory's work details")
    return problems


# Reading has no effects, so all reads share one set-up, filled with data of both organisations;
# each write gets a fresh database with only what it acts on (and both organisations' people).
READS = [row for row in TABLE if row.method == "GET"]
WRITES = [row for row in TABLE if row.method != "GET"]


def test_every_endpoint_has_a_row(app):
    missing = [
        f"{method} {rule.rule}  ({rule.endpoint})"
        for rule, method in _rules(app)
        if (rule.rule, method) not in ROWS and not rule.endpoint.startswith("screen_")
    ]
    assert not missing, "add these to TABLE with the expected statuses:\n" + "\n".join(missing)


def test_reading_endpoints(app, world):
    world.fill_both_organisations({rule.endpoint for rule in app.url_map.iter_rules()})
    missing = [f"{row.method} {row.rule}" for row in READS if not _present(app, row)]
    assert not missing, f"rows for endpoints that no longer exist: {missing}"
    rows = READS
    problems = [problem for row in rows for problem in check(world, row)]
    assert not problems, "\n".join(problems)
    assert HR_DETAIL in world.clients["employee"].get(OWN_EXPORT[1]).get_data(as_text=True)  # they were there


@pytest.mark.parametrize("row", WRITES, ids=[f"{row.method} {row.rule}" for row in WRITES])
def test_writing_endpoints(app, world, row):
    assert _present(app, row), "a row for an endpoint that no longer exists"
    problems = check(world, row)
    assert not problems, "\n".join(problems)


def test_app_screens_are_public(app, world):
    screens = [rule.rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("screen_")]
    assert screens
    for path in (PLACEHOLDER.sub("1", screen) for screen in screens):
        for actor in ACTORS:
            response = world.clients[actor].get(path)
            assert response.status_code == 200, (path, actor)
            assert not foreign_data(actor, response.get_data(as_text=True)), (path, actor)


def test_the_matrix_would_notice_a_leak():
    assert foreign_data("other_admin", '{"email": "erik@acme.example"}') == ["acme.example"]
    assert foreign_data("other_manager", '{"organisation": "Other Oy"}') == ["Other Oy"]
    assert foreign_data("team_manager", f'{{"note": "{PRIVATE_NOTE}"}}') == [PRIVATE_NOTE]
    assert foreign_data("employee", f'{{"note": "{PRIVATE_NOTE}"}}') == []


def _scim_body(method: str, rule: str, n: int, domain: str) -> dict | None:
    """What a directory sends to each SCIM route (a new person or team each time)."""
    if method == "PATCH" and "Users" in rule:
        return {"schemas": [PATCH_OP], "Operations": [{"op": "replace", "path": "displayName", "value": f"Person {n}"}]}
    if method == "PATCH" and "Groups" in rule:
        return {"schemas": [PATCH_OP], "Operations": [{"op": "replace", "path": "displayName", "value": f"Team {n}"}]}
    if method in ("POST", "PUT") and "Users" in rule:
        email = f"person{n}@{domain}"
        return {"schemas": [SCIM_USER], "userName": email, "emails": [{"value": email}], "active": True}
    if method in ("POST", "PUT") and "Groups" in rule:
        return {"schemas": [SCIM_GROUP], "displayName": f"Team {n}"}
    return None


@pytest.mark.parametrize(("method", "rule", "acme", "other"), SCIM_TABLE, ids=[f"{m} {r}" for m, r, *_ in SCIM_TABLE])
def test_scim_routes_answer_their_own_organisations_directory(app, org, method, rule, acme, other):
    """Other Oy's directory first (nothing of Acme's may change or show), then Acme's."""
    ids = {"Users": org.erik.id, "Groups": org.product.id}
    named = {"name": "User", "schema_id": SCIM_USER, "rest": "Nothing"}
    path = PLACEHOLDER.sub(lambda m: str(named.get(m.group(1)) or ids[rule.split("/")[3]]), rule)
    for n, (admin, expected) in enumerate(((org.outsider_admin, other), (org.admin, acme))):
        _token, plain = scim.issue_token(admin, "Directory")
        db.session.commit()
        body = _scim_body(method, rule, n, admin.email.split("@")[1])
        headers = {"Authorization": f"Bearer {plain}"}
        kwargs = {"data": json.dumps(body), "content_type": "application/scim+json"} if body else {}
        response = app.test_client().open(path, method=method, headers=headers, **kwargs)
        text = response.get_data(as_text=True)
        assert response.status_code == expected, (admin.email, path, text[:300])
        leaked = [mark for mark in (ACME_MARKS if admin is org.outsider_admin else OTHER_MARKS) if mark in text]
        assert not leaked, (admin.email, path, leaked)
