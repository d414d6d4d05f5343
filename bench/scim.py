"""Provisioning (SCIM) in an organisation of 5,000 people: what a directory's requests cost.

On a temporary SQLite file, through the Flask test client with a provisioning token, server time
from `Server-Timing`:

- Okta's lookup before every create, `GET /Users?filter=userName eq "…"` (narrowed to one row in the
  database, then matched by scim2-models), and Entra's `emails[type eq "work"].value eq`.
- the same person found by a filter the database cannot narrow (`userName sw "…"`): every person
  matched in Python, the worst case.
- people found by the enterprise extension (every person linked, 50 departments of 100 people, a
  manager each): `…:department eq "…"` (case ignored: read from two columns of every linked person,
  compared in Python) and `…:manager.value eq "…"` (compared in SQL), one page of 100 people each.
- `POST /Users` (a new person) and a PATCH adding 1,000 members to a team.

Baseline: `GET /ServiceProviderConfig` in the same run (the token check and a SCIM answer, no people).

    python -m bench scim      (or: python -m bench.scim [--people 5000])
"""

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from flask_migrate import upgrade
from sqlalchemy import insert

from server import create_app
from server.accounts import service as accounts
from server.accounts.models import DirectoryIdentity, User
from server.clock import utcnow
from server.extensions import db
from server.scim import service as scim
from server.teams import service as teams

TIMING = re.compile(r"app;dur=([\d.]+)")
SCIM_JSON = "application/scim+json"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def _ms(response) -> float:
    assert response.status_code < 300, response.get_data(as_text=True)[:300]
    return _timing(response)


def _timing(response) -> float:
    return float(TIMING.search(response.headers["Server-Timing"]).group(1))


def _report(label: str, times: list[float], baseline: float) -> None:
    ordered = sorted(times)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    median = statistics.median(ordered)
    print(f"  {label:<58} median {median:7.2f} ms  p95 {p95:7.2f} ms  {median / baseline:6.1f}× baseline")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.scim")
    parser.add_argument("--people", type=int, default=5000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(scratch) / 'scim.db'}",
                "SECRET_KEY": "bench",
                "RATELIMIT_ENABLED": False,
            }
        )
        with app.app_context():
            upgrade()
            org = accounts.get_or_create_organisation("Bench AB")
            admin = accounts.create_user(org, email="admin@bench.example", name="Admin", password=None, role="admin")
            rows = [
                {
                    "organisation_id": org.id,
                    "email": f"p{n}@bench.example",
                    "name": f"Person {n}",
                    "role": "employee",
                    "locale": "sv",
                    "timezone": "Europe/Stockholm",
                    "active": True,
                }
                for n in range(args.people)
            ]
            db.session.execute(insert(User), rows)
            team_id = teams.create_team(org.id, "Everyone").id
            _token, plain = scim.issue_token(admin, "Bench")
            db.session.commit()
            client = app.test_client()
            headers = {"Authorization": f"Bearer {plain}"}
            get = lambda path: client.get("/scim/v2" + path, headers=headers)  # noqa: E731
            print(f"SQLite, {args.people} people:")
            baseline = statistics.median(_ms(get("/ServiceProviderConfig")) for _ in range(50))
            print(f"  baseline GET /ServiceProviderConfig median {baseline:.2f} ms")
            wanted = [f"p{n}@bench.example" for n in range(0, args.people, max(1, args.people // 100))]

            def lookup(expression: str) -> float:
                return _ms(get("/Users?" + urlencode({"filter": expression})))

            entra = [lookup(f'emails[type eq "work"].value eq "{w}"') for w in wanted]
            _report('GET /Users?filter=emails[type eq "work"].value eq "…" (Entra)', entra, baseline)
            _report(
                'GET /Users?filter=userName eq "…" (Okta)', [lookup(f'userName eq "{w}"') for w in wanted], baseline
            )
            _link_everyone(org.id)
            departments = [f'{ENTERPRISE}:department eq "DEPARTMENT {n}"' for n in range(0, 50, 5)]
            _report("GET /Users?filter=…:department eq (100 of 5,000)", [lookup(d) for d in departments], baseline)
            managers = [f'{ENTERPRISE}:manager.value eq "m-{n}"' for n in range(0, 50, 5)]
            _report("GET /Users?filter=…:manager.value eq (100 of 5,000)", [lookup(m) for m in managers], baseline)
            refused = get("/Users?" + urlencode({"filter": 'userName sw "p1"'}))
            assert refused.status_code == 400 and refused.get_json()["scimType"] == "tooMany"
            print(f"  a filter the database cannot narrow: refused (tooMany) in {_timing(refused):.2f} ms")
            small = accounts.get_or_create_organisation("Small AB")
            small_admin = accounts.create_user(small, email="a@small.example", name="A", password=None, role="admin")
            rows = [
                row | {"organisation_id": small.id, "email": f"s{n}@small.example"} for n, row in enumerate(rows[:1999])
            ]
            db.session.execute(insert(User), rows)
            _token, small_plain = scim.issue_token(small_admin, "Bench")
            db.session.commit()
            small_headers = {"Authorization": f"Bearer {small_plain}"}
            unnarrowed = [
                _ms(
                    client.get("/scim/v2/Users?" + urlencode({"filter": f'userName sw "s{n}@"'}), headers=small_headers)
                )
                for n in range(0, 2000, 400)
            ]
            _report("… userName sw in an organisation of 2,000 (all matched)", unnarrowed, baseline)
            created = []
            for n in range(100):
                body = {
                    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                    "userName": f"new{n}@bench.example",
                    "emails": [{"value": f"new{n}@bench.example"}],
                    "displayName": f"New {n}",
                    "active": True,
                }
                created.append(
                    _ms(client.post("/scim/v2/Users", data=json.dumps(body), content_type=SCIM_JSON, headers=headers))
                )
            _report("POST /Users (a new person)", created, baseline)
            members = [{"value": str(n)} for n in range(2, 1002)]
            body = {
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [{"op": "add", "path": "members", "value": members}],
            }
            started = time.perf_counter()
            answer = client.patch(
                f"/scim/v2/Groups/{team_id}", data=json.dumps(body), content_type=SCIM_JSON, headers=headers
            )
            assert answer.status_code == 204, answer.get_data(as_text=True)[:300]
            took = (time.perf_counter() - started) * 1000
            print(f"  PATCH /Groups/… adding 1,000 members (one audit row each)  {took:8.0f} ms")


def _link_everyone(organisation_id: int) -> None:
    """Every person of the organisation in the directory, with a department and a manager of 50."""
    ids = db.session.scalars(db.select(User.id).where(User.organisation_id == organisation_id, User.role == "employee"))
    now = utcnow()
    rows = [
        {
            "user_id": user_id,
            "organisation_id": organisation_id,
            "user_name": f"u{user_id}",
            "user_name_key": f"u{user_id}",
            "department": f"Department {n % 50}",
            "manager_value": f"m-{n % 50}",
            "created_at": now,
        }
        for n, user_id in enumerate(ids)
    ]
    db.session.execute(insert(DirectoryIdentity), rows)
    db.session.commit()


if __name__ == "__main__":
    main(sys.argv[1:])
