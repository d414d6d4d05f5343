"""one schema: accounts, log, bank, reminders, sessions

Revision ID: features_merge
Revises: accounts_0002, bank_0001, log_0001, reminders_0001, sessions_0001
Create Date: 2026-11-23 15:29:41.624833

"""

# revision identifiers, used by Alembic.
revision = "features_merge"
down_revision = ("accounts_0002", "bank_0001", "log_0001", "reminders_0001", "sessions_0001")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
