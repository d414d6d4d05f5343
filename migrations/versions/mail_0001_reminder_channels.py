"""reminder preferences: the channel (auto, push, email, both) and e-mails stopped by their
one-click unsubscribe link

Revision ID: mail_0001
Revises: outbox_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "mail_0001"
down_revision = "outbox_0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("reminder_preferences", schema=None) as batch_op:
        batch_op.add_column(sa.Column("channel", sa.String(length=8), nullable=False, server_default="auto"))
        batch_op.add_column(sa.Column("reminder_mail_stopped_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("digest_mail_stopped_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("reminder_preferences", schema=None) as batch_op:
        batch_op.drop_column("digest_mail_stopped_at")
        batch_op.drop_column("reminder_mail_stopped_at")
        batch_op.drop_column("channel")
