"""plans: draft and changes-requested statuses (a longer status column), and each plan's
discussion (comments and change requests, tied to the version they were written on).
Existing plans keep their status: only new plans start as drafts.

Revision ID: 0008_discussion
Revises: 0006_part_languages
"""

from alembic import op
import sqlalchemy as sa

revision = "0008_discussion"
down_revision = "0011_hardening"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("plan") as batch:
        batch.alter_column(
            "status", existing_type=sa.String(length=16), type_=sa.String(length=24), existing_nullable=False
        )
    op.create_table(
        "plan_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("plan_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"], name=op.f("fk_plan_comment_plan_id_plan")),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_plan_comment_user_id_user")),
        sa.ForeignKeyConstraint(
            ["institution_id"], ["institution.id"], name=op.f("fk_plan_comment_institution_id_institution")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_comment")),
    )
    with op.batch_alter_table("plan_comment") as batch:
        batch.create_index(batch.f("ix_plan_comment_plan_id"), ["plan_id"], unique=False)


def downgrade():
    with op.batch_alter_table("plan_comment") as batch:
        batch.drop_index(batch.f("ix_plan_comment_plan_id"))
    op.drop_table("plan_comment")
    op.execute("UPDATE plan SET status = 'proposed' WHERE status IN ('draft', 'changes_requested')")
    with op.batch_alter_table("plan") as batch:
        batch.alter_column(
            "status", existing_type=sa.String(length=24), type_=sa.String(length=16), existing_nullable=False
        )
