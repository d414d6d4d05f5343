"""Servers in their own processes, as production runs them, on the suite's database."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from tests.support import wait_for

ROOT = Path(__file__).resolve().parents[2]
# The processes get a key of their own rather than writing one under the project's instance folder.
VAPID_KEY = (
    ec.generate_private_key(ec.SECP256R1())
    .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    .decode()
)


def _healthy(base: str) -> bool:
    try:
        return httpx.get(base + "/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def start_server(database_url):
    """start_server(**env) -> base URL of `flask run` in a new process on the suite's database."""
    processes = []

    def start(**env) -> str:
        port = free_port()
        environment = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "VAPID_PRIVATE_KEY": VAPID_KEY,
            "PUSH_ALLOWED_ENDPOINTS": "http://127.0.0.1:",
            "ARGON2_TIME_COST": "1",
            "ARGON2_MEMORY_COST": "1024",
            **env,
        }
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "flask",
                "--app",
                "wsgi",
                "run",
                "--port",
                str(port),
                "--no-reload",
                "--no-debugger",
            ],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        processes.append(process)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(lambda: _healthy(base) or process.poll() is not None, timeout=30, what=f"{base} starting")
        except AssertionError:
            process.kill()
            raise
        if process.poll() is not None:
            raise AssertionError(f"server did not start: {process.stderr.read().decode()[-2000:]}")
        return base

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=10)
