"""A link's kind is decided by the bank alone: the app sends one only when the person chose it, and a
link gets the same kind whether it was added online, from the share sheet, or replayed from the
outbox after a day without signal."""

from server.bank.models import Resource
from server.extensions import db
from tests.bank.test_metadata import HTML, _signed_in, fetching_app, site  # noqa: F401  (fixtures)
from tests.bank.test_previews import VIDEO_PAGE

SPOTIFY = "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk"


def test_without_a_chosen_kind_the_bank_decides_and_a_chosen_one_stands(org, login):
    api = login(org.sara)
    for url, kind in [
        (SPOTIFY, "podcast"),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "video"),
        ("https://example.com/ett-langt-resonemang", "article"),  # unknown host, page not read here: an article
    ]:
        answer = api.post("/api/v1/resources", json={"url": url, "title": "Bra"})
        assert answer.status_code == 201 and answer.get_json()["kind"] == kind, answer.get_json()
    chosen = api.post("/api/v1/resources", json={"url": SPOTIFY + "?x=1", "title": "Bok", "kind": "book"})
    assert chosen.status_code == 201 and chosen.get_json()["kind"] == "book"


def test_a_link_gets_one_kind_online_from_the_share_sheet_and_from_the_outbox(fetching_app, org, site):  # noqa: F811
    server = site()
    for path in ("/online", "/shared", "/outbox"):
        server.routes[path] = (200, HTML, VIDEO_PAGE)
    api = _signed_in(fetching_app, org.sara)
    preview = api.post("/api/v1/resources/preview", json={"url": server.base + "/online"}).get_json()
    assert preview["kind"] == "video"  # what the Add screen shows before anyone chooses
    online = api.post("/api/v1/resources", json={"url": server.base + "/online"}).get_json()
    shared = api.client.post(
        "/share-target",
        data={"url": server.base + "/shared", "title": "Delad", "direct": "1"},
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert shared.status_code == 303 and "/bank?added=" in shared.headers["Location"]
    # The outbox replays exactly what the share sheet gave: the link and its title, no kind.
    replayed = api.post("/api/v1/resources", json={"url": server.base + "/outbox", "title": "Delad offline"})
    assert replayed.status_code == 201
    kinds = dict(db.session.execute(db.select(Resource.title, Resource.kind)).all())
    assert kinds == {online["title"]: "video", "Delad": "video", "Delad offline": "video"}
