"""moved occurrences of recurring events

Revision ID: 0002_moved_occurrences
Revises: 2224a977d141
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_moved_occurrences"
down_revision = "2224a977d141"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("override_of_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("recurrence_id", sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_event_override_of_id"), ["override_of_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_event_override_of_id_event"), "event", ["override_of_id"], ["id"])


def downgrade():
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_event_override_of_id_event"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_event_override_of_id"))
        batch_op.drop_column("recurrence_id")
        batch_op.drop_column("override_of_id")
