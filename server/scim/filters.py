"""SCIM filters on the database: scim2-models parses a filter and decides whether a resource matches
it (`ScimFilter.match`); this module only narrows the rows worth asking about, so that the filters
directories really send (`userName eq`, `externalId eq`, `emails[type eq "work"].value eq`, `id eq`)
read one row instead of the organisation, and `eq` on the enterprise extension's attributes
(`…:enterprise:2.0:User:department eq "Sales"`, `…:manager.value eq "id"`) reads only those people.

Narrowing is never the answer itself: every candidate is still matched by scim2-models, so a filter
that cannot be narrowed (`title pr`, `not (...)`) is simply matched against everyone. Written here
because no maintained part translates scim2-models' filter tree to SQLAlchemy.
"""

from scim2_models.path import AttrPath, CompareOperator, Comparison, LogicalExpr, LogicalOperator, ValuePath

from ..database import LARGEST_ID
from .enterprise import DETAILS, ENTERPRISE_SCHEMA
from .resources import USER_SCHEMA

# SCIM attribute (lower case) -> what accounts' directory lookups call it.
USER_LOOKUPS = {"id": "id", "username": "user_name", "externalid": "external_id", "emails": "email", "active": "active"}


def lookups(node, names: dict[str, str]) -> list[tuple[str, object]] | None:
    """Equality lookups at least one of which every match of `node` satisfies; None: cannot narrow."""
    if isinstance(node, LogicalExpr):
        found = [lookups(term, names) for term in node.terms]
        if node.op == LogicalOperator.and_:  # any one term narrows; the match checks the rest
            narrowed = [each for each in found if each is not None]
            return min(narrowed, key=len) if narrowed else None
        return None if any(each is None for each in found) else [item for each in found for item in each]
    if isinstance(node, ValuePath):  # emails[type eq "work" and value eq "x"]
        if _name(node.attr_path) != "emails":
            return None
        return lookups(node.val_filter, {"value": "email"})
    if isinstance(node, Comparison) and node.op == CompareOperator.eq:
        name = _name(node.attr_path)
        if node.attr_path.sub_attr and name == "emails" and node.attr_path.sub_attr.lower() == "value":
            return _lookup("email", node.value)
        if name in names and not node.attr_path.sub_attr:
            return _lookup(names[name], node.value)
        detail = _detail(node.attr_path)
        if detail is not None:
            return _lookup(detail, node.value)
    return None


def _detail(path: AttrPath) -> str | None:
    """The work detail an enterprise extension attribute is kept as (only ever named with its URN)."""
    if not path.uri or path.uri.lower() != ENTERPRISE_SCHEMA.lower():
        return None
    return DETAILS.get((path.attr.lower(), path.sub_attr.lower() if path.sub_attr else None))


def _name(path: AttrPath) -> str | None:
    if path.uri and path.uri.lower() != USER_SCHEMA.lower() and "core:2.0" not in path.uri.lower():
        return None
    return path.attr.lower()


def _lookup(what: str, value) -> list[tuple[str, object]] | None:
    if value is None:  # `eq null` matches those without a value: not a lookup
        return None
    if what == "active":
        return [(what, value)] if isinstance(value, bool) else []
    if not isinstance(value, str):
        return []
    if what == "id":  # ids are ours: digits that fit the column, anything else names nobody
        return [(what, int(value))] if value.isdigit() and 0 < int(value) <= LARGEST_ID else []
    return [(what, value)]


def page(items: list, start_index: int | None, count: int | None, largest: int) -> tuple[list, int, int]:
    """RFC 7644 §3.4.2.4: 1-based `startIndex` (below 1 means 1), `count` capped (below 0 means 0)."""
    start = max(start_index or 1, 1)
    size = largest if count is None else min(max(count, 0), largest)
    return items[start - 1 : start - 1 + size], start, size
