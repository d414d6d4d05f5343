"""E-mail through a real SMTP server on loopback: settings, every message parsed back, one connection
for a run, the relay down and back, permanent refusals kept with their reason."""

import json
import socket
from datetime import timedelta

import pytest

from server import mail, outbox
from server.clock import as_utc
from server.extensions import db
from server.outbox import OutboxMessage


def _queue(n: int, *, to="erik@acme.example", locale="sv") -> list[int]:
    ids = [
        mail.send("test", to.replace("@", f"+{i}@"), locale=locale, context={"sender": "Åsa"}, key=f"{to}:{i}")
        for i in range(n)
    ]
    db.session.commit()
    return ids


@pytest.mark.parametrize(
    ("url", "relay"),
    [
        ("smtp://mail.example:25", "smtp://mail.example:25"),
        ("smtp://mail.example", "smtp://mail.example:25"),
        ("smtp+starttls://user%40x:p%3Ass@mail.example:587", "smtp+starttls://user@x@mail.example:587"),
        ("smtps://u:p@mail.example", "smtps://u@mail.example:465"),
    ],
)
def test_smtp_url_forms(url, relay):
    settings = mail.parse(url, "Learning Hour <hour@acme.example>", "https://lh.acme.example/")
    assert settings.relay == relay and settings.public_url == "https://lh.acme.example"
    assert settings.password is None or f":{settings.password}" not in settings.relay  # never the password
    assert settings.link("/reset/x") == "https://lh.acme.example/reset/x"


@pytest.mark.parametrize(
    ("url", "sender", "public", "named"),
    [
        ("http://mail.example", "a@b.se", "https://x", "SMTP_URL"),
        ("smtp://mail.example", "nobody", "https://x", "MAIL_FROM"),
        ("smtp://mail.example", "a@b.se\r\nBcc: c@d.se", "https://x", "MAIL_FROM"),
        ("smtp://mail.example", "a@b.se", "", "PUBLIC_URL"),
    ],
)
def test_settings_that_cannot_work_are_named(url, sender, public, named):
    with pytest.raises(mail.MailSettingsError, match=named):
        mail.parse(url, sender, public)


def test_without_smtp_url_nothing_is_written(app):
    assert not mail.enabled()
    assert mail.send("test", "a@acme.example", locale="en", context={"sender": "x"}, key="k") is None
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0


def test_messages_arrive_whole_in_the_recipients_language(relay):
    _queue(1, locale="sv")
    assert outbox.deliver()["sent"] == 1
    [received] = relay.wait_for(1)
    message = received.message
    assert received.sender == "learning@acme.example" and received.recipients == ["erik+0@acme.example"]
    assert message["Subject"] == "E-post från Learning Hour fungerar"
    assert message["From"] == "Learning Hour <learning@acme.example>" and message["Content-Language"] == "sv"
    assert message["Message-ID"].endswith("@acme.example>") and message["Date"]
    assert message.get_content_type() == "multipart/alternative"
    assert "Åsa skickade" in received.text and "Åsa skickade" in received.html
    assert received.link_to("/admin") == "https://learning.acme.example/admin?section=mail"
    assert 'lang="sv"' in received.html
    assert all(len(line) <= 998 for line in received.raw.split(b"\r\n"))
    assert received.raw.isascii()  # 7-bit: any relay takes it


def test_one_connection_carries_a_whole_run(relay):
    _queue(250)
    assert outbox.deliver()["sent"] == 250
    assert len(relay.wait_for(250)) == 250 and relay.connections == 1


def test_the_relay_down_and_back_delivers_each_message_once(relay, clock):
    clock.set(clock.now())
    ids = _queue(3)
    relay.stop()
    assert outbox.deliver() == {"sent": 0, "retried": 3, "failed": 0}
    db.session.expire_all()
    waiting = db.session.get(OutboxMessage, ids[0])
    assert waiting.state == "queued" and "cannot be reached" in waiting.last_error
    assert outbox.deliver()["retried"] == 0  # backing off: not even tried
    relay.start()
    clock.set(as_utc(waiting.next_attempt_at) + timedelta(seconds=10))
    assert outbox.deliver()["sent"] == 3
    assert outbox.deliver()["sent"] == 0
    clock.advance(timedelta(hours=2))
    assert outbox.deliver()["sent"] == 0
    assert sorted(r.recipients[0] for r in relay.wait_for(3)) == [f"erik+{i}@acme.example" for i in range(3)]
    assert len(relay.received) == 3


def test_a_permanent_refusal_is_kept_with_its_reason_and_the_rest_go(relay):
    relay.refuse("erik+1@acme.example", "550 5.1.1 No such mailbox here")
    relay.refuse("erik+2@acme.example", "452 4.2.2 Mailbox full, try later")
    ids = _queue(4)
    assert outbox.deliver() == {"sent": 2, "retried": 1, "failed": 1}
    db.session.expire_all()
    failed = db.session.get(OutboxMessage, ids[1])
    assert (failed.state, failed.last_error) == ("failed", "550 5.1.1 No such mailbox here")
    assert db.session.get(OutboxMessage, ids[2]).state == "queued"
    assert len(relay.wait_for(2)) == 2


def test_a_kept_connection_the_relay_dropped_is_made_again(relay, app):
    _queue(1)
    transport = mail.open_transport(app)
    with transport:
        [first] = outbox.claims.claim("mail", now=outbox.service.utcnow(), lease=timedelta(minutes=1), limit=5)[1]
        assert transport.send(first) == outbox.SENT
        transport.smtp.sock.shutdown(socket.SHUT_RDWR)  # the relay's idle timeout, say
        _queue(1, to="sara@acme.example")
        [second] = outbox.claims.claim("mail", now=outbox.service.utcnow(), lease=timedelta(minutes=1), limit=5)[1]
        assert transport.send(second) == outbox.SENT
    assert len(relay.wait_for(2)) == 2 and relay.connections == 2


def test_names_and_addresses_in_any_language(relay):
    mail.send("test", "åsa@exempel.se", locale="nb", context={"sender": "Øystein"}, key="intl", name="Åsa Öberg")
    mail.send("test", "bo@acme.example", locale="sv", context={"sender": "Å" * 90}, key="long", name='Bo "B" Ek, Jr')
    db.session.commit()
    assert outbox.deliver()["sent"] == 2
    by_address = {r.recipients[0]: r for r in relay.wait_for(2)}
    intl = by_address["åsa@exempel.se"].message
    assert (
        str(intl["To"]) == "Åsa Öberg <åsa@exempel.se>" and "Øystein sendte" in intl.get_body(("plain",)).get_content()
    )
    plain = by_address["bo@acme.example"]
    assert plain.message["To"].addresses[0].display_name == 'Bo "B" Ek, Jr'
    assert plain.raw.isascii() and max(len(line) for line in plain.raw.split(b"\r\n")) <= 998
    assert ("Å" * 90) in plain.text


def test_cron_send_due_also_sends_waiting_email(relay, runner):
    _queue(2)
    result = runner.invoke(args=["reminders", "send-due"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output.splitlines()[-1])["outbox"] == {"sent": 2, "retried": 0, "failed": 0}
    assert len(relay.wait_for(2)) == 2
