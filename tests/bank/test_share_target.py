"""The PWA's Web Share Target: links shared from other apps open the Add screen or go straight in."""

from urllib.parse import parse_qs, urlsplit

from server.bank.models import Resource
from server.bank.share import shared_link
from server.extensions import db

SPOTIFY = "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk?si=abc"


def _target(answer) -> tuple[str, dict]:
    assert answer.status_code == 303, answer.status_code
    parts = urlsplit(answer.headers["Location"])
    return parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}


def test_finds_the_link_in_the_text_field():
    assert shared_link({"title": "", "text": f"Lyssna på det här {SPOTIFY}", "url": ""}) == (
        SPOTIFY,
        "Lyssna på det här",
    )
    assert shared_link({"title": "Podd", "text": "", "url": SPOTIFY}) == (SPOTIFY, "Podd")
    assert shared_link({"text": "inget här"}) == (None, "")


def test_opens_the_add_screen_prefilled(org, login):
    api = login(org.sara)
    answer = api.client.post("/share-target", data={"title": "Bra avsnitt", "text": f"Hör här: {SPOTIFY}"})
    path, query = _target(answer)
    assert path == "/add" and query == {"url": SPOTIFY, "title": "Bra avsnitt"}
    path, query = _target(api.client.get("/share-target", query_string={"text": SPOTIFY}))
    assert (path, query) == ("/add", {"url": SPOTIFY})
    assert db.session.scalar(db.select(db.func.count()).select_from(Resource)) == 0


def test_without_login_goes_to_login_first(client):
    path, query = _target(client.post("/share-target", data={"url": "https://example.com/a", "title": "A"}))
    assert path == "/login"
    assert query["next"] == "/add?url=https%3A%2F%2Fexample.com%2Fa&title=A"


def test_adds_directly_when_chosen_and_same_origin(org, login):
    api = login(org.sara)
    answer = api.client.post(
        "/share-target?direct=1", data={"title": "", "text": f"Bra! {SPOTIFY}"}, headers={"Sec-Fetch-Site": "none"}
    )
    path, query = _target(answer)
    assert path == "/bank"
    resource = db.session.get(Resource, int(query["added"]))
    assert resource.url == "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk"
    assert resource.kind == "podcast" and resource.title == "Bra!" and resource.shared_by_id == org.sara.id
    again = api.client.post(
        "/share-target", data={"url": SPOTIFY, "title": "x", "direct": "1"}, headers={"Sec-Fetch-Site": "same-origin"}
    )
    assert _target(again) == ("/bank", {"added": str(resource.id)})


def test_a_link_opened_from_elsewhere_only_opens_the_add_screen(org, login):
    api = login(org.sara)
    for site in ("none", "same-origin", "cross-site"):
        answer = api.client.get(
            "/share-target",
            query_string={"url": SPOTIFY, "title": "x", "direct": "1"},
            headers={"Sec-Fetch-Site": site},
        )
        assert _target(answer)[0] == "/add"
    assert db.session.scalar(db.select(db.func.count()).select_from(Resource)) == 0


def test_a_cross_site_request_never_adds_directly(org, login):
    api = login(org.sara)
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"}, {}):
        answer = api.client.post(
            "/share-target", data={"url": "https://example.com/x", "title": "X", "direct": "1"}, headers=headers
        )
        assert _target(answer)[0] == "/add"
    assert db.session.scalar(db.select(db.func.count()).select_from(Resource)) == 0


def test_a_link_kept_offline_and_sent_twice_lands_once(org, login):
    """A link shared without signal waits in the outbox and is sent to POST /resources; sent again
    (the answer was lost), the bank answers with the same resource instead of a second one."""
    api = login(org.sara)
    body = {"url": SPOTIFY, "kind": "podcast", "title": "Bra avsnitt"}
    first = api.post("/api/v1/resources", json=body)
    again = api.post("/api/v1/resources", json={**body, "url": SPOTIFY.replace("?si=abc", "?si=xyz")})
    assert first.status_code == 201 and again.status_code == 200
    assert again.get_json()["duplicate"] is True and again.get_json()["id"] == first.get_json()["id"]
    assert db.session.scalar(db.select(db.func.count()).select_from(Resource)) == 1


def test_a_link_the_bank_refuses_opens_the_add_screen_instead(org, login):
    api = login(org.sara)
    too_long = "https://example.com/" + "a" * 3000
    answer = api.client.post(
        "/share-target", data={"url": too_long, "title": "X", "direct": "1"}, headers={"Sec-Fetch-Site": "same-origin"}
    )
    path, query = _target(answer)
    assert path == "/add" and query["url"] == too_long
    assert db.session.scalar(db.select(db.func.count()).select_from(Resource)) == 0
