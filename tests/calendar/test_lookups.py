"""The calendar feature's lookup: a feed is found by its secret alone, while its person is active."""

from server.calendar import service as calendar
from tests.support import refused


def test_a_calendar_feed_is_its_active_persons_only(org):
    token = calendar.feed_token(org.erik)
    assert calendar.feed_owner(token) is org.erik
    for wrong in ("", "x" * 101, token[:-1] + ("a" if token[-1] != "a" else "b")):
        with refused(404, "token"):
            calendar.feed_owner(wrong)
    org.erik.active = False
    with refused(404):
        calendar.feed_owner(token)
