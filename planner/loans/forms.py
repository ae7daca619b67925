"""The loan page's forms: a step, references, the borrower, a condition check with photos, a
countersignature, insurance, a transport leg, a courier, a permit, a permit template."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    DecimalField,
    FormField,
    IntegerField,
    MultipleFileField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from planner.forms import PlannerForm, ZoneField, multilingual_form
from planner.plans.terms import CURRENCIES
from planner.vocabulary import Checkpoint, Condition, InsuranceKind, PermitStatus, TransportMethod


class TransitionForm(PlannerForm):
    status = SelectField(_l("Next step"), choices=[])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


class ReferenceForm(PlannerForm):
    reference = StringField(_l("Our reference number"), validators=[Optional(), Length(max=64)])


class BorrowerForm(PlannerForm):
    borrower_institution_id = SelectField(_l("Borrower"), coerce=int, choices=[])


class ConditionCheckForm(PlannerForm):
    object_id = SelectField(_l("Object"), coerce=int, choices=[])
    checkpoint = SelectField(_l("Checkpoint"), choices=[])
    condition = SelectField(_l("Condition"), choices=[])
    checked_on = DateField(_l("Checked on"), validators=[Optional()])
    method = StringField(_l("Method"), validators=[Optional(), Length(max=200)])
    notes = FormField(multilingual_form(5000, textarea=True, english_required=False), label=_l("Notes"))
    photos = MultipleFileField(_l("Photos (JPEG or PNG)"))

    def __init__(self, *args, objects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.object_id.choices = [(item.id, item.inventory_number) for item in objects]
        self.checkpoint.choices = Checkpoint.choices()
        self.condition.choices = Condition.choices()


class CountersignForm(PlannerForm):
    agree = SelectField(_l("Countersignature"), choices=[])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.agree.choices = [("yes", _l("I confirm this check")), ("no", _l("I disagree"))]


class InsuranceForm(PlannerForm):
    kind = SelectField(_l("Type"), choices=[])
    insurer = StringField(_l("Insurer or indemnifier"), validators=[Optional(), Length(max=300)])
    policy_number = StringField(_l("Policy number"), validators=[Optional(), Length(max=120)])
    cover_from = DateField(_l("Cover from"), validators=[DataRequired()])
    cover_to = DateField(_l("Cover to"), validators=[DataRequired()])
    nail_to_nail = BooleanField(_l("Nail to nail"), default=True)
    sum_amount = DecimalField(_l("Sum insured"), validators=[Optional(), NumberRange(min=0)])
    sum_currency = SelectField(_l("Currency"), choices=[])
    second_amount = DecimalField(_l("Sum insured in a second currency"), validators=[Optional(), NumberRange(min=0)])
    second_currency = SelectField(_l("Second currency"), choices=[])
    excess_amount = DecimalField(_l("Excess"), validators=[Optional(), NumberRange(min=0)])
    excess_currency = SelectField(_l("Excess currency"), choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = InsuranceKind.choices()
        for field in (self.sum_currency, self.second_currency, self.excess_currency):
            field.choices = [(c, c) for c in CURRENCIES]

    def values(self) -> dict:
        """As `operations.put_insurance` takes them: the sums as a list per currency."""
        sums = [
            {"currency": currency.data, "amount": amount.data}
            for amount, currency in ((self.sum_amount, self.sum_currency), (self.second_amount, self.second_currency))
            if amount.data is not None
        ]
        return {
            "kind": self.kind.data,
            "insurer": self.insurer.data,
            "policy_number": self.policy_number.data,
            "cover_from": self.cover_from.data,
            "cover_to": self.cover_to.data,
            "nail_to_nail": self.nail_to_nail.data,
            "sums": sums,
            "excess_amount": self.excess_amount.data,
            "excess_currency": self.excess_currency.data if self.excess_amount.data is not None else None,
        }


class TransportLegForm(PlannerForm):
    method = SelectField(_l("Means of transport"), choices=[])
    shipper = StringField(_l("Shipper"), validators=[Optional(), Length(max=300)])
    crate_count = IntegerField(_l("Number of crates"), validators=[Optional(), NumberRange(min=0, max=10_000)])
    crate_size = StringField(
        _l("Crate dimensions (length × width × height, cm)"), validators=[Optional(), Length(max=60)]
    )
    tracking_numbers = StringField(_l("Tracking numbers (comma-separated)"), validators=[Optional(), Length(max=600)])
    departure_place = StringField(_l("From"), validators=[Optional(), Length(max=300)])
    departs_at = DateTimeLocalField(_l("Departs"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    departure_timezone = ZoneField(_l("Time zone of departure"))
    arrival_place = StringField(_l("To"), validators=[Optional(), Length(max=300)])
    arrives_at = DateTimeLocalField(_l("Arrives"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    arrival_timezone = ZoneField(_l("Time zone of arrival"))
    crosses_border = BooleanField(_l("Crosses a border"))
    is_return = BooleanField(_l("Return journey"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.method.choices = TransportMethod.choices()


class CourierForm(PlannerForm):
    participant_id = SelectField(_l("Participant"), coerce=int, choices=[])
    transport_leg_id = SelectField(_l("Leg"), coerce=int, choices=[])
    travels_out_on = DateField(_l("Travels out on"), validators=[Optional()])
    travels_back_on = DateField(_l("Travels back on"), validators=[Optional()])


class PermitForm(PlannerForm):
    country = StringField(_l("Country of departure (ISO code)"), validators=[DataRequired(), Length(min=2, max=2)])
    status = SelectField(_l("Status"), choices=[])
    authority = StringField(_l("Authority"), validators=[Optional(), Length(max=300)])
    document_name = StringField(_l("Document"), validators=[Optional(), Length(max=300)])
    number = StringField(_l("Number"), validators=[Optional(), Length(max=120)])
    applied_on = DateField(_l("Applied on"), validators=[Optional()])
    issued_on = DateField(_l("Issued on"), validators=[Optional()])
    return_by = DateField(_l("Return by"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = PermitStatus.choices()


class PermitTemplateForm(PlannerForm):
    authority = FormField(multilingual_form(300), label=_l("Authority"))
    document_name = FormField(multilingual_form(300), label=_l("Document"))
    lead_time_days = IntegerField(_l("Usual lead time (days)"), validators=[DataRequired(), NumberRange(0, 1000)])
