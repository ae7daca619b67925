"""log-in counters shared by every worker and host (planner.accounts.throttling)

Revision ID: 0011_hardening
Revises: 0006_part_languages
"""

from alembic import op
import sqlalchemy as sa

revision = "0011_hardening"
down_revision = "0006_part_languages"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "login_counter",
        sa.Column("key", sa.String(length=160), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_counter")),
    )


def downgrade():
    op.drop_table("login_counter")
