"""Bookmark imports are bounded: files made to hurt a parser are read (or refused) in time that grows
with their size only, nesting shares one folder path instead of copying it, what exceeds the limits
is refused whole with the reason in the person's language, and an import past its time budget stores
nothing."""

import io
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from bench._bookmark_exports import ADVERSARIAL, BROWSERS, adversarial, browser_export
from server.bank import bookmarks
from server.bank.importing import IMPORT_MAX_BYTES, LIMITS
from server.bank.models import Resource, ResourceTag, Tag
from server.extensions import db

# CPU seconds one adversarial file at the upload limit may take to read or refuse; reading takes
# under half a second on the shared test machine, the standard library's parser took 22 s for 156 KiB.
GENEROUS = 5.0


def upload(api, text: str):
    data = {"file": (io.BytesIO(text.encode()), "bookmarks.html", "text/html")}
    return api.post("/api/v1/resources/import", data=data, content_type="multipart/form-data")


def stored() -> tuple[int, int, int]:
    count = db.select(db.func.count())
    return (
        db.session.scalar(count.select_from(Resource)),
        db.session.scalar(count.select_from(Tag)),
        db.session.scalar(count.select_from(ResourceTag)),
    )


@pytest.mark.parametrize("kind", sorted(ADVERSARIAL))
def test_files_made_to_hurt_the_parser_are_read_or_refused_within_a_generous_budget(kind):
    text = adversarial(kind, IMPORT_MAX_BYTES - 1024)
    started = time.process_time()
    try:
        bookmarks.read(text)
    except bookmarks.TooMuch:
        pass
    assert time.process_time() - started < GENEROUS, f"{kind}: {len(text):,} bytes"


def test_time_grows_with_the_size_only():
    """Four times the unclosed tags that took the standard library 22 s at 156 KiB: not sixteen times the work."""
    small, large = adversarial("unclosed <a", 1_000_000), adversarial("unclosed <a", 4_000_000)

    def cpu(text):
        best = float("inf")
        for _ in range(3):
            started = time.process_time()
            bookmarks.read(text)
            best = min(best, time.process_time() - started)
        return best

    assert cpu(large) < 8 * max(cpu(small), 0.001)


@pytest.mark.parametrize("browser", BROWSERS)
def test_every_browsers_export_reads_whole(browser):
    marks = bookmarks.read(browser_export(browser, 600))
    assert len(marks) == 600
    assert all(mark.url.startswith("https://") and mark.title for mark in marks)
    # The browsers' own root folders (bookmarks bar, other bookmarks) say nothing about a link.
    assert not {"Bookmarks bar", "Bookmarks Toolbar", "Other Bookmarks"} & {f for m in marks for f in m.folders}
    if browser == "firefox":
        assert any(mark.description for mark in marks) and any(mark.tags for mark in marks)


def _nested(depth: int, links: int = 2) -> str:
    opening = "".join(f"<DT><H3>Folder {n}</H3>\n<DL><p>\n" for n in range(depth))
    inside = "".join(f'<DT><A HREF="https://example.com/{n}">Link {n}</A>\n' for n in range(links))
    return "<DL><p>\n" + opening + inside + "</DL><p>\n" * (depth + 1)


def test_tags_come_from_the_innermost_three_folders_and_the_path_is_shared():
    marks = bookmarks.read(_nested(LIMITS.depth - 1))
    assert [m.folders for m in marks] == [["Folder 28", "Folder 29", "Folder 30"]] * 2
    assert marks[0].folder is marks[1].folder, "siblings share their folder, nobody copies the path"


def test_the_issues_nested_file_is_refused_early(org, login):
    """16,000 folders inside each other and 1,000 links (321 KiB) once grew the server by 65 MB."""
    api = login(org.erik)
    answer = upload(api, _nested(16_000, 1_000))
    assert answer.status_code == 422
    assert "32 deep" in answer.get_json()["errors"]["files"]["file"][0]
    assert stored() == (0, 0, 0)


@pytest.mark.parametrize(
    ("text", "english", "swedish"),
    [
        (_nested(LIMITS.depth + 1), "32 deep", "32 nivåer"),
        (
            "<DL><p>" + "".join(f"<DT><H3>F{n}</H3><DL><p></DL><p>" for n in range(LIMITS.folders + 1)),
            "5000 folders",
            "5000 mappar",
        ),
        (
            "<DL><p>" + "".join(f'<DT><A HREF="https://example.com/{n}">{n}</A>' for n in range(LIMITS.bookmarks + 1)),
            "25000 bookmarks",
            "25000 bokmärken",
        ),
        ('<DL><p><DT><A HREF="https://example.com/">x' + "<div>" * 100 + "</A>", "more than bookmarks", "mer än"),
    ],
    ids=["depth", "folders", "bookmarks", "markup"],
)
def test_what_exceeds_a_limit_is_refused_whole_naming_the_reason(org, login, text, english, swedish):
    api = login(org.erik)
    answer = upload(api, text)
    assert answer.status_code == 422, answer.get_json()
    assert english in answer.get_json()["errors"]["files"]["file"][0]
    assert api.patch("/api/v1/me", json={"locale": "sv"}).status_code == 200
    assert swedish in upload(api, text).get_json()["errors"]["files"]["file"][0]
    assert stored() == (0, 0, 0)


def test_a_body_larger_than_a_bookmark_file_needs_is_refused_before_it_is_read(org, login):
    api = login(org.erik)
    answer = upload(api, "<!-- padding -->" * (IMPORT_MAX_BYTES // 16 + 1))
    assert answer.status_code == 413
    assert "16 MiB" in answer.get_json()["message"]


def test_an_import_past_its_time_budget_stores_nothing(app, org, login, clock):
    """The budget is read on the app's clock between steps: here the clock jumps a minute while the
    first links are written, so the import has already written some of them when it notices."""
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    api = login(org.erik)
    written = []

    def slow_insert(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO RESOURCES"):
            written.append(statement)
            clock.advance(timedelta(minutes=1))

    event.listen(db.engine, "before_cursor_execute", slow_insert)
    try:
        answer = upload(api, browser_export("chrome", 1_200))
    finally:
        event.remove(db.engine, "before_cursor_execute", slow_insert)
    assert answer.status_code == 422, answer.get_json()
    assert "30 seconds" in answer.get_json()["errors"]["files"]["file"][0]
    assert written, "links were written before the budget ran out"
    assert stored() == (0, 0, 0)
    clock.set(None)
    assert upload(api, browser_export("chrome", 1_200)).get_json()["created"] == 1_200


def test_empty_descriptions_are_no_markup():
    """Some tools write an empty <DD> after every link: thousands of them are still a bookmark file."""
    text = "<DL><p>" + "".join(f'<DT><A HREF="https://example.com/{n}">{n}</A>\n<DD>\n' for n in range(3_000))
    marks = bookmarks.read(text + "<DT><A HREF='https://example.com/last'>Last</A><DD>At last &amp; a description")
    assert len(marks) == 3_001 and marks[-1].description == "At last & a description"
    assert not any(mark.description for mark in marks[:-1])
