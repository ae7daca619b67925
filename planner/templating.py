"""Jinja filters and globals: localized content, Babel formatting, the language switcher."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from flask import Flask, g
from flask_babel import format_date, format_datetime, format_decimal, format_time, get_locale, get_timezone
from markupsafe import Markup

from planner import formatting
from planner.i18n import LANGUAGE_LABELS, LANGUAGE_NAMES, LANGUAGES, current_locale, pick_text
from planner.maps.mapping import with_nonce
from planner.multilingual import texts
from planner.plans.events import event_descriptions, event_titles
from planner.vocabulary import (
    activity_label,
    audit_action_label,
    city_label,
    event_status_label,
    record_kind_label,
    status_label,
)


def localized(values: dict | None, own_language: str | None = None):
    return pick_text(values, current_locale(), own_language)


def money(amount, currency: str) -> str:
    from babel.numbers import format_currency

    return format_currency(amount, currency, locale=current_locale())


def long_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return _formatted(format_date, value, "long", str(get_locale()), str(get_timezone()))


def excluded_days(event) -> str:
    """The occurrences left out of a series, as days ("23 March 2027, 6 April 2027"): the
    stored values are ISO dates or local ISO datetimes, of which a reader wants the day."""
    days = sorted(date.fromisoformat(value[:10]) for value in event.excluded_dates or ())
    return ", ".join(long_date(day) for day in days)


def event_rhythm(event, moved: int = 0) -> str:
    """The event's rule in words, as the change summaries and the project agreement say it."""
    from planner.plans.occurrences import local_bounds
    from planner.plans.rhythm import rhythm

    if not event.recurrence_frequency:
        return ""
    return rhythm(
        event.recurrence_frequency,
        current_locale(),
        interval=event.recurrence_interval,
        first=local_bounds(event)[0],
        count=event.recurrence_count,
        until=event.recurrence_until,
        excluded=len(event.excluded_dates or ()),
        moved=moved,
    )


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


def zone_label(zone_or_moment) -> str:
    """A zone (its IANA name, or an aware moment's zone) by its localized name, for "Times are shown in ..."."""
    if isinstance(zone_or_moment, str):
        from planner.timezones import zone

        zone_or_moment = zone(zone_or_moment)
    moment = zone_or_moment if isinstance(zone_or_moment, datetime) else datetime.now(zone_or_moment)
    return formatting.zone_name(moment, current_locale())


def short_datetime(value: datetime | None) -> str:
    """A moment in the viewer's zone without seconds and with a four-digit year (the audit log)."""
    from planner.timezones import viewer_zone

    if value is None:
        return ""
    moment = value if value.tzinfo else value.replace(tzinfo=UTC)  # stored naive in UTC
    return formatting.time_range(moment, None, viewer_zone(), current_locale())


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        localized=localized,
        long_date=long_date,
        excluded_days=excluded_days,
        rhythm=event_rhythm,
        money=money,
        number=format_decimal,
        datetime=format_datetime,
        short_datetime=short_datetime,
        original_datetime=original_datetime,
        time_short=time_short,
        weekday_name=lambda value: format_date(value, "EEE"),
        hour_label=lambda value: formatting.hour(value, current_locale()),
        distance=lambda km: formatting.distance(km, current_locale()),
        coordinate=lambda degrees: formatting.coordinate(degrees, current_locale()),
        activity=activity_label,
        status=status_label,
        event_status=event_status_label,
        event_titles=event_titles,
        event_descriptions=event_descriptions,
        texts=texts,
        audit_action=audit_action_label,
        record_kind=record_kind_label,
        city=city_label,
    )

    from planner.agreements import presenting
    from planner.timezones import viewer_zone

    app.jinja_env.globals.update(
        discrepancy_message=presenting.discrepancy_message,
        preview_rows=presenting.preview_rows,
        warning_message=presenting.warning_message,
        instrument_label=presenting.instrument_label,
        default_terms_label=presenting.default_terms_label,
        renewal_label=presenting.renewal_label,
        payer_label=presenting.payer_label,
        PREVIEW_DISCREPANCIES=presenting.PREVIEW_DISCREPANCIES,
        country_name=presenting.country_name,
        viewer_zone=viewer_zone,
        day_delta=lambda days: timedelta(days=days),
        status_label=status_label,
        activity_label=activity_label,
        format_month=lambda value: formatting.month_heading(value, current_locale()),
        time_range=lambda start, end, zone: formatting.time_range(start, end, zone, current_locale()),
        all_day_range=lambda start, end: formatting.all_day_range(start, end, current_locale()),
        day_range=lambda first, last: formatting.day_range(first, last, current_locale()),
        zone_name=zone_label,
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
