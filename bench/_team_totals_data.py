"""Data for the team totals benchmark: one organisation, people in teams of ten (a few moved team five
weeks ago, a few away on holiday), a bank of resources with saves, and two years of entries inserted in
bulk (executemany on SQLite, COPY on PostgreSQL)."""

import random
import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select

from server.accounts import service as accounts
from server.accounts.security import hash_password
from server.extensions import db
from server.log.models import ACTIVITIES
from server.log.weeks import week_start_of

PASSWORD = "bench-password-1234"
TEAM_SIZE = 10
RESOURCES = 200
ENTRY_COLUMNS = (
    "id",
    "user_id",
    "organisation_id",
    "date",
    "week_start",
    "minutes",
    "activity",
    "title",
    "resource_id",
    "note",
    "created_at",
    "updated_at",
)
CHUNK = 50_000


def _ids(table, key, where) -> dict:
    return dict(db.session.execute(select(table.c[key], table.c.id).where(where)).all())


def _entry_rows(rng: random.Random, user_ids: list[int], org_id: int, first_monday, weeks: int, resource_ids):
    now = datetime.now(UTC)
    # Week by week, as people log: one person's entries end up spread over the whole table.
    for week in range(weeks):
        monday = first_monday + timedelta(weeks=week)
        for user_id in user_ids:
            # ~0.96 entries a week on average: most people log once, some twice, some skip a week.
            count = (rng.random() < 0.8) + (rng.random() < 0.16)
            for _ in range(count):
                day = monday + timedelta(days=rng.randrange(5))
                yield (
                    str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    user_id,
                    org_id,
                    day,
                    monday,
                    rng.choice((10, 15, 20, 25, 30, 45, 60, 90)),
                    rng.choice(ACTIVITIES),
                    "Something learned",
                    rng.choice(resource_ids) if rng.random() < 0.2 else None,
                    "A private thought" if rng.random() < 0.3 else None,
                    now,
                    now,
                )


def _insert_entries(rows) -> int:
    connection = db.session.connection()
    total = 0
    if connection.dialect.name == "postgresql":
        cursor = connection.connection.driver_connection.cursor()
        with cursor.copy(f"COPY entries ({', '.join(ENTRY_COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                total += 1
        return total
    # SQLite: the driver's executemany with values already in SQLAlchemy's storage format (ISO text).
    cursor = connection.connection.driver_connection.cursor()
    sql = f"INSERT INTO entries ({', '.join(ENTRY_COLUMNS)}) VALUES ({', '.join('?' * len(ENTRY_COLUMNS))})"
    batch = []
    for row in rows:
        batch.append(_sqlite_values(row))
        if len(batch) == CHUNK:
            cursor.executemany(sql, batch)
            total, batch = total + len(batch), []
    cursor.executemany(sql, batch)
    return total + len(batch)


def _sqlite_values(row: tuple) -> tuple:
    return tuple(
        v.strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(v, datetime) else v.isoformat() if isinstance(v, date) else v
        for v in row
    )


def generate(users: int = 10_000, weeks: int = 104, seed: int = 42) -> dict:
    rng = random.Random(seed)
    t = db.metadata.tables
    org = accounts.get_or_create_organisation("Bench AB", timezone="Europe/Stockholm")
    this_monday = week_start_of(datetime.now(ZoneInfo("Europe/Stockholm")).date())
    first_monday = this_monday - timedelta(weeks=weeks - 1)
    long_ago = datetime.now(UTC) - timedelta(weeks=weeks + 2)
    password_hash = hash_password(PASSWORD)

    db.session.execute(
        insert(t["users"]),
        [
            {
                "organisation_id": org.id,
                "email": f"person{i:05d}@bench.example",
                "name": f"Person {i:05d}",
                "password_hash": password_hash,
                "role": "manager" if i % TEAM_SIZE == 0 else "employee",
                "locale": rng.choice(("sv", "nb", "en")),
                "timezone": "Europe/Stockholm",
                "weekly_goal_minutes": rng.choice((None,) * 8 + (30, 90)),
                "created_at": long_ago,
            }
            for i in range(users)
        ],
    )
    by_email = _ids(t["users"], "email", t["users"].c.organisation_id == org.id)
    user_ids = [by_email[f"person{i:05d}@bench.example"] for i in range(users)]
    team_count = users // TEAM_SIZE
    db.session.execute(
        insert(t["teams"]), [{"organisation_id": org.id, "name": f"Team {k:04d}"} for k in range(team_count)]
    )
    by_name = _ids(t["teams"], "name", t["teams"].c.organisation_id == org.id)
    team_ids = [by_name[f"Team {k:04d}"] for k in range(team_count)]

    memberships, members = [], {team_id: [] for team_id in team_ids}
    moved_on = this_monday - timedelta(weeks=5) + timedelta(days=2)
    for i, user_id in enumerate(user_ids[: team_count * TEAM_SIZE]):
        team = team_ids[i // TEAM_SIZE]
        if i % 50 == 7:  # one in fifty moved to the next team on a Wednesday five weeks ago
            new_team = team_ids[(i // TEAM_SIZE + 1) % team_count]
            memberships += [
                {"team_id": team, "user_id": user_id, "joined_on": long_ago.date(), "left_on": moved_on},
                {"team_id": new_team, "user_id": user_id, "joined_on": moved_on, "left_on": None},
            ]
            members[new_team].append(user_id)
        else:
            memberships.append({"team_id": team, "user_id": user_id, "joined_on": long_ago.date(), "left_on": None})
            members[team].append(user_id)
    db.session.execute(insert(t["team_memberships"]), memberships)
    db.session.execute(
        insert(t["team_managers"]),
        [{"team_id": team_ids[k], "user_id": user_ids[k * TEAM_SIZE]} for k in range(team_count)],
    )
    db.session.execute(
        insert(t["away_periods"]),
        [
            {
                "user_id": user_id,
                "starts_on": this_monday - timedelta(weeks=w),
                "ends_on": this_monday - timedelta(weeks=w - 2),
                "reason": "holiday",
            }
            for user_id in rng.sample(user_ids, users // 50)
            for w in [rng.randrange(3, 12)]
        ],
    )

    db.session.execute(
        insert(t["resources"]),
        [
            {
                "organisation_id": org.id,
                "url": f"https://learning.example/{r}",
                "url_key": f"https://learning.example/{r}",  # what bank.urls.link_key makes of it
                "kind": rng.choice(("podcast", "article")),
                "title": f"Resource {r}",
                "tags_text": "",
                "shared_by_id": rng.choice(user_ids),
            }
            for r in range(RESOURCES)
        ],
    )
    resource_ids = list(_ids(t["resources"], "url", t["resources"].c.organisation_id == org.id).values())
    saves = {(rng.choice(user_ids), rng.choice(resource_ids)) for _ in range(users * 2)}
    db.session.execute(
        insert(t["resource_saves"]),
        [
            {"user_id": u, "resource_id": r, "created_at": long_ago + timedelta(hours=rng.randrange(weeks * 168))}
            for u, r in saves
        ],
    )

    entries = _insert_entries(_entry_rows(rng, user_ids, org.id, first_monday, weeks, resource_ids))
    db.session.commit()
    with db.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    managers = {team_ids[k]: f"person{k * TEAM_SIZE:05d}@bench.example" for k in range(team_count)}
    return {"organisation_id": org.id, "entries": entries, "members": members, "managers": managers}
