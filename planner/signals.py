"""What the domain operations announce, so that other domains can react inside the same
transaction without the operations knowing them (notifications, reminders, search).

Only operations send these signals, after the change is made and before the commit; a
receiver adds rows to `db.session` and never commits, so the reaction is kept or rolled
back together with the change. The sender is the record changed; every signal carries the
acting user as `actor` (None for the clock, e.g. `flask notify due`)."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: A plan now awaits approval from parties that have not approved its current content
#: (created, or proposed again). kwargs: actor.
plan_proposed = _signals.signal("plan-proposed")
#: The content of a plan changed and approvals given to the earlier content were withdrawn.
#: kwargs: actor, before (content last approved, a dict from plans.approval.plan_content),
#: after (the new content), withdrawn (the institution ids whose approval was withdrawn).
plan_approvals_withdrawn = _signals.signal("plan-approvals-withdrawn")
#: The content of a plan before the parties changed without withdrawing an approval (none
#: stood). kwargs: actor, before, after (contents, as for plan_approvals_withdrawn).
plan_changed = _signals.signal("plan-changed")
#: Someone wrote in a plan's discussion. kwargs: actor, comment (a PlanComment).
plan_commented = _signals.signal("plan-commented")
#: A partner's curator requested changes of a proposed plan. kwargs: actor, comment.
plan_changes_requested = _signals.signal("plan-changes-requested")
#: One party approved the plan's current content. kwargs: actor, institution_id.
plan_approval_given = _signals.signal("plan-approval-given")
#: Every current party approved the same content: the plan is approved. kwargs: actor.
plan_approved = _signals.signal("plan-approved")
#: A party's signed copy of the plan's current content was stored. kwargs: actor, institution_id.
plan_signed_copy_added = _signals.signal("plan-signed-copy-added")
#: The status of a plan changed by hand (scheduled, in progress, completed, cancelled).
#: kwargs: actor, before, after (status values).
plan_status_changed = _signals.signal("plan-status-changed")
#: A plan was deleted (soft) or restored. kwargs: actor.
plan_deleted = _signals.signal("plan-deleted")
plan_restored = _signals.signal("plan-restored")
#: The parties of an agreement changed. kwargs: actor, before, after (institution ids).
agreement_parties_changed = _signals.signal("agreement-parties-changed")
#: Sent right after `agreement_parties_changed`, for the plans of that agreement: plans (a layer
#: above agreements) withdraw the approvals the old parties gave. kwargs: actor, after.
plans_parties_changed = _signals.signal("plans-parties-changed")
#: A change of the parties of an agreement in force was proposed; sender: the agreement.
#: kwargs: actor, amendment (its consents: the proposer's institution, when a party).
party_amendment_proposed = _signals.signal("party-amendment-proposed")
#: One party consented to a party amendment that still awaits others; sender: the agreement.
#: kwargs: actor, amendment, institution_id. (The last consent applies it: then
#: agreement_parties_changed is sent instead.)
party_amendment_approved = _signals.signal("party-amendment-approved")
#: A party concerned or an administrator rejected a pending party amendment; sender: the
#: agreement. kwargs: actor, amendment.
party_amendment_rejected = _signals.signal("party-amendment-rejected")
#: A protocol (amendment) was added to an agreement; sender: the agreement. kwargs: actor, protocol.
protocol_added = _signals.signal("protocol-added")
#: A notice of termination was recorded; sender: the agreement. kwargs: actor.
notice_recorded = _signals.signal("notice-recorded")
#: A loan record changed in a way that may move a plan's dates (a transport leg's times, a step);
#: sender: the loan. kwargs: actor. (The checklist counts its loan tasks again: planner.tasks.)
loan_changed = _signals.signal("loan-changed")
#: A loan moved one step (planner.loans); sender: the loan. kwargs: actor, before, after
#: (status values), note.
loan_status_changed = _signals.signal("loan-status-changed")
#: A condition check found an object worse on arrival than at departure; sender: the loan.
#: kwargs: actor, check (the arrival ConditionCheck).
loan_damage_found = _signals.signal("loan-damage-found")
#: A condition check awaits the other party's countersignature; sender: the loan. kwargs:
#: actor, check.
loan_check_added = _signals.signal("loan-check-added")
