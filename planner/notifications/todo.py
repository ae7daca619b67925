"""The to-do list the dashboard opens with: what needs the user's institution now. Each list is
one bounded query (at most TODO_LIMIT rows), whatever the size of the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import selectinload

from planner.agreements.models import Agreement, Article, Party, Term, lifecycle_on_cached
from planner.extensions import db
from planner.loans.models import ConditionCheck, Loan
from planner.loans.queries import checks_to_countersign, damaged_loans
from planner.plans.access import visible_drafts
from planner.plans.events import Event
from planner.plans.models import Approval, Plan, plan_article, plan_partner

TODO_LIMIT = 20
HORIZON_DAYS = 90


@dataclass(frozen=True)
class Deadline:
    agreement: Agreement
    kind: str  # "notice_deadline" | "period_end"
    day: date
    days: int


@dataclass
class ToDo:
    awaiting: list[Plan] = field(default_factory=list)
    changed: list[Plan] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    without_events: list[Plan] = field(default_factory=list)
    unplanned: list[Article] = field(default_factory=list)
    damaged: list[Loan] = field(default_factory=list)  # an object worse on arrival (planner.loans)
    to_countersign: list[ConditionCheck] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any(
            (
                self.awaiting,
                self.changed,
                self.deadlines,
                self.without_events,
                self.unplanned,
                self.damaged,
                self.to_countersign,
            )
        )


def todo_for(user, today: date) -> ToDo:
    """The to-do of the user's institution (none for a user without one, e.g. an admin)."""
    institution = user.institution_id
    if institution is None:
        return ToDo()
    mine = select(Party.agreement_id).where(Party.institution_id == institution)
    awaiting, changed = _awaiting_approval(institution, mine)
    return ToDo(
        awaiting=awaiting,
        changed=changed,
        deadlines=_deadlines(mine, today),
        without_events=_plans_without_events(institution),
        unplanned=_unplanned_articles(mine),
        damaged=damaged_loans(institution),
        to_countersign=checks_to_countersign(institution) if user.role == "curator" else [],
    )


def _awaiting_approval(institution: int, mine) -> tuple[list[Plan], list[Plan]]:
    """Proposed plans of my partnerships without my institution's standing approval; those it
    approved once (the approval was withdrawn by a change) are "changed since I approved"."""
    standing = exists().where(
        Approval.plan_id == Plan.id, Approval.institution_id == institution, Approval.withdrawn_at.is_(None)
    )
    plans = list(
        db.session.scalars(
            select(Plan)
            .where(Plan.agreement_id.in_(mine), Plan.deleted_at.is_(None), Plan.status == "proposed", ~standing)
            .order_by(Plan.updated_at.desc())
            .limit(TODO_LIMIT)
        )
    )
    if not plans:
        return [], []
    approved_once = set(
        db.session.scalars(
            select(Approval.plan_id).where(
                Approval.plan_id.in_([p.id for p in plans]),
                Approval.institution_id == institution,
                Approval.withdrawn_at.is_not(None),
            )
        )
    )
    return [p for p in plans if p.id not in approved_once], [p for p in plans if p.id in approved_once]


TERM_COLUMNS = (
    Agreement.signed_on,
    Agreement.term_years,
    Agreement.renewal_years,
    Agreement.notice_amount,
    Agreement.notice_unit,
    Agreement.notice_given_on,
    Agreement.terminated_on,
)


def _deadlines(mine, today: date) -> list[Deadline]:
    """Notice deadlines and period ends of my agreements in force within HORIZON_DAYS. The term
    arithmetic runs on the term's columns alone (an institution party to 500 agreements: loading
    each whole cost more than the rest of the dashboard); only the agreements listed are loaded."""
    found = []
    terms = db.session.execute(
        select(Agreement.id, *TERM_COLUMNS)
        .where(Agreement.id.in_(mine), Agreement.status == "in_force")
        .order_by(Agreement.id)
    )
    for row in terms:
        agreement_id, term = row.id, Term(**{column.key: getattr(row, column.key) for column in TERM_COLUMNS})
        state = lifecycle_on_cached(term, today)
        if state.status in ("expired", "terminated"):  # as Agreement.effective_status says of one in force
            continue
        for kind, day in (("notice_deadline", state.notice_deadline), ("period_end", state.period_end)):
            if day is not None and today <= day <= today + timedelta(days=HORIZON_DAYS):
                found.append((day, agreement_id, kind))
    found = sorted(found)[:TODO_LIMIT]
    agreements = {a.id: a for a in db.session.scalars(select(Agreement).where(Agreement.id.in_({f[1] for f in found})))}
    return [Deadline(agreements[agreement_id], kind, day, (day - today).days) for day, agreement_id, kind in found]


def _plans_without_events(institution: int) -> list[Plan]:
    """My institution's live plans (as lead or partner) with no event yet."""
    partner = exists().where(plan_partner.c.plan_id == Plan.id, plan_partner.c.institution_id == institution)
    has_event = exists().where(Event.plan_id == Plan.id, Event.deleted_at.is_(None))
    return list(
        db.session.scalars(
            select(Plan)
            .where(
                or_(Plan.lead_institution_id == institution, partner),
                visible_drafts(institution),
                Plan.deleted_at.is_(None),
                Plan.status.not_in(("cancelled", "completed")),
                ~has_event,
            )
            .order_by(Plan.id)
            .limit(TODO_LIMIT)
        )
    )


def _unplanned_articles(mine) -> list[Article]:
    """Articles of my agreements in force that name activities but have no live plan yet."""
    planned = exists().where(
        and_(plan_article.c.article_id == Article.id, plan_article.c.plan_id == Plan.id, Plan.deleted_at.is_(None))
    )
    articles = db.session.scalars(
        select(Article)
        .join(Agreement, Article.agreement_id == Agreement.id)
        .where(Article.agreement_id.in_(mine), Agreement.status == "in_force", ~planned)
        .options(selectinload(Article.agreement))
        .order_by(Article.agreement_id, Article.number)
        .limit(TODO_LIMIT * 3)
    )
    return [article for article in articles if article.activities][:TODO_LIMIT]
