"""Form pieces shared by every domain: one text field per language for multilingual content."""

from __future__ import annotations

from wtforms import Form, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from planner.i18n import LANGUAGE_LABELS, LANGUAGES


def multilingual_form(max_length: int, *, textarea: bool = False, english_required: bool = True) -> type[Form]:
    """A subform class with one field per language (English first, required by default)."""
    field = TextAreaField if textarea else StringField

    class MultilingualText(Form):
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
