"""Snoozing from the notification, called directly: the signed token names an active person, or the
answer is a 422 on `token` in the person's language."""

from server.reminders import messages
from server.reminders import service as reminders
from tests.support import refused


def test_only_a_signed_token_of_an_active_person_snoozes(org, clock):
    token = messages.snooze_token(org.erik.id, "2026-W48")
    assert reminders.snooze_with_token(token) > clock.now()
    with refused(422, "token", sv="Ogiltig eller utgången påminnelselänk."):
        reminders.snooze_with_token(token[:-2] + "xx")
    org.erik.active = False
    with refused(422, "token"):
        reminders.snooze_with_token(token)
