"""attachments: stored files behind one storage interface, and plans' signed copies

Revision ID: 0010_attachments
Revises: 0006_part_languages
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_attachments"
down_revision = "0009_amendments"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=32), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("original_name", sa.String(length=200), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["uploaded_by_id"], ["user.id"], name=op.f("fk_attachment_uploaded_by_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_attachment_storage_key")),
    )
    with op.batch_alter_table("attachment") as batch_op:
        batch_op.create_index(batch_op.f("ix_attachment_sha256"), ["sha256"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachment_uploaded_by_id"), ["uploaded_by_id"], unique=False)
    op.create_table(
        "signed_copy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"], name=op.f("fk_signed_copy_plan_id_plan")),
        sa.ForeignKeyConstraint(
            ["institution_id"], ["institution.id"], name=op.f("fk_signed_copy_institution_id_institution")
        ),
        sa.ForeignKeyConstraint(
            ["attachment_id"], ["attachment.id"], name=op.f("fk_signed_copy_attachment_id_attachment")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signed_copy")),
        sa.UniqueConstraint("attachment_id", name=op.f("uq_signed_copy_attachment_id")),
    )
    with op.batch_alter_table("signed_copy") as batch_op:
        batch_op.create_index(batch_op.f("ix_signed_copy_plan_id"), ["plan_id"], unique=False)


def downgrade():
    with op.batch_alter_table("signed_copy") as batch_op:
        batch_op.drop_index(batch_op.f("ix_signed_copy_plan_id"))
    op.drop_table("signed_copy")
    with op.batch_alter_table("attachment") as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_uploaded_by_id"))
        batch_op.drop_index(batch_op.f("ix_attachment_sha256"))
    op.drop_table("attachment")
