"""Importing a browser's bookmarks: 10,000 links in nested folders through `POST /resources/import`.

Target: under 30 s for 10,000 bookmarks (the file made here: nested folders, TAGS, descriptions, a
few links twice and a few that are no web address). Then the same file again (every link already in
the bank: merged), and the bank exported back out. Runs on a scratch SQLite file and, when
BENCH_DATABASE_URL is set, on a scratch PostgreSQL database (`bench.support.scratch_database`). Through the
Flask test client with a bearer token, so the figures include the upload, parsing and every statement.

    python -m bench bank_import      (or: python -m bench.bank_import [--bookmarks 10000])
"""

import argparse
import io
import random
import sys
import time
from html import escape

from sqlalchemy import func, select

from bench.support import on_scratch_databases
from server import create_app
from server.accounts import service as accounts
from server.bank.models import Resource
from server.extensions import db

WORDS = """ledarskap feedback produkt kund data analys design tillgänglighet säkerhet arkitektur förändring
kultur lärande coaching strategi innovation hållbarhet kommunikation skrivande retorik återhämtning fokus
planering agilt kvalitet testning automation statistik etik rekrytering mentorskap karriär læring møter
endring bærekraft leadership learning growth research interviews metrics onboarding habits systems""".split()
HOSTS = [
    "www.youtube.com",
    "open.spotify.com",
    "www.coursera.org",
    "www.linkedin.com",
    "medium.com",
    "sverigesradio.se",
    "example.com",
    "blogg.example.se",
    "kurs.example.no",
    "www.eventbrite.se",
]
FOLDERS = [
    ["Ledarskap"],
    ["Ledarskap", "Feedback & samtal"],
    ["Data", "SQL"],
    ["Podcasts"],
    ["Kurser", "Språk"],
    ["Läsa senare"],
    [],
]


def _link(number: int) -> str:
    host = HOSTS[number % len(HOSTS)]
    path = {"www.linkedin.com": "learning", "www.eventbrite.se": "e"}.get(host, WORDS[number * 7 % len(WORDS)])
    return f"https://{host}/{path}/{WORDS[number % len(WORDS)]}-{number}?utm_source=bookmarks&id={number}"


def bookmark_file(count: int, *, duplicates: int = 0, invalid: int = 0, seed: int = 7) -> str:
    """A browser-style bookmark file: `count` different links spread over nested folders (some with
    TAGS, some with a description), then `duplicates` links again and `invalid` entries that are no
    web address (javascript:, no href)."""
    rng = random.Random(seed)
    by_folder: dict[tuple, list[str]] = {tuple(f): [] for f in FOLDERS}
    for number in range(count):
        folder = tuple(FOLDERS[number % len(FOLDERS)])
        title = escape(f"{rng.choice(WORDS).title()} & {rng.choice(WORDS)} {number}")
        tags = f' TAGS="{rng.choice(WORDS)},{rng.choice(WORDS)}"' if number % 3 == 0 else ""
        line = f'<DT><A HREF="{escape(_link(number))}" ADD_DATE="{1_600_000_000 + number}"{tags}>{title}</A>\n'
        if number % 5 == 0:
            line += f"<DD>Varför {escape(rng.choice(WORDS))} &lt;spelar roll&gt; för oss\n"
        by_folder[folder].append(line)
    extra = [f'<DT><A HREF="{escape(_link(n))}">Again {n}</A>\n' for n in range(min(duplicates, count))]
    extra += [
        '<DT><A HREF="javascript:alert(1)">Bookmarklet</A>\n' if n % 2 else "<DT><A>No link</A>\n"
        for n in range(invalid)
    ]
    parts = [
        '<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<META HTTP-EQUIV="Content-Type" CONTENT="text/html; '
        'charset=UTF-8">\n<TITLE>Bookmarks</TITLE>\n<H1>Bookmarks</H1>\n<DL><p>\n'
        '<DT><H3 PERSONAL_TOOLBAR_FOLDER="true">Bookmarks bar</H3>\n<DL><p>\n'
    ]
    parts += by_folder[()]
    for folder in FOLDERS:
        if not folder:
            continue
        parts += [f"<DT><H3>{escape(name)}</H3>\n<DL><p>\n" for name in folder]
        parts += by_folder[tuple(folder)]
        parts += ["</DL><p>\n"] * len(folder)
    parts += extra + ["</DL><p>\n</DL><p>\n"]
    return "".join(parts)


def _upload(client, token: str, text: str):
    data = {"file": (io.BytesIO(text.encode()), "bookmarks.html", "text/html")}
    return client.post(
        "/api/v1/resources/import",
        data=data,
        content_type="multipart/form-data",
        headers={"Authorization": f"Bearer {token}"},
    )


def measure(database_url: str, count: int, label: str) -> None:
    config = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "bench",
        "TESTING": True,
        "RATELIMIT_ENABLED": False,
    }
    app = create_app(config)
    with app.app_context():
        try:
            org = accounts.get_or_create_organisation("Bench AB")
            user = accounts.create_user(
                org,
                email="bench@bench.example",
                name="Bench",
                password="bench-password-1",
                role="employee",
                timezone="Europe/Stockholm",
                locale="sv",
            )
            db.session.commit()
            _, token = accounts.issue_token(user, "bench")
            db.session.commit()
            text = bookmark_file(count, duplicates=count // 100, invalid=count // 200)
            print(
                f"  [{label}] file: {len(text.encode()) / 1e6:.1f} MB, {count:,} links "
                f"+ {count // 100} repeated + {count // 200} invalid",
                flush=True,
            )
            client = app.test_client()
            for name in ("first import", "same file again"):
                started = time.perf_counter()
                answer = _upload(client, token, text)
                took = time.perf_counter() - started
                assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
                print(
                    f"  [{label}] {name}: {took:.2f} s ({count / took:,.0f} bookmarks/s) -> {answer.get_json()}",
                    flush=True,
                )
            started = time.perf_counter()
            exported = client.get("/api/v1/resources/export.html", headers={"Authorization": f"Bearer {token}"})
            took = time.perf_counter() - started
            stored = db.session.scalar(select(func.count()).select_from(Resource))
            print(
                f"  [{label}] export: {took:.2f} s, {len(exported.data) / 1e6:.1f} MB, {stored:,} resources", flush=True
            )
        finally:
            db.session.remove()
            db.engine.dispose()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookmarks", type=int, default=10_000)
    args = parser.parse_args(argv)
    return on_scratch_databases("bank_import", lambda label, url: measure(url, args.bookmarks, label))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
