"""texts of plan parts and sites in every language: participant roles, loan object titles and
condition notes, site precision notes (each existing value kept in the language it is in)

Revision ID: 0006_part_languages
Revises: 0005_notifications
"""

from alembic import op
import sqlalchemy as sa

revision = "0006_part_languages"
down_revision = "0005_notifications"
branch_labels = None
depends_on = None

#: table -> (single-value column, its column per language)
COLUMNS = {
    "participant": (("role", "roles"),),
    "loan_object": (
        ("title", "titles"),
        ("condition_departure", "conditions_departure"),
        ("condition_return", "conditions_return"),
    ),
    "site": (("precision_note", "precision_notes"),),
}


def upgrade():
    for table, pairs in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for _single, multi in pairs:
                batch.add_column(sa.Column(multi, sa.JSON(), server_default="{}", nullable=False))
        _fill(table, pairs)


def _fill(table_name: str, pairs) -> None:
    """Each row's one value becomes the value of the language it is in (as 0005_dailyuse did
    for event titles): Kazakh letters, Cyrillic, Azerbaijani letters, else English."""
    from planner.i18n import guess_language

    table = sa.table(
        table_name,
        sa.column("id", sa.Integer),
        *[sa.column(single, sa.Text) for single, _multi in pairs],
        *[sa.column(multi, sa.JSON) for _single, multi in pairs],
    )
    connection = op.get_bind()
    singles = [table.c[single] for single, _multi in pairs]
    for row in connection.execute(sa.select(table.c.id, *singles)).all():
        values = {
            multi: {guess_language(getattr(row, single)): getattr(row, single)} if getattr(row, single) else {}
            for single, multi in pairs
        }
        if any(values.values()):
            connection.execute(table.update().where(table.c.id == row.id).values(**values))


def downgrade():
    for table, pairs in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for _single, multi in reversed(pairs):
                batch.drop_column(multi)
