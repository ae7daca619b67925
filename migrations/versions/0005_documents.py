"""institutions' document languages (ISO 639-1, ordered), for project agreements

Revision ID: 0005_documents
Revises: 0004_data_version
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_documents"
down_revision = "0005_hardening"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("institution") as batch:
        batch.add_column(sa.Column("document_languages", sa.JSON(), server_default="[]", nullable=False))


def downgrade():
    with op.batch_alter_table("institution") as batch:
        batch.drop_column("document_languages")
