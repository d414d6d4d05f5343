"""A person's reminder settings are listed once (`reminders.models.SETTINGS`): the API accepts exactly
those, answers exactly those (with the snooze and the zone), and a new row starts from their defaults."""

from server.reminders.models import SETTINGS
from server.reminders.schemas import PreferenceSchema


def test_the_settings_are_listed_once_and_start_from_their_defaults(org, login):
    changeable = {name for name, field in PreferenceSchema().fields.items() if not field.dump_only}
    assert changeable == set(SETTINGS)
    erik = login(org.erik)
    before = erik.get("/api/v1/me/reminders").get_json()
    assert set(before) == {*SETTINGS, "snoozed_until", "timezone"}
    assert before["enabled"] is False  # off until the person turns them on
    assert (before["weekday"], before["time"], before["weekly_digest"]) == (4, "15:00", False)
    after = erik.patch("/api/v1/me/reminders", json={"weekly_digest": True}).get_json()
    assert (after["enabled"], after["weekday"], after["time"], after["weekly_digest"]) == (True, 4, "15:00", True)
