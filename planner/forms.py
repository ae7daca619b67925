"""Form pieces shared by every domain: the base form whose text fields refuse what no output
can carry and whose library messages are translated, the zone picker, and one text field per
language for multilingual content."""

from __future__ import annotations

from flask_babel import get_locale, get_translations
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations as wtforms_catalog
from wtforms import Form, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, StopValidation, ValidationError

from planner.i18n import LANGUAGE_LABELS, LANGUAGES
from planner.multilingual import MULTILINGUAL
from planner.timezones import is_known_zone, zone_choices

# Line breaks of every kind (CR, LF, VT, FF, NEL, U+2028, U+2029): none belongs in a title or name.
LINE_BREAKS = frozenset("\r\n\x0b\x0c\x85\u2028\u2029")
UNSTORABLE = _l("The text contains characters that cannot be stored.")
ONE_LINE = _l("Write this on one line (no line breaks).")
UNKNOWN_ZONE = _l("Unknown time zone: choose one from the list, such as Asia/Baku or Europe/Istanbul.")


def unstorable(text: str) -> bool:
    """NUL or a lone surrogate: JSON and Python carry them, PostgreSQL and UTF-8 cannot."""
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def text_problem(text: str, *, single_line: bool):
    """Why `text` may not be saved (a translatable message), or None: the one rule for pages and API."""
    if unstorable(text):
        return UNSTORABLE
    if single_line and not LINE_BREAKS.isdisjoint(text):
        return ONE_LINE
    return None


class SafeText:
    """Validator every text field of a PlannerForm gets first (see `SafeTextMeta`)."""

    def __init__(self, single_line: bool):
        self.single_line = single_line

    def __call__(self, form, field):
        problem = text_problem(field.data or "", single_line=self.single_line) if isinstance(field.data, str) else None
        if problem:
            field.errors[:] = []
            raise StopValidation(str(problem))


class SafeTextMeta:
    """Binds `SafeText` in front of the validators of every text field, so no form can forget
    it: single-line for StringField, line breaks kept in TextAreaField, passwords unchecked for
    line breaks."""

    def bind_field(self, form, unbound_field, options):
        field = super().bind_field(form, unbound_field, options)
        if isinstance(field, StringField):
            single_line = not isinstance(field, (TextAreaField, PasswordField))
            field.validators = [SafeText(single_line), *field.validators]
        return field


class PlannerMeta(SafeTextMeta):
    """Safe text, and WTForms' messages in the reader's language (see `FormTranslations`)."""

    def get_translations(self, form):
        return FORM_TRANSLATIONS


class PlannerForm(FlaskForm):
    """The base of every page form: CSRF (Flask-WTF), safe text, translated messages."""

    class Meta(PlannerMeta):
        pass


class PlannerSubform(Form):
    """The base of subforms (FormField, FieldList entries), as PlannerForm."""

    class Meta(PlannerMeta):
        pass


class ZoneField(SelectField):
    """The time zone picker: canonical IANA zones labelled in the viewer's language; an empty
    choice (labelled `blank`) when the zone may be left to a default."""

    def __init__(self, label=None, validators=None, *, blank=None, **kwargs):
        self.blank = blank
        super().__init__(label, validators, choices=self._choices, validate_choice=False, **kwargs)

    def _choices(self):
        choices = list(zone_choices(str(get_locale() or "en")))
        return ([("", str(self.blank))] if self.blank is not None else []) + choices

    def pre_validate(self, form):
        if self.data and not is_known_zone(self.data):
            raise ValidationError(str(UNKNOWN_ZONE))
        if not self.data and self.blank is None:
            raise ValidationError(str(UNKNOWN_ZONE))


class FormTranslations:
    """WTForms' messages from the app's own catalogs, then from WTForms' catalog.

    WTForms ships no Azerbaijani catalog, and a plain ``wtforms.Form`` (the per-language
    subforms) gets no translations at all; the app's catalogs carry every message below.
    """

    def gettext(self, string: str) -> str:
        translated = get_translations().ugettext(string)
        return translated if translated != string else wtforms_catalog.gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        translated = get_translations().ungettext(singular, plural, n)
        if translated in (singular, plural):
            return wtforms_catalog.ngettext(singular, plural, n)
        return translated


FORM_TRANSLATIONS = FormTranslations()


def wtforms_messages(gettext, ngettext) -> list[str]:
    """The messages WTForms and Flask-WTF raise in this app's forms, written here so that
    `make translations` puts them in the catalogs; tests call it to check each is translated."""
    return [
        gettext("This field is required."),
        ngettext(
            "Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long.", 2
        ),
        ngettext(
            "Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters.", 2
        ),
        gettext("Field must be between %(min)d and %(max)d characters long."),
        gettext("Number must be at least %(min)s."),
        gettext("Number must be at most %(max)s."),
        gettext("Number must be between %(min)s and %(max)s."),
        gettext("Invalid input."),
        gettext("Invalid email address."),
        gettext("Invalid URL."),
        gettext("Not a valid choice."),
        gettext("Invalid Choice: could not coerce."),
        gettext("Not a valid datetime value."),
        gettext("Not a valid date value."),
        gettext("Not a valid integer value."),
        gettext("Not a valid decimal value."),
        gettext("Not a valid float value."),
        gettext("The CSRF token is missing."),
        gettext("The CSRF session token is missing."),
        gettext("The CSRF token has expired."),
        gettext("The CSRF token is invalid."),
        gettext("The CSRF tokens do not match."),
    ]


def operation_values(form) -> dict:
    """A form's data as the operations take them: each per-language subform as its values per
    language, under the name of its column per language (`planner.multilingual`)."""
    values = {}
    for name, value in form.data.items():
        subform = getattr(form[name], "form", None)
        if hasattr(subform, "to_dict"):
            values[MULTILINGUAL.get(name, name)] = subform.to_dict()
        elif name != "csrf_token":
            values[name] = value
    return values


def multilingual_form(max_length: int, *, textarea: bool = False, english_required: bool = True) -> type[Form]:
    """A subform class with one field per language (English first, required by default)."""
    field = TextAreaField if textarea else StringField

    class MultilingualText(PlannerSubform):
        def to_dict(self) -> dict:
            return {lang: self[lang].data.strip() for lang in LANGUAGES if (self[lang].data or "").strip()}

        def fill(self, values: dict | None) -> None:
            for lang in LANGUAGES:
                if not self[lang].data:
                    self[lang].data = (values or {}).get(lang, "")

    for lang in LANGUAGES:
        required = english_required and lang == "en"
        validators = [DataRequired() if required else Optional(), Length(max=max_length)]
        setattr(MultilingualText, lang, field(LANGUAGE_LABELS[lang], validators=validators))
    return MultilingualText
