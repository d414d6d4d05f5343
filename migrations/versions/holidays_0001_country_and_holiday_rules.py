"""public holidays: the organisation's country and whether holiday weeks have a smaller goal; what a
series does with a session that falls on a holiday

Revision ID: holidays_0001
Revises: sso_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "holidays_0001"
down_revision = "sso_0001"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ALTER TABLEs: a batch would rebuild `organisations`, which SQLite refuses while other
    # tables refer to it.
    op.add_column("organisations", sa.Column("country", sa.String(length=2), nullable=True))
    op.add_column(
        "organisations", sa.Column("holiday_goal", sa.String(length=16), nullable=False, server_default="full")
    )
    op.add_column("session_series", sa.Column("on_holiday", sa.String(length=8), nullable=False, server_default="move"))


def downgrade():
    # Plain SQL on both databases (SQLite 3.35+ drops columns itself): no rebuild of tables others refer to.
    op.execute("ALTER TABLE session_series DROP COLUMN on_holiday")
    op.execute("ALTER TABLE organisations DROP COLUMN holiday_goal")
    op.execute("ALTER TABLE organisations DROP COLUMN country")
