"""A person's reminder settings are listed once (`reminders.models.SETTINGS`): the API accepts exactly
those (and the two e-mail switches an unsubscribe link also turns off), answers exactly those (with the
snooze, the zone and how they can be reached), and a new row starts from their defaults."""

from server.reminders.models import SETTINGS
from server.reminders.schemas import PreferenceSchema


def test_the_settings_are_listed_once_and_start_from_their_defaults(org, login):
    changeable = {name for name, field in PreferenceSchema().fields.items() if not field.dump_only}
    assert changeable == {*SETTINGS, "reminder_emails", "digest_emails"}
    erik = login(org.erik)
    before = erik.get("/api/v1/me/reminders").get_json()
    assert set(before) == {
        *SETTINGS,
        "snoozed_until",
        "timezone",
        "reminder_emails",
        "digest_emails",
        "email_available",
        "push_devices",
    }
    assert before["enabled"] is False  # off until the person turns them on
    assert (before["weekday"], before["time"], before["weekly_digest"]) == (4, "15:00", False)
    after = erik.patch("/api/v1/me/reminders", json={"weekly_digest": True}).get_json()
    assert (after["enabled"], after["weekday"], after["time"], after["weekly_digest"]) == (True, 4, "15:00", True)
