"""Saving an event: local times to UTC, recurrence checked, UID, sequence, range.

The event form and the JSON API both describe an event as a person does (`event_values`'
arguments); `schedule.operations` checks the rules and turns the description into columns
with `event_values`, and `apply_event_values` copies them into the row."""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from planner.models_base import naive_utc
from planner.multilingual import one_value
from planner.plans.occurrences import local_bounds, series_range
from planner.plans.recurrence import Recurrence, validate_recurrence


def new_uid() -> str:
    return f"event-{secrets.token_hex(12)}@mou-planner"


def default_zone(plan) -> str:
    """An event's zone unless it names one: the lead institution's."""
    lead = plan.lead_institution
    return lead.timezone if lead else "UTC"


def event_values(
    *,
    title: str,
    description: str = "",
    kind: str = "other",
    status: str = "confirmed",
    site_id: int | None = None,
    online_url: str = "",
    all_day: bool = False,
    timezone: str = "UTC",
    starts_local: datetime | None = None,
    ends_local: datetime | None = None,
    start_date: date | None = None,
    last_date: date | None = None,
    frequency: str | None = None,
    interval: int | None = 1,
    until: date | None = None,
    count: int | None = None,
    excluded: list[date] = (),
    titles: dict | None = None,
    descriptions: dict | None = None,
) -> dict:
    """The column values of an event described as a person does: local wall-clock times in its
    zone, or an inclusive range of days; excluded dates of a series as days."""
    values = {
        "title": title.strip(),
        "description": (description or "").strip(),
        "kind": kind,
        "status": status,
        "site_id": site_id or None,
        "online_url": (online_url or "").strip(),
        "all_day": all_day,
        "timezone": timezone,
    }
    if titles is not None:  # the pages give every language; the API gives `title` alone
        values["titles"], values["descriptions"] = titles, descriptions or {}
    if all_day:
        values.update(start_date=start_date, end_date=last_date + timedelta(days=1), starts_at=None, ends_at=None)
    else:
        zone = ZoneInfo(timezone)
        values.update(
            starts_at=naive_utc(starts_local.replace(tzinfo=zone)),
            ends_at=naive_utc(ends_local.replace(tzinfo=zone)),
            start_date=None,
            end_date=None,
        )
    values.update(
        recurrence_frequency=frequency or None,
        recurrence_interval=interval or 1,
        recurrence_until=until,
        recurrence_count=count,
        excluded_dates=_excluded_values(excluded, None if all_day else starts_local),
    )
    return values


def form_described(form, default_zone: str) -> dict:
    """A submitted EventForm as a person describes the event (`event_values`' arguments)."""
    excluded = [date.fromisoformat(part.strip()) for part in (form.excluded.data or "").split(",") if part.strip()]
    titles, descriptions = form.title.form.to_dict(), form.description.form.to_dict()
    return {
        "title": one_value(titles),
        "description": one_value(descriptions),
        "titles": titles,
        "descriptions": descriptions,
        "kind": form.kind.data,
        "status": form.status.data,
        "site_id": form.site_id.data,
        "online_url": form.online_url.data,
        "all_day": bool(form.all_day.data),
        "timezone": form.timezone.data or default_zone,
        "starts_local": form.starts_local.data,
        "ends_local": form.ends_local.data,
        "start_date": form.start_date.data,
        "last_date": form.end_date.data,
        "frequency": form.frequency.data,
        "interval": form.interval.data,
        "until": form.until.data,
        "count": form.count.data,
        "excluded": excluded,
    }


def apply_event_values(candidate: dict, event) -> list[str]:
    """Copy `event_values` into the event; return recurrence error codes (nothing applied if any).
    A change to a saved event raises its SEQUENCE so calendars replace their copy."""
    errors = _recurrence_errors(candidate)
    if errors:
        return errors
    changed = any(getattr(event, name) != value for name, value in candidate.items())
    for name, value in candidate.items():
        setattr(event, name, value)
    if not event.uid:
        event.uid = new_uid()
    if changed and event.id is not None:
        event.sequence = (event.sequence or 0) + 1
    event.range_start, event.range_end = series_range(event)
    return []


def _excluded_values(days, start_time: datetime | None) -> list[str]:
    """Excluded all-day dates stay dates; for timed events they become the local start time."""
    if start_time is None:
        return [day.isoformat() for day in days]
    return [datetime.combine(day, start_time.time()).isoformat() for day in days]


class _Draft:
    """The candidate values with the attribute names `local_bounds` expects."""

    def __init__(self, values: dict):
        self.__dict__.update(values)


def _recurrence_errors(candidate: dict) -> list[str]:
    if not candidate["recurrence_frequency"]:
        return []
    from planner.plans.occurrences import event_recurrence

    draft = _Draft(candidate)
    start, _end = local_bounds(draft)
    recurrence: Recurrence = event_recurrence(draft)
    return validate_recurrence(recurrence, start)
