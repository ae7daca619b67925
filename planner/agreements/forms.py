from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from planner.agreements.models import AGREEMENT_STATUSES, DEFAULT_TERMS
from planner.forms import multilingual_form
from planner.vocabulary import NoticeUnit, status_label

MAX_MOU_CHARS = 2_000_000


class MouTextForm(FlaskForm):
    text = TextAreaField(_l("Text of the memorandum"), validators=[Optional(), Length(max=MAX_MOU_CHARS)])
    document = FileField(
        _l("Or upload a file (.txt, .md)"), validators=[FileAllowed(["txt", "md"], _l("Only .txt and .md files."))]
    )

    def validate_text(self, field):
        if not (field.data or "").strip() and not self.document.data:
            raise ValidationError(_l("Paste the text or choose a file."))


class PartyForm(Form):
    institution_id = SelectField(_l("Institution"), coerce=int, validators=[Optional()])
    signatory_name = StringField(_l("Signatory"), validators=[Optional(), Length(max=200)])
    signatory_title = StringField(_l("Signatory's title"), validators=[Optional(), Length(max=200)])


class AgreementForm(FlaskForm):
    version_id = IntegerField(validators=[Optional()])
    title = FormField(multilingual_form(300), label=_l("Title"))
    signed_on = DateField(_l("Signed on"), validators=[Optional()])
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

    def validate_notice_unit(self, field):
        if self.notice_amount.data and not field.data:
            raise ValidationError(_l("Choose the unit of the notice period."))


class NoticeForm(FlaskForm):
    given_on = DateField(_l("Notice given on"), validators=[DataRequired()])
    given_by = SelectField(_l("Given by"), coerce=int)


class ProtocolForm(FlaskForm):
    signed_on = DateField(_l("Signed on"), validators=[Optional()])
    text = TextAreaField(_l("Text of the amendment"), validators=[DataRequired(), Length(max=20000)])


class InstitutionForm(FlaskForm):
    name = FormField(multilingual_form(300), label=_l("Name"))
    short_name = StringField(_l("Short name"), validators=[Optional(), Length(max=80)])
    country = StringField(
        _l("Country (ISO 3166 code, e.g. AZ, KZ, UZ)"), validators=[DataRequired(), Length(min=2, max=2)]
    )
    city = StringField(_l("City"), validators=[Optional(), Length(max=120)])
    timezone = StringField(_l("Time zone (IANA, e.g. Asia/Baku)"), validators=[DataRequired(), Length(max=64)])

    def validate_country(self, field):
        from babel import Locale

        field.data = (field.data or "").strip().upper()
        if field.data not in Locale("en").territories or not field.data.isalpha():
            raise ValidationError(_l("Unknown country code: use two letters such as AZ, KZ, UZ or TR."))

    def validate_timezone(self, field):
        from planner.schedule.timezones import is_known_zone

        if not is_known_zone(field.data or ""):
            raise ValidationError(_l("Unknown time zone: use a name such as Asia/Baku or Europe/Istanbul."))
