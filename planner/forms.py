"""Form pieces shared by every domain: the form base class whose library messages are translated,
and one text field per language for multilingual content."""

from __future__ import annotations

import flask_wtf
from flask_babel import get_translations
from flask_wtf.i18n import translations as wtforms_catalog
from wtforms import Form, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from planner.i18n import LANGUAGE_LABELS, LANGUAGES


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


class FlaskForm(flask_wtf.FlaskForm):
    """Flask-WTF's form (CSRF and all) whose validator messages come from ``FORM_TRANSLATIONS``."""

    class Meta:
        def get_translations(self, form):
            return FORM_TRANSLATIONS


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


def multilingual_form(max_length: int, *, textarea: bool = False, english_required: bool = True) -> type[Form]:
    """A subform class with one field per language (English first, required by default)."""
    field = TextAreaField if textarea else StringField

    class MultilingualText(Form):
        class Meta:
            def get_translations(self, form):
                return FORM_TRANSLATIONS

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
