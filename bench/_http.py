"""Serving and asking over real HTTP, for the benchmarks that measure through gunicorn: a server
started (and stopped) by its own pid on a free port, and clients that each keep one connection."""

import http.client
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Server:
    """gunicorn serving `target` (e.g. "wsgi:app") with `env`, logging to `log`."""

    def __init__(self, target: str, env: dict, log: Path, *, workers: int = 4, threads: int = 2):
        self.port = free_port()
        self.log = log.open("ab")
        # Keep-alive longer than a phone thinks (gunicorn's default is 2 s), as the reverse proxy in
        # front of it would: otherwise a phone's next request races the server closing its connection.
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--backlog",
                "2048",
                "--keep-alive",
                "10",
                target,
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=self.log,
        )
        self.url = f"http://127.0.0.1:{self.port}"

    def wait(self, path: str) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + path, timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer {path}; see {self.log.name}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def hammer(server: Server, paths: list[str], headers: dict, clients: int, seconds: float) -> dict:
    """`clients` threads, one kept-alive connection each, asking `paths` in turn with no pause for
    `seconds`: latencies (ms, as the client saw them), requests per second and errors."""
    latencies: list[float] = []
    errors = [0]
    stop = time.monotonic() + seconds

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        n = offset
        while time.monotonic() < stop:
            path = paths[n % len(paths)]
            n += 1
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                errors[0] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
                continue
            latencies.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                errors[0] += 1
        connection.close()

    began = time.monotonic()
    threads = [threading.Thread(target=client, args=(i * 7,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.monotonic() - began
    return {
        "p50": statistics.median(latencies),
        "p95": percentile(latencies, 0.95),
        "rps": len(latencies) / took,
        "errors": errors[0],
        "count": len(latencies),
    }
