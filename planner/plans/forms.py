from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms import (
    DateField,
    DecimalField,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, Length, Optional, ValidationError

from planner.forms import PlannerForm, multilingual_form
from planner.plans.models import COMMENT_LIMIT, COST_CATEGORIES, PLAN_TERMS
from planner.plans.terms import CURRENCIES, amount_error
from planner.vocabulary import PlanKind, status_label

AMOUNT_ERRORS = {
    "unknown_currency": _l("Unknown currency."),
    "not_a_number": _l("Give a number."),
    "negative": _l("The amount cannot be negative."),
    "too_large": _l("The amount is too large."),
    "too_precise": _l("Too many decimal places for this currency."),
}


EMPTY_COMMENT = _l("Write the comment first: it is empty.")


class CommentForm(PlannerForm):
    """A message in the plan's discussion (plain text, line breaks kept)."""

    text = TextAreaField(_l("Comment"), validators=[DataRequired(message=EMPTY_COMMENT), Length(max=COMMENT_LIMIT)])


class ChangeRequestForm(PlannerForm):
    """A partner's request for changes: the comment that says which is required."""

    comment = TextAreaField(
        _l("What should change?"), validators=[DataRequired(message=EMPTY_COMMENT), Length(max=COMMENT_LIMIT)]
    )


def _dates_in_order(start_field, end_field) -> None:
    if start_field.data and end_field.data and end_field.data < start_field.data:
        raise ValidationError(_l("The end date is before the start date."))


class PlanForm(PlannerForm):
    version_id = IntegerField(validators=[Optional()])
    kind = SelectField(_l("Kind"), choices=[])
    title = FormField(multilingual_form(300), label=_l("Title"))
    description = FormField(multilingual_form(5000, textarea=True, english_required=False), label=_l("Description"))
    lead_institution_id = SelectField(_l("Lead institution"), coerce=int)
    partner_ids = SelectMultipleField(_l("Partner institutions"), coerce=int)
    article_ids = SelectMultipleField(_l("Articles it implements"), coerce=int)
    terms = SelectField(_l("Terms"), choices=[])
    project_agreement_ref = StringField(
        _l("Separate project agreement: reference"), validators=[Optional(), Length(max=120)]
    )
    project_agreement_date = DateField(_l("Separate project agreement: date"), validators=[Optional()])
    online_url = StringField(
        _l("Online link"),
        validators=[Optional(), Length(max=500), URL(message=_l("Give a full web address starting with https://."))],
    )

    def __init__(self, *args, parties=(), articles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = PlanKind.choices()
        self.terms.choices = [(t, status_label(t)) for t in PLAN_TERMS]
        self.lead_institution_id.choices = list(parties)
        self.partner_ids.choices = list(parties)
        self.article_ids.choices = list(articles)

    def validate_partner_ids(self, field):
        if self.lead_institution_id.data in (field.data or []):
            raise ValidationError(_l("The lead institution cannot also be a partner."))


class VenueForm(PlannerForm):
    site_id = SelectField(_l("Venue"), coerce=int)
    opens_on = DateField(_l("Opens on"), validators=[Optional()])
    closes_on = DateField(_l("Closes on"), validators=[Optional()])

    def validate_closes_on(self, field):
        _dates_in_order(self.opens_on, field)


class CostItemForm(PlannerForm):
    payer_institution_id = SelectField(_l("Payer"), coerce=int)
    incurred_by_institution_id = SelectField(_l("For the part of"), coerce=int)
    category = SelectField(_l("Category"), choices=[])
    description = FormField(multilingual_form(300, english_required=False), label=_l("Description"))
    amount = DecimalField(_l("Amount"), places=None, validators=[DataRequired(_l("Give the amount."))])
    currency = SelectField(_l("Currency"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = [(c, status_label(c)) for c in COST_CATEGORIES]
        self.currency.choices = [(c, c) for c in CURRENCIES]

    def validate_amount(self, field):
        error = amount_error(field.data, self.currency.data)
        if error:
            raise ValidationError(AMOUNT_ERRORS[error])


CONDITION_NOTE = multilingual_form(5000, textarea=True, english_required=False)


class LoanObjectForm(PlannerForm):
    lender_institution_id = SelectField(_l("Lender"), coerce=int)
    inventory_number = StringField(_l("Inventory number"), validators=[DataRequired(), Length(max=64)])
    title = FormField(multilingual_form(300), label=_l("Title"))
    loan_from = DateField(_l("On loan from"), validators=[Optional()])
    loan_to = DateField(_l("On loan until"), validators=[Optional()])
    insurance_value = DecimalField(_l("Insurance value"), places=None, validators=[Optional()])
    insurance_currency = SelectField(_l("Currency"))
    condition_departure = FormField(CONDITION_NOTE, label=_l("Condition at departure"))
    condition_return = FormField(CONDITION_NOTE, label=_l("Condition at return"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.insurance_currency.choices = [(c, c) for c in CURRENCIES]

    def validate_loan_to(self, field):
        _dates_in_order(self.loan_from, field)

    def validate_insurance_value(self, field):
        if field.data is not None:
            error = amount_error(field.data, self.insurance_currency.data)
            if error:
                raise ValidationError(AMOUNT_ERRORS[error])


class ParticipantForm(PlannerForm):
    name = StringField(lazy_pgettext("person", "Name"), validators=[DataRequired(), Length(max=200)])
    role = FormField(multilingual_form(120, english_required=False), label=_l("Role"))
    home_institution_id = SelectField(_l("Home institution"), coerce=int)
    host_institution_id = SelectField(_l("Host institution"), coerce=int)
    from_date = DateField(lazy_pgettext("first day", "From"), validators=[Optional()])
    to_date = DateField(lazy_pgettext("last day", "To"), validators=[Optional()])

    def validate_to_date(self, field):
        _dates_in_order(self.from_date, field)

    def validate_host_institution_id(self, field):
        if field.data == self.home_institution_id.data:
            raise ValidationError(_l("The host must differ from the home institution."))


class RouteStopForm(PlannerForm):
    site_id = SelectField(_l("Site"), coerce=int)
    arrival = DateField(_l("Arrival"), validators=[Optional()])
    departure = DateField(_l("Departure"), validators=[Optional()])

    def validate_departure(self, field):
        _dates_in_order(self.arrival, field)
