"""The bank with 100,000 resources: search and browsing at the speed of typing.

Runs on a scratch SQLite file and, when BENCH_DATABASE_URL is set, on a scratch PostgreSQL database
(`bench.support.scratch_database`). The bank is filled in bulk with realistic Swedish, Norwegian and English
titles, descriptions and tags, folded for search as the app folds them (the full-text index over that
is kept by the database's own triggers, as in production). Through the Flask test client with a bearer
token, server time from `Server-Timing`:

- `GET /api/v1/resources?q=…` over ~200 varied queries (common and rare words, prefixes as typed,
  two words, tags). Target: p95 under 30 ms.
- a page of 20: `GET /api/v1/resources?limit=20` and the following cursors, newest and most popular.
  Target: p95 under 15 ms.
- the same searches over real HTTP: gunicorn (2 workers, 2 threads) on the same database, 8 clients
  with one connection each, against a bare Flask endpoint on the same settings and clients in the
  same run. Target: p95 ≤ 6 ms and ≥ 0.30× the bare endpoint's requests per second.

Baseline: the bare search / page SQL in the same process; the ratios show what the app adds.

    python -m bench bank      (or: python -m bench.bank [--resources 100000] [--queries 200])
"""

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import insert, select, tuple_

from bench._http import Server, hammer
from bench.support import on_scratch_databases
from server import create_app
from server.accounts import service as accounts
from server.bank.browse import decode_cursor
from server.bank.models import KINDS, Resource, ResourceTag, Tag
from server.bank.search import restrict
from server.bank.urls import link_key
from server.extensions import db
from server.search import document

TIMING = re.compile(r"app;dur=([\d.]+)")
CHUNK = 5_000
STOP_WORDS = "och att i på för med om som en ett det hur vi the and of to in for how og å".split()
CONTENT_WORDS = """
ledarskap feedback team produkt kund kunder data analys design tillgänglighet säkerhet molnet arkitektur
förändring kultur lärande coaching samtal möten strategi innovation hållbarhet ekonomi budget försäljning
marknad varumärke kommunikation skrivande presentation retorik stress återhämtning sömn hälsa fokus vanor
prioritering planering agilt scrum kanban lean flöde kvalitet testning automation python javascript sql
statistik maskininlärning språkmodeller etik juridik gdpr avtal rekrytering onboarding mentorskap karriär
lön förhandling konflikt psykologisk trygghet motivation engagemang distansarbete hybrid kontoret verktyg
ledelse kundeservice læring tilbakemelding møter prosjekt helse søvn vaner kommunikasjon endring bærekraft
leadership learning customer service growth product discovery research interviews prototype metrics
onboarding hiring culture remote writing clarity habits focus systems thinking design engineering security
privacy cloud platform architecture testing quality delivery roadmap strategy negotiation storytelling
podcast avsnitt intervju guide handbok introduktion fördjupning praktik exempel fallstudie erfarenheter
nordisk svensk norsk stockholm göteborg malmö oslo bergen trondheim köpenhamn helsingfors
""".split()
WORDS = STOP_WORDS + CONTENT_WORDS
TAGS = [
    "ledarskap",
    "ai",
    "produkt",
    "data",
    "ux",
    "kultur",
    "kommunikation",
    "hållbarhet",
    "säkerhet",
    "kundservice",
    "kundeservice",
    "lärande",
    "læring",
    "agilt",
    "lean",
    "hälsa",
    "karriär",
    "sql",
    "python",
    "design",
    "strategi",
    "feedback",
    "coaching",
    "ekonomi",
    "juridik",
    "rekrytering",
    "etik",
    "moln",
    "test",
    "analys",
] + [f"ämne-{n}" for n in range(270)]
WEIGHTS = [1 / (rank + 1) for rank in range(len(WORDS))]  # Zipf
TAG_WEIGHTS = [1 / (rank + 1) for rank in range(len(TAGS))]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _words(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choices(WORDS, WEIGHTS, k=rng.randint(low, high)))


def fill(org_id: int, user_id: int, count: int, rng: random.Random) -> None:
    """Bulk-insert `count` resources with 1–4 tags each; popularity spread like real use (few very popular)."""
    with db.engine.begin() as conn:
        conn.execute(insert(Tag.__table__), [{"organisation_id": org_id, "name": t} for t in TAGS])
        tag_ids = dict(conn.execute(select(Tag.name, Tag.id).where(Tag.organisation_id == org_id)).all())
    start = datetime.now(UTC) - timedelta(days=3 * 365)
    for first in range(0, count, CHUNK):
        rows, links = [], []
        for n in range(first, min(count, first + CHUNK)):
            tags = list(dict.fromkeys(rng.choices(TAGS, TAG_WEIGHTS, k=rng.randint(1, 4))))
            kind = rng.choice(KINDS)
            saves, logs, reactions = (int(rng.paretovariate(1.5)) - 1 for _ in range(3))
            created = start + timedelta(minutes=n * 15)
            title, description = _words(rng, 4, 9).capitalize(), _words(rng, 12, 30)
            url = f"https://example.com/{kind}/{n}"
            rows.append(
                {
                    "organisation_id": org_id,
                    "url": url,
                    "url_key": link_key(url),
                    "kind": kind,
                    "title": title,
                    "description": description,
                    "tags_text": " ".join(tags),
                    "search_text": document(title, description, " ".join(tags)),
                    "duration_minutes": rng.choice((None, 10, 20, 30, 45, 60)),
                    "starts_at": created + timedelta(days=rng.randint(-30, 400)) if kind == "webinar" else None,
                    "shared_by_id": user_id,
                    "created_at": created,
                    "updated_at": created,
                    "removed_at": None,
                    "save_count": saves,
                    "log_count": logs,
                    "logged_minutes": logs * 25,
                    "reaction_count": reactions,
                    "popularity": saves + logs + reactions,
                }
            )
            links.append(tags)
        with db.engine.begin() as conn:
            ids = conn.execute(
                insert(Resource.__table__).returning(Resource.__table__.c.id, sort_by_parameter_order=True), rows
            ).scalars()
            conn.execute(
                insert(ResourceTag.__table__),
                [
                    {"resource_id": rid, "tag_id": tag_ids[t]}
                    for rid, tags in zip(ids, links, strict=True)
                    for t in tags
                ],
            )


def queries(rng: random.Random, count: int) -> list[str]:
    kinds = [
        lambda: rng.choice(CONTENT_WORDS[:40]),  # common word
        lambda: rng.choice(CONTENT_WORDS[-80:]),  # rarer word
        lambda: rng.choice(CONTENT_WORDS)[: rng.randint(3, 5)],  # typing a prefix
        lambda: " ".join(rng.sample(CONTENT_WORDS[:120], 2)),  # two words
        lambda: rng.choice(TAGS[:30]),  # a tag
        lambda: rng.choice(CONTENT_WORDS) + " " + rng.choice(CONTENT_WORDS)[:3],  # word and a prefix
    ]
    return [rng.choice(kinds)() for _ in range(count)]


def _timed(client, url: str, headers: dict) -> tuple[float, dict]:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.get_json()
    return float(TIMING.search(response.headers["Server-Timing"])[1]), response.get_json()


def _bare_ms(org_id: int, *, q: str | None = None, sort: str = "new", cursor: str | None = None) -> float:
    """The same search or page as bare SQL on a connection: no HTTP, no ORM objects, no shaping."""
    table = Resource.__table__
    stmt, id_column = restrict(select(table).where(table.c.organisation_id == org_id, table.c.removed_at.is_(None)), q)
    keys = decode_cursor(cursor).get("k") if cursor else None
    if sort == "popular":
        if keys:
            stmt = stmt.where(tuple_(table.c.popularity, table.c.id) < tuple_(*keys))
        stmt = stmt.order_by(table.c.popularity.desc(), table.c.id.desc())
    else:
        if keys:
            stmt = stmt.where(id_column < keys[0])
        stmt = stmt.order_by(id_column.desc())
    started = time.perf_counter()
    with db.engine.connect() as conn:
        conn.execute(stmt.limit(21)).all()
    return (time.perf_counter() - started) * 1000


def _report(label: str, app_ms: list[float], bare_ms: list[float], target: float) -> None:
    print(
        f"  {label} ({len(app_ms)} requests): median {statistics.median(app_ms):.1f} ms, "
        f"p95 {percentile(app_ms, 0.95):.1f} ms  (target: p95 < {target:.0f} ms)"
    )
    print(
        f"    bare SQL: median {statistics.median(bare_ms):.1f} ms, p95 {percentile(bare_ms, 0.95):.1f} ms; "
        f"ratio app/bare median {statistics.median(app_ms) / statistics.median(bare_ms):.1f}x, "
        f"p95 {percentile(app_ms, 0.95) / percentile(bare_ms, 0.95):.1f}x",
        flush=True,
    )


def bench_search(client, headers, org_id: int, texts: list[str]) -> None:
    for q in texts[:10]:
        client.get("/api/v1/resources", query_string={"q": q}, headers=headers)
    app_ms, bare_ms, hits = [], [], 0
    for q in texts:
        took, body = _timed(client, "/api/v1/resources?" + urlencode({"q": q}), headers)
        app_ms.append(took)
        hits += bool(body["items"])
        bare_ms.append(_bare_ms(org_id, q=q))
    _report(f"search GET /resources?q=… ({hits} of {len(texts)} queries found something)", app_ms, bare_ms, 30)


def bench_pages(client, headers, org_id: int, walks: int, depth: int) -> None:
    app_ms, bare_ms = [], []
    for walk in range(walks + 1):
        sort = ("new", "popular")[walk % 2]
        cursor = None
        for _ in range(depth):
            params = {"limit": 20, "sort": sort, **({"cursor": cursor} if cursor else {})}
            took, body = _timed(client, "/api/v1/resources?" + urlencode(params), headers)
            assert len(body["items"]) == 20
            if walk:  # the first walk warms up
                app_ms.append(took)
                bare_ms.append(_bare_ms(org_id, sort=sort, cursor=cursor))
            cursor = body["next_cursor"]
    _report(
        f"page of 20, GET /resources?limit=20 and {depth - 1} following cursors, new and popular", app_ms, bare_ms, 15
    )


def bench_http(url: str, headers: dict, texts: list[str], seconds: float) -> None:
    """Over real HTTP: gunicorn (2 workers, 2 threads) on the same database, 8 clients with one
    connection each searching without pause, beside a bare Flask endpoint on the same settings."""
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "bench", "LOG_LEVEL": "WARNING"}
    paths = ["/api/v1/resources?" + urlencode({"q": q}) for q in texts]
    with tempfile.TemporaryDirectory(prefix="bench-bank-") as tmp:
        app = Server("wsgi:app", env, Path(tmp) / "gunicorn.log", workers=2, threads=2)
        bare = Server("bench._bare:app", env, Path(tmp) / "gunicorn.log", workers=2, threads=2)
        try:
            app.wait("/healthz")
            bare.wait("/bare")
            hammer(app, paths[:20], headers, 8, 1)  # warm every worker
            found = hammer(app, paths, headers, 8, seconds)
            ceiling = hammer(bare, ["/bare"], {}, 8, seconds)
        finally:
            app.stop()
            bare.stop()
    print(
        f"  over HTTP, gunicorn 2x2 threads, 8 clients, {seconds:.0f} s: search p50 {found['p50']:.1f} ms, "
        f"p95 {found['p95']:.1f} ms, {found['rps']:.0f} req/s, {found['errors']} errors (target: p95 <= 6 ms)"
    )
    print(
        f"    bare Flask: p50 {ceiling['p50']:.1f} ms, p95 {ceiling['p95']:.1f} ms, {ceiling['rps']:.0f} req/s; "
        f"search throughput {found['rps'] / ceiling['rps']:.2f}x bare (target >= 0.30x)",
        flush=True,
    )


def run(label: str, url: str, count: int, query_count: int, seconds: float = 10) -> None:
    print(f"{label}:", flush=True)
    # The request log stays quiet here: thousands of lines would hide the figures.
    config = {
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "bench",
        "RATELIMIT_ENABLED": False,
        "ARGON2_COST": {"time_cost": 1, "memory_cost": 1024},
        "LOG_LEVEL": "WARNING",
    }
    app = create_app(config)
    with app.app_context():
        try:
            org = accounts.get_or_create_organisation("Bench AB")
            other = accounts.get_or_create_organisation("Other Oy")
            user = accounts.create_user(org, email="reader@bench.example", name="Reader", password="bench-pass-123")
            neighbour = accounts.create_user(other, email="n@bench.example", name="N", password="bench-pass-123")
            db.session.commit()
            _, token = accounts.issue_token(user, "bench")
            db.session.commit()  # services flush; the bulk fill below runs on connections of its own
            rng = random.Random(7)
            started = time.perf_counter()
            fill(org.id, user.id, count, rng)
            fill(other.id, neighbour.id, count // 20, rng)
            with db.engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE")
            print(
                f"  filled {count:,} resources (+{count // 20:,} in another organisation) "
                f"in {time.perf_counter() - started:.1f} s",
                flush=True,
            )
            client, headers = app.test_client(), {"Authorization": f"Bearer {token}"}
            bench_search(client, headers, org.id, queries(rng, query_count))
            bench_pages(client, headers, org.id, walks=20, depth=10)
            bench_http(url, headers, queries(rng, query_count), seconds)
        finally:
            db.session.remove()
            db.engine.dispose()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench.bank")
    parser.add_argument("--resources", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10, help="of each run over HTTP")
    args = parser.parse_args(argv)
    return on_scratch_databases("bank", lambda label, url: run(label, url, args.resources, args.queries, args.seconds))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
