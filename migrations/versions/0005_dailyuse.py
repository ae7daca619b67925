"""daily use: deactivatable user accounts

Revision ID: 0005_dailyuse
Revises: 0004_data_version
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_dailyuse"
down_revision = "0004_data_version"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table("user") as batch:
        batch.drop_column("active")
