"""Saving an event from its form: local times to UTC, recurrence checked, UID, sequence, range."""
from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from planner.models_base import naive_utc
from planner.schedule.occurrences import local_bounds, series_range
from planner.schedule.recurrence import Recurrence, validate_recurrence


def new_uid() -> str:
    return f"event-{secrets.token_hex(12)}@mou-planner"


def apply_event_form(form, event, default_zone: str) -> list[str]:
    """Copy the form into the event; return recurrence error codes (nothing applied if any)."""
    zone_name = form.timezone.data or default_zone
    candidate = {
        "title": form.title.data.strip(), "description": (form.description.data or "").strip(),
        "kind": form.kind.data, "status": form.status.data, "site_id": form.site_id.data or None,
        "online_url": (form.online_url.data or "").strip(), "all_day": bool(form.all_day.data),
        "timezone": zone_name,
    }
    if form.all_day.data:
        candidate.update(start_date=form.start_date.data, end_date=form.end_date.data + timedelta(days=1),
                         starts_at=None, ends_at=None)
    else:
        tz = ZoneInfo(zone_name)
        candidate.update(starts_at=naive_utc(form.starts_local.data.replace(tzinfo=tz)),
                         ends_at=naive_utc(form.ends_local.data.replace(tzinfo=tz)), start_date=None, end_date=None)
    excluded = [part.strip() for part in (form.excluded.data or "").split(",") if part.strip()]
    candidate.update(recurrence_frequency=form.frequency.data or None, recurrence_interval=form.interval.data or 1,
                     recurrence_until=form.until.data, recurrence_count=form.count.data,
                     excluded_dates=_excluded_values(excluded, form))
    errors = _recurrence_errors(candidate, form)
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


def _excluded_values(dates: list[str], form) -> list[str]:
    """Excluded all-day dates stay dates; for timed events they become the local start time."""
    if form.all_day.data or not form.starts_local.data:
        return dates
    at = form.starts_local.data.time()
    return [datetime.combine(date.fromisoformat(d), at).isoformat() for d in dates]


class _Draft:
    """The candidate values with the attribute names `local_bounds` expects."""
    def __init__(self, values: dict):
        self.__dict__.update(values)


def _recurrence_errors(candidate: dict, form) -> list[str]:
    if not candidate["recurrence_frequency"]:
        return []
    from planner.schedule.occurrences import event_recurrence
    draft = _Draft(candidate)
    start, _end = local_bounds(draft)
    recurrence: Recurrence = event_recurrence(draft)
    return validate_recurrence(recurrence, start)
