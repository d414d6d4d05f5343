"""reminder preferences: an opt-in Monday digest of the bank's most saved and "worth it" resources

Revision ID: reminders_0002
Revises: bank_0002
"""

import sqlalchemy as sa
from alembic import op

revision = "reminders_0002"
down_revision = "bank_0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("reminder_preferences", schema=None) as batch_op:
        batch_op.add_column(sa.Column("weekly_digest", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table("reminder_preferences", schema=None) as batch_op:
        batch_op.drop_column("weekly_digest")
