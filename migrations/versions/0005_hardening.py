"""sessions end on the server (a session generation per user); the account lock is gone
(log-in is throttled by address and username instead, so strangers cannot lock a user out)

Revision ID: 0005_hardening
Revises: 0005_feeds
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_hardening"
down_revision = "0005_feeds"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("session_generation", sa.Integer(), nullable=False, server_default="0"))
        batch.drop_column("failed_logins")
        batch.drop_column("locked_until")


def downgrade():
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"))
        batch.drop_column("session_generation")
