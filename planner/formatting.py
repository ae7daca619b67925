"""Dates, times and zones as a reader of each language expects them: pure functions of a locale.

Babel's ready-made "medium" and "short" formats print seconds, two-digit years (az, kk) or
repeat the month and year of a range; these helpers use CLDR skeletons (four-digit years,
hours and minutes only), ``format_interval`` for ranges and the zone's localized name.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton, format_time, get_timezone_name
from babel.numbers import format_decimal


@lru_cache(maxsize=64)
def _parsed(identifier: str) -> Locale:
    """The Locale of an identifier, parsed once: Babel parses a string again on every call (a
    month grid formats some 200 times), and Locale objects hold nothing of a request's."""
    return Locale.parse(identifier)


DAY = "yMMMd"  # a day with a four-digit year and an abbreviated month
DAY_LONG = "yMMMMd"


def day(value: date, locale: str) -> str:
    """One day, abbreviated month, four-digit year in every locale (Babel's medium pads kk days)."""
    return format_skeleton(DAY, value, locale=_parsed(locale))


def day_range(first: date, last: date | None, locale: str) -> str:
    """Two days as one range that does not repeat the shared month and year ("1–14 March 2027")."""
    if last is None:
        return format_date(first, "long", locale=_parsed(locale)) + " –"
    if first >= last:
        return format_date(first, "long", locale=_parsed(locale))
    return format_interval(first, last, DAY, locale=_parsed(locale))


def month_heading(value: date, locale: str) -> str:
    """A month as a heading: the stand-alone month name with a capital letter (ru, az write it lower-case)."""
    text = format_date(value, "LLLL y", locale=_parsed(locale))
    return text[:1].upper() + text[1:]


def zone_name(moment: datetime, locale: str) -> str:
    """The zone of an aware moment by its localized name ("Azerbaijan Standard Time"), not its IANA id."""
    return get_timezone_name(moment, "long", locale=_parsed(locale))


def _day_and_time(moment: datetime, locale: str) -> str:
    pattern = _parsed(locale).datetime_formats["medium"]
    return pattern.format(format_time(moment, "short", locale=_parsed(locale)), day(moment, locale))


def time_range(start: datetime, end: datetime | None, zone: tzinfo, locale: str) -> str:
    """A timed occurrence in ``zone``: no seconds, the end's day only when it differs."""
    start = start.astimezone(zone)
    if end is None:
        return _day_and_time(start, locale)
    end = end.astimezone(zone)
    if start.date() == end.date():
        hours = "Hm" if "H" in _parsed(locale).time_formats["short"].pattern else "hm"
        return f"{day(start, locale)}, {format_interval(start.time(), end.time(), hours, locale=_parsed(locale))}"
    return f"{_day_and_time(start, locale)} – {_day_and_time(end, locale)}"


def hour(value: time, locale: str) -> str:
    """A time of day as the locale writes it, without seconds ("08:00", "8:00 AM")."""
    return format_time(value, "short", locale=_parsed(locale))


def all_day_range(start: date, end_exclusive: date, locale: str) -> str:
    """An all-day occurrence, whose stored end is the day after its last day."""
    last = end_exclusive - timedelta(days=1) if end_exclusive > start else start
    return day_range(start, last, locale)


def distance(km: float, locale: str) -> str:
    """A distance in whole kilometres with the locale's grouping ("1,234" en, "1 234" ru, "1.234" az)."""
    return format_decimal(round(km), locale=_parsed(locale))


def coordinate(degrees: float, locale: str) -> str:
    """A latitude or longitude in decimal degrees with the locale's decimal sign ("40,6828" in
    ru, kk and az), to six places at most (about 10 cm), no grouping."""
    return format_decimal(degrees, format="0.0#####", locale=_parsed(locale))
