"""the approval fingerprint covers everything the parties rely on (venue, rhythm, excluded and
moved occurrences, "for the part of", condition notes, roles, every language): each standing
approval whose old fingerprint matched its plan's content is re-stamped with the new one;
approvals of older versions stay withdrawn (they match no content, old or new)

Revision ID: 0007_fingerprint
Revises: 0006_part_languages

Reads through SQL, never the ORM models. The old fingerprint is computed by a frozen copy of
the algorithm it replaces (below); the new one by the builder `planner.plans.approval` had
when this revision was written, frozen below too (`content`: 0015_cost_languages changed the
live one, as a later revision that adds a content column must, and copied it here first, so
this revision keeps computing what it computed; 0015 re-stamps approvals in its own turn).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

import sqlalchemy as sa
from alembic import op

revision = "0007_fingerprint"
down_revision = "0008_discussion"
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
        ("amount", sa.Numeric(18, 3)), ("currency", sa.String),
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
#: Each list of a plan: its table and the order the ORM relation gave it.
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


# --- the fingerprint as it was before this revision (frozen: do not change) -------------------


def _old_texts(row, single: str, multi: str) -> dict:
    values = getattr(row, multi, None)
    if values:
        return values
    value = getattr(row, single, None)
    return {"en": value} if value else {}


def _old_other_languages(row, single: str, multi: str) -> dict:
    values = _old_texts(row, single, multi)
    single_value = getattr(row, single, None) or ""
    if all(text == single_value for text in values.values()):
        return {}
    return dict(sorted(values.items()))


def _old_day(value):
    return value.isoformat() if value is not None else None


def _old_in_order(rows) -> list:
    return sorted(rows, key=lambda row: [(value is not None, value) for value in row])


def _old_with_translations(row: list, item) -> list:
    translations = _old_other_languages(item, "title", "titles")
    return [*row, [list(pair) for pair in translations.items()]] if translations else row


def old_content(plan) -> dict:
    return {
        "kind": plan.kind,
        "title": (plan.title or {}).get("en", ""),
        "terms": plan.terms,
        "project_agreement": [plan.project_agreement_ref, _old_day(plan.project_agreement_date)],
        "lead": plan.lead_institution_id,
        "partners": sorted(i.id for i in plan.partners),
        "venues": [[v.site_id, _old_day(v.opens_on), _old_day(v.closes_on)] for v in plan.venues],
        "events": _old_in_order(
            [
                e.uid,
                e.title,
                _old_day(e.starts_at) if not e.all_day else _old_day(e.start_date),
                _old_day(e.ends_at) if not e.all_day else _old_day(e.end_date),
                e.timezone,
                e.status,
                e.recurrence_frequency,
                e.recurrence_count,
                _old_day(e.recurrence_until),
            ]
            for e in plan.events
            if e.deleted_at is None
        ),
        "costs": _old_in_order(
            [c.payer_institution_id, c.category, c.description, f"{c.amount:f}", c.currency] for c in plan.cost_items
        ),
        "loans": _old_in_order(
            _old_with_translations(
                [
                    o.lender_institution_id,
                    o.inventory_number,
                    o.title,
                    _old_day(o.loan_from),
                    _old_day(o.loan_to),
                    None if o.insurance_value is None else f"{o.insurance_value:f}",
                    o.insurance_currency,
                ],
                o,
            )
            for o in plan.loan_objects
        ),
        "participants": _old_in_order(
            [p.name, p.home_institution_id, p.host_institution_id, _old_day(p.from_date), _old_day(p.to_date)]
            for p in plan.participants
        ),
        "route": [[s.site_id, _old_day(s.arrival), _old_day(s.departure)] for s in plan.route_stops],
    }


def old_fingerprint(content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


# --- the fingerprint this revision introduced (frozen: do not change) --------------------------
# `planner.plans.approval` as it was before 0015_cost_languages; later revisions import it
# (0015 computes the fingerprints it re-stamps from).

#: Each single-value column and the column of its values per language (planner.multilingual).
_MULTILINGUAL = {
    "title": "titles",
    "description": "descriptions",
    "role": "roles",
    "condition_departure": "conditions_departure",
    "condition_return": "conditions_return",
    "precision_note": "precision_notes",
}
_PLAN_FIELDS = {
    "agreement": ("agreement_id",),
    "kind": ("kind",),
    "title": ("title",),
    "description": ("description",),
    "terms": ("terms",),
    "project_agreement": ("project_agreement_ref", "project_agreement_date"),
    "lead": ("lead_institution_id",),
    "online_url": ("online_url",),
}
_PART_COLUMNS = {
    "venues": ("site_id", "opens_on", "closes_on"),
    "route": ("site_id", "arrival", "departure"),
    "events": (
        "uid", "titles", "descriptions", "kind", "status", "site_id", "online_url", "all_day", "timezone",
        "starts_at", "ends_at", "start_date", "end_date", "recurrence_frequency", "recurrence_interval",
        "recurrence_count", "recurrence_until", "excluded_dates", "override_of_id", "recurrence_id",
    ),
    "costs": ("payer_institution_id", "incurred_by_institution_id", "category", "description", "amount", "currency"),
    "loans": (
        "lender_institution_id", "inventory_number", "titles", "loan_from", "loan_to", "insurance_value",
        "insurance_currency", "conditions_departure", "conditions_return",
    ),
    "participants": ("name", "roles", "home_institution_id", "host_institution_id", "from_date", "to_date"),
}  # fmt: skip
_ORDERED_PARTS = ("venues", "route")
_SINGLE_OF = {multi: single for single, multi in _MULTILINGUAL.items()}
_AMOUNT = Decimal("0.001")


def _texts(row, single: str) -> dict:
    values = getattr(row, _MULTILINGUAL[single], None)
    if values:
        return values
    value = getattr(row, single, None)
    return {"en": value} if value else {}


def content(plan) -> dict:
    """The approvable content of a plan as `planner.plans.approval.plan_content` built it."""
    found = {name: _plan_field(plan, columns) for name, columns in _PLAN_FIELDS.items()}
    found["partners"] = sorted(i.id for i in plan.partners)
    found["articles"] = sorted(a.number for a in plan.articles)
    events = [e for e in plan.events if e.deleted_at is None]
    uids = {e.id: e.uid for e in plan.events}
    sources = {
        "venues": plan.venues,
        "route": plan.route_stops,
        "events": events,
        "costs": plan.cost_items,
        "loans": plan.loan_objects,
        "participants": plan.participants,
    }
    for part, rows in sources.items():
        records = [_record(row, _PART_COLUMNS[part]) for row in rows]
        if part == "events":
            for record in records:
                record["override_of_id"] = uids.get(record["override_of_id"])
        found[part] = records if part in _ORDERED_PARTS else sorted(records, key=_sort_key)
    return found


def _plan_field(plan, columns: tuple[str, ...]):
    values = [_plain(getattr(plan, column)) for column in columns]
    return values[0] if len(values) == 1 else values


def _record(row, columns: tuple[str, ...]) -> dict:
    return {
        column: _plain(dict(_texts(row, _SINGLE_OF[column])) if column in _SINGLE_OF else getattr(row, column))
        for column in columns
    }


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.quantize(_AMOUNT):f}"
    if isinstance(value, dict):
        return {key: text for key, text in sorted(value.items()) if text not in (None, "")}
    if isinstance(value, list | tuple):
        return sorted(str(item) for item in value)
    return value


def _sort_key(record: dict) -> str:
    return json.dumps(list(record.values()), ensure_ascii=False, default=str)


def fingerprint(content: dict) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


# --- re-stamping ------------------------------------------------------------------------------


def _restamp(forward: bool) -> None:
    """Each standing approval of its plan's current content, under the other fingerprint (with
    the content as snapshot); approvals of another content keep their fingerprint, which names
    no content either before or after, so they stay withdrawn."""
    connection = op.get_bind()
    table = _table("approval")
    for plan in plans(connection):
        old = old_content(plan)
        new = content(plan)
        before, after = (old, new) if forward else (new, old)
        stamp = old_fingerprint if not forward else fingerprint
        was = fingerprint(before) if not forward else old_fingerprint(before)
        connection.execute(
            table.update()
            .where(table.c.plan_id == plan.id, table.c.withdrawn_at.is_(None), table.c.fingerprint == was)
            .values(fingerprint=stamp(after), snapshot=after)
        )


def upgrade():
    _restamp(forward=True)


def downgrade():
    _restamp(forward=False)
