"""The bank's lookups, called directly: a resource and its comments are visible in their own
organisation's bank only, and not once the resource is removed."""

from server.bank import service as bank
from server.bank import social
from tests.support import refused


def test_a_resource_is_visible_in_its_organisations_bank_until_removed(org):
    resource, _ = bank.add_resource(org.erik, {"url": "https://example.com/a", "kind": "article", "title": "A"})
    comment = social.add_comment(org.nora, resource, "Bra läsning")
    assert bank.visible_resource(org.nora, resource.id) is resource
    assert social.visible_comment(org.maja, comment.id) is comment
    with refused(404, "resource_id", sv="Resursen finns inte."):
        bank.visible_resource(org.outsider_admin, resource.id)
    with refused(404, "comment_id"):
        social.visible_comment(org.outsider_admin, comment.id)
    with refused(404, "comment_id"):
        social.visible_comment(org.nora, comment.id + 1)
    bank.remove_resource(org.erik, resource)
    with refused(404, "resource_id"):
        bank.visible_resource(org.erik, resource.id)
    with refused(404, "comment_id"):
        social.visible_comment(org.nora, comment.id)
