"""The checklist's and the templates' page forms: texts per language, the anchor and offset
as a person says them ("3 months before the opening"), the side, the proof."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, FormField, IntegerField, SelectField
from wtforms.validators import NumberRange, Optional

from planner.forms import PlannerForm, multilingual_form
from planner.tasks.operations import DESCRIPTION_LIMIT, OFFSET_LIMIT, TITLE_LIMIT
from planner.vocabulary import LoanStatus, OffsetUnit, PlanKind, ProofDocument, ResponsibleSide, TaskAnchor

DIRECTIONS = (("before", _l("before")), ("after", _l("after")))


def anchor_choices():
    return [("", str(_l("No anchor: a date of its own")))] + TaskAnchor.choices()


def proof_choices():
    """ "" (no proof), "attachment:<document>" or "loan_step:<status>", as one select."""
    return (
        [("", str(_l("No proof needed")))]
        + [(f"attachment:{key}", str(_l("File: %(kind)s", kind=label))) for key, label in ProofDocument.choices()]
        + [
            (f"loan_step:{key}", str(_l("Loan step reached: %(step)s", step=label)))
            for key, label in LoanStatus.choices()
        ]
    )


class TaskForm(PlannerForm):
    title = FormField(multilingual_form(TITLE_LIMIT, english_required=False), label=_l("Title"))
    description = FormField(
        multilingual_form(DESCRIPTION_LIMIT, textarea=True, english_required=False), label=_l("Description")
    )
    anchor = SelectField(_l("Counted from"), choices=[], default="opening")
    amount = IntegerField(_l("How long"), validators=[Optional(), NumberRange(min=0, max=OFFSET_LIMIT)], default=0)
    unit = SelectField(_l("Unit"), choices=[], default="weeks")
    direction = SelectField(_l("Before or after"), choices=[], default="before")
    responsible = SelectField(_l("Who does it"), choices=[], default="every_party")
    proof = SelectField(_l("Proof"), choices=[], default="")
    due_on = DateField(_l("Due on (pins the date)"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.anchor.choices = anchor_choices()
        self.unit.choices = OffsetUnit.choices()
        self.direction.choices = [(key, str(label)) for key, label in DIRECTIONS]
        self.responsible.choices = ResponsibleSide.choices()
        self.proof.choices = proof_choices()

    def values(self) -> dict:
        """The form's data in the operations' words."""
        amount = self.amount.data or 0
        proof_kind, _sep, proof_value = (self.proof.data or "").partition(":")
        return {
            "title": self.title.form.to_dict(),
            "description": self.description.form.to_dict(),
            "anchor": self.anchor.data or None,
            "offset_amount": -amount if self.direction.data == "before" else amount,
            "offset_unit": self.unit.data,
            "responsible": self.responsible.data,
            "proof_kind": proof_kind,
            "proof_value": proof_value,
            **({"due_on": self.due_on.data} if getattr(self, "due_on", None) is not None else {}),
        }

    def fill(self, row) -> None:
        """Show a task's (or template's) values."""
        self.title.form.fill(row.title)
        self.description.form.fill(row.description)
        self.anchor.data = row.anchor or ""
        self.amount.data = abs(row.offset_amount or 0)
        self.direction.data = "before" if (row.offset_amount or 0) < 0 else "after"
        self.unit.data = row.offset_unit
        self.responsible.data = row.responsible
        self.proof.data = f"{row.proof_kind}:{row.proof_value}" if row.proof_kind else ""


class TemplateForm(TaskForm):
    due_on = None
    plan_kind = SelectField(_l("Kind of plan"), choices=[])
    active = BooleanField(_l("In use for new checklists"), default=True)
    permit_lead_time = BooleanField(_l("Use the lender's country's export-permit lead time"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan_kind.choices = PlanKind.choices()

    def values(self) -> dict:
        found = super().values()
        found.pop("due_on", None)
        found.update(
            plan_kind=self.plan_kind.data, active=self.active.data, permit_lead_time=self.permit_lead_time.data
        )
        return found

    def fill(self, row) -> None:
        super().fill(row)
        self.plan_kind.data, self.active.data, self.permit_lead_time.data = (
            row.plan_kind,
            row.active,
            row.permit_lead_time,
        )
