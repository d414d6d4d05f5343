"""The teams' lookups and rules, called directly: a team exists only in its own organisation, its totals
are for its managers and admins, and pending invitations for admins and managers."""

from server.teams import invites
from server.teams import service as teams
from tests.support import refused


def test_a_team_is_visible_in_its_organisation_only(org):
    assert teams.visible_team(org.nora, org.product.id) is org.product
    for viewer, team_id in [(org.outsider_admin, org.product.id), (org.admin, org.support.id + 100)]:
        with refused(404, "team_id", sv="Teamet finns inte."):
            teams.visible_team(viewer, team_id)


def test_a_teams_totals_are_for_its_managers_and_admins(org):
    assert teams.totals_team(org.maja, org.product.id) is org.product
    assert teams.totals_team(org.admin, org.support.id) is org.support
    for viewer in (org.erik, org.lars):
        with refused(403, "team_id", sv="Bara teamets chefer och administratörer ser teamets summor."):
            teams.totals_team(viewer, org.product.id)
    with refused(404):
        teams.totals_team(org.outsider_admin, org.product.id)
    # The same rule with the managed teams at hand (the team list asks it for every team at once).
    assert teams.may_view_totals(org.lars, org.support, {org.support.id})
    assert not teams.may_view_totals(org.lars, org.product, {org.support.id})
    assert not teams.may_view_totals(org.outsider_admin, org.product, set())


def test_pending_invitations_are_for_admins_and_managers(org):
    invites.create_invite(org.maja, org.product)
    assert len(invites.pending_invites(org.maja)) == 1 and len(invites.pending_invites(org.admin)) == 1
    assert invites.pending_invites(org.lars) == []
    with refused(403, sv="Bara administratörer och chefer ser inbjudningar."):
        invites.pending_invites(org.erik)
