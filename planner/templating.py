"""Jinja filters and globals: localized content, Babel formatting, the language switcher."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

from flask import Flask, g
from flask_babel import format_date, format_datetime, format_decimal, format_time, get_locale, get_timezone
from markupsafe import Markup

from planner.i18n import LANGUAGE_LABELS, LANGUAGE_NAMES, LANGUAGES, current_locale, pick_text
from planner.maps.mapping import with_nonce
from planner.vocabulary import activity_label, status_label


def localized(values: dict | None, own_language: str | None = None):
    return pick_text(values, current_locale(), own_language)


def money(amount, currency: str) -> str:
    from babel.numbers import format_currency

    return format_currency(amount, currency, locale=current_locale())


def long_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return _formatted(format_date, value, "long", str(get_locale()), str(get_timezone()))


def time_short(value: datetime) -> str:
    return _formatted(format_time, value, "short", str(get_locale()), str(get_timezone()))


@lru_cache(maxsize=16_384)
def _formatted(formatter, value, pattern: str, language: str, zone: str) -> str:
    """Babel's text for a date or time, kept per language and viewer's zone (which decide it,
    with the value): calendar pages format the same few hundred values on every request, and
    Babel parses the pattern each time (issue #21: a tenth of the month calendar's time)."""
    return formatter(value, pattern)


def original_datetime(value: datetime, fmt: str = "short") -> str:
    """A time in the event's own zone (not rebased to the viewer's)."""
    return format_datetime(value, fmt, rebase=False)


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        localized=localized,
        long_date=long_date,
        money=money,
        number=format_decimal,
        datetime=format_datetime,
        original_datetime=original_datetime,
        time_short=time_short,
        weekday_name=lambda value: format_date(value, "EEE"),
        activity=activity_label,
        status=status_label,
    )

    from planner.agreements import presenting
    from planner.schedule.timezones import viewer_zone

    app.jinja_env.globals.update(
        discrepancy_message=presenting.discrepancy_message,
        preview_numbers=presenting.preview_numbers,
        preview_article=presenting.preview_article,
        discrepancy_at=presenting.discrepancy_at,
        country_name=presenting.country_name,
        viewer_zone=viewer_zone,
        day_delta=lambda days: timedelta(days=days),
        format_month=lambda value: format_date(value, "LLLL y"),
    )

    def map_head(parts) -> Markup:
        return Markup(with_nonce(parts.header, getattr(g, "csp_nonce", "")))

    def map_scripts(parts) -> Markup:
        return Markup(f'<script nonce="{getattr(g, "csp_nonce", "")}">\n{parts.script}\n</script>')

    app.jinja_env.globals.update(
        map_head=map_head,
        map_scripts=map_scripts,
        LANGUAGES=LANGUAGES,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        LANGUAGE_LABELS=LANGUAGE_LABELS,
    )

    @app.context_processor
    def globals_for_templates():
        return {"locale": current_locale(), "csp_nonce": getattr(g, "csp_nonce", "")}
