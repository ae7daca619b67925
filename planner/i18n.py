"""Locale choice and multilingual content.

The interface language is chosen in this order: the signed-in user's saved choice, the
visitor's cookie, `?lang=`, the browser's Accept-Language, then the site's default
(DEFAULT_LANGUAGE, English unless set). E-mails choose theirs in planner.notifications.mail.

Content (agreement titles, plan titles, institution and site names) is stored as one value
per language, e.g. ``{"en": "Joint exhibition", "ru": "Совместная выставка"}``, and shown
in the viewer's language with a fallback that the page can mark.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g, has_request_context, request
from flask_login import current_user

from planner.vocabulary import LANGUAGE_LABELS, Language  # noqa: F401  (labels: the forms import them here)

LANGUAGES = Language.keys()
LANGUAGE_COOKIE = "planner_lang"
# Each language's name in that language, for the switcher.
LANGUAGE_NAMES = {"en": "English", "az": "Azərbaycanca", "kk": "Қазақша", "ru": "Русский"}


def select_locale() -> str:
    """Flask-Babel locale selector (see the module docstring for the order); commands (no
    request) speak the default language."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if getattr(current_user, "is_authenticated", False) and current_user.language in LANGUAGES:
        return current_user.language
    cookie = request.cookies.get(LANGUAGE_COOKIE)
    if cookie in LANGUAGES:
        return cookie
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    return request.accept_languages.best_match(LANGUAGES) or current_app.config["BABEL_DEFAULT_LOCALE"]


@dataclass(frozen=True)
class Localized:
    """A content value chosen for a viewer: the text, its language, and whether it fell back."""

    text: str
    language: str | None
    fallback: bool

    def __str__(self) -> str:
        return self.text

    def __html__(self) -> str:  # rendered escaped by Jinja's autoescape through str()
        from markupsafe import escape

        return str(escape(self.text))


def fallback_order(locale: str) -> tuple[str, ...]:
    """After the reader's own language, the languages a reader of it reads best, in order
    (LANGUAGE_FALLBACKS in config.py: kk → ru, en; az → en, ru by default)."""
    try:
        configured = current_app.config["LANGUAGE_FALLBACKS"]
    except (RuntimeError, KeyError):  # no app (pure use): the defaults
        from config import language_fallbacks

        configured = language_fallbacks(None)
    return tuple(configured.get(locale, ("en",)))


def pick_text(
    values: dict | None, locale: str, own_language: str | None = None, order: tuple[str, ...] | None = None
) -> Localized:
    """Choose the reader's language, else the fallback languages in ``order`` (default: the
    configured ones), else the content's own language, else English, else any; a choice other
    than the reader's language is marked as a fallback."""
    if values and values.get(locale):  # the usual case, first: feeds ask this per event
        return Localized(values[locale], locale, False)
    values = {k: v for k, v in (values or {}).items() if v}
    chain = fallback_order(locale) if order is None else order
    for language in (locale, *chain, own_language, "en", *sorted(values)):
        if language and language in values:
            return Localized(values[language], language, language != locale)
    return Localized("", None, False)


def marked_text(values: dict | None, locale: str) -> str:
    """`pick_text` as plain text for places without markup (feeds, map popups, GPX): a fallback
    is marked with the name of the language it is in, as pages mark it: "Bronze lamp (English)"."""
    chosen = pick_text(values, locale)
    if chosen.fallback and chosen.language:
        return f"{chosen.text} ({LANGUAGE_NAMES.get(chosen.language, chosen.language)})"
    return chosen.text


def current_locale() -> str:
    return getattr(g, "locale", None) or "en"


def guess_language(text: str) -> str:
    """The language a single-language text is most likely in, from its letters: Kazakh letters,
    else Cyrillic (Russian), else Azerbaijani letters, else English. For moving old
    single-language values into multilingual ones."""
    lowered = (text or "").lower()
    if any(c in lowered for c in "әғқңөұүһі"):
        return "kk"
    if any("\u0400" <= c <= "\u04ff" for c in lowered):
        return "ru"
    if any(c in lowered for c in "əğışçöü"):
        return "az"
    return "en"
