"""From Slack into the bank: every request verified as Slack signs it (a good one, a wrong one, one six
minutes old, a replay, a replay with a changed body), the command answered without reading any page,
a link's page read afterwards with a word through the response URL, and Slack people connected to
their accounts by a one-time link."""

import json
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest

from server.bank.models import Resource
from server.channels import connections
from server.clock import utcnow
from server.extensions import db
from server.log.models import Entry
from tests.channels.conftest import PUBLIC_URL, command_body, sign
from tests.channels.receiver import PAGE_TITLE
from tests.support import PASSWORD

COMMANDS, INTERACTIVITY = "/integrations/slack/commands", "/integrations/slack/interactivity"
MOMENT = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


@pytest.fixture
def slack(channel_app):
    client = channel_app.test_client()

    def send(body: bytes, headers: dict | None = None, path: str = COMMANDS):
        headers = sign(body) if headers is None else headers
        return client.post(path, data=body, headers=headers, content_type="application/x-www-form-urlencoded")

    return send


@pytest.fixture
def connected(org, clock):
    """Erik, who reads Learning Hour in Swedish, connected to his Slack account."""
    clock.set(MOMENT)
    org.erik.locale = "sv"
    token = connections.issue_link("T0ACME", "acme", "U0ERIK", "erik")
    connections.connect(org.erik, token)
    db.session.commit()
    return org.erik


def test_a_good_signature_is_answered_and_a_wrong_one_refused(slack, clock):
    clock.set(MOMENT)
    good = slack(command_body("help"))
    assert good.status_code == 200 and good.get_json()["response_type"] == "ephemeral"
    assert "/learninghour share" in good.get_json()["text"]
    body = command_body("help", user="U0OTHER")
    assert slack(body, sign(body, secret="not-the-secret")).status_code == 401
    assert slack(body, {}).status_code == 401
    assert slack(body, sign(body) | {"X-Slack-Signature": "v0=" + "0" * 64}).status_code == 401
    assert slack(body, sign(body) | {"X-Slack-Request-Timestamp": "soon"}).status_code == 401
    assert slack(body, sign(body) | {"X-Slack-Signature": "v0=ärlig"}).status_code == 401


def test_a_request_six_minutes_old_or_from_the_future_is_refused(slack, clock):
    clock.set(MOMENT)
    body = command_body("help")
    now = int(clock.now().timestamp())
    assert slack(body, sign(body, timestamp=now - 6 * 60)).status_code == 401
    assert slack(body, sign(body, timestamp=now + 6 * 60)).status_code == 401
    assert slack(body, sign(body, timestamp=now - 4 * 60)).status_code == 200


def test_a_replay_is_refused_with_its_own_body_or_a_changed_one(slack, clock, connected):
    clock.set(MOMENT)
    body = command_body("log 30 Podcast")
    headers = sign(body)
    assert slack(body, headers).status_code == 200
    assert slack(body, headers).status_code == 401  # the same request again, within the five minutes
    changed = command_body("log 300 Podcast")
    assert slack(changed, headers).status_code == 401  # the signature does not cover this body
    assert db.session.scalar(db.select(db.func.sum(Entry.minutes))) == 30


def test_without_a_signing_secret_the_endpoints_do_not_exist(client, clock):
    clock.set(MOMENT)
    body = command_body("help")
    for path in (COMMANDS, INTERACTIVITY):
        assert (
            client.post(
                path, data=body, headers=sign(body), content_type="application/x-www-form-urlencoded"
            ).status_code
            == 404
        )


def test_someone_not_connected_gets_a_one_time_link_in_their_organisations_language(slack, clock, org):
    clock.set(MOMENT)
    answer = slack(command_body("share https://example.com/x", user="U0NEW")).get_json()
    assert answer["response_type"] == "ephemeral"
    assert answer["text"].startswith("Koppla först Slack till ditt Learning Hour-konto")  # Acme's language: Swedish
    link = answer["text"].split("<", 1)[1].split("|", 1)[0]
    assert link.startswith(f"{PUBLIC_URL}/connect/slack/")
    pending = connections.open_link(link.rsplit("/", 1)[1])
    assert (pending.team_id, pending.slack_user_id, pending.slack_user_name) == ("T0ACME", "U0NEW", "erik")
    assert db.session.scalar(db.select(db.func.count(Resource.id))) == 0


def test_share_adds_the_link_without_reading_the_page_then_tells_what_it_found(
    slack, clock, connected, receiver, deliver
):
    clock.set(MOMENT)
    page = receiver.url("/pages/ledarskap?utm_source=slack&x=1")
    answer = slack(command_body(f"share <{page}> #Ledarskap podd", response_url=receiver.url("/slack/response/1")))
    text = answer.get_json()["text"]
    assert receiver.pages_read == []  # answered before any page was read
    resource = db.session.scalars(db.select(Resource)).one()
    assert (resource.shared_by_id, resource.kind, resource.title) == (connected.id, "article", resource.url)
    assert "x=1" in resource.url and "utm_source" not in resource.url
    assert f"<{PUBLIC_URL}/bank/{resource.id}|" in text and "Titeln hämtas från sidan" in text
    assert deliver()["sent"] == 1
    assert receiver.pages_read == ["/pages/ledarskap"]
    db.session.expire_all()
    assert (resource.title, resource.kind) == (PAGE_TITLE, "video")
    [reply] = receiver.accepted("/slack/response/1")
    assert reply.body["response_type"] == "ephemeral" and reply.body["replace_original"] is False
    assert reply.body["text"] == f"Sparad i banken: <{PUBLIC_URL}/bank/{resource.id}|{PAGE_TITLE}> · Video"
    tags = db.session.execute(db.text("SELECT tags_text FROM resources")).scalar()
    assert tags == "ledarskap podd"


def test_sharing_a_link_already_in_the_bank_answers_with_it(slack, clock, connected, login, org, receiver):
    clock.set(MOMENT)
    first = login(org.sara).post(
        "/api/v1/resources", json={"url": "https://example.com/talk", "kind": "video", "title": "Talk"}
    )
    answer = slack(command_body("share https://example.com/talk/", response_url=receiver.url("/slack/response/2")))
    assert answer.get_json()["text"] == f"Finns redan i banken: <{PUBLIC_URL}/bank/{first.get_json()['id']}|Talk>"
    assert db.session.scalar(db.select(db.func.count(Resource.id))) == 1


@pytest.mark.parametrize("text", ["share", "share not-a-link", "share ftp://example.com/file"])
def test_a_share_without_a_usable_link_says_why_and_stores_nothing(slack, clock, connected, text):
    clock.set(MOMENT)
    answer = slack(command_body(text))
    assert answer.status_code == 200 and answer.get_json()["response_type"] == "ephemeral"
    assert answer.get_json()["text"]
    assert db.session.scalar(db.select(db.func.count(Resource.id))) == 0


def test_log_logs_time_for_today_and_says_where_the_week_stands(slack, clock, connected):
    clock.set(MOMENT)
    answer = slack(command_body("log 25 Podd om ledarskap")).get_json()
    entry = db.session.scalars(db.select(Entry)).one()
    assert (entry.user_id, entry.minutes, entry.activity, entry.title) == (
        connected.id,
        25,
        "other",
        "Podd om ledarskap",
    )
    assert entry.date == MOMENT.date()
    assert answer["text"] == "Loggat 25 min. Den här veckan: 25 min av 1 tim."
    for bad in ("log", "log zero", "log 0", "log 601", "log 99999999999999999999"):
        assert "mellan 1 och 600" in slack(command_body(bad)).get_json()["text"], bad
    assert db.session.scalar(db.select(db.func.count(Entry.id))) == 1


def test_an_unknown_command_explains_the_ones_there_are(slack, clock, connected):
    clock.set(MOMENT)
    text = slack(command_body("dance")).get_json()["text"]
    assert text.startswith("Learning Hour känner inte till det kommandot.") and "/learninghour log" in text


def _shortcut(message: dict, *, user: str = "U0ERIK", response_url: str) -> bytes:
    payload = {
        "type": "message_action",
        "callback_id": "save_to_learning_hour",
        "trigger_id": "13345224609.738474920.8088930838d88f008e0",
        "team": {"id": "T0ACME", "domain": "acme"},
        "user": {"id": user, "username": "erik", "name": "erik"},
        "channel": {"id": "C0LEARN", "name": "learning"},
        "message": message,
        "response_url": response_url,
    }
    return urlencode({"payload": json.dumps(payload)}).encode()


def test_the_message_shortcut_saves_the_link_and_answers_through_the_response_url(
    slack, clock, connected, receiver, deliver
):
    clock.set(MOMENT)
    page = receiver.url("/pages/kafka")
    message = {"type": "message", "text": f"Kolla här: <{page}|kafka-talk> riktigt bra", "ts": "1.2"}
    answer = slack(_shortcut(message, response_url=receiver.url("/slack/response/3")), path=INTERACTIVITY)
    assert answer.status_code == 200 and receiver.pages_read == []
    resource = db.session.scalars(db.select(Resource)).one()
    assert resource.url == page and resource.shared_by_id == connected.id
    deliver()
    [reply] = receiver.accepted("/slack/response/3")
    assert reply.body["text"].startswith(f"Sparad i banken: <{PUBLIC_URL}/bank/{resource.id}|{PAGE_TITLE}>")


def test_the_shortcut_on_a_message_without_a_link_or_by_someone_unconnected_answers_later(
    slack, clock, connected, receiver, deliver
):
    clock.set(MOMENT)
    slack(_shortcut({"text": "no links here"}, response_url=receiver.url("/slack/response/4")), path=INTERACTIVITY)
    slack(
        _shortcut({"text": "https://example.com/a"}, user="U0NEW", response_url=receiver.url("/slack/response/5")),
        path=INTERACTIVITY,
    )
    deliver()
    assert (
        receiver.accepted("/slack/response/4")[0].body["text"]
        == "Det finns ingen länk att spara i det här meddelandet."
    )
    assert "/connect/slack/" in receiver.accepted("/slack/response/5")[0].body["text"]
    assert db.session.scalar(db.select(db.func.count(Resource.id))) == 0


def test_other_interactions_are_acknowledged_and_a_response_url_elsewhere_is_never_used(
    slack, clock, connected, deliver, receiver
):
    clock.set(MOMENT)
    click = urlencode(
        {"payload": json.dumps({"type": "block_actions", "actions": [{"action_id": "open_session"}]})}
    ).encode()
    assert slack(click, path=INTERACTIVITY).status_code == 200
    assert slack(b"payload=not-json", path=INTERACTIVITY).status_code == 400
    page = receiver.url("/pages/b")
    slack(_shortcut({"text": page}, response_url="https://evil.example/collect"), path=INTERACTIVITY)
    deliver()  # the page is read, and no word goes anywhere
    assert receiver.pages_read == ["/pages/b"] and receiver.requests == []


def test_connecting_is_once_per_link_and_one_slack_person_per_account(org, clock, login):
    clock.set(MOMENT)
    token = connections.issue_link("T0ACME", "acme", "U0ERIK", "erik")
    db.session.commit()
    erik = login(org.erik)
    shown = erik.get(f"/api/v1/slack/links/{token}").get_json()
    assert shown == {
        "workspace": "acme",
        "slack_user": "erik",
        "expires_at": (MOMENT + timedelta(minutes=30)).isoformat(),
    }
    made = erik.post(f"/api/v1/slack/links/{token}")
    assert made.status_code == 201 and made.get_json()["slack_user"] == "erik"
    assert erik.post(f"/api/v1/slack/links/{token}").status_code == 410  # used
    again = connections.issue_link("T0ACME", "acme", "U0ERIK", "erik")
    other = connections.issue_link("T0ACME", "acme", "U0ERIK2", "erik.two")
    db.session.commit()
    taken = login(org.sara).post(f"/api/v1/slack/links/{again}")
    assert taken.status_code == 409 and taken.get_json()["message"].startswith(
        "This Slack account is already connected"
    )
    assert erik.post(f"/api/v1/slack/links/{other}").status_code == 409  # one Slack person per workspace
    assert connections.person_for("T0ACME", "U0ERIK").id == org.erik.id
    late = connections.issue_link("T0ACME", "acme", "U0SARA", "sara")
    db.session.commit()
    clock.advance(timedelta(minutes=31))
    assert login(org.sara).get(f"/api/v1/slack/links/{late}").status_code == 410
    assert login(org.sara).get("/api/v1/slack/links/not-a-token").status_code == 404


def test_undone_in_settings_and_gone_with_the_persons_access(org, clock, login, connected):
    clock.set(MOMENT)
    erik = login(org.erik)
    listed = erik.get("/api/v1/me/slack-accounts").get_json()
    assert listed["enabled"] is False and [a["slack_user"] for a in listed["items"]] == ["erik"]
    assert login(org.sara).delete(f"/api/v1/me/slack-accounts/{listed['items'][0]['id']}").status_code == 404
    assert erik.delete(f"/api/v1/me/slack-accounts/{listed['items'][0]['id']}").status_code == 204
    assert connections.person_for("T0ACME", "U0ERIK") is None
    token = connections.issue_link("T0ACME", "acme", "U0ERIK", "erik")
    connections.connect(org.erik, token)
    db.session.commit()
    assert login(org.admin).patch(f"/api/v1/admin/users/{org.erik.id}", json={"active": False}).status_code == 200
    assert connections.person_for("T0ACME", "U0ERIK") is None
    assert db.session.scalar(db.text("SELECT count(*) FROM slack_accounts")) == 0


def test_a_slack_connection_is_in_the_persons_export(org, clock, login, connected):
    clock.set(MOMENT)
    exported = login(org.erik).get("/api/v1/me/export").get_json()
    assert exported["slack"] == [{"workspace": "acme", "slack_user": "erik", "connected_at": utcnow().isoformat()}]


def test_deleting_the_account_ends_its_slack_connection(org, clock, login, connected, slack):
    assert login(org.erik).delete("/api/v1/me", json={"password": PASSWORD}).status_code == 204
    assert db.session.scalar(db.text("SELECT count(*) FROM slack_accounts")) == 0
    answer = slack(command_body("log 10")).get_json()  # Slack no longer speaks for anyone: a new link is offered
    assert "/connect/slack/" in answer["text"] and db.session.scalar(db.select(db.func.count(Entry.id))) == 0


def test_without_a_response_url_to_answer_at_the_page_is_still_read(slack, clock, connected, receiver, deliver):
    page = receiver.url("/pages/quiet")
    text = slack(command_body(f"share {page}", response_url="https://evil.example/collect")).get_json()["text"]
    assert "Titeln hämtas" not in text  # no later word is promised
    deliver()
    assert receiver.pages_read == ["/pages/quiet"] and receiver.requests == []
    assert db.session.scalars(db.select(Resource.title)).one() == PAGE_TITLE
