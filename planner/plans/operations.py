"""Every change to a plan, once, for the pages and the API: check the caller's right, enforce
the rules, make the change, withdraw the approvals the change makes obsolete, write the audit
entry and send the signal, in one transaction.

The two-party rule lives here. A party approves one exact content (its fingerprint); the plan
is approved when every current party of the agreement has a standing approval of the current
content. Deciding that is serialized per plan: the approval locks the plan row (PostgreSQL)
and bumps the plan's version, so two deciders at the same moment cannot both miss each other
(on SQLite the loser's version check fails and it decides again). A change of content to an
approved, scheduled or in-progress plan withdraws the approvals and proposes it again."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from planner import signals
from planner.attachments.store import receive, stored
from planner.audit.models import record
from planner.errors import MAX_ID, Conflict, Forbidden, Invalid, NotFound
from planner.extensions import db
from planner.maps.models import Site
from planner.models_base import utcnow
from planner.multilingual import settle
from planner.plans import approval, results, signing
from planner.plans.access import check_may_comment, check_may_request_changes, check_plan, load_plan, may_approve
from planner.plans.models import (
    COMMENT_LIMIT,
    COST_TEXTS,
    LOAN_TEXTS,
    PARTICIPANT_TEXTS,
    Approval,
    CostItem,
    LoanObject,
    Participant,
    Plan,
    PlanComment,
    PlanVenue,
    RouteStop,
    SignedCopy,
)
from planner.plans.terms import CURRENCIES, can_move, exhibition_cost_template, terms_warnings
from planner.unit_of_work import begin_afresh, flush
from planner.vocabulary import status_label

#: Statuses in which both parties' approval of the current content stands behind the plan.
AGREED_STATUSES = ("approved", "scheduled", "in_progress")
#: Statuses of plans that are over: a change of the agreement's parties no longer touches them.
FINISHED_STATUSES = ("completed", "cancelled")
#: The only status in which a party approves: the plan is before the parties (not a draft, not
#: waiting for the changes a partner asked for, not agreed already).
APPROVABLE_STATUS = "proposed"
#: Statuses from which "Propose to partners" puts the plan before the parties.
PROPOSABLE_STATUSES = ("draft", "changes_requested")
DECISION_ATTEMPTS = 3


# --- messages shared by pages and API ----------------------------------------------------------


def terms_message(code: str) -> str:
    """The user's-language sentence for a code of `terms.terms_warnings`."""
    messages = {
        "project_agreement_missing": _(
            "A compensated plan needs its separate project agreement (reference and date) before it can be approved."
        ),
        "free_plan_with_charges": _("This plan is free of charge but one party pays for another party's part."),
    }
    return messages[code]


def _stale() -> Conflict:
    return Conflict(
        "stale",
        _("Someone else saved this plan while you were editing. Nothing was overwritten: review it and save again."),
    )


# --- the transaction -----------------------------------------------------------------------------


def lock_plan(plan: Plan) -> None:
    """Serialize the writers of one plan: wait for its row lock (PostgreSQL holds it until the
    commit; SQLite writes one at a time anyway), then read the plan as it is now, so a writer
    that waited changes the current version instead of failing on the one it read first."""
    db.session.execute(select(Plan.id).where(Plan.id == plan.id).with_for_update())
    db.session.expire_all()


def require_version(plan: Plan, version_id: int | None) -> None:
    """The version the user saw must be the one stored (None: the caller did not say)."""
    if version_id is not None and version_id != plan.version_id:
        raise _stale()


@contextmanager
def changing(plan: Plan, user, *, version_id: int | None = None) -> Iterator[Plan]:
    """Change the plan's content inside the block; then withdraw what no longer holds, audit,
    signal and flush (the unit of work commits). Used by every operation on a plan's content, its parts
    and its events."""
    check_plan(plan, user, edit=True)
    lock_plan(plan)
    require_version(plan, version_id)
    before = approval.plan_content(plan)
    with db.session.no_autoflush:  # the plan is incomplete until the block has run
        yield plan
    content_changed(plan, user, before)
    flush(_stale)


def content_changed(plan: Plan, user, before: dict) -> None:
    """After a change: approvals of other content are withdrawn, an agreed plan is proposed
    again, the plan's version grows, and the change is audited and announced."""
    after = approval.plan_content(plan)
    if after == before:
        return
    withdrawn = withdraw_approvals(plan, approval.fingerprint(after))
    status_before = plan.status
    if plan.status in AGREED_STATUSES:
        plan.status = "proposed"
    plan.updated_at = utcnow()  # bumps the version even when only a part changed
    audit_after = after if plan.status == status_before else {**after, "status": plan.status}
    audit_before = before if plan.status == status_before else {**before, "status": status_before}
    record(user.id, "update", "plan", plan.id, before=audit_before, after=audit_after)
    _announce_withdrawal(plan, user, withdrawn, after)
    if not withdrawn:  # a draft's change is announced to nobody (notifications.raising)
        signals.plan_changed.send(plan, actor=user, before=before, after=after)
    if plan.status != status_before:
        signals.plan_proposed.send(plan, actor=user)


def withdraw_approvals(plan: Plan, keep_fingerprint: str | None = None) -> list[Approval]:
    """Withdraw every standing approval except those of `keep_fingerprint`; the withdrawn ones."""
    now = utcnow()
    withdrawn = []
    for standing in plan.approvals:
        if standing.withdrawn_at is None and standing.fingerprint != keep_fingerprint:
            standing.withdrawn_at = now
            withdrawn.append(standing)
    return withdrawn


def withdraw_from_plan(plan: Plan, user, *, reason: dict) -> None:
    """Withdraw every standing approval of a plan whose parties changed (`reason` says how, in
    the audit entry); an agreed plan is proposed again."""
    withdrawn = withdraw_approvals(plan)
    status_before = plan.status
    if plan.status in AGREED_STATUSES:
        plan.status = "proposed"
    if not withdrawn and plan.status == status_before:
        return
    plan.updated_at = utcnow()
    record(
        user.id,
        "withdraw",
        "plan",
        plan.id,
        before={"status": status_before, "approvals": sorted({a.institution_id for a in withdrawn})},
        after={"status": plan.status, **reason},
    )
    _announce_withdrawal(plan, user, withdrawn, approval.plan_content(plan))
    if plan.status != status_before:
        signals.plan_proposed.send(plan, actor=user)


# --- the plan itself ----------------------------------------------------------------------------

PLAN_FIELDS = (
    "kind",
    "title",
    "description",
    "lead_institution_id",
    "terms",
    "project_agreement_ref",
    "project_agreement_date",
    "online_url",
)


def withdraw_for_new_parties(agreement, actor, after: list[int]) -> None:
    """The agreement's parties changed (`signals.plans_parties_changed`): every plan not over
    loses its standing approvals and is proposed again (its row locked and its version bumped,
    so that an approval being decided at this moment decides again on the new parties)."""
    plans = db.session.scalars(
        select(Plan)
        .where(Plan.agreement_id == agreement.id, Plan.status.not_in(FINISHED_STATUSES))
        .order_by(Plan.id)
        .with_for_update()
    )
    for plan in plans:
        withdraw_from_plan(plan, actor, reason={"parties": after})


def connect() -> None:
    """Subscribe plans to what agreements announce (idempotent: blinker keeps one connection)."""
    signals.plans_parties_changed.connect(withdraw_for_new_parties)


def create_plan(agreement, user, values: dict) -> Plan:
    """A new plan under an agreement the user may change: a draft of its lead institution (by
    default the creator's), seen by nobody else and announced to nobody until it is proposed."""
    from planner.agreements.access import check_agreement

    check_agreement(agreement, user, edit=True)
    if values.get("status", "draft") != "draft":
        raise Invalid("status", _("A new plan starts as a draft: propose it to the partners when it is ready."))
    values = {**values, "lead_institution_id": values.get("lead_institution_id") or _own_party(agreement, user)}
    plan = Plan(agreement=agreement, status="draft")
    with db.session.no_autoflush:
        _apply_values(plan, values)
    db.session.add(plan)
    db.session.flush()
    record(user.id, "create", "plan", plan.id, after=approval.plan_content(plan))
    flush(_stale)
    return plan


def _own_party(agreement, user) -> int | None:
    """The user's institution when it is a party of the agreement (a draft's default owner)."""
    return user.institution_id if user.institution_id in agreement.institution_ids else None


def update_plan(plan: Plan, user, values: dict, *, version_id: int | None = None) -> Plan:
    """Change the plan's own fields (and its status, when `values` has one: the API's PATCH)."""
    check_plan(plan, user, edit=True)
    lock_plan(plan)
    require_version(plan, version_id)
    target = values.pop("status", None)
    before = approval.plan_content(plan)
    with db.session.no_autoflush:
        _apply_values(plan, values)
    content_changed(plan, user, before)
    if target is not None:
        _move(plan, user, target)
    flush(_stale)
    return plan


def _apply_values(plan: Plan, values: dict) -> None:
    """Copy checked values into the plan: institutions must be parties, articles its own."""
    agreement = plan.agreement
    parties = {party.institution_id: party.institution for party in agreement.parties}
    if values.get("lead_institution_id") not in (None, *parties):
        raise Invalid("lead_institution_id", _("Choose one of the agreement's parties."))
    if set(values.get("partner_ids") or ()) - set(parties):
        raise Invalid("partner_ids", _("Choose one of the agreement's parties."))
    if "partner_ids" in values:
        plan.partners = [parties[i] for i in dict.fromkeys(values["partner_ids"] or ())]
    if "article_numbers" in values or "article_ids" in values:
        plan.articles = _articles(agreement, values)
    for name in PLAN_FIELDS:
        if name in values:
            setattr(plan, name, values[name])


def _articles(agreement, values: dict) -> list:
    """The agreement's articles named by number (API) or id (pages)."""
    if "article_numbers" in values:
        by_number = {article.number: article for article in agreement.articles}
        wanted = set(values["article_numbers"] or ())
        if wanted - set(by_number):
            raise Invalid("articles", _("The agreement has no article with this number."))
        return [by_number[n] for n in sorted(wanted)]
    wanted_ids = set(values["article_ids"] or ())
    found = [article for article in agreement.articles if article.id in wanted_ids]
    if len(found) != len(wanted_ids):
        raise Invalid("article_ids", _("The agreement has no article with this number."))
    return found


# --- status --------------------------------------------------------------------------------------


def set_status(plan: Plan, user, target: str) -> Plan:
    """Move a plan along the allowed steps by hand, audited and announced."""
    check_plan(plan, user, edit=True)
    _move(plan, user, target)
    flush(_stale)
    return plan


def _move(plan: Plan, user, target: str) -> None:
    """ "Approved" is never set by hand: only the parties' approvals make it. Back to
    "proposed" withdraws the standing approvals (the parties decide again)."""
    current = plan.status
    if target == current:
        return
    if target == "approved":
        raise Invalid("status", _("A plan is approved only by the curators of every party."))
    if target == "changes_requested":
        raise Invalid("status", _("Only a partner's curator requests changes, with a comment that says which."))
    if target == "proposed" and current == "changes_requested":
        _require_answered(plan)
    if not can_move(current, target):
        raise Invalid(
            "status",
            _(
                "A plan cannot go from “%(current)s” to “%(target)s”.",
                current=status_label(current),
                target=status_label(target),
            ),
        )
    plan.status = target
    plan.updated_at = utcnow()
    record(user.id, "update", "plan", plan.id, before={"status": current}, after={"status": target})
    if current not in PROPOSABLE_STATUSES:  # a proposal is announced once, as plan_proposed
        signals.plan_status_changed.send(plan, actor=user, before=current, after=target)
    if target == "proposed":
        _announce_withdrawal(plan, user, withdraw_approvals(plan), approval.plan_content(plan))
        signals.plan_proposed.send(plan, actor=user)


def record_results(plan: Plan, user, sent: dict, *, version_id: int | None = None) -> Plan:
    """What happened, after the fact (`planner.plans.results`): not content, so every approval
    stands and nobody is asked again; the change is audited."""
    check_plan(plan, user, edit=True)
    lock_plan(plan)
    require_version(plan, version_id)
    events = [e for e in plan.events if e.deleted_at is None]
    checked = results.check_results(
        sent, {v.id for v in plan.venues}, {e.id for e in events}, {c.id for c in plan.cost_items}
    )
    before = results.results_of(plan)
    for venue in plan.venues:
        venue.visitors = checked.visitors.get(venue.id, venue.visitors)
    for event in events:
        event.held = checked.held.get(event.id, event.held)
        event.attendance_on_site = checked.on_site.get(event.id, event.attendance_on_site)
        event.attendance_online = checked.online.get(event.id, event.attendance_online)
    for cost in plan.cost_items:
        cost.actual_amount = checked.actual.get(cost.id, cost.actual_amount)
    if checked.outcome is not None:
        plan.outcome = checked.outcome
    after = results.results_of(plan)
    if after != before:
        plan.updated_at = utcnow()
        record(user.id, "update", "plan", plan.id, before={"results": before}, after={"results": after})
    flush(_stale)
    return plan


def propose(plan: Plan, user) -> Plan:
    """ "Propose to partners": a draft, or a plan whose partner asked for changes (once its
    content changed), goes before the parties, who are told once."""
    check_plan(plan, user, edit=True)
    if plan.status not in PROPOSABLE_STATUSES:
        raise Invalid("status", _("Only a draft, or a plan with changes requested, can be proposed."))
    _move(plan, user, "proposed")
    flush(_stale)
    return plan


def _require_answered(plan: Plan) -> None:
    """A plan whose partner requested changes goes back only with its content changed."""
    request = db.session.scalar(
        select(PlanComment.fingerprint)
        .where(PlanComment.plan_id == plan.id, PlanComment.kind == "change_request")
        .order_by(PlanComment.id.desc())
        .limit(1)
    )
    if request == plan.current_fingerprint:
        raise Invalid("status", _("Change the plan as requested before proposing it again."))


def _announce_withdrawal(plan: Plan, user, withdrawn: list[Approval], after: dict) -> None:
    if withdrawn:
        signals.plan_approvals_withdrawn.send(
            plan,
            actor=user,
            before=withdrawn[-1].snapshot or after,
            after=after,
            withdrawn=sorted({a.institution_id for a in withdrawn}),
        )


# --- approval ------------------------------------------------------------------------------------


def approve(plan_id: int, user, fingerprint: str) -> Approval:
    """The user's institution approves the content named by `fingerprint`; when every current
    party has approved it, the plan is approved. Serialized per plan; a decider that lost a
    race decides again on what is stored now."""
    for _attempt in range(DECISION_ATTEMPTS):
        try:
            return _approve_once(plan_id, user, fingerprint)
        except StaleDataError:
            db.session.rollback()
        except IntegrityError:  # the same institution approved this version at the same moment
            db.session.rollback()
            raise _already_approved() from None
    raise Conflict("stale", _("Too many changes at once: open the plan again and approve again."))


def _already_approved() -> Conflict:
    return Conflict("already_approved", _("Your institution has already approved this version."))


def _approve_once(plan_id: int, user, fingerprint: str) -> Approval:
    plan = _locked_plan(plan_id, user)
    if not may_approve(user, plan):
        raise Forbidden()
    state = approval.approval_state(plan)
    current = state.fingerprint
    if fingerprint != current:
        raise Conflict(
            "stale", _("The plan changed since you opened it: review the current version and approve again.")
        )
    if "project_agreement_missing" in terms_warnings(plan):
        raise Invalid("fingerprint", terms_message("project_agreement_missing"))
    if plan.status != APPROVABLE_STATUS:
        raise Invalid("fingerprint", _("Only a proposed plan can be approved."))
    if user.institution_id in state.standing:
        raise _already_approved()
    given = Approval(institution_id=user.institution_id, user_id=user.id, fingerprint=current, snapshot=state.content)
    plan.approvals.append(given)
    plan.updated_at = utcnow()  # a new version: a decider that read the old one must decide again
    decided = plan.status != "approved" and approval.approval_state(plan).approved
    audit_after = {"fingerprint": current, "institution_id": user.institution_id}
    if decided:
        audit_after["status"] = plan.status = "approved"
    record(user.id, "approve", "plan", plan.id, before={"status": "proposed"} if decided else None, after=audit_after)
    signals.plan_approval_given.send(plan, actor=user, institution_id=user.institution_id)
    if decided:
        signals.plan_approved.send(plan, actor=user)
    db.session.flush()  # a lost race raises StaleDataError here; `approve` decides again
    return given


def _locked_plan(plan_id: int, user) -> Plan:
    """The plan as stored now, its row locked until the commit (PostgreSQL; SQLite writes one
    at a time and the version check catches the rest): its approvals and the agreement's
    parties are read after the lock, so they are the ones the decision is about."""
    if not 0 < plan_id <= MAX_ID:
        raise NotFound()
    begin_afresh()  # a fresh transaction and a fresh view of the rows
    db.session.execute(select(Plan.id).where(Plan.id == plan_id).with_for_update())
    db.session.expire_all()
    return load_plan(plan_id, user)


# --- signed copies --------------------------------------------------------------------------------


def add_signed_copy(plan: Plan, user, file, filename: str | None, *, institution_id: int | None = None) -> SignedCopy:
    """A party's scan of the signed project agreement, for the content every party approved.

    A curator uploads for their own institution, an administrator on behalf of the party it
    names. Refused before every party has approved the current content, and for the same file
    twice as one party's copy of one version (a second, different scan is kept beside the first).
    The file is stored and verified before the row commits (`planner.attachments.store`)."""
    check_plan(plan, user, edit=True)
    current = approval.fingerprint(approval.plan_content(plan))
    if not approval.is_approved(set(plan.agreement.institution_ids), plan.approvals, current):
        raise Conflict("not_approved", _("A signed copy can be uploaded only once every party has approved the plan."))
    institution_id = _signing_party(plan, user, institution_id)
    received = receive(file, filename)
    if signing.is_duplicate(plan.signed_copies, institution_id, current, received.sha256):
        received.file.close()
        raise Conflict("duplicate", _("This file is already stored as this party’s signed copy of this version."))
    with stored(received, user.id) as attachment:
        copy = SignedCopy(institution_id=institution_id, fingerprint=current, attachment=attachment)
        plan.signed_copies.append(copy)
        plan.updated_at = utcnow()  # a new version of the plan as the API shows it (ETag)
        db.session.flush()
        record(user.id, "upload", "signed_copy", copy.id, after=_copy_facts(copy))
        signals.plan_signed_copy_added.send(plan, actor=user, institution_id=institution_id)
        flush(_stale)
    return copy


def _signing_party(plan: Plan, user, institution_id: int | None) -> int:
    """A curator signs for their institution; an administrator names the party."""
    parties = plan.agreement.institution_ids
    if not user.is_admin:
        if user.institution_id not in parties or institution_id not in (None, user.institution_id):
            raise Forbidden()
        return user.institution_id
    if institution_id not in parties:
        raise Invalid("institution_id", _("Choose one of the agreement's parties."))
    return institution_id


def _copy_facts(copy: SignedCopy) -> dict:
    attachment = copy.attachment
    return {
        "plan_id": copy.plan_id,
        "institution_id": copy.institution_id,
        "fingerprint": copy.fingerprint,
        "sha256": attachment.sha256,
        "size": attachment.size,
        "content_type": attachment.content_type,
        "attachment_id": attachment.id,
    }


def signed_copy_to_download(plan_id: int, user, copy_id: int) -> SignedCopy:
    """A signed copy of a plan the user may read (the plan's own copy: another plan's is not
    found); the download is audited (and committed before the file is sent)."""
    plan = load_plan(plan_id, user)
    copy = next((each for each in plan.signed_copies if each.id == copy_id), None)
    if copy is None:
        raise NotFound()
    record(user.id, "download", "signed_copy", copy.id, after={"plan_id": plan.id, "sha256": copy.sha256})
    flush(_stale)
    return copy


# --- discussion -----------------------------------------------------------------------------------


def add_comment(plan: Plan, user, text: str) -> PlanComment:
    """A message in the plan's discussion, on the version the writer reads now. Not content:
    the plan's version and fingerprint stay, no approval is withdrawn."""
    check_plan(plan, user)
    check_may_comment(plan, user)
    comment = _new_comment(plan, user, "comment", text, "text")
    record(user.id, "create", "comment", comment.id, after={"plan_id": plan.id, "text": comment.text})
    signals.plan_commented.send(plan, actor=user, comment=comment)
    flush(_stale)
    return comment


def request_changes(plan: Plan, user, text: str) -> PlanComment:
    """A partner's curator sends a proposed plan back with a comment saying what to change;
    it stays "changes requested" until its content changes and it is proposed again."""
    check_plan(plan, user)
    check_may_request_changes(plan, user)
    if plan.status != APPROVABLE_STATUS:
        raise Invalid("comment", _("Changes can be requested only while the plan is proposed."))
    comment = _new_comment(plan, user, "change_request", text, "comment")
    plan.status = "changes_requested"
    plan.updated_at = utcnow()
    record(
        user.id,
        "update",
        "plan",
        plan.id,
        before={"status": APPROVABLE_STATUS},
        after={"status": plan.status, "comment": comment.text},
    )
    signals.plan_changes_requested.send(plan, actor=user, comment=comment)
    flush(_stale)
    return comment


def _new_comment(plan: Plan, user, kind: str, text: str | None, field: str) -> PlanComment:
    """A comment row on the plan's current version, its text checked (`field` names the input)."""
    text = (text or "").strip()
    if not text:
        raise Invalid(field, _("Write the comment first: it is empty."))
    if len(text) > COMMENT_LIMIT:
        raise Invalid(field, _("A comment is at most %(count)s characters long.", count=COMMENT_LIMIT))
    comment = PlanComment(
        plan_id=plan.id,
        user_id=user.id,
        institution_id=user.institution_id,
        kind=kind,
        text=text,
        fingerprint=plan.current_fingerprint,
        plan_version=plan.version_id,
    )
    db.session.add(comment)
    db.session.flush()
    return comment


# --- deletion ------------------------------------------------------------------------------------


def delete_plan(plan: Plan, user, *, version_id: int | None = None) -> None:
    """Delete (softly): an administrator can restore it."""
    check_plan(plan, user, edit=True)
    lock_plan(plan)
    require_version(plan, version_id)
    plan.deleted_at = utcnow()
    record(user.id, "delete", "plan", plan.id, before=approval.plan_content(plan))
    signals.plan_deleted.send(plan, actor=user)
    flush(_stale)


def restore_plan(plan: Plan, user) -> Plan:
    """Bring back a deleted plan (administrators)."""
    check_plan(plan, user)
    if not user.is_admin:
        raise Forbidden()
    if plan.deleted_at is not None:
        plan.deleted_at = None
        record(user.id, "restore", "plan", plan.id)
        signals.plan_restored.send(plan, actor=user)
        flush(_stale)
    return plan


# --- the parts of a plan ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """A list on a plan: its model and the plan's relationship to it."""

    model: type
    relation: str
    ordered: bool = False
    texts: tuple[str, ...] = ()  # its texts in every language (`planner.multilingual`)


#: Keyed by the plan's relationship name; pages and API map their URL words onto these.
PARTS = {
    "venues": Part(PlanVenue, "venues", ordered=True),
    "cost_items": Part(CostItem, "cost_items", texts=COST_TEXTS),
    "loan_objects": Part(LoanObject, "loan_objects", texts=LOAN_TEXTS),
    "participants": Part(Participant, "participants", texts=PARTICIPANT_TEXTS),
    "route_stops": Part(RouteStop, "route_stops", ordered=True),
}
INSTITUTION_FIELDS = (
    "payer_institution_id",
    "incurred_by_institution_id",
    "lender_institution_id",
    "home_institution_id",
    "host_institution_id",
)


def _check_part_values(plan: Plan, values: dict) -> None:
    """Institutions of a part are parties of the agreement; sites exist; amounts fit."""
    parties = plan.agreement.institution_ids
    for name in INSTITUTION_FIELDS:
        if values.get(name) is not None and values[name] not in parties:
            raise Invalid(name, _("Choose one of the agreement's parties."))
    if "site_id" in values and db.session.get(Site, values["site_id"]) is None:
        raise Invalid("site_id", _("No such site."))


def _check_loan_is_new(plan: Plan, values: dict, item=None) -> None:
    """An object (its lender and inventory number) is on a plan's loan list once: a second row
    would count its insurance value twice in every total and in the loan list both sign."""

    def value(name: str):
        return values[name] if name in values else getattr(item, name, None)

    lender, number = value("lender_institution_id"), (value("inventory_number") or "").strip().casefold()
    for other in plan.loan_objects:
        if other is not item and other.lender_institution_id == lender and other.inventory_number.casefold() == number:
            raise Invalid("inventory_number", _("This object is already on the plan's loan list."))


def _place(items: list, item, position: int | None) -> None:
    """Put an ordered item (venue, route stop) at a position and number them all again."""
    if item in items:
        items.remove(item)
    items.insert(len(items) if position is None else max(0, min(position - 1, len(items))), item)
    renumber(items)


def renumber(items) -> None:
    for number, each in enumerate(items, start=1):
        if hasattr(each, "position"):
            each.position = number


def part_item(plan: Plan, kind: str, item_id: int):
    """One item of a part of the plan, or NotFound."""
    found = next((item for item in getattr(plan, PARTS[kind].relation) if item.id == item_id), None)
    if found is None:
        raise NotFound()
    return found


def add_part(plan: Plan, user, kind: str, values: dict, *, version_id: int | None = None):
    """Add a venue, cost item, loan object, participant or route stop (at `position`, or last)."""
    part = PARTS[kind]
    values = settle(values, part.texts)
    position = values.pop("position", None)
    _check_part_values(plan, values)
    if kind == "loan_objects":
        _check_loan_is_new(plan, values)
    item = part.model(**values)
    with changing(plan, user, version_id=version_id):
        items = getattr(plan, part.relation)
        items.append(item)
        if part.ordered:
            _place(items, item, position)
    return item


def update_part(plan: Plan, user, kind: str, item_id: int, values: dict, *, version_id: int | None = None):
    """Change fields of one item of a part (and its place in an ordered part)."""
    part = PARTS[kind]
    item = part_item(plan, kind, item_id)
    values = settle(values, part.texts, item)
    position = values.pop("position", None)
    _check_part_values(plan, values)
    if kind == "loan_objects":
        _check_loan_is_new(plan, values, item)
    with changing(plan, user, version_id=version_id):
        for field, value in values.items():
            setattr(item, field, value)
        if part.ordered and position is not None:
            _place(getattr(plan, part.relation), item, position)
    return item


def remove_part(plan: Plan, user, kind: str, item_id: int, *, version_id: int | None = None) -> None:
    """Remove one item of a part; the ordered ones are numbered again."""
    item = part_item(plan, kind, item_id)
    with changing(plan, user, version_id=version_id):
        items = getattr(plan, PARTS[kind].relation)
        if item not in items:  # removed by a writer this one waited for
            raise NotFound()
        items.remove(item)
        renumber(items)


def move_part(plan: Plan, user, kind: str, item_id: int, step: int, *, version_id: int | None = None) -> None:
    """Move an item of an ordered part (a route stop) `step` places up (-1) or down (+1)."""
    items = list(getattr(plan, PARTS[kind].relation))
    item = part_item(plan, kind, item_id)
    target = items.index(item) + step
    if not 0 <= target < len(items):
        return
    with changing(plan, user, version_id=version_id):
        _place(getattr(plan, PARTS[kind].relation), item, target + 1)


def add_cost_template(plan: Plan, user, currency: str, *, version_id: int | None = None) -> None:
    """The common exhibition split (amounts zero, to edit) between the lender and the host."""
    if not plan.lead_institution_id:
        raise Invalid("lead_institution_id", _("Choose the lead institution first."))
    host = next((i.id for i in plan.partners), plan.lead_institution_id)
    currency = currency if currency in CURRENCIES else "EUR"
    with changing(plan, user, version_id=version_id):
        for row in exhibition_cost_template(plan.lead_institution_id, host):
            plan.cost_items.append(CostItem(amount=0, currency=currency, **row))


def change_content(plan: Plan, user, change: Callable[[Plan], object], *, version_id: int | None = None):
    """Run `change(plan)` as a change of the plan's content (events use it: they are part of
    what the parties approve). Returns what `change` returns."""
    with changing(plan, user, version_id=version_id):
        result = change(plan)
    return result
