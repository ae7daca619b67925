"""cost descriptions in every language (issue #33, item 8): `cost_item.descriptions`, filled
with the one description as the English; the approval fingerprint now covers them, so each
standing approval whose fingerprint matched its plan's content (as the builder before this
revision computed it, frozen in 0007_fingerprint) is re-stamped with the new one; approvals of
older versions stay withdrawn (they match no content, old or new)

Revision ID: 0015_cost_languages
Revises: 0014_loans_proofs_templates

Reads through SQL, never the ORM models. The old content is 0007's frozen builder's; the new
one `planner.plans.approval.plan_content`, which reads attributes of plain rows. A later
revision that adds a content column must copy that builder, as it is now, into this file and
re-stamp approvals in its own turn (as this one did for 0007).
"""

from __future__ import annotations

from types import SimpleNamespace

import sqlalchemy as sa
from alembic import context, op

revision = "0015_cost_languages"
down_revision = "0014_loans_proofs_templates"
branch_labels = None
depends_on = None

_TABLES = {
    "plan": (
        ("id", sa.Integer), ("agreement_id", sa.Integer), ("kind", sa.String), ("title", sa.JSON),
        ("description", sa.JSON), ("terms", sa.String), ("project_agreement_ref", sa.String),
        ("project_agreement_date", sa.Date), ("lead_institution_id", sa.Integer), ("online_url", sa.String),
    ),
    "plan_partner": (("plan_id", sa.Integer), ("institution_id", sa.Integer)),
    "plan_article": (("plan_id", sa.Integer), ("article_id", sa.Integer)),
    "article": (("id", sa.Integer), ("number", sa.Integer)),
    "plan_venue": (
        ("id", sa.Integer), ("plan_id", sa.Integer), ("site_id", sa.Integer), ("position", sa.Integer),
        ("opens_on", sa.Date), ("closes_on", sa.Date),
    ),
    "route_stop": (
        ("id", sa.Integer), ("plan_id", sa.Integer), ("site_id", sa.Integer), ("position", sa.Integer),
        ("arrival", sa.Date), ("departure", sa.Date),
    ),
    "event": (
        ("id", sa.Integer), ("plan_id", sa.Integer), ("uid", sa.String), ("title", sa.String),
        ("description", sa.Text), ("titles", sa.JSON), ("descriptions", sa.JSON), ("kind", sa.String),
        ("status", sa.String), ("site_id", sa.Integer), ("online_url", sa.String), ("all_day", sa.Boolean),
        ("timezone", sa.String), ("starts_at", sa.DateTime), ("ends_at", sa.DateTime), ("start_date", sa.Date),
        ("end_date", sa.Date), ("recurrence_frequency", sa.String), ("recurrence_interval", sa.Integer),
        ("recurrence_until", sa.Date), ("recurrence_count", sa.Integer), ("excluded_dates", sa.JSON),
        ("deleted_at", sa.DateTime), ("override_of_id", sa.Integer), ("recurrence_id", sa.String),
        ("range_start", sa.DateTime),
    ),
    "cost_item": (
        ("id", sa.Integer), ("plan_id", sa.Integer), ("payer_institution_id", sa.Integer),
        ("incurred_by_institution_id", sa.Integer), ("category", sa.String), ("description", sa.String),
        ("descriptions", sa.JSON), ("amount", sa.Numeric(18, 3)), ("currency", sa.String),
    ),
    "loan_object": (
        ("id", sa.Integer), ("plan_id", sa.Integer), ("lender_institution_id", sa.Integer),
        ("inventory_number", sa.String), ("title", sa.String), ("titles", sa.JSON), ("loan_from", sa.Date),
        ("loan_to", sa.Date), ("insurance_value", sa.Numeric(18, 3)), ("insurance_currency", sa.String),
        ("condition_departure", sa.Text), ("condition_return", sa.Text), ("conditions_departure", sa.JSON),
        ("conditions_return", sa.JSON),
    ),
    "participant": (
        ("id", sa.Integer), ("plan_id", sa.Integer), ("name", sa.String), ("role", sa.String),
        ("roles", sa.JSON), ("home_institution_id", sa.Integer), ("host_institution_id", sa.Integer),
        ("from_date", sa.Date), ("to_date", sa.Date),
    ),
    "approval": (
        ("id", sa.Integer), ("plan_id", sa.Integer), ("fingerprint", sa.String), ("snapshot", sa.JSON),
        ("withdrawn_at", sa.DateTime),
    ),
}  # fmt: skip
#: Each list of a plan: its table and the order the ORM relation gives it.
_PARTS = {
    "venues": ("plan_venue", "position"),
    "route_stops": ("route_stop", "position"),
    "events": ("event", "range_start"),
    "cost_items": ("cost_item", "id"),
    "loan_objects": ("loan_object", "id"),
    "participants": ("participant", "id"),
}


def _table(name: str) -> sa.TableClause:
    return sa.table(name, *(sa.column(column, kind) for column, kind in _TABLES[name]))


def plans(connection) -> list[SimpleNamespace]:
    """Every plan as plain rows with the attributes the content builders read."""
    found = {row.id: SimpleNamespace(**row._mapping) for row in connection.execute(sa.select(_table("plan")))}
    for plan in found.values():
        plan.partners, plan.articles = [], []
        for attribute in _PARTS:
            setattr(plan, attribute, [])
    partner = _table("plan_partner")
    for row in connection.execute(sa.select(partner).order_by(partner.c.institution_id)):
        found[row.plan_id].partners.append(SimpleNamespace(id=row.institution_id))
    link, article = _table("plan_article"), _table("article")
    for row in connection.execute(
        sa.select(link.c.plan_id, article.c.number).join(article, article.c.id == link.c.article_id)
    ):
        found[row.plan_id].articles.append(SimpleNamespace(number=row.number))
    for attribute, (name, order) in _PARTS.items():
        table = _table(name)
        for row in connection.execute(sa.select(table).order_by(table.c[order], table.c.id)):
            if row.plan_id in found:
                getattr(found[row.plan_id], attribute).append(row)
    return list(found.values())


def _before():
    """0007's frozen builder: the content (and fingerprint) as they were before this revision."""
    return context.script.get_revision("0007_fingerprint").module


def _restamp(forward: bool) -> None:
    """Each standing approval of its plan's current content, under the other fingerprint (with
    the content as snapshot); approvals of another content keep their fingerprint, which names
    no content either before or after, so they stay withdrawn."""
    from planner.plans import approval

    frozen = _before()
    old_builder, old_stamp = frozen.content, frozen.fingerprint
    new_builder, new_stamp = approval.plan_content, approval.fingerprint
    if not forward:
        old_builder, old_stamp, new_builder, new_stamp = new_builder, new_stamp, old_builder, old_stamp
    connection = op.get_bind()
    table = _table("approval")
    for plan in plans(connection):
        after = new_builder(plan)
        connection.execute(
            table.update()
            .where(
                table.c.plan_id == plan.id,
                table.c.withdrawn_at.is_(None),
                table.c.fingerprint == old_stamp(old_builder(plan)),
            )
            .values(fingerprint=new_stamp(after), snapshot=after)
        )


def upgrade():
    with op.batch_alter_table("cost_item") as batch:
        batch.add_column(sa.Column("descriptions", sa.JSON(), server_default="{}", nullable=False))
    connection = op.get_bind()
    cost = _table("cost_item")
    for row in connection.execute(sa.select(cost.c.id, cost.c.description).where(cost.c.description != "")):
        connection.execute(cost.update().where(cost.c.id == row.id).values(descriptions={"en": row.description}))
    _restamp(forward=True)


def downgrade():
    _restamp(forward=False)
    with op.batch_alter_table("cost_item") as batch:
        batch.drop_column("descriptions")
