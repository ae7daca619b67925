"""the agreement's signing place (the city the closing formula names), kept with its date

Revision ID: 0012_signing_place
Revises: 0007_fingerprint
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_signing_place"
down_revision = "0007_fingerprint"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("agreement") as batch:
        batch.add_column(sa.Column("signed_place", sa.String(length=200), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("agreement") as batch:
        batch.drop_column("signed_place")
