"""`flask users set-password`, `flask users list` and `flask invites create`."""

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from server.accounts.models import ApiToken, User
from server.accounts.service import issue_token
from server.extensions import db
from tests.support import PASSWORD


def test_set_password_reads_it_from_stdin_and_ends_sessions(runner, org, login, app):
    old = login(org.erik)
    issue_token(org.erik, "Shortcut")
    db.session.commit()
    result = runner.invoke(args=["users", "set-password", "ERIK@acme.example"], input="brand-new-password\n")
    assert result.exit_code == 0, result.output
    assert "brand-new-password" not in result.output
    assert old.get("/api/v1/me").status_code == 401
    assert db.session.scalar(db.select(ApiToken.revoked_at)) is not None
    client = app.test_client()
    assert client.post("/api/v1/auth/login", json={"email": org.erik.email, "password": PASSWORD}).status_code == 401
    assert login(org.erik, "brand-new-password").get("/api/v1/me").status_code == 200


def test_set_password_refuses_short_passwords_and_unknown_people(runner, org):
    before = db.session.get(User, org.erik.id).password_hash
    short = runner.invoke(args=["users", "set-password", org.erik.email], input="short\n")
    assert short.exit_code != 0 and "at least 8" in short.output
    db.session.expire_all()
    assert db.session.get(User, org.erik.id).password_hash == before
    unknown = runner.invoke(args=["users", "set-password", "nobody@acme.example"], input="long-enough-pw\n")
    assert unknown.exit_code != 0 and "No account" in unknown.output


def test_the_password_is_never_an_argument(runner, org):
    result = runner.invoke(args=["users", "set-password", org.erik.email, "--password", "x" * 12])
    assert result.exit_code == 2 and "No such option" in result.output


def test_users_list(runner, org):
    org.sara.active = False
    db.session.commit()
    lines = runner.invoke(args=["users", "list", "--organisation", "Acme AB"]).output.splitlines()
    assert len(lines) == 6
    rows = {line.split("\t")[0]: line.split("\t") for line in lines}
    assert rows["maja@acme.example"][1:5] == ["manager", "active", "Maja", "Product"]
    assert rows["sara@acme.example"][2] == "deactivated"
    assert rows["admin@acme.example"][4] == ""
    assert runner.invoke(args=["users", "list"]).output.count("\n") == 8


def test_invites_create_prints_a_working_link(runner, org, app):
    result = runner.invoke(args=["invites", "create", "--team", "Support", "--organisation", "Acme AB"])
    assert result.exit_code == 0, result.output
    url = result.stdout.strip()
    assert "/invite/" in url
    info = app.test_client().get("/api/v1/invites/" + url.rsplit("/", 1)[1])
    assert info.status_code == 200 and info.get_json()["team"] == {"name": "Support"}
    missing = runner.invoke(args=["invites", "create", "--team", "Nope", "--organisation", "Acme AB"])
    assert missing.exit_code != 0 and "No team named Nope" in missing.output


def _read_until(fd: int, text: bytes, timeout: float = 60.0) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while text not in seen:
        assert time.monotonic() < deadline, f"waited for {text!r}, saw {seen!r}"
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 1024)
            except OSError:
                break
    return seen


def test_on_a_terminal_the_password_is_prompted_twice_and_not_echoed(org, database_url, login):
    """The real command in a pseudo-terminal, as an operator would type it."""
    primary, secondary = pty.openpty()
    env = os.environ | {"DATABASE_URL": database_url, "SECRET_KEY": "test-secret-key-not-for-production"}
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("flask")), "--app", "wsgi", "users", "set-password", org.erik.email],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
    )
    os.close(secondary)
    try:
        _read_until(primary, b"New password")
        os.write(primary, b"typed-on-a-terminal\n")
        _read_until(primary, b"Repeat")
        os.write(primary, b"typed-on-a-terminal\n")
        rest = _read_until(primary, b"Password set")
        assert process.wait(timeout=30) == 0
    finally:
        process.kill() if process.poll() is None else None
        os.close(primary)
    assert b"typed-on-a-terminal" not in rest
    assert login(org.erik, "typed-on-a-terminal").get("/api/v1/me").status_code == 200
