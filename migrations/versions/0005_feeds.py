"""feed entries: serialized VEVENT texts shared by every worker, keyed by their versions

Revision ID: 0005_feeds
Revises: 0005_rulebook
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_feeds"
down_revision = "0005_rulebook"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "feed_entry",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("ref", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_feed_entry")),
    )
    with op.batch_alter_table("feed_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feed_entry_ref"), ["ref"], unique=False)


def downgrade():
    with op.batch_alter_table("feed_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feed_entry_ref"))
    op.drop_table("feed_entry")
