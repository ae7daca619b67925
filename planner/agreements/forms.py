from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from planner.agreements.importing import PLACE_LENGTH, scans_readable
from planner.agreements.models import AGREEMENT_STATUSES, DEFAULT_TERMS
from planner.documents.languages import MAX_DOCUMENT_LANGUAGES, UNKNOWN_LANGUAGES, parse_languages
from planner.forms import PlannerForm, PlannerSubform, ZoneField, multilingual_form
from planner.vocabulary import NoticeUnit, status_label

MAX_MOU_CHARS = 2_000_000


def notice_needs_unit(form, field):
    """A notice period is a number and its unit (a form's inline check of `notice_unit`)."""
    if form.notice_amount.data and not field.data:
        raise ValidationError(_l("Choose the unit of the notice period."))


class MouTextForm(PlannerForm):
    """Paste or upload a memorandum; on the preview, confirm its parties, signing date and
    place and term (the titles per version come as `title-<language>`, one per version the
    reader found). Any file is accepted here: the reader says clearly why one it cannot read
    is refused."""

    text = TextAreaField(_l("Text of the memorandum"), validators=[Optional(), Length(max=MAX_MOU_CHARS)])
    document = FileField(_l("Or upload a file (.txt, .md, .docx, .pdf)"))
    parties = SelectMultipleField(_l("Parties"), coerce=int, choices=[], validate_choice=False)
    signed_on = DateField(_l("Signed on"), validators=[Optional()])
    signed_place = StringField(_l("Place of signing"), validators=[Optional(), Length(max=PLACE_LENGTH)])
    term_years = IntegerField(_l("Term in years"), validators=[Optional(), NumberRange(1, 99)])
    renewal_years = IntegerField(
        _l("Automatic renewal, years (empty: none)"), validators=[Optional(), NumberRange(1, 99)]
    )
    notice_amount = IntegerField(_l("Notice before expiry"), validators=[Optional(), NumberRange(1, 999)])
    notice_unit = SelectField(_l("Notice unit"), choices=[], default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notice_unit.choices = [("", "—"), *NoticeUnit.choices()]
        if scans_readable():
            self.document.label.text = _l(
                "Or upload a file (.txt, .md, .docx, .pdf) or a scan (.png, .jpg, .jpeg, .tif, .tiff)"
            )

    def validate_text(self, field):
        if not (field.data or "").strip() and not self.document.data:
            raise ValidationError(_l("Paste the text or choose a file."))

    validate_notice_unit = notice_needs_unit


class PartyForm(PlannerSubform):
    institution_id = SelectField(_l("Institution"), coerce=int, validators=[Optional()])
    signatory_name = StringField(_l("Signatory"), validators=[Optional(), Length(max=200)])
    signatory_title = StringField(_l("Signatory's title"), validators=[Optional(), Length(max=200)])


class AgreementForm(PlannerForm):
    version_id = IntegerField(validators=[Optional()])
    title = FormField(multilingual_form(300), label=_l("Title"))
    signed_on = DateField(_l("Signed on"), validators=[Optional()])
    signed_place = StringField(_l("Place of signing"), validators=[Optional(), Length(max=PLACE_LENGTH)])
    status = SelectField(_l("Status"), choices=[])
    term_years = IntegerField(_l("Term in years"), validators=[DataRequired(), NumberRange(1, 99)])
    renewal_years = IntegerField(
        _l("Automatic renewal, years (empty: none)"), validators=[Optional(), NumberRange(1, 99)]
    )
    notice_amount = IntegerField(_l("Notice before expiry"), validators=[Optional(), NumberRange(1, 999)])
    notice_unit = SelectField(_l("Notice unit"), choices=[])
    default_terms = SelectField(_l("Default terms"), choices=[])
    project_agreement_required = BooleanField(_l("Each project needs its own agreement"))
    parties = FieldList(FormField(PartyForm), min_entries=4, max_entries=4)

    def __init__(self, *args, institutions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [(s, status_label(s)) for s in AGREEMENT_STATUSES if s != "expired"]
        self.notice_unit.choices = [("", "—"), *NoticeUnit.choices()]
        self.default_terms.choices = [(t, status_label(t)) for t in DEFAULT_TERMS]
        for party in self.parties:
            party.institution_id.choices = [(0, "—")] + list(institutions)

    def validate_parties(self, field):
        chosen = [p.institution_id.data for p in field if p.institution_id.data]
        if len(chosen) != len(set(chosen)):
            raise ValidationError(_l("An institution can be a party only once."))
        if self.status.data == "in_force" and len(chosen) < 2:
            raise ValidationError(_l("An agreement in force needs at least two parties."))

    validate_notice_unit = notice_needs_unit


class NoticeForm(PlannerForm):
    given_on = DateField(_l("Notice given on"), validators=[DataRequired()])
    given_by = SelectField(_l("Given by"), coerce=int)


class ProtocolForm(PlannerForm):
    signed_on = DateField(_l("Signed on"), validators=[Optional()])
    text = TextAreaField(_l("Text of the amendment"), validators=[DataRequired(), Length(max=20000)])


class LanguageListField(StringField):
    """Ordered language codes, shown and typed as "kk, ru"."""

    def _value(self) -> str:
        if isinstance(self.data, list | tuple):
            return ", ".join(self.data)
        return super()._value()


class InstitutionForm(PlannerForm):
    name = FormField(multilingual_form(300), label=_l("Name"))
    short_name = StringField(_l("Short name"), validators=[Optional(), Length(max=80)])
    country = StringField(
        _l("Country (ISO 3166 code, e.g. AZ, KZ, UZ)"), validators=[DataRequired(), Length(min=2, max=2)]
    )
    city = StringField(_l("City"), validators=[Optional(), Length(max=120)])
    timezone = ZoneField(_l("Time zone"))
    document_languages = LanguageListField(
        _l("Languages of its documents (ISO 639-1, in order, e.g. kk, ru)"), validators=[Length(max=60)]
    )

    def validate_document_languages(self, field):
        codes, unknown = parse_languages(field.data or "")
        if unknown or len(codes) > MAX_DOCUMENT_LANGUAGES:
            raise ValidationError(UNKNOWN_LANGUAGES)
        field.codes = codes

    def validate_country(self, field):
        from babel import Locale

        field.data = (field.data or "").strip().upper()
        if field.data not in Locale("en").territories or not field.data.isalpha():
            raise ValidationError(_l("Unknown country code: use two letters such as AZ, KZ, UZ or TR."))
