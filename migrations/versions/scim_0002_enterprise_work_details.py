"""the directory's work details about a person (SCIM's enterprise extension: employee number, cost
center, organization, division, department, manager), kept with their directory identity

Revision ID: scim_0002
Revises: channels_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "scim_0002"
down_revision = "channels_0001"
branch_labels = None
depends_on = None

COLUMNS = (
    ("employee_number", 200),
    ("cost_center", 200),
    ("organization", 200),
    ("division", 200),
    ("department", 200),
    ("manager_value", 254),
    ("manager_ref", 1000),
    ("manager_display_name", 200),
)


def upgrade():
    # Plain ALTER TABLE on both databases: nullable columns need no rebuild of the table.
    for name, length in COLUMNS:
        op.add_column("directory_identities", sa.Column(name, sa.String(length=length), nullable=True))


def downgrade():
    for name, _length in reversed(COLUMNS):
        op.execute(f"ALTER TABLE directory_identities DROP COLUMN {name}")
