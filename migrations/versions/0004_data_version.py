"""the data version: one row every change of the content replaces, which caches key on

Revision ID: 0004_data_version
Revises: 0003_bounded_pages
"""
import secrets
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0004_data_version"
down_revision = "0003_bounded_pages"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")))
    op.bulk_insert(table, [{"id": 1, "token": secrets.token_hex(16),
                            "changed_at": datetime.now(timezone.utc).replace(tzinfo=None)}])


def downgrade():
    op.drop_table("data_version")
