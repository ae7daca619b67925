"""changes of the parties of an agreement in force, proposed and approved by every party
(party_amendment, party_amendment_approval)

Revision ID: 0009_amendments
Revises: 0006_part_languages
"""

from alembic import op
import sqlalchemy as sa

revision = "0009_amendments"
down_revision = "0006_part_languages"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "party_amendment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("parties", sa.JSON(), nullable=False),
        sa.Column("added", sa.JSON(), nullable=False),
        sa.Column("removed", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("proposed_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agreement_id"], ["agreement.id"], name=op.f("fk_party_amendment_agreement_id_agreement")
        ),
        sa.ForeignKeyConstraint(["decided_by_id"], ["user.id"], name=op.f("fk_party_amendment_decided_by_id_user")),
        sa.ForeignKeyConstraint(["proposed_by_id"], ["user.id"], name=op.f("fk_party_amendment_proposed_by_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_amendment")),
    )
    with op.batch_alter_table("party_amendment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_party_amendment_agreement_id"), ["agreement_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_party_amendment_status"), ["status"], unique=False)

    op.create_table(
        "party_amendment_approval",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("amendment_id", sa.Integer(), nullable=False),
        sa.Column("institution_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["amendment_id"],
            ["party_amendment.id"],
            name=op.f("fk_party_amendment_approval_amendment_id_party_amendment"),
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"], ["institution.id"], name=op.f("fk_party_amendment_approval_institution_id_institution")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_party_amendment_approval_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_amendment_approval")),
        sa.UniqueConstraint("amendment_id", "institution_id", name=op.f("uq_party_amendment_approval_amendment_id")),
    )
    with op.batch_alter_table("party_amendment_approval", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_party_amendment_approval_amendment_id"), ["amendment_id"], unique=False)


def downgrade():
    with op.batch_alter_table("party_amendment_approval", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_amendment_approval_amendment_id"))

    op.drop_table("party_amendment_approval")
    with op.batch_alter_table("party_amendment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_amendment_status"))
        batch_op.drop_index(batch_op.f("ix_party_amendment_agreement_id"))

    op.drop_table("party_amendment")
