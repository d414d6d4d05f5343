"""`send(messages) -> outcomes` against real loopback push services: one bad message or one hanging
service costs only itself, and requests go through the proxy the environment names."""

import os
import socket
import threading
import time

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from server.push import Message, b64url
from tests.push.h2_service import Http2PushService
from tests.push_service import make_certificate


def _keys() -> tuple[str, str]:
    public = ec.generate_private_key(ec.SECP256R1()).public_key()
    return b64url(public.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)), b64url(os.urandom(16))


def _message(subscription: dict, payload: bytes = b'{"title":"hi"}', **extra) -> Message:
    return Message(
        subscription["endpoint"], subscription["keys"]["p256dh"], subscription["keys"]["auth"], payload, **extra
    )


def test_one_bad_message_costs_only_itself(make_sender, service_for):
    sender = make_sender()
    service = service_for(sender)
    good = [service.subscribe() for _ in range(3)]
    bad_keys = {**service.subscribe(), "keys": {"p256dh": "B" + "A" * 86, "auth": "AAAA"}}
    batch = [
        _message(good[0]),
        Message("https://[::1].push.apple.com/x", good[1]["keys"]["p256dh"], good[1]["keys"]["auth"], b"{}"),
        _message(bad_keys),
        _message(good[1]),
        _message(good[2], b"x" * 4000),
        Message("http://127.0.0.1:99999/x", "k", "a", b"{}"),
        _message(good[2]),
    ]
    outcomes = sender.send(batch)
    assert len(outcomes) == len(batch) and {id(o.message) for o in outcomes} == {id(m) for m in batch}
    result = {id(o.message): o.result for o in outcomes}
    assert [result[id(m)] for m in batch] == [
        "delivered",
        "invalid",
        "rejected",
        "delivered",
        "too_big",
        "invalid",
        "delivered",
    ]
    assert len(service.wait_for(3)) == 3 and service.errors == []


def test_a_service_that_never_answers_costs_its_timeout_and_no_more(make_sender, service_for):
    sender = make_sender(timeout=1.0)
    healthy = service_for(sender)
    silent = socket.create_server(("127.0.0.1", 0))  # accepts connections, never reads or answers
    accepted = []
    threading.Thread(target=lambda: accepted.extend(silent.accept() for _ in range(4)), daemon=True).start()
    try:
        stuck = [Message(f"http://127.0.0.1:{silent.getsockname()[1]}/push/{i}", *_keys(), b"{}") for i in range(6)]
        fine = [_message(healthy.subscribe()) for _ in range(20)]
        started = time.monotonic()
        outcomes = sender.send(stuck + fine)
        took = time.monotonic() - started
    finally:
        silent.close()
        for connection, _ in accepted:
            connection.close()
    deliveries = healthy.wait_for(20)
    assert len(deliveries) == 20 and max(d.received_at for d in deliveries) - started < 0.8
    by_result = {}
    for outcome in outcomes:
        by_result.setdefault(outcome.result, []).append(outcome)
    assert len(by_result["delivered"]) == 20
    # Requests in flight when the timeout struck may have arrived; the rest wait for a later run.
    assert {o.result for o in outcomes if o.message in stuck} <= {"failed", "deferred"}
    assert all(o.uncertain for o in by_result.get("failed", []))
    assert all(o.retry_after == sender.settings.default_pause for o in by_result.get("deferred", []))
    assert 1.0 <= took < 1.9, took  # one timeout; a second (a retry) would make it 2 s


def test_https_goes_through_the_proxy_tunnel_and_no_proxy_goes_direct(
    make_sender, service_for, proxy, monkeypatch, tmp_path
):
    certificate = make_certificate(tmp_path)
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    tunnelled = make_sender(ca_file=certificate[0])
    service = service_for(tunnelled, tls=certificate)
    outcomes = tunnelled.send([_message(service.subscribe()) for _ in range(3)])
    assert [o.result for o in outcomes] == ["delivered"] * 3
    port = service.origin.rsplit(":", 1)[1]
    assert proxy.seen and set(proxy.seen) == {f"CONNECT 127.0.0.1:{port}"}
    assert [d.claims["aud"] for d in service.wait_for(3)] == [service.origin] * 3  # TLS end to end

    monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")
    direct = make_sender(keys=tunnelled.signer.keys, ca_file=certificate[0])
    seen = len(proxy.seen)
    assert direct.send([_message(service.subscribe())])[0].result == "delivered"
    assert len(proxy.seen) == seen


def test_http_goes_to_the_proxy_in_absolute_form(make_sender, service_for, proxy):
    sender = make_sender(proxies={"http": proxy.url})
    service = service_for(sender)
    subscriptions = [service.subscribe() for _ in range(2)]
    outcomes = sender.send([_message(s) for s in subscriptions])
    assert [o.result for o in outcomes] == ["delivered", "delivered"]
    assert sorted(proxy.seen) == sorted(f"POST {s['endpoint']}" for s in subscriptions)
    assert {d.endpoint for d in service.wait_for(2)} == {s["endpoint"] for s in subscriptions}


def test_a_proxy_that_refuses_the_tunnel_fails_the_messages_without_raising(make_sender):
    refusing = socket.create_server(("127.0.0.1", 0))

    def refuse():
        for _ in range(8):
            try:
                connection, _ = refusing.accept()
            except OSError:
                return
            with connection:
                connection.recv(4096)
                connection.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")

    threading.Thread(target=refuse, daemon=True).start()
    try:
        sender = make_sender(proxies={"https": f"http://127.0.0.1:{refusing.getsockname()[1]}"}, max_attempts=2)
        outcomes = sender.send([Message("https://web.push.apple.com/x", *_keys(), b"{}")])
    finally:
        refusing.close()
    # Nothing left: safe to try again in a later run.
    assert [(o.result, o.uncertain, o.attempts) for o in outcomes] == [("failed", False, 2)]
    assert "403" in outcomes[0].error


def test_a_service_answering_garbage_fails_its_own_messages_only(make_sender, service_for):
    sender = make_sender()
    healthy = service_for(sender)
    garbage = socket.create_server(("127.0.0.1", 0))

    def answer():
        while True:
            try:
                connection, _ = garbage.accept()
            except OSError:
                return
            with connection:
                connection.recv(65536)
                connection.sendall(b"HTTP/1.1 two hundred\r\nContent-Length: x\r\n\r\n")

    threading.Thread(target=answer, daemon=True).start()
    try:
        broken = [Message(f"http://127.0.0.1:{garbage.getsockname()[1]}/push/{i}", *_keys(), b"{}") for i in range(3)]
        fine = [_message(healthy.subscribe()) for _ in range(3)]
        outcomes = sender.send(broken + fine)
    finally:
        garbage.close()
    results = {id(o.message): o.result for o in outcomes}
    assert [results[id(m)] for m in fine] == ["delivered"] * 3
    assert {results[id(m)] for m in broken} <= {"failed", "deferred"} and len(outcomes) == 6


def test_connections_the_service_closes_after_each_answer_are_replaced_not_counted_as_failures(make_sender):
    sender = make_sender(connections_per_origin=2)
    closing = socket.create_server(("127.0.0.1", 0))
    answered = []

    def serve():
        while True:
            try:
                connection, _ = closing.accept()
            except OSError:
                return
            with connection:  # one answer (keep-alive, as far as the client can tell), then closed
                connection.recv(65536)
                answered.append(1)  # before answering: the client may be done the moment it reads
                connection.sendall(b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n")

    threading.Thread(target=serve, daemon=True).start()
    try:
        batch = [Message(f"http://127.0.0.1:{closing.getsockname()[1]}/push/{i}", *_keys(), b"{}") for i in range(8)]
        outcomes = sender.send(batch)
    finally:
        closing.close()
    assert [o.result for o in outcomes] == ["delivered"] * 8 and len(answered) == 8


def test_https_services_that_offer_http2_get_every_request_on_one_connection(make_sender, tmp_path):
    certificate = make_certificate(tmp_path)
    sender = make_sender(ca_file=certificate[0], timeout=5, connect_timeout=2)
    with Http2PushService(certificate, vapid_public_key=sender.signer.keys.public_key) as service:
        subscriptions = [service.subscribe() for _ in range(40)]
        outcomes = sender.send([_message(s, f'{{"n":{i}}}'.encode()) for i, s in enumerate(subscriptions)])
        assert [o.result for o in outcomes] == ["delivered"] * 40
        deliveries = service.wait_for(40)
        # Decrypted by the service, each at its own endpoint, all over HTTP/2 and one connection.
        assert sorted(d.json["n"] for d in deliveries) == list(range(40)) and service.errors == []
        assert {d.endpoint for d in deliveries} == {s["endpoint"] for s in subscriptions}
        assert set(service.versions) == {"2"} and len(service.connections) == 1
        assert sender.send([_message(subscriptions[0])])[0].result == "delivered"  # the connection outlives the run
        assert len(service.connections) == 1
        sender.close()  # the connection closed before the service stops


def test_http2_runs_inside_the_proxy_tunnel(make_sender, proxy, tmp_path):
    certificate = make_certificate(tmp_path)
    sender = make_sender(ca_file=certificate[0], proxies={"https": proxy.url}, timeout=5, connect_timeout=2)
    with Http2PushService(certificate, vapid_public_key=sender.signer.keys.public_key) as service:
        outcomes = sender.send([_message(service.subscribe()) for _ in range(5)])
        assert [o.result for o in outcomes] == ["delivered"] * 5 and len(service.wait_for(5)) == 5
        assert proxy.seen == [f"CONNECT 127.0.0.1:{service.origin.rsplit(':', 1)[1]}"]
        assert set(service.versions) == {"2"}
        sender.close()
