"""What a notification says, in the language of whoever reads it (the inbox page, or an e-mail
under `force_locale`), and where it leads. The records it names are loaded for a whole list at
once: one query per kind of record, whatever the number of notifications."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from babel.lists import format_list
from flask import url_for
from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from planner.accounts.models import User
from planner.agreements.models import Agreement, Institution
from planner.extensions import db
from planner.i18n import pick_text
from planner.notifications.facts import PlanFacts, plan_facts
from planner.plans.models import Plan
from planner.plans.readable import names_for, reader_locale, reader_words
from planner.plans.summary import Names, Row, summarize
from planner.vocabulary import LoanStatus, status_label


@dataclass
class Records:
    """The plans, agreements, users and institutions a list of notifications names."""

    plans: dict[int, Plan] = field(default_factory=dict)
    agreements: dict[int, Agreement] = field(default_factory=dict)
    users: dict[int, User] = field(default_factory=dict)
    institutions: dict[int, Institution] = field(default_factory=dict)
    names: Names | None = None  # what the change summaries name, for all of them at once


@dataclass(frozen=True)
class Message:
    """`facts` (a plan's dates, venues and totals) and `actions` (label, link) are filled for an
    e-mail only: the inbox lists many messages and links each line once."""

    text: str
    url: str | None
    changes: list[Row]
    facts: PlanFacts | None = None
    actions: list[tuple[str, str]] = field(default_factory=list)


def load_records(notifications) -> Records:
    """Everything the notifications refer to, in at most six queries."""
    plan_ids = {n.subject_id for n in notifications if n.subject_type == "plan"}
    agreement_ids = {n.subject_id for n in notifications if n.subject_type == "agreement"}
    user_ids = {n.actor_id for n in notifications if n.actor_id}
    institution_ids = {i for n in notifications for i in _institutions_named(n.data or {})}
    records = Records()
    if plan_ids:
        plans = db.session.scalars(select(Plan).where(Plan.id.in_(plan_ids)).options(selectinload(Plan.agreement)))
        records.plans = {p.id: p for p in plans}
        agreement_ids |= {p.agreement_id for p in records.plans.values()}
    if agreement_ids - {p.agreement_id for p in records.plans.values()}:
        found = db.session.scalars(select(Agreement).where(Agreement.id.in_(agreement_ids)))
        records.agreements = {a.id: a for a in found}
    records.agreements.update({p.agreement.id: p.agreement for p in records.plans.values()})
    if user_ids:
        records.users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
    if institution_ids:
        found = db.session.scalars(select(Institution).where(Institution.id.in_(institution_ids)))
        records.institutions = {i.id: i for i in found}
    contents = [n.data[side] for n in notifications if n.kind == "plan_changed" for side in ("before", "after")]
    if contents:
        records.names = names_for(*(content or {} for content in contents))
    return records


def _institutions_named(data: dict) -> list[int]:
    """The institution an approval names, or those that joined or left the parties."""
    return [i for i in (data.get("institution_id"), *data.get("added", ()), *data.get("removed", ())) if i]


def describe(notification, records: Records, reader, external: bool = False, with_changes: bool = True) -> Message:
    """The sentence, the link (absolute for an e-mail) and, for a changed plan, what changed;
    for an e-mail (`external`) also the plan's facts and the links to act."""
    locale = reader_locale()
    plan = records.plans.get(notification.subject_id) if notification.subject_type == "plan" else None
    agreement = plan.agreement if plan is not None else records.agreements.get(notification.subject_id)
    data = notification.data or {}
    actor = records.users.get(notification.actor_id)
    words = {
        "plan": pick_text(plan.title, locale).text if plan is not None else "",
        "agreement": pick_text(agreement.title, locale).text if agreement is not None else "",
        "actor": (actor.display_name or actor.username) if actor is not None else _("The planner"),
    }
    text = _sentence(notification.kind, data, words, records, locale)
    changes = []
    if with_changes and notification.kind == "plan_changed" and data.get("before"):
        names = records.names or names_for(data["before"], data.get("after") or {})
        changes = summarize(data["before"], data.get("after") or {}, names, locale, reader_words)
    url = _link(notification, plan, agreement, reader, external)
    if not external:
        return Message(text, url, changes)
    facts = plan_facts(plan, locale) if plan is not None and url is not None else None
    return Message(text, url, changes, facts, _actions(notification.kind, plan, url, external))


#: The kinds that ask the reader to approve the plan, and those that open a to-do of theirs.
APPROVE_KINDS = ("plan_proposed", "plan_changed")
TODO_KINDS = ("plan_proposed", "plan_changed", "changes_requested", "notice_deadline", "amendment_proposed")


def _actions(kind: str, plan, url: str | None, external: bool) -> list[tuple[str, str]]:
    """The links an e-mail offers, the act first: "See changes" and "Approve" for a plan that
    awaits the reader, "Open the task" for what is on their to-do list, then the record itself."""
    if url is None:
        return []
    actions = []
    if plan is not None and kind in APPROVE_KINDS and plan.deleted_at is None:
        decide = url_for("plans.show", plan_id=plan.id, _external=external, _anchor="approval-heading")
        if kind == "plan_changed":
            actions.append((_("See changes"), decide))
        actions.append((_("Approve"), decide))
    if kind in TODO_KINDS:
        actions.append((_("Open the task"), url_for("dashboard.index", _external=external, _anchor="todo-heading")))
    actions.append((_("Open it in the planner"), url))
    return actions


def _sentence(kind: str, data: dict, words: dict, records: Records, locale: str) -> str:
    day = _day(data.get("day"))
    days = data.get("days") or 0
    institution = records.institutions.get(data.get("institution_id"))
    sentences = {
        "plan_proposed": lambda: _(
            "%(actor)s proposed the plan “%(plan)s”: it awaits your institution’s approval.", **words
        ),
        "plan_changed": lambda: (
            _(
                "%(actor)s changed the plan “%(plan)s”: approvals of the earlier version are withdrawn; it awaits your approval again.",
                **words,
            )
            if data.get("withdrawn", True)
            else _("%(actor)s changed the plan “%(plan)s”, which awaits your approval.", **words)
        ),
        "changes_requested": lambda: _(
            "%(actor)s requested changes of the plan “%(plan)s”: “%(comment)s”",
            comment=data.get("excerpt", ""),
            **words,
        ),
        "plan_comment": lambda: _(
            "%(actor)s commented on the plan “%(plan)s”: “%(comment)s”", comment=data.get("excerpt", ""), **words
        ),
        "approval_given": lambda: _(
            "%(institution)s approved the plan “%(plan)s”.",
            institution=pick_text(institution.name, locale).text if institution else words["actor"],
            plan=words["plan"],
        ),
        "plan_approved": lambda: _("The plan “%(plan)s” is approved by every party.", plan=words["plan"]),
        "signed_copy": lambda: _(
            "%(institution)s uploaded its signed copy of the plan “%(plan)s”.",
            institution=pick_text(institution.name, locale).text if institution else words["actor"],
            plan=words["plan"],
        ),
        "plan_status": lambda: _(
            "%(actor)s set the status of the plan “%(plan)s” to “%(status)s”.",
            status=status_label(data.get("after")),
            **words,
        ),
        "plan_deleted": lambda: _("%(actor)s deleted the plan “%(plan)s”.", **words),
        "plan_restored": lambda: _("%(actor)s restored the plan “%(plan)s”.", **words),
        "protocol_added": lambda: _(
            "%(actor)s added protocol No. %(number)s to “%(agreement)s”.", number=data.get("number"), **words
        ),
        "notice_recorded": lambda: _(
            "%(actor)s recorded a notice of termination of “%(agreement)s”, given on %(day)s.",
            day=_day(data.get("given_on")),
            **words,
        ),
        "parties_changed": lambda: _parties_changed(data, words, records, locale),
        "amendment_proposed": lambda: _amendment_proposed(data, words, records, locale),
        "amendment_rejected": lambda: _(
            "%(actor)s rejected the change of the parties of “%(agreement)s”: the parties stay as they were.", **words
        ),
        "amendment_approved": lambda: _(
            "%(institution)s approved the change of the parties of “%(agreement)s”.",
            institution=pick_text(institution.name, locale).text if institution else words["actor"],
            agreement=words["agreement"],
        ),
        "notice_deadline": lambda: ngettext(
            "The notice deadline of “%(agreement)s” is %(day)s, in %(num)d day.",
            "The notice deadline of “%(agreement)s” is %(day)s, in %(num)d days.",
            days,
            agreement=words["agreement"],
            day=day,
        ),
        "period_end": lambda: ngettext(
            "The current period of “%(agreement)s” ends on %(day)s, in %(num)d day.",
            "The current period of “%(agreement)s” ends on %(day)s, in %(num)d days.",
            days,
            agreement=words["agreement"],
            day=day,
        ),
        "loan_status": lambda: _(
            "%(actor)s moved the loan of the plan “%(plan)s” to “%(status)s”.",
            status=loan_status_label(data.get("after")),
            **words,
        ),
        "loan_damage": lambda: _(
            "The object %(object)s of the plan “%(plan)s” arrived in a worse condition than it left.",
            object=data.get("object", ""),
            plan=words["plan"],
        ),
        "loan_check": lambda: _(
            "%(actor)s recorded a condition check of %(object)s (plan “%(plan)s”): it awaits your countersignature.",
            object=data.get("object", ""),
            **words,
        ),
        "permit_return": lambda: ngettext(
            "The objects of the plan “%(plan)s” must be back by %(day)s (export permit), in %(num)d day.",
            "The objects of the plan “%(plan)s” must be back by %(day)s (export permit), in %(num)d days.",
            days,
            plan=words["plan"],
            day=day,
        ),
        "event_soon": lambda: _(
            "“%(event)s” of the plan “%(plan)s” begins on %(day)s.",
            event=data.get("title") or words["plan"],
            plan=words["plan"],
            day=day,
        ),
        "task_due": lambda: _task_due(data, words, locale, day),
        "tasks_moved": lambda: _tasks_moved(data, words),
    }
    return sentences[kind]()


def _task_due(data: dict, words: dict, locale: str, day: str) -> str:
    """A task reminder (planner.tasks.reminders): a week before, or on the day."""
    task = pick_text(data.get("title") or {}, locale).text
    if not data.get("days"):
        return _("“%(task)s” of the plan “%(plan)s” is due today.", task=task, plan=words["plan"])
    return _("“%(task)s” of the plan “%(plan)s” is due on %(day)s.", task=task, plan=words["plan"], day=day)


def _tasks_moved(data: dict, words: dict) -> str:
    """The plan's dates moved its open tasks (planner.tasks.operations.recompute)."""
    count, days = data.get("count") or 0, data.get("days")
    if not days:
        return ngettext(
            "%(num)d deadline of the plan “%(plan)s” moved.",
            "%(num)d deadlines of the plan “%(plan)s” moved.",
            count,
            plan=words["plan"],
        )
    shift = (
        ngettext("%(num)d day later", "%(num)d days later", days)
        if days > 0
        else ngettext("%(num)d day earlier", "%(num)d days earlier", -days)
    )
    return ngettext(
        "%(num)d deadline of the plan “%(plan)s” moved %(shift)s.",
        "%(num)d deadlines of the plan “%(plan)s” moved %(shift)s.",
        count,
        plan=words["plan"],
        shift=shift,
    )
def loan_status_label(value) -> str:
    return LoanStatus(value).label if value in LoanStatus._value2member_map_ else str(value or "")


def _parties_changed(data: dict, words: dict, records: Records, locale: str) -> str:
    """Who joined and who left, by name in the reader's language (an institution since deleted
    is left out rather than shown as a number)."""
    joined, left = _names(data.get("added", ()), records, locale), _names(data.get("removed", ()), records, locale)
    said = [_("%(actor)s changed the parties of “%(agreement)s”.", **words)]
    if joined:
        said.append(_("Now a party: %(names)s.", names=joined))
    if left:
        said.append(_("No longer a party: %(names)s.", names=left))
    return " ".join(said)


def _amendment_proposed(data: dict, words: dict, records: Records, locale: str) -> str:
    """The change proposed, by name: it takes effect only with every party's consent."""
    joined, left = _names(data.get("added", ()), records, locale), _names(data.get("removed", ()), records, locale)
    said = [
        _(
            "%(actor)s proposed to change the parties of “%(agreement)s”: it awaits your institution’s approval.",
            **words,
        )
    ]
    if joined:
        said.append(_("Would join: %(names)s.", names=joined))
    if left:
        said.append(_("Would leave: %(names)s.", names=left))
    return " ".join(said)


def _names(ids, records: Records, locale: str) -> str:
    found = [pick_text(records.institutions[i].name, locale).text for i in ids if i in records.institutions]
    return format_list(found, locale=locale) if found else ""


def _day(value) -> str:
    return format_date(date.fromisoformat(value), "long") if value else ""


def _link(notification, plan, agreement, reader, external: bool) -> str | None:
    """Where to act: the event, the plan, or (a deleted plan) its agreement; nothing the reader
    may not open."""
    from planner.agreements.access import can_read_agreement

    if agreement is None or not can_read_agreement(reader, agreement):
        return None
    event_id = (notification.data or {}).get("event_id")
    loan_id = (notification.data or {}).get("loan_id")
    if loan_id and plan is not None and plan.deleted_at is None:
        return url_for("loans.show", loan_id=loan_id, _external=external)
    if event_id:
        return url_for("schedule.event", event_id=event_id, _external=external)
    if plan is not None and (plan.deleted_at is None or reader.is_admin):
        return url_for("plans.show", plan_id=plan.id, _external=external)
    return url_for("agreements.show", agreement_id=agreement.id, _external=external)
