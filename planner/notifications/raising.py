"""Receivers of `planner.signals`: each adds one Notification per recipient (and its e-mail to
the outbox) to the sender's session, never committing, so the notice stands or falls with the
change. Recipients are the users of the institutions concerned: curators when something is
theirs to do, every curator, staff member and partner of those institutions for information;
the actor is never told of their own act, and nobody who may not read the record is told."""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app
from sqlalchemy import select

from planner import signals
from planner.accounts.models import User
from planner.agreements.access import can_read_agreement
from planner.extensions import db
from planner.models_base import utcnow
from planner.notifications.models import Notification, NotificationPreference, OutboxMessage
from planner.plans import approval

#: How much of a comment a notification quotes (the thread on the plan page has all of it).
EXCERPT = 200

#: What is the recipients' to do (curators only); every other kind is for information.
ACTION_KINDS = frozenset(
    {
        "plan_proposed",
        "plan_changed",
        "changes_requested",
        "notice_deadline",
        "amendment_proposed",
        "task_due",
        "loan_check",
    }
)
KINDS = (
    "plan_proposed",
    "plan_changed",
    "changes_requested",
    "plan_comment",
    "approval_given",
    "plan_approved",
    "signed_copy",
    "plan_status",
    "plan_deleted",
    "plan_restored",
    "protocol_added",
    "notice_recorded",
    "parties_changed",
    "amendment_proposed",
    "amendment_approved",
    "amendment_rejected",
    "notice_deadline",
    "period_end",
    "event_soon",
    "task_due",  # raised by planner.tasks (reminders, and its checklist's moves)
    "tasks_moved",
    "loan_status",
    "loan_damage",
    "loan_check",
    "permit_return",
)


def recipients(agreement, institution_ids: Iterable[int], kind: str, actor=None) -> list[User]:
    """The active users of these institutions who should hear of `kind` about a record of
    `agreement` and may read it now (the outbox checks again when it sends)."""
    roles = ("curator",) if kind in ACTION_KINDS else ("curator", "staff", "partner")
    ids = set(institution_ids)
    if not ids:
        return []
    users = db.session.scalars(
        select(User).where(User.institution_id.in_(ids), User.role.in_(roles), User.active.is_(True)).order_by(User.id)
    )
    actor_id = getattr(actor, "id", actor)
    return [user for user in users if user.id != actor_id and can_read_agreement(user, agreement)]


def notify(users: Iterable[User], kind: str, subject_type: str, subject_id: int, actor=None, data=None, key=None):
    """Add the notifications (and e-mails, for those who want them) to the session."""
    users = list(users)
    wanting_mail = _wanting_mail(users, kind)
    added = []
    for user in users:
        notification = Notification(
            user_id=user.id,
            kind=kind,
            subject_type=subject_type,
            subject_id=subject_id,
            actor_id=getattr(actor, "id", actor),
            data=data or {},
            key=key,
        )
        db.session.add(notification)
        if user.id in wanting_mail:
            db.session.add(OutboxMessage(notification=notification, recipient=user.email))
        added.append(notification)
    return added


def _wanting_mail(users: list[User], kind: str) -> set[int]:
    """Users with an address who have not chosen "inbox only" for this kind, nor the daily
    digest (`flask notify digest` lists it for them); nobody when no MAIL_SERVER is configured
    (the outbox would only fill up)."""
    if not current_app.config.get("MAIL_SERVER"):
        return set()
    with_address = {user.id for user in users if user.email and not user.mail_digest}
    if not with_address:
        return set()
    inbox_only = db.session.scalars(
        select(NotificationPreference.user_id).where(
            NotificationPreference.user_id.in_(with_address),
            NotificationPreference.kind == kind,
            NotificationPreference.email.is_(False),
        )
    )
    return with_address - set(inbox_only)


def _plan_parties(plan) -> set[int]:
    """Who hears of a plan: its agreement's parties, and nobody while it is a draft (a draft
    is silent: its lead institution works on it alone until it proposes it)."""
    if plan.status == "draft":
        return set()
    return set(plan.agreement.institution_ids)


def _other_parties(plan, actor) -> set[int]:
    """The parties other than the actor's institution (all of them for an administrator)."""
    return _plan_parties(plan) - {getattr(actor, "institution_id", None)}


def _awaiting(plan) -> set[int]:
    """The parties whose approval of the plan's current content is still missing (none while
    the plan is a draft: it awaits nobody until it is proposed)."""
    return approval.approval_state(plan).awaiting & _plan_parties(plan)


def on_plan_proposed(plan, actor=None, **_):
    """Those just told in this transaction that the plan changed (and so awaits them again)
    are not told twice."""
    kind = "plan_proposed"
    told = _raised_in_this_transaction("plan_changed", plan.id)
    awaiting = _awaiting(plan)
    users = [u for u in recipients(plan.agreement, awaiting, kind, actor) if u.id not in told]
    notify(users, kind, "plan", plan.id, actor)


def _raised_in_this_transaction(kind: str, plan_id: int) -> set[int]:
    return {
        n.user_id
        for n in db.session.new
        if isinstance(n, Notification) and n.kind == kind and n.subject_type == "plan" and n.subject_id == plan_id
    }


def on_approvals_withdrawn(plan, actor=None, before=None, after=None, withdrawn=(), **_):
    _tell_changed(plan, actor, before, after, withdrawn=True)


def on_plan_changed(plan, actor=None, before=None, after=None, **_):
    _tell_changed(plan, actor, before, after, withdrawn=False)


def _tell_changed(plan, actor, before, after, *, withdrawn: bool) -> None:
    """One "changed" entry per user and plan while it is unread: a later change widens its
    summary (the first `before`, the latest `after`) instead of adding another entry."""
    kind = "plan_changed"
    users = recipients(plan.agreement, _awaiting(plan), kind, actor)
    unread = _unread(kind, plan.id, [u.id for u in users])
    fresh = []
    for user in users:
        entry = unread.get(user.id)
        if entry is None:
            fresh.append(user)
            continue
        data = entry.data or {}
        entry.data = {**data, "after": after or {}, "withdrawn": bool(data.get("withdrawn")) or withdrawn}
        entry.actor_id, entry.created_at = getattr(actor, "id", actor), utcnow()
    data = {"before": before or {}, "after": after or {}, "withdrawn": withdrawn}
    notify(fresh, kind, "plan", plan.id, actor, data)


def _unread(kind: str, plan_id: int, user_ids: list[int]) -> dict[int, Notification]:
    """Each user's unread notification of `kind` about the plan (the newest), by user id."""
    if not user_ids:
        return {}
    found = db.session.scalars(
        select(Notification)
        .where(
            Notification.user_id.in_(user_ids),
            Notification.kind == kind,
            Notification.subject_type == "plan",
            Notification.subject_id == plan_id,
            Notification.read_at.is_(None),
        )
        .order_by(Notification.id)
    )
    return {entry.user_id: entry for entry in found}


def on_commented(plan, actor=None, comment=None, **_):
    kind = "plan_comment"
    data = {"comment_id": comment.id, "excerpt": comment.text[:EXCERPT]}
    notify(recipients(plan.agreement, _other_parties(plan, actor), kind, actor), kind, "plan", plan.id, actor, data)


def on_changes_requested(plan, actor=None, comment=None, **_):
    kind = "changes_requested"
    data = {"comment_id": comment.id, "excerpt": comment.text[:EXCERPT]}
    notify(recipients(plan.agreement, _other_parties(plan, actor), kind, actor), kind, "plan", plan.id, actor, data)


def on_approval_given(plan, actor=None, institution_id=None, **_):
    """The last approval is told once, as "approved by every party" (plan_approved)."""
    if not _awaiting(plan):
        return
    kind = "approval_given"
    users = recipients(plan.agreement, _plan_parties(plan), kind, actor)
    notify(users, kind, "plan", plan.id, actor, {"institution_id": institution_id})


def on_plan_approved(plan, actor=None, **_):
    kind = "plan_approved"
    notify(recipients(plan.agreement, _plan_parties(plan), kind, actor), kind, "plan", plan.id, actor)


def on_signed_copy_added(plan, actor=None, institution_id=None, **_):
    """The other parties hear that one party's signed copy is in."""
    kind = "signed_copy"
    users = recipients(plan.agreement, _plan_parties(plan) - {institution_id}, kind, actor)
    notify(users, kind, "plan", plan.id, actor, {"institution_id": institution_id})


def on_status_changed(plan, actor=None, before=None, after=None, **_):
    kind = "plan_status"
    users = recipients(plan.agreement, _plan_parties(plan), kind, actor)
    notify(users, kind, "plan", plan.id, actor, {"before": before, "after": after})


def on_plan_deleted(plan, actor=None, **_):
    kind = "plan_deleted"
    notify(recipients(plan.agreement, _plan_parties(plan), kind, actor), kind, "plan", plan.id, actor)


def on_plan_restored(plan, actor=None, **_):
    kind = "plan_restored"
    notify(recipients(plan.agreement, _plan_parties(plan), kind, actor), kind, "plan", plan.id, actor)


def on_protocol_added(agreement, actor=None, protocol=None, **_):
    kind = "protocol_added"
    users = recipients(agreement, agreement.institution_ids, kind, actor)
    notify(users, kind, "agreement", agreement.id, actor, {"number": getattr(protocol, "number", None)})


def on_notice_recorded(agreement, actor=None, **_):
    kind = "notice_recorded"
    given_on = agreement.notice_given_on.isoformat() if agreement.notice_given_on else None
    users = recipients(agreement, agreement.institution_ids, kind, actor)
    notify(users, kind, "agreement", agreement.id, actor, {"given_on": given_on})


def on_parties_changed(agreement, actor=None, before=(), after=(), **_):
    """The institutions that left are told as well as those that stay or join (whoever of them
    may still read the agreement); their plans' curators hear per plan that it awaits them again."""
    kind = "parties_changed"
    added, removed = sorted(set(after) - set(before)), sorted(set(before) - set(after))
    users = recipients(agreement, {*before, *after}, kind, actor)
    notify(users, kind, "agreement", agreement.id, actor, {"added": added, "removed": removed})


def _amendment_data(amendment, **more) -> dict:
    return {"amendment_id": amendment.id, "added": list(amendment.added), "removed": list(amendment.removed), **more}


def on_party_amendment_proposed(agreement, actor=None, amendment=None, **_):
    """The curators of every party whose consent is missing (current and joining) have it to do."""
    kind = "amendment_proposed"
    users = recipients(agreement, amendment.awaiting_ids, kind, actor)
    notify(users, kind, "agreement", agreement.id, actor, _amendment_data(amendment))


def on_party_amendment_approved(agreement, actor=None, amendment=None, institution_id=None, **_):
    """Every party concerned (current and joining) hears who consented."""
    kind = "amendment_approved"
    users = recipients(agreement, amendment.required_ids, kind, actor)
    notify(users, kind, "agreement", agreement.id, actor, _amendment_data(amendment, institution_id=institution_id))


def on_party_amendment_rejected(agreement, actor=None, amendment=None, **_):
    kind = "amendment_rejected"
    users = recipients(agreement, amendment.required_ids, kind, actor)
    notify(users, kind, "agreement", agreement.id, actor, _amendment_data(amendment))


def _loan_sides(loan) -> set[int]:
    return {loan.lender_institution_id, loan.borrower_institution_id}


def on_loan_status_changed(loan, actor=None, before=None, after=None, note="", **_):
    """The other party of the loan hears of each step (a loan is the lender's and the
    borrower's: nobody else is told). Loan notices name the plan and carry the loan's id."""
    kind = "loan_status"
    others = _loan_sides(loan) - {getattr(actor, "institution_id", None)}
    data = {"loan_id": loan.id, "before": before, "after": after, "excerpt": (note or "")[:EXCERPT]}
    notify(recipients(loan.plan.agreement, others, kind, actor), kind, "plan", loan.plan_id, actor, data)


def on_loan_damage_found(loan, actor=None, check=None, **_):
    """Both parties hear that an object arrived in a worse condition than it left."""
    kind = "loan_damage"
    data = {"loan_id": loan.id, "object": check.loan_object.inventory_number if check else ""}
    notify(recipients(loan.plan.agreement, _loan_sides(loan), kind, actor), kind, "plan", loan.plan_id, actor, data)


def on_loan_check_added(loan, actor=None, check=None, **_):
    """The other party's curators have a condition check to countersign."""
    kind = "loan_check"
    others = _loan_sides(loan) - {check.checker_institution_id}
    data = {"loan_id": loan.id, "object": check.loan_object.inventory_number, "checkpoint": check.checkpoint}
    notify(recipients(loan.plan.agreement, others, kind, actor), kind, "plan", loan.plan_id, actor, data)


RECEIVERS = (
    (signals.loan_status_changed, on_loan_status_changed),
    (signals.loan_damage_found, on_loan_damage_found),
    (signals.loan_check_added, on_loan_check_added),
    (signals.plan_proposed, on_plan_proposed),
    (signals.plan_approvals_withdrawn, on_approvals_withdrawn),
    (signals.plan_changed, on_plan_changed),
    (signals.plan_commented, on_commented),
    (signals.plan_changes_requested, on_changes_requested),
    (signals.plan_approval_given, on_approval_given),
    (signals.plan_approved, on_plan_approved),
    (signals.plan_signed_copy_added, on_signed_copy_added),
    (signals.plan_status_changed, on_status_changed),
    (signals.plan_deleted, on_plan_deleted),
    (signals.plan_restored, on_plan_restored),
    (signals.protocol_added, on_protocol_added),
    (signals.notice_recorded, on_notice_recorded),
    (signals.agreement_parties_changed, on_parties_changed),
    (signals.party_amendment_proposed, on_party_amendment_proposed),
    (signals.party_amendment_approved, on_party_amendment_approved),
    (signals.party_amendment_rejected, on_party_amendment_rejected),
)


def connect() -> None:
    """Subscribe the receivers (idempotent: blinker keeps one connection per function)."""
    for signal, receiver in RECEIVERS:
        signal.connect(receiver)
