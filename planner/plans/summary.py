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
from planner.plans.rhythm import rhythm

#: words(group, key) -> the reader's word: groups "part" (the names of PART_KEYS and of the
#: plain fields), "activity", "terms", "status", "category", "frequency", "text" (the
#: sentence frames "inventory", "article", "moved", "replaces", "excluded", "part_of", "departure",
#: "return").
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
    "events": lambda row: row["uid"],
    "venues": lambda row: row["site_id"],
    "costs": lambda row: (row["payer_institution_id"], row["category"], pick_text(row["descriptions"], "en").text),
    "loans": lambda row: (row["lender_institution_id"], row["inventory_number"]),
    "participants": lambda row: row["name"],
    "route": lambda row: row["site_id"],
}
PLAIN_FIELDS = (
    "kind",
    "title",
    "description",
    "terms",
    "project_agreement",
    "lead",
    "partners",
    "articles",
    "online_url",
)

# Snapshots kept from before the content had named columns (approvals and notifications
# stored then) held each row as a list: the names of its places, to read them the same way.
_LEGACY_COLUMNS = {
    "events": ("uid", "title", "start", "end", "timezone", "status", "recurrence_frequency", "recurrence_count",
               "recurrence_until"),
    "venues": ("site_id", "opens_on", "closes_on"),
    "route": ("site_id", "arrival", "departure"),
    "costs": ("payer_institution_id", "category", "description", "amount", "currency"),
    "loans": ("lender_institution_id", "inventory_number", "title", "loan_from", "loan_to", "insurance_value",
              "insurance_currency", "translations"),
    "participants": ("name", "home_institution_id", "host_institution_id", "from_date", "to_date"),
}  # fmt: skip


def summarize(before: dict, after: dict, names: Names, locale: str, words: Words) -> list[Row]:
    """Every difference between two plan contents, plain fields first, then each part."""
    rows = [
        row
        for field in PLAIN_FIELDS
        for row in _plain(field, before.get(field), after.get(field), names, locale, words)
    ]
    for part in PART_KEYS:
        old = [record(part, row) for row in before.get(part) or []]
        new = [record(part, row) for row in after.get(part) or []]
        rows.extend(_part_rows(part, old, new, names, locale, words))
    return rows


def record(part: str, row) -> dict:
    """A part's row as {column: value}, also from a snapshot that stored it as a list (or a
    cost with its one description, before it had one per language)."""
    if isinstance(row, dict):
        return _described(row) if part == "costs" else row
    values = dict(zip(_LEGACY_COLUMNS[part], list(row) + [None] * len(_LEGACY_COLUMNS[part]), strict=False))
    if part == "events":
        timed = values["start"] and "T" in str(values["start"])
        values.update({"titles": {"en": values["title"]} if values["title"] else {}})
        values.update({"starts_at": values["start"], "ends_at": values["end"]} if timed else
                      {"start_date": values["start"], "end_date": values["end"]})  # fmt: skip
    if part == "loans":
        values["titles"] = dict(values["translations"] or []) or ({"en": values["title"]} if values["title"] else {})
    if part == "costs":
        values = _described(values)
    return values


def _described(row: dict) -> dict:
    """A cost row with its descriptions per language (its one description as the English)."""
    if "descriptions" in row:
        return row
    description = row.get("description")
    return {**row, "descriptions": {"en": description} if description else {}}


def _plain(field: str, old, new, names: Names, locale: str, words: Words) -> list[Row]:
    if old == new:
        return []
    old_text, new_text = _plain_text(field, old, names, locale, words), _plain_text(field, new, names, locale, words)
    if old_text == new_text:
        return []
    change = "added" if not old_text else "removed" if not new_text else "changed"
    return [Row(change, words("part", field), old_text, new_text)]


def _plain_text(field: str, value, names: Names, locale: str, words: Words) -> str:
    if value in (None, "", [], {}):
        return ""
    if field == "kind":
        return words("activity", value)
    if field == "terms":
        return words("terms", value)
    if field == "lead":
        return names.institution(value)
    if field == "partners":
        return ", ".join(filter(None, (names.institution(i) for i in value)))
    if field == "articles":
        return ", ".join(words("text", "article").format(number=number) for number in value)
    if field == "project_agreement":
        reference, day = (list(value) + [None, None])[:2]
        return _joined(reference, _long_date(day, locale))
    if isinstance(value, dict):
        return _in_languages(value, locale)
    return str(value)


def _in_languages(values: dict | str | None, locale: str) -> str:
    """A text typed per language: the reader's (or the fallback), then every other language's
    that says something else, so a change in one translation shows too."""
    if not isinstance(values, dict):
        return values or ""
    shown = pick_text(values, locale).text
    others = "; ".join(f"{language}: {text}" for language, text in sorted(values.items()) if text and text != shown)
    return f"{shown} ({others})" if shown and others else shown or others


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
            before_text, after_text = (
                _describe(part, row, names, locale, words),
                _describe(part, after, names, locale, words),
            )
            if before_text != after_text:
                rows.append(Row("changed", _label(part, after, names, words, locale), before_text, after_text))
    for identity, row in new_by_key.items():
        if identity not in old_by_key:
            rows.append(
                Row("added", _label(part, row, names, words, locale), after=_describe(part, row, names, locale, words))
            )
    return rows


def _label(part: str, row: dict, names: Names, words: Words, locale: str) -> str:
    """The part's name, then what this row is: an event by its title, a venue by its site."""
    if part == "events":
        title = pick_text(row.get("titles") or {}, locale).text or words("part", part)
        return words("text", "moved").format(title=title) if row.get("override_of_id") else title
    what = {
        "venues": lambda: names.site(row["site_id"]),
        "route": lambda: names.site(row["site_id"]),
        "costs": lambda: names.institution(row["payer_institution_id"]),
        "loans": lambda: _joined(
            pick_text(row.get("titles") or {}, locale).text,
            words("text", "inventory").format(number=row["inventory_number"]) if row["inventory_number"] else "",
        ),
        "participants": lambda: row["name"],
    }[part]()
    return f"{words('part', part)}: {what}" if what else words("part", part)


def _describe(part: str, row: dict, names: Names, locale: str, words: Words) -> str:
    describe = {
        "events": _event,
        "venues": lambda r, *_: _span(r.get("opens_on"), r.get("closes_on"), locale),
        "route": lambda r, *_: _span(r.get("arrival"), r.get("departure"), locale),
        "costs": _cost,
        "loans": _loan,
        "participants": _participant,
    }[part]
    return describe(row, names, locale, words)


def _event(row: dict, names: Names, locale: str, words: Words) -> str:
    tz = _zone(row.get("timezone"))
    start = row.get("starts_at") or row.get("start_date")
    when = _moment(start, tz, locale)
    finish = _moment(row.get("ends_at") or row.get("end_date"), tz, locale)
    if finish and finish != when:
        when = f"{when} – {finish}"
    local_start = None
    if start and "T" in str(start):
        local_start = _aware(str(start), tz)
        when = f"{when} ({get_timezone_name(local_start, 'long', locale=locale)})"
    repeats = rhythm(
        row.get("recurrence_frequency"),
        locale,
        interval=row.get("recurrence_interval") or 1,
        first=local_start or start,
        count=row.get("recurrence_count"),
        until=row.get("recurrence_until"),
        excluded=len(row.get("excluded_dates") or ()),
    )
    status = row.get("status")
    shown_status = words("status", status) if status and status != "confirmed" else ""
    replaces = (
        words("text", "replaces").format(day=_moment(row["recurrence_id"], tz, locale))
        if row.get("recurrence_id")
        else ""
    )
    excluded = ", ".join(_long_date(value, locale) for value in row.get("excluded_dates") or ())
    return _joined(
        when,
        names.site(row.get("site_id")),
        row.get("online_url"),
        repeats,
        excluded and words("text", "excluded").format(days=excluded),
        replaces,
        shown_status,
        _in_languages(row.get("descriptions"), locale),
        "" if "titles" not in row else _other_titles(row, locale),
    )


def _other_titles(row: dict, locale: str) -> str:
    """The title in the other languages (the label shows the reader's)."""
    titles = row.get("titles") or {}
    shown = pick_text(titles, locale).text
    return "; ".join(f"{language}: {text}" for language, text in sorted(titles.items()) if text and text != shown)


def _cost(row: dict, names: Names, locale: str, words: Words) -> str:
    amount, currency, category = row.get("amount"), row.get("currency"), row.get("category")
    try:
        money = format_currency(Decimal(amount), currency, locale=locale) if currency else amount
    except (InvalidOperation, TypeError, ValueError):
        money = f"{amount} {currency or ''}".strip()
    part_of = names.institution(row.get("incurred_by_institution_id"))
    return _joined(
        money,
        words("category", category) if category else "",
        _in_languages(row.get("descriptions"), locale),
        words("text", "part_of").format(institution=part_of) if part_of else "",
    )


def _loan(row: dict, names: Names, locale: str, words: Words) -> str:
    insurance, currency = row.get("insurance_value"), row.get("insurance_currency")
    shown = pick_text(row.get("titles") or {}, locale).text
    others = "; ".join(f"{lang}: {text}" for lang, text in sorted((row.get("titles") or {}).items()) if text != shown)
    insured = ""
    if insurance is not None and currency:
        try:
            insured = format_currency(Decimal(insurance), currency, locale=locale)
        except (InvalidOperation, ValueError):
            insured = f"{insurance} {currency}"
    conditions = [
        words("text", key).format(text=_in_languages(row.get(column), locale))
        for key, column in (("departure", "conditions_departure"), ("return", "conditions_return"))
        if row.get(column)
    ]
    return _joined(
        names.institution(row.get("lender_institution_id")),
        _span(row.get("loan_from"), row.get("loan_to"), locale),
        insured,
        others,
        *conditions,
    )


def _participant(row: dict, names: Names, locale: str, words: Words) -> str:
    route = " → ".join(
        filter(
            None, (names.institution(row.get("home_institution_id")), names.institution(row.get("host_institution_id")))
        )
    )
    return _joined(
        _in_languages(row.get("roles"), locale), route, _span(row.get("from_date"), row.get("to_date"), locale)
    )


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
