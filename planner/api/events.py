"""/api/v1/events: the dated items of plans. Timed events are given in local wall-clock time
in their zone; answers add the UTC instants and the UID and SEQUENCE the iCal feeds carry."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from flask import Response, url_for
from flask_login import current_user

from planner.api.common import api_blueprint, documents, expected_version, page_of, require_current, with_etag
from planner.api.schemas import EventFilterSchema, EventSchema, page_schema
from planner.multilingual import MULTILINGUAL, settle
from planner.plans.access import load_plan
from planner.plans.events import Event
from planner.plans.occurrences import FAR_FUTURE, FAR_PAST, local_bounds
from planner.schedule import operations
from planner.schedule.access import load_event
from planner.schedule.queries import visible_events_query

blp = api_blueprint("Events", "Events of plans: timed or all-day, maybe recurring.")

PERSON_FIELDS = (
    "title",
    "titles",
    "description",
    "descriptions",
    "kind",
    "status",
    "site_id",
    "online_url",
    "all_day",
    "timezone",
)


def described(event: Event) -> dict:
    """An event as a person describes it (the shape EventSchema loads and dumps)."""
    start, end = local_bounds(event)
    found = {name: getattr(event, name) for name in PERSON_FIELDS}
    found.update(
        id=event.id,
        version=event.version_id,
        plan_id=event.plan_id,
        uid=event.uid,
        sequence=event.sequence,
        moves_occurrence_of=event.override_of_id,
        recurrence_id=event.recurrence_id,
        starts_local=None,
        ends_local=None,
        start_date=None,
        last_date=None,
        starts_at=None,
        ends_at=None,
        recurrence=None,
    )
    if event.all_day:
        found.update(start_date=start, last_date=end - timedelta(days=1))
    else:
        found.update(
            starts_local=start.replace(tzinfo=None),
            ends_local=end.replace(tzinfo=None),
            starts_at=start.astimezone(UTC),
            ends_at=end.astimezone(UTC),
        )
    if event.recurrence_frequency:
        found["recurrence"] = {
            "frequency": event.recurrence_frequency,
            "interval": event.recurrence_interval,
            "until": event.recurrence_until,
            "count": event.recurrence_count,
            "excluded_dates": [date.fromisoformat(value[:10]) for value in event.excluded_dates or []],
        }
    return found


def readable_event(event_id: int) -> Event:
    return load_event(event_id, current_user)


def _answer(event: Event, status: int = 200, location: str | None = None, warnings: list[str] | None = None):
    """The described event with the headers `with_etag` sets for the row (or its 304); after
    a change, the warnings of the rules that warn without refusing (a venue booked twice)."""
    answer = with_etag(event, status, location)
    if isinstance(answer, Response):
        return answer
    _row, code, headers = answer
    return {**described(event), "warnings": warnings or []}, code, headers


@blp.route("/events", methods=["GET"])
@blp.arguments(EventFilterSchema, location="query")
@blp.response(200, page_schema(EventSchema))
@documents(blp, 401, 422)
def list_events(arguments):
    """The events you may see, by start; `from`/`to`: events with an occurrence in those days."""
    first, last = arguments.get("from_day"), arguments.get("to_day")
    window = (
        datetime.combine(first, time(), UTC) if first else FAR_PAST,
        datetime.combine(last + timedelta(days=1), time(), UTC) if last else FAR_FUTURE,
    )
    query = visible_events_query(
        current_user,
        *window,
        plan_id=arguments.get("plan"),
        agreement_id=arguments.get("agreement"),
        institution_id=arguments.get("institution"),
    )
    for name, column in (("kind", Event.kind), ("status", Event.status)):
        if name in arguments:
            query = query.where(column == arguments[name])
    found = page_of(query, arguments)
    found["items"] = [described(event) for event in found["items"]]
    return found


@blp.route("/events", methods=["POST"])
@blp.arguments(EventSchema)
@blp.response(201, EventSchema)
@documents(blp, 400, 401, 403, 404, 412, 422)
def create_event(values):
    """Add an event to a plan (curators of a party, administrators). Without a time zone it
    takes the lead institution's."""
    plan = load_plan(values.pop("plan_id"), current_user, edit=True)
    event = operations.save_event(plan, current_user, None, _described(settle(values, TEXTS)))
    location = url_for("Events.show_event", event_id=event.id)
    return _answer(event, 201, location, warnings=operations.venue_clash_warnings(event, current_user))


def _described(values: dict) -> dict:
    """The sent event in `editing.event_values`' words (its recurrence unnested); what it
    leaves out, `operations.save_event` fills with the defaults of a new event."""
    recurrence = values.get("recurrence") or {}
    described = {name: values[name] for name in DESCRIBED_FIELDS if name in values}
    described.update(
        frequency=recurrence.get("frequency"),
        interval=recurrence.get("interval"),
        until=recurrence.get("until"),
        count=recurrence.get("count"),
        excluded=recurrence.get("excluded_dates") or [],
    )
    return described


DESCRIBED_FIELDS = (*PERSON_FIELDS, "starts_local", "ends_local", "start_date", "last_date")


@blp.route("/events/<int:event_id>", methods=["GET"])
@blp.response(200, EventSchema)
@documents(blp, 401, 404)
def show_event(event_id: int):
    return _answer(readable_event(event_id))


@blp.route("/events/<int:event_id>", methods=["PATCH"])
@blp.arguments(EventSchema(partial=True, exclude=("plan_id",)))
@blp.response(200, EventSchema)
@documents(blp, 400, 401, 403, 404, 412, 422)
def change_event(values, event_id: int):
    """Change an event; its SEQUENCE grows so subscribed calendars replace their copy. Send
    If-Match to be sure you change the version you read."""
    event = load_event(event_id, current_user, edit=True)
    require_current(event)
    operations.save_event(
        event.plan, current_user, event, _described(_changed(event, values)), version_id=expected_version(event)
    )
    return _answer(event, warnings=operations.venue_clash_warnings(event, current_user))


def _changed(event, values: dict) -> dict:
    """The event as described, with the sent values over it. A text sent as its single value
    (`title`, an older client) changes the English one and keeps the other languages."""
    current = described(event)
    for single in TEXTS:
        if single in values and MULTILINGUAL[single] not in values:
            current.pop(MULTILINGUAL[single])
    return settle({**current, **values}, TEXTS, event)


TEXTS = ("title", "description")  # an event's texts in every language


@blp.route("/events/<int:event_id>", methods=["DELETE"])
@blp.response(204)
@documents(blp, 401, 403, 404, 412)
def cancel_event(event_id: int):
    """Cancel an event: it stays in feeds as cancelled for 30 days, so calendars remove it."""
    event = load_event(event_id, current_user, edit=True)
    require_current(event)
    operations.cancel_event(event, current_user)
