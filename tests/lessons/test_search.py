"""Finding lessons: every text and the tags, word prefixes, any case, accents optional (the same
engine as the bank, on SQLite and on PostgreSQL)."""

from tests.lessons.test_lessons import share


def _found(api, q: str, **filters) -> list[int]:
    response = api.get("/api/v1/lessons", query_string={"q": q, **filters})
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["items"]]


def test_a_word_from_what_happened_finds_the_lesson(org, login):
    lesson = share(
        login(org.erik),
        title="Fredagsdeploy",
        context="Betalflödet",
        what_happened="Rollback took 2 h",
        learned="Släpp tidigt i veckan",
        next_time="Tisdagar",
        tags=["drift"],
    )
    api = login(org.nora)
    assert _found(api, "rollback") == [lesson["id"]]
    assert _found(api, "ROLLB") == [lesson["id"]]  # a prefix, while typing
    assert _found(api, "rollback 2") == [lesson["id"]]


def test_every_text_and_the_tags(org, login):
    lesson = share(
        login(org.erik),
        title="Titelord",
        context="Kontextord",
        what_happened="Handelseord",
        learned="Lärdomsord",
        next_time="Nästagångord",
        tags=["Taggord"],
    )
    api = login(org.sara)
    for word in ("titelord", "kontextord", "handelseord", "lardomsord", "nastagangord", "taggord"):
        assert _found(api, word) == [lesson["id"]], word
    assert _found(api, "titelord kontextord") == [lesson["id"]]  # every word, in any of the texts
    assert _found(api, "titelord saknas") == []


def test_accents_are_optional_and_case_does_not_matter(org, login):
    change = share(login(org.erik), title="Förändring utan återkoppling", tags=[])
    learning = share(login(org.nora), title="Læring på tvers", what_happened="Vi øvde for lite", tags=[])
    api = login(org.maja)
    assert _found(api, "forandring") == [change["id"]]
    assert _found(api, "ÅTERKOPPLING") == [change["id"]] == _found(api, "aterkoppling")
    assert _found(api, "laering") == [learning["id"]] == _found(api, "LÆRING")
    assert _found(api, "ovde") == [learning["id"]]


def test_search_follows_edits_and_deletes_and_combines_with_filters(org, login):
    erik = login(org.erik)
    lesson = share(erik, title="Första versionen", tags=["gammal"], outcome="failure")
    path = f"/api/v1/lessons/{lesson['id']}"
    changes = {"what_happened": "Migreringen låste tabellen", "tags": ["databas"]}
    assert erik.patch(path, json=changes).status_code == 200
    assert _found(erik, "migreringen") == [lesson["id"]] and _found(erik, "databas") == [lesson["id"]]
    assert _found(erik, "gammal") == []
    assert _found(erik, "migreringen", outcome="success") == []
    assert _found(erik, "migreringen", outcome="failure", tag="databas") == [lesson["id"]]
    assert erik.delete(path).status_code == 204
    assert _found(erik, "migreringen") == []
