""" "Thank you for sharing", the one reaction (a count, never names), and logging a lesson read once."""

from server.extensions import db
from server.lessons.models import LessonRead
from server.log.models import Entry
from tests.lessons.test_lessons import share


def test_thanks_are_a_count_once_per_person(org, login):
    lesson = share(login(org.erik), anonymous=True)
    path = f"/api/v1/lessons/{lesson['id']}/thanks"
    sara, nora = login(org.sara), login(org.nora)
    first = sara.put(path)
    assert first.status_code == 200 and first.get_json()["thanks_count"] == 1 and first.get_json()["thanked_by_me"]
    assert sara.put(path).get_json()["thanks_count"] == 1  # once per person
    assert nora.put(path).get_json()["thanks_count"] == 2
    seen = login(org.maja).get(f"/api/v1/lessons/{lesson['id']}").get_json()
    assert seen["thanks_count"] == 2 and seen["thanked_by_me"] is False
    text = login(org.erik).get(f"/api/v1/lessons/{lesson['id']}").get_data(as_text=True)
    assert org.sara.name not in text and org.nora.name not in text  # the author sees a count, not names
    undone = sara.delete(path)
    assert undone.status_code == 200 and undone.get_json()["thanks_count"] == 1
    assert undone.get_json()["thanked_by_me"] is False


def test_the_author_does_not_thank_themselves(org, login):
    lesson = share(login(org.erik))
    response = login(org.erik).put(f"/api/v1/lessons/{lesson['id']}/thanks")
    assert response.status_code == 409 and response.get_json()["message"]


def test_reading_is_logged_once(org, login):
    lesson = share(login(org.erik), title="Vi glömde backupen", what_happened="ord " * 900)
    nora = login(org.nora)
    before = nora.get("/api/v1/me/weeks/current").get_json()["minutes"]
    first = nora.post(f"/api/v1/lessons/{lesson['id']}/read", json={})
    assert first.status_code == 201, first.get_json()
    entry = first.get_json()
    assert entry["activity"] == "article" and entry["title"] == "Vi glömde backupen" and entry["minutes"] == 5
    again = nora.post(f"/api/v1/lessons/{lesson['id']}/read", json={})
    assert again.status_code == 200 and again.get_json()["id"] == entry["id"]
    assert nora.get("/api/v1/me/weeks/current").get_json()["minutes"] == before + 5
    assert nora.get(f"/api/v1/lessons/{lesson['id']}").get_json()["read_logged"] is True
    assert login(org.sara).get(f"/api/v1/lessons/{lesson['id']}").get_json()["read_logged"] is False
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(Entry).where(Entry.user_id == org.nora.id)) == 1
    assert db.session.get(LessonRead, (lesson["id"], org.nora.id)) is not None


def test_own_minutes_and_a_long_lesson(org, login):
    words = "ord " * 2400
    medium = share(login(org.erik), what_happened=words)
    long = share(login(org.erik), what_happened=words, context=words, learned=words)
    sara = login(org.sara)
    assert sara.post(f"/api/v1/lessons/{medium['id']}/read", json={}).get_json()["minutes"] == 15  # in fives
    assert sara.post(f"/api/v1/lessons/{long['id']}/read", json={}).get_json()["minutes"] == 30  # at most
    short = share(login(org.erik), title="Kort")
    assert sara.post(f"/api/v1/lessons/{short['id']}/read", json={"minutes": 12}).get_json()["minutes"] == 12
    assert sara.post(f"/api/v1/lessons/{short['id']}/read", json={"minutes": 0}).status_code == 422
