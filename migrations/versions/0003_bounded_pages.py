"""bounded pages: indexes, long-running flag, occurrence index, participants' name keys

Indexes for what pages filter and sort by (none on deleted_at), the long-running flag of events,
the occurrence index of recurring series, participants' casefolded names.

Revision ID: 0003_bounded_pages
Revises: 0002_moved_occurrences
"""
from datetime import timedelta

import sqlalchemy as sa
from alembic import op

revision = "0003_bounded_pages"
down_revision = "0002_moved_occurrences"
branch_labels = None
depends_on = None

LONG_SPAN = timedelta(days=62)  # as planner.schedule.occurrences.LONG_SPAN when this was written


def upgrade():
    op.create_table(
        "occurrence_start",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_occurrence_start_event_id_event"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("event_id", "starts_at", name=op.f("pk_occurrence_start")))
    with op.batch_alter_table("occurrence_start", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_occurrence_start_starts_at"), ["starts_at"], unique=False)
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_action"), ["action"], unique=False)
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("long_running", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index(batch_op.f("ix_event_start_date"), ["start_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_starts_at"), ["starts_at"], unique=False)
        batch_op.create_index("ix_event_window", ["long_running", "range_start", "range_end"], unique=False)
        # Nearly every row is live: SQLite, with no statistics, chose this index over the good ones.
        batch_op.drop_index(batch_op.f("ix_event_deleted_at"))
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_deleted_at"))
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_key", sa.String(length=400), server_default="", nullable=False))
        batch_op.create_index(batch_op.f("ix_participant_name_key"), ["name_key"], unique=False)
    with op.batch_alter_table("plan_article", schema=None) as batch_op:
        batch_op.create_index("ix_plan_article_article_id", ["article_id"], unique=False)
    _fill_derived_columns()


def _fill_derived_columns():
    """Existing rows get the values the models' flush listeners give new ones."""
    connection = op.get_bind()
    event = sa.table("event", sa.column("id", sa.Integer), sa.column("range_start", sa.DateTime),
                     sa.column("range_end", sa.DateTime), sa.column("long_running", sa.Boolean))
    long_ids = [row.id for row in connection.execute(sa.select(event.c.id, event.c.range_start, event.c.range_end))
                if row.range_start and row.range_end and row.range_end - row.range_start > LONG_SPAN]
    if long_ids:
        connection.execute(sa.update(event).where(event.c.id.in_(long_ids)).values(long_running=True))
    participant = sa.table("participant", sa.column("id", sa.Integer), sa.column("name", sa.String),
                           sa.column("name_key", sa.String))
    for row in connection.execute(sa.select(participant.c.id, participant.c.name)).all():
        connection.execute(sa.update(participant).where(participant.c.id == row.id)
                           .values(name_key=(row.name or "").casefold()))
    _index_occurrences(connection)


def _index_occurrences(connection):
    """One row per occurrence of every recurring series, by the app's pure expansion functions
    (what planner.schedule.occurrence_index writes for new series)."""
    from types import SimpleNamespace
    from planner.models_base import naive_utc
    from planner.plans.occurrences import FAR_FUTURE, FAR_PAST, expand
    columns = {"id": sa.Integer, "all_day": sa.Boolean, "timezone": sa.String, "starts_at": sa.DateTime,
               "ends_at": sa.DateTime, "start_date": sa.Date, "end_date": sa.Date, "recurrence_frequency": sa.String,
               "recurrence_interval": sa.Integer, "recurrence_until": sa.Date, "recurrence_count": sa.Integer,
               "excluded_dates": sa.JSON, "override_of_id": sa.Integer, "recurrence_id": sa.String,
               "deleted_at": sa.DateTime}
    event = sa.table("event", *(sa.column(name, kind) for name, kind in columns.items()))
    rows = [SimpleNamespace(**row._mapping) for row in connection.execute(sa.select(event))]
    moved = {}
    for row in rows:
        if row.override_of_id and row.deleted_at is None:
            moved.setdefault(row.override_of_id, set()).add(row.recurrence_id)
    index = sa.table("occurrence_start", sa.column("event_id", sa.Integer), sa.column("starts_at", sa.DateTime))
    for row in rows:
        if row.recurrence_frequency:
            starts = [{"event_id": row.id, "starts_at": naive_utc(o.sort_key)}
                      for o in expand(row, FAR_PAST, FAR_FUTURE, frozenset(moved.get(row.id, ())))]
            if starts:
                connection.execute(sa.insert(index), starts)


def downgrade():
    with op.batch_alter_table("plan_article", schema=None) as batch_op:
        batch_op.drop_index("ix_plan_article_article_id")
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participant_name_key"))
        batch_op.drop_column("name_key")
    with op.batch_alter_table("plan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_deleted_at"), ["deleted_at"], unique=False)
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_deleted_at"), ["deleted_at"], unique=False)
        batch_op.drop_index("ix_event_window")
        batch_op.drop_index(batch_op.f("ix_event_starts_at"))
        batch_op.drop_index(batch_op.f("ix_event_start_date"))
        batch_op.drop_column("long_running")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entry_action"))
    with op.batch_alter_table("occurrence_start", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_occurrence_start_starts_at"))
    op.drop_table("occurrence_start")
