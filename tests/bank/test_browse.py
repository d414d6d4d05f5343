"""Browsing and searching the bank: full text, filters, sorting and cursors that hold still."""

from datetime import UTC, datetime, timedelta

from server.bank import service
from server.extensions import db


def _ids(answer) -> list[int]:
    return [item["id"] for item in answer.get_json()["items"]]


def _bank(org, share):
    return {
        "podd": share(
            org.sara,
            "https://example.com/podd",
            kind="podcast",
            title="Ledarskap i förändring",
            description="Samtal om att leda team genom omställning.",
            tags=["ledarskap"],
        ),
        "ai": share(
            org.erik,
            "https://example.com/ai",
            kind="article",
            title="Generative AI for product teams",
            description="How discovery changes with language models.",
            tags=["ai", "produkt"],
        ),
        "lean": share(
            org.sara,
            "https://example.com/lean",
            kind="book",
            title="Lean Startup",
            description="Build, measure, learn.",
            tags=["innovation"],
        ),
        "kurs": share(
            org.nora,
            "https://example.com/kurs",
            kind="course",
            title="Kundservice med hjärta",
            description="Norsk kurs: kundeservice og empati.",
            tags=["kundeservice", "empati"],
        ),
    }


def test_search_title_description_and_tags(org, share, login):
    bank = _bank(org, share)
    api = login(org.maja)

    def search(q):
        answer = api.get("/api/v1/resources", query_string={"q": q})
        assert answer.status_code == 200, answer.get_json()
        return set(_ids(answer))

    assert search("ledarskap") == {bank["podd"]["id"]}  # title and tag
    assert search("omställning") == {bank["podd"]["id"]}  # description, Swedish letters
    assert search("empati") == {bank["kurs"]["id"]}  # tag only
    assert search("innovation") == {bank["lean"]["id"]}  # tag only
    assert search("LANG") == {bank["ai"]["id"]}  # prefix, any case
    assert search("kund hjärta") == {bank["kurs"]["id"]}  # every word must match
    assert search("lean ai") == set()
    assert search("nothing-like-this") == set()
    assert search('"AND OR NOT* (') == set()  # operators are plain words
    assert search("   ") == {r["id"] for r in bank.values()}  # no words: the whole bank


def test_search_never_crosses_organisations(org, share, login):
    share(org.outsider, "https://example.com/their-ledarskap", title="Ledarskap hos dem")
    mine = share(org.sara, "https://example.com/our-ledarskap", title="Ledarskap hos oss")
    assert _ids(login(org.erik).get("/api/v1/resources?q=ledarskap")) == [mine["id"]]


def test_filter_by_kind_and_tag(org, share, login):
    bank = _bank(org, share)
    api = login(org.sara)
    assert _ids(api.get("/api/v1/resources?kind=book")) == [bank["lean"]["id"]]
    assert _ids(api.get("/api/v1/resources?tag=AI")) == [bank["ai"]["id"]]
    assert _ids(api.get("/api/v1/resources?tag=unknown")) == []
    assert _ids(api.get("/api/v1/resources?tag=ai&kind=book")) == []
    assert _ids(api.get("/api/v1/resources?q=samtal&kind=podcast")) == [bank["podd"]["id"]]
    assert api.get("/api/v1/resources?kind=tweet").status_code == 422
    assert api.get("/api/v1/resources?sort=random").status_code == 422
    assert api.get("/api/v1/resources?limit=0").status_code == 422


def test_newest_first_and_most_popular(org, share, login):
    bank = _bank(org, share)
    api = login(org.sara)
    newest = _ids(api.get("/api/v1/resources"))
    assert newest == [bank[k]["id"] for k in ("kurs", "lean", "ai", "podd")]
    for person in (org.erik, org.nora, org.maja):
        login(person).put(f"/api/v1/resources/{bank['lean']['id']}/save")
    login(org.erik).put(f"/api/v1/resources/{bank['podd']['id']}/reaction")
    service.note_logged_time(bank["podd"]["id"], 1, 20)
    db.session.commit()
    popular = _ids(api.get("/api/v1/resources?sort=popular"))
    assert popular == [bank["lean"]["id"], bank["podd"]["id"], bank["kurs"]["id"], bank["ai"]["id"]]


def test_cursor_pages_stay_stable_while_new_resources_arrive(org, share, login):
    for n in range(7):
        share(org.sara, f"https://example.com/page/{n}", title=f"Resource {n}")
    api = login(org.erik)
    for sort in ("new", "popular"):
        first = api.get(f"/api/v1/resources?limit=3&sort={sort}").get_json()
        assert len(first["items"]) == 3 and first["next_cursor"]
        share(org.nora, f"https://example.com/arrived-during-{sort}", title="Arrived while scrolling")
        seen = [i["id"] for i in first["items"]]
        cursor = first["next_cursor"]
        while cursor:
            page = api.get("/api/v1/resources", query_string={"limit": 3, "sort": sort, "cursor": cursor}).get_json()
            seen += [i["id"] for i in page["items"]]
            cursor = page["next_cursor"]
        titles = {i["id"] for i in api.get("/api/v1/resources?limit=100&q=resource").get_json()["items"]}
        assert len(seen) == len(set(seen)), "no resource shown twice"
        assert titles <= set(seen), "no older resource skipped"


def test_a_bad_cursor_is_a_422(org, share, login):
    share(org.sara, "https://example.com/a")
    share(org.sara, "https://example.com/b")
    api = login(org.sara)
    for cursor in ("not-base64!!", "eyJ4IjoxfQ", "W10"):
        answer = api.get("/api/v1/resources", query_string={"cursor": cursor})
        assert answer.status_code == 422 and "cursor" in str(answer.get_json()["errors"])
    cursor = api.get("/api/v1/resources?limit=1").get_json()["next_cursor"]
    assert api.get("/api/v1/resources", query_string={"cursor": cursor, "sort": "popular"}).status_code == 422


def test_upcoming_webinars_come_first_soonest_first(org, share, login):
    now = datetime.now(UTC)

    def webinar(name, days=None):
        when = {"starts_at": (now + timedelta(days=days)).isoformat()} if days is not None else {}
        return share(org.sara, f"https://example.com/{name}", kind="webinar", **when)

    past, later, undated, soon = webinar("past", -3), webinar("later", 9), webinar("undated"), webinar("soon", 1)
    share(org.sara, "https://example.com/not-a-webinar", kind="article")
    api = login(org.erik)
    expected = [soon["id"], later["id"], undated["id"], past["id"]]
    assert _ids(api.get("/api/v1/resources?kind=webinar")) == expected
    seen, cursor = [], None
    while True:
        page = api.get(
            "/api/v1/resources", query_string={"kind": "webinar", "limit": 1, **({"cursor": cursor} if cursor else {})}
        ).get_json()
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == expected
