"""A team's 12-week totals at scale: 10,000 people in 1,000 teams, two years of entries (~1,000,000 rows).

Runs on a scratch SQLite file and, when BENCH_DATABASE_URL is set, on a scratch PostgreSQL database
(`bench.support.scratch_database`). For ~100 random teams it asks `GET /api/v1/teams/{id}/totals?weeks=12` as the
team's manager through the Flask test client, reading the server time from `Server-Timing: app;dur=`.
Each answer's SQL is recorded once (untimed, which also warms the caches) and replayed straight on the
driver in the same process: its three GROUP BY aggregates over entries (weekly totals, per-member
weeks, most-logged resources) are "the bare SQL aggregate"; all its statements together (sign-in,
team, memberships, people, bank, away weeks too) show the database's whole share of the answer.
Targets: p95 < 50 ms, and the answer within 1.5 times the bare SQL aggregate.

    python -m bench team_totals     (or: python -m bench.team_totals [--users 10000] [--samples 100])
"""

import argparse
import random
import re
import statistics
import time

from sqlalchemy import event

from bench._team_totals_data import PASSWORD, generate
from bench.support import on_scratch_databases
from server import create_app
from server.extensions import db

# The GROUP BY queries over entries: weekly totals, per-member weeks, most-logged resources.
AGGREGATE = re.compile(r"\bFROM entries\b.*\bGROUP BY\b", re.S)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _app(url: str):
    config = {
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "bench",
        "RATELIMIT_ENABLED": False,
        "ARGON2_COST": {"time_cost": 1, "memory_cost": 1024},
    }
    return create_app(config)


def _app_ms(client, team_id: int) -> float:
    response = client.get(f"/api/v1/teams/{team_id}/totals?weeks=12")
    assert response.status_code == 200, response.data[:300]
    assert len(response.get_json()["weeks"]) == 12
    return float(re.search(r"app;dur=([\d.]+)", response.headers["Server-Timing"])[1])


def _engine(app):
    with app.app_context():
        return db.engine


def _recorder(into: list):
    def record(_conn, _cursor, statement, parameters, _context, _executemany):
        into.append((statement, parameters))

    return record


def _replay_ms(engine, statements: list) -> float:
    """Every statement the answer ran, with its parameters, straight on the driver: the database's
    share of the answer, with no Flask, ORM or Python rules around it."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        started = time.perf_counter()
        for statement, parameters in statements:
            cursor.execute(statement, parameters)
            if cursor.description is not None:
                cursor.fetchall()
        took = (time.perf_counter() - started) * 1000
        raw.rollback()
        return took
    finally:
        raw.close()


def measure(app, world: dict, samples: int) -> dict:
    rng = random.Random(7)
    teams = rng.sample(sorted(world["managers"]), min(samples, len(world["managers"])))
    clients = {}
    for team_id in teams:
        client = app.test_client()
        response = client.post("/api/v1/auth/login", json={"email": world["managers"][team_id], "password": PASSWORD})
        assert response.status_code == 200, response.data
        clients[team_id] = client
    engine = _engine(app)
    statements = {}
    for team_id in teams:  # every team once, untimed: warm caches, and note the SQL each answer runs
        statements[team_id] = []
        listener = _recorder(statements[team_id])
        event.listen(engine, "before_cursor_execute", listener)
        _app_ms(clients[team_id], team_id)
        event.remove(engine, "before_cursor_execute", listener)
    times = {"app": [], "sql": [], "replay": [], "app_cpu": [], "sql_cpu": []}
    for team_id in teams:
        aggregates = [(s, p) for s, p in statements[team_id] if AGGREGATE.search(s)]
        assert len(aggregates) == 3, [s for s, _ in statements[team_id]]
        cpu = time.thread_time()
        times["app"].append(_app_ms(clients[team_id], team_id))
        times["app_cpu"].append((time.thread_time() - cpu) * 1000)
        cpu = time.thread_time()
        times["sql"].append(_replay_ms(engine, aggregates))
        times["sql_cpu"].append((time.thread_time() - cpu) * 1000)
        times["replay"].append(_replay_ms(engine, statements[team_id]))
    times["statements"] = len(statements[teams[0]])
    return times


def report(label: str, times: dict) -> None:
    app_p50, app_p95 = statistics.median(times["app"]), percentile(times["app"], 0.95)
    sql_p50, sql_p95 = statistics.median(times["sql"]), percentile(times["sql"], 0.95)
    print(f"{label}: team totals (12 weeks) over {len(times['app'])} teams")
    print(
        f"  app  (Server-Timing)  p50 {app_p50:7.2f} ms   p95 {app_p95:7.2f} ms   target < 50 ms: "
        f"{'ok' if app_p95 < 50 else 'MISSED'}"
    )
    print(f"  bare SQL aggregates   p50 {sql_p50:7.2f} ms   p95 {sql_p95:7.2f} ms   (its 3 GROUP BYs on entries)")
    ratio = app_p95 / sql_p95 if sql_p95 else float("inf")
    print(
        f"  ratio app/aggregates  p50 {app_p50 / sql_p50:7.2f}x     p95 {ratio:7.2f}x   target <= 1.5x: "
        f"{'ok' if ratio <= 1.5 else 'MISSED'}"
    )
    all_p50, all_p95 = statistics.median(times["replay"]), percentile(times["replay"], 0.95)
    print(
        f"  all its SQL ({times['statements']} stmts) p50 {all_p50:7.2f} ms   p95 {all_p95:7.2f} ms   "
        f"ratio app/all SQL p50 {app_p50 / all_p50:5.2f}x  p95 {app_p95 / all_p95:5.2f}x"
    )
    # On a busy machine wall time mostly measures waiting for a CPU; this process's CPU time does not
    # (on SQLite it holds the database work too; on PostgreSQL that runs in the server's process).
    app_cpu, sql_cpu = statistics.median(times["app_cpu"]), statistics.median(times["sql_cpu"])
    print(
        f"  CPU time in this process, p50: answer {app_cpu:.2f} ms (incl. test client), aggregates {sql_cpu:.2f} ms",
        flush=True,
    )


def run(label: str, url: str, users: int, samples: int) -> None:
    app = _app(url)
    try:
        with app.app_context():
            started = time.perf_counter()
            world = generate(users=users)
            print(
                f"{label}: {world['entries']:,} entries, {users:,} people, {len(world['members']):,} teams "
                f"generated in {time.perf_counter() - started:.1f} s",
                flush=True,
            )
        report(label, measure(app, world, samples))
    finally:
        with app.app_context():
            db.engine.dispose()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench team_totals")
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=100)
    args = parser.parse_args(argv)
    on_scratch_databases("team_totals", lambda label, url: run(label, url, args.users, args.samples))


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
