"""log-in counters shared by every worker and host (planner.accounts.throttling); outbox messages
dropped because their recipient may no longer hear them

Revision ID: 0011_hardening
Revises: 0006_part_languages
"""

from alembic import op
import sqlalchemy as sa

revision = "0011_hardening"
down_revision = "0010_attachments"
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
    with op.batch_alter_table("outbox_message") as batch:
        batch.add_column(sa.Column("dropped_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_column("dropped_at")
    op.drop_table("login_counter")
