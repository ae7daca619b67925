"""Texts a user types that exist in every language: a row keeps one value per language in a
JSON column (``titles``: {"en": ..., "ru": ...}) next to the single-value column it grew from
(``title``), which keeps the English value, else any, for clients and scripts that know one
value only. The rules for keeping both in step live here, for every model that has such pairs
(events, loan objects, participants, sites)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import event

#: Each single-value column and the column of its values per language.
MULTILINGUAL = {
    "title": "titles",
    "description": "descriptions",
    "role": "roles",
    "condition_departure": "conditions_departure",
    "condition_return": "conditions_return",
    "precision_note": "precision_notes",
}


def one_value(values: dict | None) -> str:
    """What the single-value column keeps: the value an English reader is shown (English, else
    the configured fallback, else the first language by code), the same whatever order the
    values came in."""
    from planner.i18n import pick_text

    return pick_text(values, "en").text


def texts(row, single: str) -> dict:
    """The values per language of ``row``'s ``single`` text; a row stored before it had them
    (or written with the single value alone, bypassing the ORM) shows its one value."""
    values = getattr(row, MULTILINGUAL[single], None)
    if values:
        return values
    value = getattr(row, single, None)
    return {"en": value} if value else {}


def all_values(rows: Iterable, singles: Iterable[str]) -> list[str]:
    """Every language's value of each of ``singles`` of each row (for the search index)."""
    singles = tuple(singles)
    return [text for row in rows for single in singles for text in texts(row, single).values() if text]


def other_languages(row, single: str) -> dict:
    """The values per language when they say more than the single value does, else {} (the
    approval fingerprint appends them: a translation added or changed is a change of content,
    while rows that have only their one value keep the fingerprint they always had)."""
    values = texts(row, single)
    single_value = getattr(row, single, None) or ""
    if all(text == single_value for text in values.values()):
        return {}
    return dict(sorted(values.items()))


def _english_follows(multi: str):
    """When the single value is assigned (the API's old field, scripts), the English value
    follows, so pages never show an outdated text; when there is no English value and the one
    assigned is already the row's value in another language (the single column given the only,
    Russian, value), it stays in its language."""

    def follow(target, value, oldvalue, initiator):
        values = getattr(target, multi) or {}
        mirrors_another = "en" not in values and value in values.values()
        if value and value != oldvalue and values.get("en") != value and not mirrors_another:
            setattr(target, multi, {**values, "en": value})
        return value

    return follow


def keep_in_step(model, *singles: str) -> None:
    """Register, for ``model``, the English-follows rule of each single-value column."""
    for single in singles:
        event.listen(getattr(model, single), "set", _english_follows(MULTILINGUAL[single]), retval=True)


def settle(values: dict, singles: Iterable[str], item=None) -> dict:
    """Values as pages and API send them, made whole for the model: when the values per
    language are given they decide and the single value is derived from them; when only the
    single value is given (an older client), it becomes the English value (an empty one clears
    every language: the client knows of one value and asked for none)."""
    values = dict(values)
    for single in singles:
        multi = MULTILINGUAL[single]
        if multi in values:
            given = {k: v.strip() for k, v in (values.pop(multi) or {}).items() if v and v.strip()}
            values.pop(single, None)
            values[single], values[multi] = one_value(given), given
        elif single in values:
            value = values.pop(single) or ""
            kept = (getattr(item, multi, None) or {}) if item is not None else {}
            values[single], values[multi] = value, ({**kept, "en": value} if value else {})
    return values
