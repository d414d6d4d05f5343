"""The shared full-text core: documents and searches are folded the same way, words are plain words."""

from server.search import MAX_WORDS, document, postgres_match, query_words, sqlite_match


def test_documents_are_folded_words():
    assert document("Förändring, på riktigt!", None, "Læring & Øl") == "forandring pa riktigt laering ol"
    assert (
        document("Straße", "ÅTERKOPPLING", "snabbare_start", "Rollback took 2 h")
        == "strasse aterkoppling snabbare start rollback took 2 h"
    )
    assert document("") == "" and document(None) == ""


def test_a_search_folds_like_a_document():
    for typed, stored in [
        ("forandring", "Förändring"),
        ("laering", "Læring"),
        ("ÅTERKOPPLING", "återkoppling"),
        ("Förändr", "forandring"),
        ("oystein", "Øystein"),
    ]:
        assert all(document(stored).split()[0].startswith(word) for word in query_words(typed)), typed


def test_search_words_are_letters_and_digits_only_and_few():
    assert query_words('"AND OR NOT* ( -x') == ["and", "or", "not", "x"]
    assert query_words("100% _ a-b") == ["100", "a", "b"]
    assert len(query_words(" ".join(f"w{i}" for i in range(20)))) == MAX_WORDS
    assert sqlite_match(["and", "nä"]) == '"and"* "nä"*'
    assert postgres_match(["rollback", "2"]) == "rollback:* & 2:*"
