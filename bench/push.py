"""Fan-out of 10,000 reminders to a local HTTPS push service, against two baselines in the same run.

- the push endpoint: nginx on 127.0.0.1 answering 201 over TLS with a certificate made here
  (`apt-get install -y nginx-light`), or, without nginx, a small Python HTTPS server in its own process;
- bare encryption: the same 10,000 payloads through the sender's RFC 8291 encryption only;
- fan-out: `PushSender.send` (encryption, cached VAPID header, libcurl with kept-alive connections and
  several requests in flight, answers read);
- naive: what the `webpush` README suggests, `WebPush.get()` (a fresh VAPID JWT every time) and a new
  TLS connection per message;
- other maintained clients: the sender's encryption and cached VAPID header, the requests through
  httpx and through urllib3, each with a keep-alive pool and one thread per connection: what the
  sender would reach through one of them instead of libcurl.

Encryption and fan-out alternate for a few rounds (shared machines are noisy); medians of the rates
and of the per-round ratios are reported, by the clock and by this process's CPU time per message.
Encryption holds the GIL, so on an idle machine the fan-out's rate follows its CPU time per message;
on a loaded one (other processes taking the cores) the CPU ratio is the steadier of the two.
Targets: fan-out ≥ 0.5 × bare encryption, ≥ 5 × naive.

    python -m bench push      (or: python -m bench.push [--messages 10000] [--rounds 3] [--naive 1500]
                               [--clients 2000])
"""

import argparse
import datetime as dt
import http.client
import ipaddress
import os
import shutil
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import urllib3
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from webpush import WebPush
from webpush.types import WebPushSubscription

from server import create_app
from server.push import Message, PushSender, SenderSettings, VapidKeys, b64url
from server.reminders import messages

PYTHON_SERVER = textwrap.dedent("""
    import ssl, sys
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(201); self.send_header("Content-Length", "0"); self.end_headers()
        def log_message(self, *a): pass
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); context.load_cert_chain(sys.argv[2], sys.argv[3])
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.serve_forever()
""")


def _certificate(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_listening(port: int, process: subprocess.Popen, seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def start_push_endpoint(directory: Path) -> tuple[subprocess.Popen, int, str, Path]:
    cert, key = _certificate(directory)
    port = _free_port()
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if nginx:
        (directory / "logs").mkdir()
        (directory / "nginx.conf").write_text(
            textwrap.dedent(f"""
            daemon off; worker_processes 1; pid {directory}/nginx.pid; error_log {directory}/logs/error.log;
            events {{ worker_connections 1024; }}
            http {{
              access_log off; keepalive_requests 1000000; keepalive_timeout 75s;
              client_body_temp_path {directory}/body;
              server {{
                listen 127.0.0.1:{port} ssl; ssl_certificate {cert}; ssl_certificate_key {key};
                location / {{ return 201; }}
              }}
            }}""")
        )
        os.chmod(directory, 0o755)
        process = subprocess.Popen(
            [nginx, "-c", str(directory / "nginx.conf"), "-p", str(directory)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if _wait_listening(port, process):
            return process, port, "nginx", cert
        process.terminate()
        process.wait(5)
    process = subprocess.Popen([sys.executable, "-c", PYTHON_SERVER, str(port), str(cert), str(key)])
    if not _wait_listening(port, process):
        raise SystemExit("could not start a local HTTPS push endpoint")
    return process, port, "python https.server (nginx not available)", cert


def _payloads(count: int) -> list[bytes]:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "SECRET_KEY": "bench",
            "TESTING": True,
            "VAPID_INSTANCE_DIR": tempfile.mkdtemp(prefix="lh-bench-vapid-"),
        }
    )
    suggestion = {"id": 42, "title": "Kunskapspodden: att leda lärande team", "duration_minutes": 28}
    with app.app_context():
        return [
            messages.encode(
                messages.reminder_payload(
                    locale=("sv", "nb", "en")[i % 3],
                    user_id=i,
                    week="2026-W48",
                    kind="weekly",
                    minutes_left=5 + i % 55,
                    suggestion=suggestion if i % 2 else None,
                )
            )
            for i in range(count)
        ]


def _subscriptions(count: int, port: int) -> list[tuple[str, str, str]]:
    result = []
    for i in range(count):
        public = (
            ec.generate_private_key(ec.SECP256R1())
            .public_key()
            .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        )
        result.append((f"https://127.0.0.1:{port}/push/{i:05d}", b64url(public), b64url(os.urandom(16))))
    return result


class Timer:
    """Wall-clock rate and CPU seconds per message of what runs inside the `with`."""

    def __init__(self, count: int):
        self.count = count

    def __enter__(self) -> "Timer":
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.rate = self.count / (time.perf_counter() - self.wall)
        self.cpu_each = (time.process_time() - self.cpu) / self.count


def _encrypt_all(sender: PushSender, subscriptions, payloads) -> Timer:
    timer = Timer(len(payloads)).__enter__()
    for (endpoint, p256dh, auth), payload in zip(subscriptions, payloads, strict=True):
        sender.encrypt(payload, p256dh, auth, endpoint)
    timer.__exit__()
    return timer


def _fan_out(sender: PushSender, subscriptions, payloads) -> Timer:
    batch = [
        Message(endpoint, p256dh, auth, payload, topic="reminder")
        for (endpoint, p256dh, auth), payload in zip(subscriptions, payloads, strict=True)
    ]
    with Timer(len(batch)) as timer:
        outcomes = sender.send(batch)
    delivered = sum(o.result == "delivered" for o in outcomes)
    if delivered != len(batch):
        raise SystemExit(f"fan-out delivered {delivered} of {len(batch)}")
    return timer


def _naive(keys: VapidKeys, context: ssl.SSLContext, subscriptions, payloads) -> float:
    pusher = WebPush(private_key=keys.private_pem, public_key=keys.public_pem, subscriber="ops@example.com", ttl=14400)
    started = time.perf_counter()
    for (endpoint, p256dh, auth), payload in zip(subscriptions, payloads, strict=True):
        message = pusher.get(payload, WebPushSubscription(endpoint=endpoint, keys={"p256dh": p256dh, "auth": auth}))
        host, port = endpoint.split("/")[2].split(":")
        connection = http.client.HTTPSConnection(host, int(port), context=context, timeout=10)
        connection.request(
            "POST",
            "/" + endpoint.split("/", 3)[3],
            body=message.encrypted,
            headers={**message.headers, "Content-Type": "application/octet-stream"},
        )
        response = connection.getresponse()
        response.read()
        connection.close()
        if response.status != 201:
            raise SystemExit(f"naive sender got HTTP {response.status}")
    return len(payloads) / (time.perf_counter() - started)


def _client_fan_out(sender: PushSender, subscriptions, payloads, post) -> Timer:
    """The sender's encryption and headers; `post(url, body, headers) -> status` on 4 threads."""
    threads = sender.settings.connections_per_origin

    def work(chunk) -> None:
        for (endpoint, p256dh, auth), payload in chunk:
            body, authorization = sender.encryptor.encrypt(payload, endpoint, p256dh, auth)
            headers = dict(sender.headers(Message(endpoint, p256dh, auth, payload, topic="reminder"), authorization))
            if (status := post(endpoint, body, headers)) != 201:
                raise SystemExit(f"maintained client got HTTP {status}")

    items = list(zip(subscriptions, payloads, strict=True))
    with Timer(len(items)) as timer, ThreadPoolExecutor(threads) as pool:
        list(pool.map(work, [items[i::threads] for i in range(threads)]))
    return timer


def _maintained_clients(context: ssl.SSLContext, threads: int) -> dict:
    """name -> post(url, body, headers) -> status, each with a keep-alive pool of `threads`."""
    client = httpx.Client(verify=context, trust_env=False, limits=httpx.Limits(max_connections=threads))
    pool = urllib3.PoolManager(maxsize=threads, ssl_context=context)
    return {
        "httpx": lambda url, body, headers: client.post(url, content=body, headers=headers).status_code,
        "urllib3": lambda url, body, headers: (
            pool.request("POST", url, body=body, headers=headers, retries=False, redirect=False).status
        ),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench.push")
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--naive", type=int, default=1_000, help="messages per round for the (slow) naive sender")
    parser.add_argument("--clients", type=int, default=2_000, help="messages per round for each maintained client")
    args = parser.parse_args(argv)

    directory = Path(tempfile.mkdtemp(prefix="lh-bench-push-"))
    process, port, server_name, cert = start_push_endpoint(directory)
    try:
        payloads = _payloads(args.messages)
        subscriptions = _subscriptions(args.messages, port)
        keys = VapidKeys(ec.generate_private_key(ec.SECP256R1()))
        sender = PushSender(keys, "mailto:ops@example.com", SenderSettings(ca_file=str(cert)))
        sizes = sorted(len(p) for p in payloads)
        print(
            f"push endpoint: {server_name} on https://127.0.0.1:{port}; {args.messages} payloads of "
            f"{sizes[0]}–{sizes[-1]} bytes (median {sizes[len(sizes) // 2]}); CPUs: {os.cpu_count()}"
        )
        _fan_out(sender, subscriptions[:200], payloads[:200])  # warm-up: connections, caches
        context = ssl.create_default_context(cafile=str(cert))
        clients = _maintained_clients(context, sender.settings.connections_per_origin)
        bare, fan, naive = [], [], []
        # name -> per-round (clock ratio, CPU ratio) against that round's bare encryption
        ratios: dict[str, list[tuple[float, float]]] = {name: [] for name in ["sender", *clients]}
        for round_number in range(1, args.rounds + 1):
            bare.append(_encrypt_all(sender, subscriptions, payloads))
            fan.append(_fan_out(sender, subscriptions, payloads))
            naive.append(_naive(keys, context, subscriptions[: args.naive], payloads[: args.naive]))
            timers = {"sender": fan[-1]}
            for name, post in clients.items():
                timers[name] = _client_fan_out(sender, subscriptions[: args.clients], payloads[: args.clients], post)
            for name, timer in timers.items():
                ratios[name].append((timer.rate / bare[-1].rate, bare[-1].cpu_each / timer.cpu_each))
            shown = {"bare encryption": bare[-1], **timers}
            print(
                f"  round {round_number}: naive {naive[-1]:4.0f}/s   "
                + "   ".join(
                    f"{name} {timer.rate:5.0f}/s ({timer.cpu_each * 1e6:.0f} µs CPU)" for name, timer in shown.items()
                )
            )
        sender.close()
        # Each round's ratios compare measurements taken seconds apart: steadier than the rates alone.
        vs_naive = statistics.median(f.rate / n for f, n in zip(fan, naive, strict=True))
        print(
            f"bare encryption : {statistics.median(t.rate for t in bare):8.0f} messages/s "
            f"(median of {args.rounds} rounds)"
        )
        print(
            f"fan-out (sender): {statistics.median(t.rate for t in fan):8.0f} messages/s; VAPID signatures: "
            f"{sender.signer.signatures}"
        )
        print(
            f"naive sender    : {statistics.median(naive):8.0f} messages/s "
            f"({args.naive} a round, fresh JWT + TLS connection each)"
        )
        print(
            f"fan-out / naive = {vs_naive:.1f} (median of per-round ratios; target ≥ 5) "
            f"{'OK' if vs_naive >= 5 else 'MISSED'}"
        )
        print("fan-out / bare encryption, medians of per-round ratios (target ≥ 0.5):")
        for name, pairs in ratios.items():
            by_clock = statistics.median(p[0] for p in pairs)
            by_cpu = statistics.median(p[1] for p in pairs)
            what = "the sender (libcurl)" if name == "sender" else f"through {name}"
            print(
                f"  {what:30s} by the clock {by_clock:.2f} {'OK' if by_clock >= 0.5 else 'MISSED':6s}  "
                f"by CPU time {by_cpu:.2f} {'OK' if by_cpu >= 0.5 else 'MISSED'}"
            )
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
