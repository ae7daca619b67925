"""one standing approval per institution and content version of a plan

Repeated approvals that the page used to store (a double click stored two rows) are the same
approval: the later copies are removed before the unique index is made.

Revision ID: 0005_rulebook
Revises: 0004_data_version
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_rulebook"
down_revision = "0004_data_version"
branch_labels = None
depends_on = None

STANDING = sa.text("withdrawn_at IS NULL")


def upgrade():
    op.execute(
        "DELETE FROM approval WHERE withdrawn_at IS NULL AND id NOT IN ("
        " SELECT keep FROM (SELECT MIN(id) AS keep FROM approval WHERE withdrawn_at IS NULL"
        " GROUP BY plan_id, institution_id, fingerprint) AS first_ones)"
    )
    op.create_index(
        "uq_approval_standing",
        "approval",
        ["plan_id", "institution_id", "fingerprint"],
        unique=True,
        sqlite_where=STANDING,
        postgresql_where=STANDING,
    )


def downgrade():
    op.drop_index("uq_approval_standing", table_name="approval")
