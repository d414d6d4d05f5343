"""SCIM's enterprise extension (RFC 7643 §4.3) as this service keeps it: employeeNumber, costCenter,
organization, division, department and manager {value, $ref, displayName}, per person, stored by
accounts as the directory identity's work details and answered exactly as the directory sent them.

They are HR facts: the directory reads them back, the person finds them in their own export, and
nothing else in the app shows them (not profiles, not teams, not totals).

Two habits of the directories are met here rather than in each request path. Entra sends the
manager as the bare id (`"…:manager": "<id>"`, in a path or in a path-less value map); it is read as
`{"value": "<id>"}`. And the manager's displayName is kept as sent (Okta maps one), so it is
readWrite here where RFC 7643 §4.3 suggests readOnly: a service that derives it would have to look
the manager up, and the directory's manager need not be anyone here.
"""

from typing import Annotated, Any

from pydantic import Field, model_validator
from scim2_models import URN, CaseExact, ComplexAttribute, Extension, Reference

ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

# The extension's attribute (its sub-attribute for the manager), as filters name it in lower case,
# -> the work detail accounts keeps it as.
DETAILS = {
    ("employeenumber", None): "employee_number",
    ("costcenter", None): "cost_center",
    ("organization", None): "organization",
    ("division", None): "division",
    ("department", None): "department",
    ("manager", "value"): "manager_value",
    ("manager", "$ref"): "manager_ref",
    ("manager", "displayname"): "manager_display_name",
}

Text = Annotated[str | None, Field(max_length=200)]
KEPT = "Kept as the directory sends it; answered to the directory and in the person's own data export only."


class Manager(ComplexAttribute):
    value: Annotated[str | None, CaseExact.true, Field(max_length=254)] = Field(
        None, description="The manager's id, as the directory sends it (a bare id string is read as this)."
    )
    ref: Annotated[Reference["User"] | None, CaseExact.true, Field(max_length=1000)] = Field(  # noqa: F821
        None, serialization_alias="$ref", validation_alias="$ref", description="Kept as sent."
    )
    display_name: Text = Field(None, description="The manager's name as the directory sends it; kept, not derived.")

    @model_validator(mode="before")
    @classmethod
    def _bare_id(cls, data: Any) -> Any:
        """Entra's manager: the id alone."""
        return {"value": data} if isinstance(data, str) else data


class WorkDetails(Extension):
    """The enterprise extension, kept and returned."""

    __schema__ = URN(ENTERPRISE_SCHEMA)

    employee_number: Text = Field(None, description=KEPT)
    cost_center: Text = Field(None, description=KEPT)
    organization: Text = Field(None, description=KEPT)
    division: Text = Field(None, description=KEPT)
    department: Text = Field(None, description=KEPT)
    manager: Manager | None = Field(None, description=KEPT)


def from_identity(identity) -> WorkDetails | None:
    """The extension as stored for this person (None when nothing is)."""
    if identity is None:
        return None
    manager = Manager(
        value=identity.manager_value, ref=identity.manager_ref, display_name=identity.manager_display_name
    )
    details = WorkDetails(
        employee_number=identity.employee_number,
        cost_center=identity.cost_center,
        organization=identity.organization,
        division=identity.division,
        department=identity.department,
        manager=manager if any((manager.value, manager.ref, manager.display_name)) else None,
    )
    return details if any(getattr(details, name) for name in WorkDetails.model_fields if name != "schemas") else None


def to_work(details: WorkDetails | None) -> dict[str, str | None]:
    """Every work detail as accounts keeps it: what the extension holds, None for the rest. A blank
    text is none: Entra clears the manager by replacing it with an empty one."""
    manager = (details.manager if details else None) or Manager()
    own = details or WorkDetails()
    work = {
        "employee_number": own.employee_number,
        "cost_center": own.cost_center,
        "organization": own.organization,
        "division": own.division,
        "department": own.department,
        "manager_value": manager.value,
        "manager_ref": manager.ref,
        "manager_display_name": manager.display_name,
    }
    return {what: str(value) if value and value.strip() else None for what, value in work.items()}
