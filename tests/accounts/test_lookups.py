"""The accounts' lookups and rules, called directly: an admin finds the people of their own organisation
only; a wrong password is a 401; a person revokes only their own tokens, once."""

from server.accounts import admin
from server.accounts import service as accounts
from tests.support import PASSWORD, refused


def test_an_admin_finds_the_people_of_their_own_organisation(org):
    assert admin.visible_person(org.admin, org.erik.id) is org.erik
    org.erik.active = False  # deactivated people are found too: an admin may bring them back
    assert admin.visible_person(org.admin, org.erik.id) is org.erik
    for viewer, user_id in [(org.outsider_admin, org.erik.id), (org.admin, org.outsider.id + 100)]:
        with refused(404, "user_id", sv="Personen finns inte."):
            admin.visible_person(viewer, user_id)


def test_a_wrong_password_or_a_deactivated_person_is_a_401(org):
    assert accounts.authenticate(org.erik.email, PASSWORD) is org.erik
    for email, password in [(org.erik.email, PASSWORD + "!"), ("nobody@acme.example", PASSWORD)]:
        with refused(401, "password", sv="Fel e-postadress eller lösenord."):
            accounts.authenticate(email, password)
    org.erik.active = False
    with refused(401):
        accounts.authenticate(org.erik.email, PASSWORD)


def test_a_person_revokes_only_their_own_tokens_once(org):
    token, _plain = accounts.issue_token(org.erik, "laptop")
    with refused(404, "token_id", sv="Nyckeln finns inte."):
        accounts.revoke_token(org.sara, token.id)
    accounts.revoke_token(org.erik, token.id)
    assert token.revoked_at is not None
    with refused(404):
        accounts.revoke_token(org.erik, token.id)
