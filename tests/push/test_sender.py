"""The transport's parts: RFC 8291 bytes through webpush's public API, headers, size limit, VAPID
tokens, HTTP answers read (chunked bodies, kept-alive connections)."""

import os
import socket
import threading
import time
from importlib.metadata import version

import http_ece
import jwt
import pytest
import webpush
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from server import config, push
from server.push import MAX_PAYLOAD, Message, PayloadTooLarge, PushSender, SenderSettings, parse_endpoint
from server.push.message import retry_after_seconds
from server.push.vapid import VapidKeys, VapidSigner, b64url, b64url_decode, parse_private_key

# RFC 8291, Appendix A.
RFC = {
    "plaintext": b"When I grow up, I want to be a watermelon",
    "as_private": "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw",
    "ua_public": "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
    "ua_private": "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94",
    "auth": "BTBZMqHH6r4Tts7J_aSIgg",
    "salt": "DGv6ra1nlYgDCS1FRnbzlw",
    "body": "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK"
    "6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN",
}


def _sender(**settings) -> PushSender:
    return PushSender(
        VapidKeys(ec.generate_private_key(ec.SECP256R1())), "mailto:ops@example.com", SenderSettings(**settings)
    )


def test_webpush_is_the_pinned_version():
    # The encryptor relies on how WebPush.get() uses its VAPID; a new version must be re-checked.
    assert version("webpush") == "1.0.6"


def test_encryption_matches_rfc_8291_appendix_a_byte_for_byte(monkeypatch):
    sender = _sender()
    server_key = parse_private_key(RFC["as_private"])
    monkeypatch.setattr(webpush.os, "urandom", lambda n: b64url_decode(RFC["salt"]))
    monkeypatch.setattr(webpush.ec, "generate_private_key", lambda *a, **k: server_key)
    body = sender.encrypt(RFC["plaintext"], RFC["ua_public"], RFC["auth"])
    assert body == b64url_decode(RFC["body"])
    monkeypatch.undo()
    ua_key = parse_private_key(RFC["ua_private"])
    assert http_ece.decrypt(body, private_key=ua_key, auth_secret=b64url_decode(RFC["auth"])) == RFC["plaintext"]


def test_payloads_over_3993_bytes_are_refused_before_sending():
    sender = _sender()
    ua = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"
    assert len(sender.encrypt(b"x" * MAX_PAYLOAD, ua, RFC["auth"])) == 4096
    with pytest.raises(PayloadTooLarge):
        sender.encrypt(b"x" * (MAX_PAYLOAD + 1), ua, RFC["auth"])
    message = Message("http://127.0.0.1:9/push/x", ua, RFC["auth"], b"x" * (MAX_PAYLOAD + 1))
    [outcome] = sender.send([message])
    assert outcome.result == "too_big" and outcome.attempts == 0


def test_headers_never_carry_ttl_zero_and_name_the_topic():
    sender = _sender(ttl=4 * 3600)
    message = Message("https://fcm.googleapis.com/fcm/send/x", "k", "a", b"{}", topic="reminder")
    headers = dict(sender.headers(message, "vapid t=x, k=y"))
    assert headers["TTL"] == "14400" and headers["Urgency"] == "normal" and headers["Topic"] == "reminder"
    assert headers["Content-Encoding"] == "aes128gcm" and headers["Content-Type"] == "application/octet-stream"
    assert headers["Authorization"].startswith("vapid t=")
    with pytest.raises(ValueError):
        _sender(ttl=0)


def test_vapid_audience_keeps_the_port_and_tokens_are_cached_per_origin():
    keys = VapidKeys(ec.generate_private_key(ec.SECP256R1()))
    signer = VapidSigner(keys, "mailto:ops@example.com")
    local = parse_endpoint("http://127.0.0.1:8081/push/a")
    assert (local.origin, local.audience) == ("http://127.0.0.1:8081", "http://127.0.0.1:8081")
    fcm = parse_endpoint("https://fcm.googleapis.com/fcm/send/a")
    assert (fcm.origin, fcm.audience) == ("https://fcm.googleapis.com:443", "https://fcm.googleapis.com")
    first = signer.header(local)
    assert signer.header(parse_endpoint("http://127.0.0.1:8081/push/b")) == first and signer.signatures == 1
    signer.header(parse_endpoint("http://127.0.0.1:8082/push/a"))
    assert signer.signatures == 2
    token = first.split("t=")[1].split(",")[0]
    claims = jwt.decode(token, keys.private_key.public_key(), algorithms=["ES256"], audience="http://127.0.0.1:8081")
    assert 11 * 3600 < claims["exp"] - time.time() <= 12 * 3600 and claims["sub"] == "mailto:ops@example.com"
    near_expiry = VapidSigner(keys, "mailto:ops@example.com", lifetime=3600, renew_before=3600)
    near_expiry.header(local)
    near_expiry.header(local)
    assert near_expiry.signatures == 2


def test_vapid_key_from_the_environment_in_either_form():
    key = ec.generate_private_key(ec.SECP256R1())
    pem = VapidKeys(key).private_pem.decode()
    raw = VapidKeys(key).private_key.private_numbers().private_value.to_bytes(32, "big")
    assert VapidKeys(parse_private_key(pem)).public_key == VapidKeys(key).public_key
    assert VapidKeys(parse_private_key(b64url(raw))).public_key == VapidKeys(key).public_key


def test_retry_after_in_seconds_or_as_a_date():
    assert retry_after_seconds("120", 60) == 120
    assert retry_after_seconds(None, 60) == 60
    assert 0 <= retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", 60) <= 1
    assert retry_after_seconds("soon", 60) == 60


def test_chunked_answers_are_read_and_the_connection_is_kept_alive():
    """A raw HTTP/1.1 service: a 201 with a chunked body, then a 400 whose chunked text reaches the
    outcome, both on the one connection; then a 410 that closes it."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    answers = [
        b'HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{"a"\r\n3\r\n:1}\r\n0\r\n\r\n',
        b"HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nbad to\r\n4\r\nken!\r\n0\r\n\r\n",
        b"HTTP/1.1 410 Gone\r\nContent-Length: 2\r\nConnection: close\r\n\r\nno",
    ]
    connections, bodies = [], []

    def serve():
        conn, _ = listener.accept()
        connections.append(conn)
        with conn:
            for answer in answers:
                data = b""
                while b"\r\n\r\n" not in data:
                    data += conn.recv(4096)
                head, _, rest = data.partition(b"\r\n\r\n")
                length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
                while len(rest) < length:
                    rest += conn.recv(4096)
                bodies.append(rest)
                conn.sendall(answer)

    thread = threading.Thread(target=serve)
    thread.start()
    public = (
        ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    )
    sender = _sender(connections_per_origin=1)
    try:
        outcomes = []
        for name in "abc":  # one run each: the connection outlives the run
            message = Message(f"http://127.0.0.1:{port}/push/{name}", b64url(public), b64url(os.urandom(16)), b"{}")
            outcomes += sender.send([message])
    finally:
        sender.close()
        thread.join(5)
        listener.close()
    assert [(o.result, o.status) for o in outcomes] == [("delivered", 201), ("rejected", 400), ("gone", 410)]
    assert outcomes[1].error == "bad token!" and len(connections) == 1
    assert [len(body) for body in bodies] == [len(bodies[0])] * 3 and len(bodies[0]) > 100  # the encrypted record


def test_every_push_setting_of_the_configuration_reaches_the_sender():
    assert set(push.SETTINGS) == set(config.PUSH_SETTINGS)
    values = {
        "PUSH_TTL_SECONDS": "600",
        "PUSH_TIMEOUT_SECONDS": "2.5",
        "PUSH_CONNECT_TIMEOUT_SECONDS": "1",
        "PUSH_CONNECTIONS_PER_ORIGIN": "2",
        "PUSH_STREAMS_PER_ORIGIN": "8",
        "PUSH_MAX_ATTEMPTS": "3",
        "PUSH_BACKOFF_SECONDS": "0.5",
        "PUSH_DEFAULT_PAUSE_SECONDS": "30",
        "PUSH_CA_FILE": "/etc/ssl/ca.pem",
    }
    settings = push.sender_settings(values)
    assert (
        settings.ttl,
        settings.timeout,
        settings.connect_timeout,
        settings.connections_per_origin,
        settings.streams_per_origin,
        settings.max_attempts,
        settings.backoff_base,
        settings.default_pause,
        settings.ca_file,
    ) == (600, 2.5, 1.0, 2, 8, 3, 0.5, 30.0, "/etc/ssl/ca.pem")
    assert push.sender_settings({name: None for name in values}) == SenderSettings()
