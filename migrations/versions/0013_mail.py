"""e-mails a director can act on: a daily digest per user, and invitations with a one-time link

Revision ID: 0013_mail
Revises: 0014_reports
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_mail"
down_revision = "0014_reports"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user") as batch:
        batch.add_column(sa.Column("mail_digest", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("digest_sent_on", sa.Date(), nullable=True))
    with op.batch_alter_table("notification") as batch:
        batch.add_column(sa.Column("digested_at", sa.DateTime(), nullable=True))
    op.create_table(
        "invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("last_error", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_invitation_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitation")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invitation_token_hash")),
    )
    with op.batch_alter_table("invitation") as batch:
        batch.create_index(batch.f("ix_invitation_user_id"), ["user_id"], unique=False)
        batch.create_index(batch.f("ix_invitation_next_attempt_at"), ["next_attempt_at"], unique=False)


def downgrade():
    op.drop_table("invitation")
    with op.batch_alter_table("notification") as batch:
        batch.drop_column("digested_at")
    with op.batch_alter_table("user") as batch:
        batch.drop_column("digest_sent_on")
        batch.drop_column("mail_digest")
