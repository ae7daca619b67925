"""How a recurring event's rule reads, in one place for the event page, the plan page, the
change summaries and the project agreement: "every 2 weeks on Tuesday, 10 times, 1 excluded".

Pure: a function of the rule's plain values and a language. The words come from the same
catalogs as the pages (`translations/<language>/LC_MESSAGES/messages.mo`), read with Babel
directly, so the change summary, a document made for another language and the tests use them
without a request. The rules the app makes (`planner.plans.recurrence`): daily, weekly or
monthly, every n days, weeks or months, on the start's weekday (weekly) or day of the month
(monthly), ending after a count or on a day, with excluded and moved occurrences."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date
from babel.support import NullTranslations, Translations

CATALOGS = Path(__file__).resolve().parents[2] / "translations"


def N_(text: str) -> str:  # noqa: N802 (Babel's marker name)
    return text


#: "on Monday" ... "on Sunday" as whole phrases: each language puts the day in its own case.
ON_WEEKDAY = (
    N_("on Monday"),
    N_("on Tuesday"),
    N_("on Wednesday"),
    N_("on Thursday"),
    N_("on Friday"),
    N_("on Saturday"),
    N_("on Sunday"),
)


@lru_cache(maxsize=16)
def catalog(language: str) -> NullTranslations:
    """The compiled catalog of ``language`` (English, the source language, has none)."""
    if not language or language.startswith("en"):
        return NullTranslations()
    return Translations.load(str(CATALOGS), [language], domain="messages")


def rhythm(
    frequency: str | None,
    language: str,
    *,
    interval: int | None = 1,
    first: date | datetime | str | None = None,
    count: int | None = None,
    until: date | str | None = None,
    excluded: int = 0,
    moved: int = 0,
) -> str:
    """The rule in words ("" for an event that does not repeat). ``first`` is the first
    occurrence's local start (its weekday or day of the month names the rule)."""
    if not frequency:
        return ""
    words = catalog(language)
    _, ngettext = words.gettext, words.ngettext
    first_day = _as_date(first)
    parts = [_every(frequency, interval or 1, first_day, words)]
    if count:
        parts.append(ngettext("%(num)d time", "%(num)d times", count) % {"num": count})
    if until:
        parts.append(_("until %(date)s") % {"date": format_date(_as_date(until), "long", locale=language)})
    if excluded:
        parts.append(ngettext("%(num)d excluded", "%(num)d excluded", excluded) % {"num": excluded})
    if moved:
        parts.append(ngettext("%(num)d moved", "%(num)d moved", moved) % {"num": moved})
    return ", ".join(part for part in parts if part)


def _every(frequency: str, interval: int, first: date | None, words: NullTranslations) -> str:
    _, ngettext = words.gettext, words.ngettext
    if frequency == "daily":
        if interval == 1:
            return _("every day")
        return ngettext("every %(num)d day", "every %(num)d days", interval) % {"num": interval}
    if frequency == "weekly":
        on_day = _(ON_WEEKDAY[first.weekday()]) if first else ""
        if interval == 1:
            text = _("every week %(on_day)s") if on_day else _("every week")
        else:
            text = ngettext("every %(num)d week %(on_day)s", "every %(num)d weeks %(on_day)s", interval)
        return (text % {"num": interval, "on_day": on_day}).strip()
    if frequency == "monthly":
        if interval == 1:
            text = _("every month on day %(day)d") if first else _("every month")
        else:
            text = ngettext("every %(num)d month on day %(day)d", "every %(num)d months on day %(day)d", interval)
        return text % {"num": interval, "day": first.day if first else 1}
    if frequency == "yearly":
        if interval == 1:
            return _("every year")
        return ngettext("every %(num)d year", "every %(num)d years", interval) % {"num": interval}
    return frequency


def _as_date(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
