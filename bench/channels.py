"""Teams and Slack: how fast Slack's command is answered, and how fast posts go out, each beside a
baseline measured in the same run.

1. The command: signed `/learninghour share <link>` and `log 25` answered through the app (WSGI, no
   network between), beside signed `help` (the signature check, the replay record and the parsing, no
   rule of ours). The shared links point at a loopback page that takes two seconds to answer: the
   command's time must not move with it (the page is read after the answer). Slack's limit is 3 s.
2. The posts: N channel posts (Block Kit bodies) delivered by the worker's `outbox.deliver()` (claim,
   unseal the webhook, check the addresses, POST, settle, record the channel's health) to a loopback
   receiver, beside a bare `httpx.Client` loop POSTing the same bodies over one kept connection.

On a scratch SQLite file, then PostgreSQL when BENCH_DATABASE_URL is set.

    python -m bench channels      (or: python -m bench.channels [--posts 300] [--commands 200])
"""

import argparse
import hashlib
import hmac
import statistics
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode

import httpx

from bench.support import on_scratch_databases
from server import create_app, outbox
from server.accounts import service as accounts
from server.channels import connections, posts
from server.channels import service as channels
from server.extensions import db
from server.outbox import OutboxMessage

SECRET = "bench-channels"
SIGNING = "bench-signing-secret"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802  (the standard library's name)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._answer(b"ok")

    def do_GET(self):  # noqa: N802
        time.sleep(2)  # a slow page: never waited for while Slack waits
        self._answer(b"<html><head><title>Slow page</title></head></html>", "text/html")

    def _answer(self, body: bytes, kind: str = "text/plain") -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _serve() -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def _signed(text: str, n: int, base: str) -> tuple[bytes, dict]:
    """As Slack signs it; each request its own (`trigger_id`), since a signature is accepted once."""
    reply = f"{base}/slack/response/{n}"
    fields = {
        "team_id": "T0",
        "user_id": "U0",
        "user_name": "bench",
        "text": text,
        "trigger_id": str(n),
        "response_url": reply,
    }
    body = urlencode(fields).encode()
    stamp = str(int(time.time()))
    digest = hmac.new(SIGNING.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    return body, {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"median {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms"


def _commands(app, base: str, count: int) -> None:
    client = app.test_client()
    timings: dict[str, list[float]] = {"help": [], "share": [], "log": []}
    for n in range(count):
        for verb, text in (("help", "help"), ("share", f"share {base}/page/{n} bench"), ("log", "log 25 Bench")):
            body, headers = _signed(text, n, base)
            started = time.perf_counter()
            answer = client.post(
                "/integrations/slack/commands",
                data=body,
                headers=headers,
                content_type="application/x-www-form-urlencoded",
            )
            timings[verb].append((time.perf_counter() - started) * 1000)
            if answer.status_code != 200:
                raise SystemExit(f"{verb}: {answer.status_code} {answer.get_data(as_text=True)[:200]}")
    with app.app_context():  # the later words (each reads a two-second page) are not what is measured here
        waiting = db.session.scalar(
            db.select(db.func.count(OutboxMessage.id)).where(OutboxMessage.kind == "slack_reply")
        )
        db.session.execute(
            db.update(OutboxMessage).where(OutboxMessage.kind == "slack_reply").values(state="cancelled")
        )
        db.session.commit()
    print(f"    ({waiting} shared pages left to read after the answers, through the outbox)")
    for verb in ("help", "share", "log"):
        ratio = statistics.median(timings[verb]) / statistics.median(timings["help"])
        print(f"    /learninghour {verb}: {_percentiles(timings[verb])} ({ratio:.1f}x help); Slack allows 3000 ms")


def _posts(app, base: str, count: int, rounds: int) -> None:
    with app.app_context():
        admin = db.session.scalars(db.select(accounts.User).where(accounts.User.role == "admin")).first()
        channel = channels.add_channel(admin, {"kind": "slack", "url": f"{base}/slack/hook", "events": []}, base)
        db.session.commit()
        bodies = []
        for n in range(count):
            post = posts.test_post(["sessions", "lessons", "shelf"], lang="sv", link=lambda p: base + p)
            channels.write(channel, post, f"bench:{n}")
            bodies.append(channels.body_for(channel, post))
        db.session.commit()
        worker, bare = [], []
        for round_number in range(rounds):
            if round_number:
                again = db.update(OutboxMessage).where(OutboxMessage.kind == "channel")
                db.session.execute(again.values(state="queued", attempts=0, sent_at=None))
                db.session.commit()
            started = time.perf_counter()
            sent = outbox.deliver()["sent"]
            worker.append(count / (time.perf_counter() - started))
            if sent != count:
                raise SystemExit(f"the worker sent {sent} of {count}")
            started = time.perf_counter()
            with httpx.Client() as http:
                for body in bodies:
                    http.post(f"{base}/slack/hook", json=body).raise_for_status()
            bare.append(count / (time.perf_counter() - started))
            print(f"    round {round_number + 1}: worker {worker[-1]:.0f} posts/s, bare httpx {bare[-1]:.0f} posts/s")
        ratio = statistics.median(w / b for w, b in zip(worker, bare, strict=True))
        print(
            f"  posts: worker {statistics.median(worker):.0f}/s, bare httpx (one kept connection) "
            f"{statistics.median(bare):.0f}/s: ratio {ratio:.2f}x"
        )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench channels")
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--commands", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    server, base = _serve()

    def measure(label: str, url: str) -> None:
        print(f"  {label}:", flush=True)
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "SECRET_KEY": SECRET,
                "SLACK_SIGNING_SECRET": SIGNING,
                "CHANNEL_ALLOWED_URLS": f"{base}/",
                "LINK_FETCH_ALLOW_PRIVATE": True,
                "OUTBOX_IN_WEB": False,
                "RATELIMIT_ENABLED": False,
                "LOG_LEVEL": "WARNING",
            }
        )
        with app.app_context():
            organisation = accounts.get_or_create_organisation("Bench AB")
            admin = accounts.create_user(
                organisation, email="admin@bench.example", name="Admin", password=None, role="admin"
            )
            connections.connect(admin, connections.issue_link("T0", "bench", "U0", "bench"))
            db.session.commit()
        _commands(app, base, args.commands)
        _posts(app, base, args.posts, args.rounds)

    try:
        return on_scratch_databases("channels", measure, secret=SECRET)
    finally:
        server.shutdown()


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
