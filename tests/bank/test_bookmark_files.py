"""Bookmark files in and out: a browser's years of bookmarks imported in one go (folders and TAGS
become tags, duplicates merge, no page is fetched), and the bank or my saved list exported in the
same Netscape format, which imports back into another organisation as the same bank."""

import io
import re

from bench.bank_import import bookmark_file
from server.bank.models import Resource, ResourceSharer
from server.extensions import db
from tests.bank.test_metadata import _signed_in, fetching_app, site  # noqa: F401  (fixtures)

FIREFOX = """<!DOCTYPE NETSCAPE-Bookmark-file-1>
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks Menu</H1>
<DL><p>
    <DT><H3 ADD_DATE="1700000000" PERSONAL_TOOLBAR_FOLDER="true">Bookmarks Toolbar</H3>
    <DL><p>
        <DT><A HREF="https://www.linkedin.com/learning/coaching-grunder?trk=x&utm_source=ff"
               ADD_DATE="1700000001">Coaching &amp; samtal</A>
        <DT><H3>Ledarskap</H3>
        <DL><p>
            <DT><A HREF="https://example.com/feedback" TAGS="Feedback,chefer">Feedback som fungerar</A>
            <DD>Korta samtal, ofta.
            <DT><H3>Förändring</H3>
            <DL><p>
                <DT><A HREF="https://open.spotify.com/episode/abc?si=123">Leda i förändring</A>
            </DL><p>
        </DL><p>
        <DT><A HREF="https://app.example.com/#/course/42">Kurs 42</A>
        <DT><A HREF="https://app.example.com/#/course/43">Kurs 43</A>
        <DT><A HREF="javascript:void(location.href='x')">Bookmarklet</A>
        <DT><A>No link at all</A>
        <DT><A HREF="place:sort=8">Recent tags</A>
    </DL><p>
</DL><p>
"""
POCKET = """<!DOCTYPE html><html><head><title>Pocket Export</title></head><body>
<h1>Unread</h1>
<ul>
<li><a href="https://example.se/artikel?utm_campaign=pocket" time_added="1700000000" tags="läsa,ux">En artikel</a></li>
<li><a href="https://example.se/artikel/">En artikel igen</a></li>
</ul>
<h1>Read Archive</h1>
<ul><li><a href="https://youtu.be/xyz" time_added="1700000001" tags="">Video</a></li></ul>
</body></html>"""


def upload(api, text: str, name: str = "bookmarks.html"):
    data = {"file": (io.BytesIO(text.encode()), name, "text/html")}
    return api.post("/api/v1/resources/import", data=data, content_type="multipart/form-data")


def bank_of(api) -> dict[str, dict]:
    """{url: resource} of the whole bank as this person sees it."""
    found, cursor = {}, None
    while True:
        page = api.get("/api/v1/resources", query_string={"limit": 100, **({"cursor": cursor} if cursor else {})})
        for item in page.get_json()["items"]:
            found[item["url"]] = item
        cursor = page.get_json()["next_cursor"]
        if not cursor:
            return found


def test_folders_and_tags_become_tags_and_invalid_entries_are_counted(org, login):
    api = login(org.erik)
    answer = upload(api, FIREFOX)
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json() == {"created": 5, "duplicates": 0, "invalid": 3}
    bank = bank_of(api)
    coaching = bank["https://www.linkedin.com/learning/coaching-grunder?trk=x"]
    assert coaching["title"] == "Coaching & samtal" and coaching["kind"] == "course" and coaching["tags"] == []
    feedback = bank["https://example.com/feedback"]
    assert feedback["tags"] == ["chefer", "feedback", "ledarskap"]
    assert feedback["description"] == "Korta samtal, ofta." and feedback["kind"] == "article"
    episode = bank["https://open.spotify.com/episode/abc"]
    assert episode["tags"] == ["förändring", "ledarskap"] and episode["kind"] == "podcast"
    assert {"https://app.example.com/#/course/42", "https://app.example.com/#/course/43"} <= bank.keys()
    assert all(item["shared_by"]["id"] == org.erik.id for item in bank.values())


def test_pocket_exports_read_too_and_the_same_page_twice_counts_once(org, login):
    answer = upload(login(org.sara), POCKET)
    assert answer.get_json() == {"created": 2, "duplicates": 0, "invalid": 0}
    bank = bank_of(login(org.sara))
    assert bank["https://example.se/artikel"]["tags"] == ["läsa", "ux"]
    assert bank["https://youtu.be/xyz"]["kind"] == "video"


def test_links_already_in_the_bank_merge(org, share, login):
    first = share(org.sara, "https://example.com/feedback", title="Sara's title", tags=["coaching"])
    answer = upload(
        login(org.erik), FIREFOX.replace("https://example.com/feedback", "https://EXAMPLE.com/feedback/?fbclid=abc")
    )
    assert answer.get_json() == {"created": 4, "duplicates": 1, "invalid": 3}
    detail = login(org.nora).get(f"/api/v1/resources/{first['id']}").get_json()
    assert detail["title"] == "Sara's title" and detail["url"] == "https://example.com/feedback"
    assert detail["tags"] == ["chefer", "coaching", "feedback", "ledarskap"]
    assert [p["name"] for p in detail["also_shared_by"]] == ["Erik"]
    found = login(org.nora).get("/api/v1/resources", query_string={"q": "chefer"}).get_json()["items"]
    assert [item["id"] for item in found] == [first["id"]], "the merged tags are searchable"
    again = upload(login(org.erik), FIREFOX)
    assert again.get_json() == {"created": 0, "duplicates": 5, "invalid": 3}
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(ResourceSharer)) == 1


def test_a_removed_resource_comes_back_with_the_import(org, share, login):
    gone = share(org.sara, "https://example.com/feedback")
    assert login(org.sara).delete(f"/api/v1/resources/{gone['id']}").status_code == 204
    assert upload(login(org.erik), FIREFOX).get_json()["created"] == 5
    back = login(org.erik).get(f"/api/v1/resources/{gone['id']}").get_json()
    assert back["title"] == "Feedback som fungerar" and back["shared_by"]["id"] == org.erik.id


def test_a_generated_file_of_thousands_imports_without_fetching_a_page(fetching_app, org, site):  # noqa: F811
    server = site()
    server.routes["/page"] = (200, {"Content-Type": "text/html"}, b"<title>Fetched</title>")
    text = bookmark_file(3000, duplicates=30, invalid=10)
    text = text.replace("</DL><p>\n</DL><p>\n", f'<DT><A HREF="{server.base}/page">Local</A>\n</DL><p>\n</DL><p>\n')
    api = _signed_in(fetching_app, org.erik)
    answer = upload(api, text)
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json() == {"created": 3001, "duplicates": 0, "invalid": 10}
    assert server.hits == [], "no page is fetched for a bookmark"
    assert db.session.scalar(db.select(db.func.count()).select_from(Resource)) == 3001
    local = db.session.scalar(db.select(Resource).where(Resource.url == f"{server.base}/page"))
    assert local.title == "Local"
    sample = db.session.scalar(db.select(Resource).where(Resource.url_key.like("%id=7")))
    assert "utm_source" not in sample.url and sample.url.endswith("?id=7")


def test_text_no_database_stores_is_left_out(org, login):
    api = login(org.erik)
    assert upload(api, FIREFOX.replace("Kurs 42", "Kurs\x00 42").replace("Korta", "Ko\x00rta")).status_code == 200
    bank = bank_of(api)
    assert bank["https://app.example.com/#/course/42"]["title"] == "Kurs 42"
    assert bank["https://example.com/feedback"]["description"] == "Korta samtal, ofta."


def test_files_that_are_not_bookmarks_are_refused(org, login):
    api = login(org.erik)
    empty = upload(api, "<html><body>Nothing here</body></html>")
    assert empty.status_code == 422 and "file" in empty.get_json()["errors"]["files"]
    assert api.post("/api/v1/resources/import", json={"file": "x"}).status_code == 422
    no_file = api.post("/api/v1/resources/import", data={}, content_type="multipart/form-data")
    assert no_file.status_code == 422


def test_only_the_import_takes_a_large_body(org, login):
    api = login(org.erik)
    big = bookmark_file(500) + "<!-- a browser's favicons and more -->" * 60_000
    assert len(big.encode()) > 2 * 1024 * 1024  # twice the app's limit for every other request
    assert upload(api, big).get_json()["created"] == 500
    assert upload(api, "<!-- padding -->" * (21 * 1024 * 1024 // 16)).status_code == 413
    padded = {"url": "https://example.com/x", "kind": "article", "title": "x", "description": "y" * (2 * 1024 * 1024)}
    assert api.post("/api/v1/resources", json=padded).status_code == 413


def test_the_exported_bank_imports_into_another_organisation_as_the_same_bank(org, share, login):
    share(
        org.sara,
        "https://app.example.com/#/course/42",
        kind="course",
        title="Kurs <42> & mer",
        description='Om "feedback" & <b>samtal</b>',
        tags=["ledarskap", "kurs & mer"],
    )
    share(org.sara, "https://example.com/article?print", title="Utskrift")
    share(org.erik, "https://open.spotify.com/episode/abc", kind="podcast", title="Avsnitt", tags=["podd"])
    removed = share(org.erik, "https://example.com/removed", title="Removed")
    login(org.erik).delete(f"/api/v1/resources/{removed['id']}")
    upload(login(org.sara), FIREFOX)
    exported = login(org.maja).get("/api/v1/resources/export.html")
    assert exported.status_code == 200 and exported.mimetype == "text/html"
    assert re.match(
        r'attachment; filename="learning-hour-bank-\d{4}-\d\d-\d\d\.html"', exported.headers["Content-Disposition"]
    )
    text = exported.get_data(as_text=True)
    assert text.startswith("<!DOCTYPE NETSCAPE-Bookmark-file-1>")
    assert "Kurs &lt;42&gt; &amp; mer" in text and 'TAGS="kurs &amp; mer,ledarskap"' in text
    assert re.search(r'ADD_DATE="\d{10}"', text) and "Removed" not in text
    assert upload(login(org.outsider), text).get_json() == {"created": 6, "duplicates": 0, "invalid": 0}

    def shape(bank):
        return {url: (r["title"], r["description"], r["kind"], r["tags"]) for url, r in bank.items()}

    assert shape(bank_of(login(org.outsider))) == shape(bank_of(login(org.maja)))


def test_my_saved_list_exports_alone(org, share, login):
    mine = share(org.sara, "https://example.com/saved-one", title="Sparad")
    share(org.sara, "https://example.com/not-saved", title="Inte sparad")
    api = login(org.erik)
    api.put(f"/api/v1/resources/{mine['id']}/save")
    exported = api.get("/api/v1/me/saved/export.html")
    assert exported.status_code == 200
    assert 'filename="learning-hour-saved-' in exported.headers["Content-Disposition"]
    text = exported.get_data(as_text=True)
    assert "https://example.com/saved-one" in text and "not-saved" not in text
    assert "https://example.com/saved-one" not in login(org.nora).get("/api/v1/me/saved/export.html").get_data(
        as_text=True
    )
