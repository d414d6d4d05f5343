"""The Monday shelf: the week's five most saved and "worth it" items, with kind and length, posted once
per channel and ISO week from Monday 09:00 in the organisation's zone, however many workers run, by
`flask reminders send-due` like every other periodic notice."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from server import create_app
from server.accounts import service as accounts
from server.bank import service as bank
from server.bank.social import react, save
from server.channels import shelf
from server.channels.models import ChannelShelf
from server.extensions import db
from server.outbox import OutboxMessage
from tests.channels.conftest import PUBLIC_URL, inside
from tests.channels.formats import slack_blocks, teams_card
from tests.support import at_once_in

# Monday 2 March 2026: 09:00 in Stockholm is 08:00 UTC.
BEFORE_NINE = datetime(2026, 3, 2, 7, 59, tzinfo=UTC)
NINE = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
ITEMS = [
    ("https://open.spotify.com/episode/lead", "podcast", "Ledarskap i vardagen", 45),
    ("https://www.youtube.com/watch?v=abc", "video", "Kafka på tio minuter", 10),
    ("https://example.com/course", "course", "Statistik för alla", 150),
    ("https://example.com/book", "book", "Team Topologies", None),
    ("https://example.com/webinar", "webinar", "Tillgänglighet", 60),
    ("https://example.com/sixth", "article", "Den sjätte", 5),
]


@pytest.fixture
def popular_week(org, clock):
    """Six resources saved and found worth it during the week before Monday nine (the sixth least)."""
    clock.set(NINE - timedelta(days=3))
    people = [org.erik, org.sara, org.nora, org.maja, org.lars, org.admin]
    made = []
    for rank, (url, kind, title, minutes) in enumerate(ITEMS):
        resource, _ = bank.add_resource(
            org.sara, {"url": url, "kind": kind, "title": title, "duration_minutes": minutes}
        )
        for person in people[: len(ITEMS) - rank]:
            save(person, resource)
        react(org.erik, resource)
        made.append(resource.id)
    db.session.commit()
    return made


def _posts() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)))


def test_the_shelf_is_due_from_monday_nine_where_the_organisation_is_and_goes_once(
    org, clock, popular_week, receiver, add_channel, deliver, channel_app
):
    add_channel(org.admin, "teams", locale="sv")
    add_channel(org.admin, "slack", locale="en")
    add_channel(org.admin, "slack", events=("sessions",), path="/slack/only-sessions")
    clock.set(BEFORE_NINE)
    with inside(channel_app):  # its PUBLIC_URL makes the links
        assert shelf.run(clock.now()) == {"shelves": 0, "empty": 0}
        clock.set(NINE)
        assert shelf.run(clock.now()) == {"shelves": 2, "empty": 0}
        assert shelf.run(clock.now() + timedelta(hours=5)) == {"shelves": 0, "empty": 0}  # that Monday: once
    assert deliver()["sent"] == 2
    teams, slack = (receiver.accepted(path)[0] for path in ("/teams/hook-teams", "/slack/hook-slack"))
    card = teams_card(teams.body)
    listed = [(item["items"][0]["text"], item["items"][1]["text"]) for item in card["body"][2:]]
    assert listed == [
        (f"[Ledarskap i vardagen]({PUBLIC_URL}/bank/{popular_week[0]})", "Podd · 45 min"),
        (f"[Kafka på tio minuter]({PUBLIC_URL}/bank/{popular_week[1]})", "Video · 10 min"),
        (f"[Statistik för alla]({PUBLIC_URL}/bank/{popular_week[2]})", "Kurs · 2 tim 30 min"),
        (f"[Team Topologies]({PUBLIC_URL}/bank/{popular_week[3]})", "Bok"),
        (f"[Tillgänglighet]({PUBLIC_URL}/bank/{popular_week[4]})", "Webbinarium · 1 tim"),
    ]
    assert card["body"][0]["text"] == "Måndagshyllan"
    blocks = slack_blocks(slack.body)
    assert [b["text"]["text"].split("\n")[1] for b in blocks if b["type"] == "section"] == [
        "Podcast · 45 min",
        "Video · 10 min",
        "Course · 2 h 30 min",
        "Book",
        "Webinar · 1 h",
    ]
    assert "Den sjätte" not in slack.body["text"] and "Erik" not in json.dumps(slack.body)
    # the next Monday is a new week's shelf (nothing was saved since: claimed, nothing posted)
    assert shelf.run(NINE + timedelta(days=7)) == {"shelves": 0, "empty": 2}
    assert shelf.run(NINE + timedelta(days=7)) == {"shelves": 0, "empty": 0}


def test_a_week_without_saves_posts_nothing_but_is_claimed(org, clock, add_channel):
    add_channel(org.admin, "slack")
    clock.set(NINE)
    assert shelf.run(clock.now()) == {"shelves": 0, "empty": 1}
    assert shelf.run(clock.now()) == {"shelves": 0, "empty": 0}
    assert _posts() == []


def test_the_zone_is_the_organisations(org, clock, popular_week, add_channel, make_user):
    """Ten o'clock in Oslo or Stockholm is nine in London: a London organisation's shelf waits an hour more."""
    add_channel(org.admin, "slack")
    london = make_user("admin@london.example", role="admin", org="London Ltd")
    accounts.organisation_of(london).timezone = "Europe/London"
    db.session.commit()
    add_channel(london, "slack", path="/slack/london")
    assert shelf.run(NINE)["shelves"] == 1
    assert shelf.run(NINE + timedelta(minutes=59))["empty"] == 0
    assert shelf.run(NINE + timedelta(hours=1))["empty"] == 1  # London's bank is empty: claimed, nothing posted


def test_send_due_posts_the_shelf_with_everything_else_waiting(
    org, clock, popular_week, receiver, add_channel, channel_app
):
    add_channel(org.admin, "slack")
    clock.set(NINE + timedelta(minutes=1))
    with inside(channel_app):  # the command runs in the app whose context is current
        result = channel_app.test_cli_runner().invoke(args=["reminders", "send-due", "--now", clock.now().isoformat()])
    assert result.exit_code == 0, result.output
    counts = json.loads(result.output.strip().splitlines()[-1])
    assert counts["channels"] == {"shelves": 1, "empty": 0} and counts["outbox"]["sent"] == 1
    assert len(receiver.accepted("/slack/hook-slack")) == 1


def test_racing_workers_post_each_shelf_once(org, clock, popular_week, add_channel, app_config):
    channel_ids = [add_channel(org.admin, "slack", path=f"/slack/{n}") for n in range(4)]
    clock.set(NINE)
    workers = [create_app(app_config) for _ in range(3)]
    counts = at_once_in(workers, lambda: shelf.run(NINE)["shelves"])
    assert sum(counts) == 4
    assert sorted(m.target for m in _posts()) == sorted(f"channel:{i}" for i in channel_ids)
    assert db.session.scalar(db.select(db.func.count()).select_from(ChannelShelf)) == 4
