"""What changed in a plan, as rows a person can read: a pure function of two plan contents
(`planner.plans.approval.plan_content`), the names of the institutions and sites they refer
to, the reader's locale and the words of the reader's language. No request, no database.

Each row names its part ("Opening", "Venue: Aziret Sultan"), says whether it was added,
removed or changed, and formats its values in the reader's language: times in the event's own
zone with the zone's localized name, objects by title and inventory number, costs with payer,
amount and currency. Internal ids and iCal UIDs never appear, and an empty value is left out
rather than shown as "—"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date, format_time, get_timezone_name
from babel.numbers import format_currency

from planner.i18n import pick_text

#: words(group, key) -> the reader's word: groups "part" (the names of PART_KEYS and of the
#: plain fields), "activity", "terms", "status", "category", "frequency", "text" (the
#: sentence frames "until", "times", "inventory").
Words = Callable[[str, str], str]


@dataclass(frozen=True)
class Names:
    """What ids stand for, in the reader's language."""

    institutions: dict[int, str]
    sites: dict[int, str]

    def institution(self, key) -> str:
        return self.institutions.get(key, "") if key is not None else ""

    def site(self, key) -> str:
        return self.sites.get(key, "") if key is not None else ""


@dataclass(frozen=True)
class Row:
    """One line of a change summary: `change` is "added", "removed" or "changed"."""

    change: str
    label: str
    before: str = ""
    after: str = ""


# Each list part: how to recognise the same row before and after (so an edit reads as
# "changed", not as one removed and one added), and how to name and describe it.
PART_KEYS = {
    "events": lambda row: row[0],
    "venues": lambda row: row[0],
    "costs": lambda row: (row[0], row[1], row[2]),
    "loans": lambda row: (row[0], row[1]),
    "participants": lambda row: row[0],
    "route": lambda row: row[0],
}
PLAIN_FIELDS = ("kind", "title", "terms", "project_agreement", "lead", "partners")


def summarize(before: dict, after: dict, names: Names, locale: str, words: Words) -> list[Row]:
    """Every difference between two plan contents, plain fields first, then each part."""
    rows = [
        row
        for field in PLAIN_FIELDS
        for row in _plain(field, before.get(field), after.get(field), names, locale, words)
    ]
    for part in PART_KEYS:
        rows.extend(_part_rows(part, before.get(part) or [], after.get(part) or [], names, locale, words))
    return rows


def _plain(field: str, old, new, names: Names, locale: str, words: Words) -> list[Row]:
    if old == new:
        return []
    old_text, new_text = _plain_text(field, old, names, locale, words), _plain_text(field, new, names, locale, words)
    if old_text == new_text:
        return []
    change = "added" if not old_text else "removed" if not new_text else "changed"
    return [Row(change, words("part", field), old_text, new_text)]


def _plain_text(field: str, value, names: Names, locale: str, words: Words) -> str:
    if value in (None, "", []):
        return ""
    if field == "kind":
        return words("activity", value)
    if field == "terms":
        return words("terms", value)
    if field == "lead":
        return names.institution(value)
    if field == "partners":
        return ", ".join(filter(None, (names.institution(i) for i in value)))
    if field == "project_agreement":
        reference, day = (list(value) + [None, None])[:2]
        return _joined(reference, _long_date(day, locale))
    return str(value)


def _part_rows(part: str, old: list, new: list, names: Names, locale: str, words: Words) -> list[Row]:
    key = PART_KEYS[part]
    old_by_key = {key(row): row for row in old}
    new_by_key = {key(row): row for row in new}
    rows = []
    for identity, row in old_by_key.items():
        if identity not in new_by_key:
            rows.append(
                Row(
                    "removed",
                    _label(part, row, names, words, locale),
                    before=_describe(part, row, names, locale, words),
                )
            )
        elif new_by_key[identity] != row:
            after = new_by_key[identity]
            rows.append(
                Row(
                    "changed",
                    _label(part, after, names, words, locale),
                    _describe(part, row, names, locale, words),
                    _describe(part, after, names, locale, words),
                )
            )
    for identity, row in new_by_key.items():
        if identity not in old_by_key:
            rows.append(
                Row("added", _label(part, row, names, words, locale), after=_describe(part, row, names, locale, words))
            )
    return rows


def _label(part: str, row: list, names: Names, words: Words, locale: str) -> str:
    """The part's name, then what this row is: an event by its title, a venue by its site."""
    if part == "events":
        return row[1] or words("part", part)
    what = {
        "venues": lambda: names.site(row[0]),
        "route": lambda: names.site(row[0]),
        "costs": lambda: names.institution(row[0]),
        "loans": lambda: _joined(
            _loan_title(row, locale), words("text", "inventory").format(number=row[1]) if row[1] else ""
        ),
        "participants": lambda: row[0],
    }[part]()
    return f"{words('part', part)}: {what}" if what else words("part", part)


def _describe(part: str, row: list, names: Names, locale: str, words: Words) -> str:
    describe = {
        "events": _event,
        "venues": lambda r, *_: _span(r[1], r[2], locale),
        "route": lambda r, *_: _span(r[1], r[2], locale),
        "costs": _cost,
        "loans": _loan,
        "participants": _participant,
    }[part]
    return describe(row, names, locale, words)


def _event(row: list, names: Names, locale: str, words: Words) -> str:
    _uid, _title, start, end, zone, status, frequency, count, until = (list(row) + [None] * 9)[:9]
    tz = _zone(zone)
    when = _moment(start, tz, locale)
    finish = _moment(end, tz, locale)
    if finish and finish != when:
        when = f"{when} – {finish}"
    if start and "T" in str(start):
        when = f"{when} ({get_timezone_name(_aware(start, tz), 'long', locale=locale)})"
    repeats = ""
    if frequency:
        repeats = words("frequency", frequency)
        if count:
            repeats = f"{repeats}, {words('text', 'times').format(count=count)}"
        if until:
            repeats = f"{repeats}, {words('text', 'until').format(day=_long_date(until, locale))}"
    shown_status = words("status", status) if status and status != "confirmed" else ""
    return _joined(when, repeats, shown_status)


def _cost(row: list, names: Names, locale: str, words: Words) -> str:
    payer, category, description, amount, currency = (list(row) + [None] * 5)[:5]
    try:
        money = format_currency(Decimal(amount), currency, locale=locale) if currency else amount
    except (InvalidOperation, TypeError, ValueError):
        money = f"{amount} {currency or ''}".strip()
    return _joined(money, words("category", category) if category else "", description)


def _translations(row: list) -> dict:
    """A loan row's title per language (`approval._with_translations`), {} when it has one only."""
    return dict(row[7]) if len(row) > 7 and isinstance(row[7], list) else {}


def _loan_title(row: list, locale: str) -> str:
    """The object's title in the reader's language (or the configured fallback), else its one title."""
    return pick_text(_translations(row), locale).text or row[2]


def _loan(row: list, names: Names, locale: str, words: Words) -> str:
    lender, _number, _title, loan_from, loan_to, insurance, currency = (list(row) + [None] * 7)[:7]
    shown = _loan_title(row, locale)
    others = "; ".join(f"{lang}: {text}" for lang, text in _translations(row).items() if text != shown)
    insured = ""
    if insurance is not None and currency:
        try:
            insured = format_currency(Decimal(insurance), currency, locale=locale)
        except (InvalidOperation, ValueError):
            insured = f"{insurance} {currency}"
    return _joined(names.institution(lender), _span(loan_from, loan_to, locale), insured, others)


def _participant(row: list, names: Names, locale: str, words: Words) -> str:
    _name, home, host, start, end = (list(row) + [None] * 5)[:5]
    route = " → ".join(filter(None, (names.institution(home), names.institution(host))))
    return _joined(route, _span(start, end, locale))


def _joined(*parts) -> str:
    """Parts separated by commas, the empty ones left out (never an empty "—")."""
    return ", ".join(str(p) for p in parts if p not in (None, ""))


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _aware(value: str, tz: ZoneInfo) -> datetime:
    """A stored start (naive UTC) as the wall-clock time of the event's zone."""
    return datetime.fromisoformat(value).replace(tzinfo=ZoneInfo("UTC")).astimezone(tz)


def _moment(value, tz: ZoneInfo, locale: str) -> str:
    if not value:
        return ""
    if "T" not in str(value):
        return _long_date(value, locale)
    local = _aware(str(value), tz)
    return f"{format_date(local.date(), 'long', locale=locale)}, {format_time(local.time(), 'HH:mm', locale=locale)}"


def _long_date(value, locale: str) -> str:
    if not value:
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return format_date(day, "long", locale=locale)


def _span(first, last, locale: str) -> str:
    start, end = _long_date(first, locale), _long_date(last, locale)
    if start and end and start != end:
        return f"{start} – {end}"
    return start or end
