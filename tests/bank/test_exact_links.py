"""The bank keeps links exactly as shared (minus tracking) and finds duplicates by their key."""

from server.bank.models import Resource
from server.extensions import db


def test_two_courses_of_a_single_page_app_are_two_resources(org, share):
    one = share(org.sara, "https://app.example.com/#/course/42", kind="course")
    two = share(org.sara, "https://app.example.com/#/course/43", kind="course")
    assert one["id"] != two["id"]
    assert (one["url"], two["url"]) == ("https://app.example.com/#/course/42", "https://app.example.com/#/course/43")
    again = share(org.erik, "https://APP.example.com/?utm_source=mail#/course/42", expect=200)
    assert again["id"] == one["id"] and again["url"] == "https://app.example.com/#/course/42"


def test_the_link_is_stored_as_shared(org, share):
    printable = share(org.sara, "https://example.com/article?print&utm_medium=social")
    assert printable["url"] == "https://example.com/article?print"
    stored = db.session.get(Resource, printable["id"])
    assert (stored.url, stored.url_key) == ("https://example.com/article?print", "https://example.com/article?print=")
    assert share(org.erik, "https://example.com/article/?print=", expect=200)["id"] == printable["id"]
    anchored = share(org.sara, "https://example.com/guide#chapter-3")
    assert anchored["url"] == "https://example.com/guide#chapter-3"
    assert share(org.erik, "https://example.com/guide", expect=200)["id"] == anchored["id"]


def test_preview_finds_the_resource_by_its_key(org, share, login):
    added = share(org.sara, "https://example.com/a?b=2&a=1")
    preview = login(org.erik).post("/api/v1/resources/preview", json={"url": "https://EXAMPLE.com/a/?a=1&b=2&gclid=x"})
    assert preview.get_json()["existing_id"] == added["id"]
    assert preview.get_json()["url"] == "https://EXAMPLE.com/a/?a=1&b=2"
