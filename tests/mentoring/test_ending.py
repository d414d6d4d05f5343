"""Either side ends a pairing with a short reflection, which they may share as a lesson learned, with
their name or anonymously; the place on the offer is free again."""

from tests.mentoring.helpers import OFFERS, PAIRINGS, ok, pair


def test_ending_with_a_reflection_shared_anonymously(org, login):
    erik, sara, nora = login(org.erik), login(org.sara), login(org.nora)
    pairing = pair(erik, sara, topics=["SQL", "Query plans"])
    reflection = "Läs frågeplanen innan du lägger till ett index."
    ended = ok(
        sara.post(
            f"{PAIRINGS}/{pairing}/end", json={"reflection": reflection, "share_as_lesson": True, "anonymous": True}
        )
    )
    assert ended["active"] is False and ended["ended_at"] and ended["reflection"] == reflection
    lesson = ok(nora.get(f"/api/v1/lessons/{ended['lesson_id']}"))
    assert lesson["learned"] == reflection and lesson["author"] is None and lesson["anonymous"] is True
    assert (
        lesson["tags"] == ["query plans", "sql"]
        and lesson["title"] == "What I learned from mentoring: query plans, sql"
    )
    assert "Erik" not in str(lesson) and "Sara" not in str(lesson)
    assert ok(erik.get(f"{OFFERS}?mine=true"))[0]["places_left"] == 1  # the place is free again
    # Erik's view: ended, without Sara's reflection; he may add his own, once.
    seen = ok(erik.get(f"{PAIRINGS}/{pairing}"))
    assert seen["active"] is False and seen["reflection"] is None
    mine = ok(erik.post(f"{PAIRINGS}/{pairing}/end", json={"reflection": "Patience pays.", "share_as_lesson": True}))
    assert mine["reflection"] == "Patience pays."
    named = ok(nora.get(f"/api/v1/lessons/{mine['lesson_id']}"))
    assert named["author"]["name"] == "Erik" and named["anonymous"] is False
    again = erik.post(f"{PAIRINGS}/{pairing}/end", json={"reflection": "Once more"})
    assert again.status_code == 409
    assert ok(erik.post(f"{PAIRINGS}/{pairing}/end", json={}))["reflection"] == "Patience pays."


def test_a_lesson_needs_a_reflection_and_a_swedish_title_for_a_swedish_writer(org, login, make_user):
    sven = login(make_user("sven@acme.example", locale="sv"))
    pairing = pair(login(org.nora), sven, "shadow", ["Support"])
    bare = sven.post(f"{PAIRINGS}/{pairing}/end", json={"share_as_lesson": True})
    assert bare.status_code == 422 and "reflection" in bare.get_json()["errors"]["json"]
    assert ok(sven.get(f"{PAIRINGS}/{pairing}"))["active"] is True  # nothing half-done
    ended = ok(
        sven.post(
            f"{PAIRINGS}/{pairing}/end", json={"reflection": "Kunderna ringer före nio.", "share_as_lesson": True}
        )
    )
    lesson = ok(sven.get(f"/api/v1/lessons/{ended['lesson_id']}"))
    assert lesson["title"] == "Vad jag lärde mig av en dag med ett annat team: support"
    assert ok(sven.get(f"{PAIRINGS}?active=true")) == [] and len(ok(sven.get(f"{PAIRINGS}?active=false"))) == 1
