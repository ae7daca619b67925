"""Changes to events, once, for the pages and the API, with the event's rules in one place:
the shape of its times (`time_problems`), the defaults of a new event (`EVENT_DEFAULTS`, the
lead institution's zone), the zones, the recurrence, and the venue clash check
(`venue_clash_warnings`: a warning both surfaces give, never a refusal).

Both surfaces describe an event as a person does (`described`: the keyword arguments of
`editing.event_values`: local wall-clock times in its zone, or an inclusive range of days) and
hand it to `save_event`, which checks every rule before anything is written. An event is part
of its plan's content (the parties approve its dates), so each change runs as a change of the
plan (`plans.operations.changing`): approvals withdrawn, plan audited, in the request's unit
of work."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from planner.audit.models import record
from planner.errors import Conflict, Invalid
from planner.extensions import db
from planner.maps.models import Site
from planner.plans.conflicts import venue_clashes
from planner.plans.events import Event
from planner.plans.occurrences import expand
from planner.plans.operations import changing
from planner.schedule.editing import apply_event_values, default_zone, event_values, new_uid
from planner.schedule.queries import visible_events
from planner.timezones import is_known_zone, wall_clock_problem

#: What a new event is unless it says otherwise (its zone: the lead institution's).
EVENT_DEFAULTS = {"kind": "other", "status": "confirmed", "all_day": False}
FIRST_YEAR, LAST_YEAR = 1900, 2199  # the years the databases and the calendars agree on
UNKNOWN_ZONE = _l("Unknown time zone: use a name such as Asia/Baku or Europe/Istanbul.")
RECURRENCE_ERRORS = {
    "frequency_unknown": _l("Choose daily, weekly or monthly."),
    "interval_not_positive": _l("The interval must be at least 1."),
    "until_and_count": _l("Give an end date or a number of occurrences, not both."),
    "no_end": _l("A repeating event needs an end date or a number of occurrences."),
    "until_before_start": _l("The repetition ends before the event starts."),
    "count_too_large": _l("Too many occurrences: at most 500."),
    "too_many_occurrences": _l("Too many occurrences: at most 500."),
    "excluded_not_an_occurrence": _l("An excluded date is not one of the occurrences."),
}


# --- the rules -------------------------------------------------------------------------------------


def time_problems(described: dict) -> dict[str, str]:
    """The one rule of an event's times, by field (the API's names: `last_date` is the page's
    "last day"): an all-day event has a first and a last day, in order; a timed one a known
    zone, a start and a later end between 1900 and 2199, neither at a time the zone's clocks
    skip. Empty when the times fit together."""
    if described.get("all_day"):
        first, last = described.get("start_date"), described.get("last_date")
        if not first or not last:
            return {"start_date": _("Give the first and the last day.")}
        return {"last_date": _("The last day is before the first day.")} if last < first else {}
    zone = described.get("timezone") or ""
    if not is_known_zone(zone):
        return {"timezone": str(UNKNOWN_ZONE)}
    start, end = described.get("starts_local"), described.get("ends_local")
    if not start or not end:
        return {"starts_local": _("Give the start and the end.")}
    if not isinstance(start, datetime) or not isinstance(end, datetime) or end <= start:
        return {"ends_local": _("The end must be after the start.")}
    if not (start.year >= FIRST_YEAR and end.year <= LAST_YEAR):
        return {"starts_local": _("Give a date between 1900 and 2199.")}
    gaps = {name: wall_clock_problem(local, zone) for name, local in (("starts_local", start), ("ends_local", end))}
    return {name: problem for name, problem in gaps.items() if problem}


def with_defaults(plan, described: dict) -> dict:
    """A new event's description with what it leaves out: EVENT_DEFAULTS and the lead
    institution's zone."""
    return {**EVENT_DEFAULTS, "timezone": default_zone(plan), **described}


def _column_values(described: dict) -> dict:
    """The columns of a described event, after its rules: Invalid names the first broken one."""
    problems = time_problems(described)
    if problems:
        field, message = next(iter(problems.items()))
        raise Invalid(field, message)
    values = event_values(**described)
    if values.get("site_id") and db.session.get(Site, values["site_id"]) is None:
        raise Invalid("site_id", _("No such site."))
    return values


def _apply(event: Event, values: dict) -> None:
    problems = apply_event_values(values, event)
    if problems:
        raise Invalid("recurrence", " ".join(str(RECURRENCE_ERRORS.get(code, code)) for code in problems))


def _require_event_version(event: Event, version_id: int | None) -> None:
    if version_id is not None and version_id != event.version_id:
        raise Conflict(
            "stale",
            _(
                "Someone else saved this event while you were editing. Nothing was overwritten: review it and save again."
            ),
        )


# --- the changes -----------------------------------------------------------------------------------


def save_event(plan, user, event: Event | None, described: dict, *, version_id: int | None = None) -> Event:
    """Create (`event` None: EVENT_DEFAULTS fill what `described` leaves out) or change an
    event of the plan; a change raises the event's SEQUENCE so calendars replace their copy."""
    values = _column_values(with_defaults(plan, described) if event is None else described)
    if event is not None:
        _require_event_version(event, version_id)
    row = event or Event(plan_id=plan.id)
    with changing(plan, user):
        if event is not None:  # checked under the plan's lock, on the event as stored now
            _require_event_version(event, version_id)
        _apply(row, values)
        row.plan = plan
        db.session.add(row)
        db.session.flush()
        after = {"uid": row.uid, "sequence": row.sequence, "title": row.title}
        record(user.id, "update" if event else "create", "event", row.id, after=after)
    return row


def cancel_event(event: Event, user, *, version_id: int | None = None) -> Event:
    """Cancel: the event stays in feeds as cancelled for 30 days, so calendars remove it."""
    _require_event_version(event, version_id)
    with changing(event.plan, user):
        if event.status != "cancelled":
            event.status = "cancelled"
            event.sequence = (event.sequence or 0) + 1
        record(user.id, "cancel", "event", event.id, after={"status": "cancelled"})
    return event


def move_occurrence(series: Event, user, occurrence: str, described: dict) -> Event:
    """Move one occurrence of a series: a new row that replaces it (RECURRENCE-ID in feeds)."""
    values = _column_values(described)
    moved = Event(override_of=series, recurrence_id=occurrence, uid=new_uid())
    with changing(series.plan, user):
        _apply(moved, values)
        moved.plan = series.plan
        db.session.add(moved)
        db.session.flush()
        record(user.id, "create", "event", moved.id, after={"moves": series.uid, "occurrence": occurrence})
    return moved


# --- the venue ---------------------------------------------------------------------------------------


def venue_clash_warnings(event: Event, user) -> list[str]:
    """A warning (never a refusal) when the event's venue is booked at the same time by another
    event `user` can see; the page flashes it, the API answers it in `warnings`."""
    if not event.site_id:
        return []
    start, end = event.range_start.replace(tzinfo=UTC), event.range_end.replace(tzinfo=UTC)
    others = [
        occurrence
        for other in visible_events(user, start, end)
        if other.site_id == event.site_id and other.id != event.id and other.status != "cancelled"
        for occurrence in expand(other, start, end)
    ]
    clashes = venue_clashes(expand(event, start, end), others)
    if not clashes:
        return []
    return [_("Warning: the venue is also booked for “%(other)s” at the same time.", other=clashes[0][1].event.title)]
