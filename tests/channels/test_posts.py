"""Posts that look native where people talk: every payload the loopback Teams and Slack receive is
checked against their formats (the Adaptive Card 1.4 schema, Block Kit with its fallback text), says
what it should in the channel's language and the organisation's zone, and never who wrote a lesson."""

from datetime import UTC, datetime, timedelta

from server.extensions import db
from server.lessons import service as lessons
from tests.channels.conftest import PUBLIC_URL, inside
from tests.channels.formats import card_text, slack_blocks, teams_card

MONDAY = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)  # 08:00 in Stockholm
THURSDAY_BREAKFAST = datetime(2026, 3, 5, 7, 30, tzinfo=UTC)  # 08:30 in Stockholm


def _session(api, **extra):
    body = {
        "title": "Frukost: <b>Kafka</b> & co",
        "starts_at": THURSDAY_BREAKFAST.isoformat(),
        "ends_at": (THURSDAY_BREAKFAST + timedelta(hours=1)).isoformat(),
        "place": "Rum 4",
        "capacity": 12,
    } | extra
    response = api.post("/api/v1/sessions", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_a_new_session_reaches_teams_and_slack_once_each_in_their_own_language(
    org, clock, receiver, add_channel, deliver, channel_login
):
    clock.set(MONDAY)
    add_channel(org.admin, "teams", locale="sv")
    add_channel(org.admin, "slack", locale="en")
    session = _session(channel_login(org.erik))
    assert deliver()["sent"] == 2
    assert deliver()["sent"] == 0  # once
    [teams] = receiver.accepted("/teams/hook-teams")
    card = teams_card(teams.body)
    assert card["lang"] == "sv" and card["body"][1]["text"] == "Frukost: <b>Kafka</b> & co"
    facts = {fact["title"]: fact["value"] for fact in card["body"][2]["facts"]}
    assert facts == {"När": "Torsdag 5 mars 08:30–09:30", "Var": "Rum 4", "Platser": "12 av 12 platser kvar"}
    [join] = card["actions"]
    assert join == {"type": "Action.OpenUrl", "title": "Anmäl dig", "url": f"{PUBLIC_URL}/sessions/{session['id']}"}
    [slack] = receiver.accepted("/slack/hook-slack")
    blocks = slack_blocks(slack.body)
    assert (
        "Thursday 5 March 08:30–09:30" in slack.body["text"]
        and "&lt;b&gt;Kafka&lt;/b&gt; &amp; co" in slack.body["text"]
    )
    assert blocks[1] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Frukost: <b>Kafka</b> & co", "emoji": True},
    }
    assert blocks[2]["fields"][2]["text"] == "*Places*\n12 of 12 places left"
    assert blocks[-1]["elements"][0]["url"] == f"{PUBLIC_URL}/sessions/{session['id']}"
    assert "Erik" not in slack.body["text"] and "Erik" not in card_text(card)


def test_places_left_count_who_is_coming_and_an_open_session_says_so(org, clock, receiver, add_channel, deliver, login):
    clock.set(MONDAY)
    add_channel(org.admin, "slack")
    _session(login(org.erik), capacity=None, place=None, title="Open demo")
    deliver()
    [post] = receiver.accepted()
    fields = [field["text"] for field in slack_blocks(post.body)[2]["fields"]]
    assert fields[1:] == ["*Where*\nThe place is not set yet", "*Places*\nOpen to everyone"]


def test_sessions_planned_in_the_past_or_for_other_organisations_are_not_posted(
    org, clock, receiver, add_channel, deliver, login
):
    clock.set(MONDAY)
    add_channel(org.admin, "teams")
    _session(login(org.erik), starts_at=(MONDAY - timedelta(days=1)).isoformat(), ends_at=None)
    _session(login(org.outsider), title="OTHER-SESSION")
    assert deliver()["sent"] == 0 and receiver.requests == []


def test_an_anonymous_lessons_post_never_names_its_author(org, clock, receiver, add_channel, deliver, channel_login):
    clock.set(MONDAY)
    add_channel(org.admin, "teams", locale="nb")
    add_channel(org.admin, "slack", events=("lessons",))
    erik = channel_login(org.erik)
    lesson = {
        "title": "Rollback plans before Friday deploys",
        "context": "Erik's team shipped on a Friday",
        "what_happened": "Erik rolled back by hand at midnight",
        "learned": "Write the rollback first",
        "next_time": "Ask Erik's manager Maja",
        "outcome": "failure",
        "anonymous": True,
        "tags": ["deploys"],
    }
    made = erik.post("/api/v1/lessons", json=lesson).get_json()
    assert deliver()["sent"] == 2
    teams, slack = (receiver.accepted(path)[0] for path in ("/teams/hook-teams", "/slack/hook-slack"))
    card = teams_card(teams.body)
    slack_blocks(slack.body)
    for text in (card_text(card), card_text(slack.body)):
        assert "Rollback plans before Friday deploys" in text
        for mark in ("Erik", "erik", "Maja", str(org.erik.id) + "/", "author", "midnight"):
            assert mark not in text, mark
    assert {f["title"]: f["value"] for f in card["body"][2]["facts"]} == {"Utfall": "En fiasko", "Stikkord": "deploys"}
    assert card["actions"][0]["url"] == f"{PUBLIC_URL}/lessons/{made['id']}"
    assert "A failure" in slack.body["text"]


def test_a_named_lesson_names_nobody_either(org, clock, receiver, add_channel, deliver, login):
    clock.set(MONDAY)
    add_channel(org.admin, "slack")
    with db.session.begin_nested():
        lessons.add_lesson(org.sara, {"title": "Pairing on the incident", "outcome": "success", "anonymous": False})
    db.session.commit()
    deliver()
    [post] = receiver.accepted()
    assert "Sara" not in card_text(post.body) and "A success" in post.body["text"]


def test_a_channel_hears_only_what_it_asked_for(org, clock, receiver, add_channel, deliver, login):
    clock.set(MONDAY)
    add_channel(org.admin, "slack", events=("lessons",))
    _session(login(org.erik))
    assert deliver()["sent"] == 0


def test_the_test_post_goes_to_teams_in_the_card_and_says_what_is_posted(
    org, clock, receiver, add_channel, deliver, login
):
    clock.set(MONDAY)
    channel_id = add_channel(org.admin, "teams", events=("sessions", "shelf"))
    response = login(org.admin).post(f"/api/v1/organisation/channels/{channel_id}/test")
    assert response.status_code == 202 and response.get_json()["state"] == "queued"
    deliver()
    [post] = receiver.accepted()
    card = teams_card(post.body)
    assert card["body"][1]["text"] == "This channel is connected to Learning Hour"
    assert card["body"][2]["facts"] == [{"title": "Posts", "value": "new knowledge sessions, the Monday shelf"}]


def test_the_webhook_is_sealed_at_rest_and_never_shown_again(org, clock, receiver, add_channel, channel_app, login):
    clock.set(MONDAY)
    channel_id = add_channel(org.admin, "slack", path="/slack/services/T000/B000/SECRETPART1234")
    raw = db.session.execute(db.text("SELECT url_sealed, url_masked FROM channels")).one()
    assert "SECRETPART" not in raw.url_sealed and "127.0.0.1" not in raw.url_sealed
    [listed] = login(org.admin).get("/api/v1/organisation/channels").get_json()
    assert listed["id"] == channel_id and listed["url"] == "http://127.0.0.1/…1234"
    assert "SECRETPART" not in str(listed)
    login(org.admin).post(f"/api/v1/organisation/channels/{channel_id}/test")
    target, payload = db.session.execute(db.text("SELECT target, payload FROM outbox_messages")).one()
    assert target == f"channel:{channel_id}" and "SECRETPART" not in str(payload)
    with inside(channel_app):  # another SECRET_KEY opens nothing
        from server.channels import sealing  # noqa: PLC0415  (read only for this check)

        assert sealing.unseal(raw.url_sealed).endswith("/slack/services/T000/B000/SECRETPART1234")


def test_a_series_is_announced_once_with_its_first_session(org, clock, receiver, add_channel, deliver, login):
    clock.set(MONDAY)
    add_channel(org.admin, "slack")
    series = {"title": "Monthly breakfast", "starts_at": THURSDAY_BREAKFAST.isoformat(), "frequency": "monthly"}
    assert login(org.erik).post("/api/v1/series", json=series).status_code == 201
    login(org.erik).get("/api/v1/sessions?upcoming=true")  # the series makes its next sessions: not posted one by one
    assert deliver()["sent"] == 1
    [post] = receiver.accepted()
    assert "Monthly breakfast" in post.body["text"] and "Thursday 5 March 08:30" in post.body["text"]
