"""What a feed holds: its events as rows (the columns serializing an event reads, one statement
for a chunk of events), the agreements' lifecycle dates (notice deadline with its reminder, the
period's end), and the calendar's name. Plain `FeedEvent`s for `planner.schedule.ical`."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from planner.agreements.access import readable_agreements
from planner.agreements.lifecycle import Term
from planner.agreements.models import Agreement, Institution, Party, lifecycle_on_cached
from planner.extensions import db
from planner.i18n import pick_text
from planner.maps.models import Site
from planner.plans.events import Event, event_descriptions
from planner.plans.models import Plan
from planner.plans.occurrences import event_recurrence, local_bounds
from planner.schedule import texts
from planner.schedule.feed_scopes import FeedScope, window_start
from planner.schedule.ical import FeedEvent
from planner.schedule.queries import overlapping, scoped
from planner.timezones import zone

CANCELLED_KEPT_DAYS = 30
NOTICE_REMINDER = timedelta(days=14)
FAR = datetime(2200, 1, 1, tzinfo=UTC)
Series = aliased(Event)  # the series a moved occurrence belongs to


def feed_event(source, language: str) -> FeedEvent:
    """An event (a row of `SOURCE_COLUMNS`, or `source_of` an ORM event) as the plain data the
    iCal builder takes; a moved occurrence carries its series' UID and the RECURRENCE-ID of
    the occurrence it replaces."""
    start, end = local_bounds(source)
    moved = source.series_uid is not None
    location = pick_text(source.site_name, language).text if source.site_name else ""
    return FeedEvent(
        uid=source.series_uid if moved else source.uid,
        sequence=source.sequence,
        title=event_summary(source, language),
        start=start,
        end=end,
        recurrence_id=_original_start(source, source.recurrence_id) if moved else None,
        timezone=None if source.all_day else source.timezone,
        description=event_details(source, language),
        location=location or source.online_url,
        url=source.online_url,
        categories=(source.plan_kind,),
        status=source.status,
        transparent=source.all_day and (end - start).days > 1,
        recurrence=event_recurrence(source),
        created=source.created_at.replace(tzinfo=UTC),
        last_modified=source.updated_at.replace(tzinfo=UTC),
    )


def event_summary(source, language: str) -> str:
    """The event's title in the language: every reader of an event's title in a feed goes
    through here (titles become one text per language with a one-line change)."""
    return texts.event_summary(source, language)


def event_details(source, language: str) -> str:
    """The event's description, else its plan's, in the language."""
    return pick_text(event_descriptions(source), language).text or pick_text(source.plan_description, language).text


def _original_start(source, key: str) -> date | datetime:
    """The replaced occurrence's start, of the same type (and zone) as the series' DTSTART."""
    if source.series_all_day:
        return date.fromisoformat(key)
    return datetime.fromisoformat(key).replace(tzinfo=zone(source.series_timezone))


# What serializing an event reads: its own columns (no other), its plan's kind and description,
# its venue's name and its series' UID and time: never an agreement, let alone its texts.
EVENT_FIELDS = [
    "id",
    "uid",
    "sequence",
    "title",
    "description",
    "titles",
    "descriptions",
    "status",
    "all_day",
    "timezone",
    "starts_at",
    "ends_at",
    "start_date",
    "end_date",
    "recurrence_frequency",
    "recurrence_interval",
    "recurrence_until",
    "recurrence_count",
    "excluded_dates",
    "online_url",
    "created_at",
    "updated_at",
    "recurrence_id",
]
SOURCE_COLUMNS = (
    *(getattr(Event, name) for name in EVENT_FIELDS),
    Plan.kind.label("plan_kind"),
    Plan.description.label("plan_description"),
    Site.name.label("site_name"),
    Series.uid.label("series_uid"),
    Series.all_day.label("series_all_day"),
    Series.timezone.label("series_timezone"),
)
# What laying a feed out reads: versions, dates and zones (the texts come from the store).
LAYOUT_COLUMNS = (
    *(getattr(Event, name) for name in ["id", "uid", "version_id", "sequence", "updated_at", "all_day", "timezone"]),
    *(getattr(Event, name) for name in ["starts_at", "ends_at", "start_date", "end_date", "recurrence_frequency"]),
    Event.recurrence_until,
    Event.site_id,
    Plan.id.label("plan_id"),
    Plan.version_id.label("plan_version"),
    Site.updated_at.label("site_changed"),
    Series.uid.label("series_uid"),
    Series.version_id.label("series_version"),
)
TERM_FIELDS = tuple(field.name for field in dataclasses.fields(Term))
AGREEMENT_COLUMNS = (
    Agreement.id,
    Agreement.version_id,
    Agreement.updated_at,
    Agreement.title,
    *(getattr(Agreement, name) for name in TERM_FIELDS),
)


def _with_venue_and_series(query):
    return query.outerjoin(Site, Site.id == Event.site_id).outerjoin(Series, Series.id == Event.override_of_id)


def event_sources(ids: list[int]) -> dict[int, object]:
    """The rows `feed_event` reads, for these events (one statement)."""
    query = select(*SOURCE_COLUMNS).select_from(Event).join(Plan, Plan.id == Event.plan_id).where(Event.id.in_(ids))
    return {row.id: row for row in db.session.execute(_with_venue_and_series(query))}


def source_of(event: Event) -> SimpleNamespace:
    """An ORM event as the same plain source (the single event's .ics; the tests' reference build)."""
    series = event.override_of
    return SimpleNamespace(
        **{name: getattr(event, name) for name in EVENT_FIELDS},
        plan_kind=event.plan.kind,
        plan_description=event.plan.description,
        site_name=event.site.name if event.site else None,
        series_uid=series.uid if series else None,
        series_all_day=series.all_day if series else None,
        series_timezone=series.timezone if series else None,
    )


def feed_events_query(user, scope: FeedScope, since: date | None, columns) -> object:
    """The feed's events (`columns` of each), in the order the full build receives them: the
    window's series, and cancelled ones for 30 days so that calendars remove them."""
    cutoff = datetime.combine(date.today() - timedelta(days=CANCELLED_KEPT_DAYS), time())  # a day's feeds are alike
    query = scoped(select(*columns).select_from(Event), user, **scope.filters(user))
    return (
        _with_venue_and_series(query)
        .where(overlapping(window_start(since), FAR), or_(Event.status != "cancelled", Event.updated_at >= cutoff))
        .order_by(Event.range_start, Event.id)
    )


def scope_agreements(user, scope: FeedScope) -> list:
    """The agreements whose lifecycle dates belong in the feed (their term columns and title)."""
    if scope.of_plans:
        return []
    query = select(*AGREEMENT_COLUMNS).where(readable_agreements(user), Agreement.status != "draft")
    filters = scope.filters(user)
    if "agreement_id" in filters:
        query = query.where(Agreement.id == filters["agreement_id"])
    if "institution_id" in filters:
        parties = select(Party.agreement_id).where(Party.institution_id == filters["institution_id"])
        query = query.where(Agreement.id.in_(parties))
    return db.session.execute(query.order_by(Agreement.id)).all()


def lifecycle_events(agreement, today: date, language: str) -> list[FeedEvent]:
    """The notice deadline (with a reminder 14 days before) and the current period's end."""
    state = lifecycle_on_cached(Term(**{name: getattr(agreement, name) for name in TERM_FIELDS}), today)
    title = pick_text(agreement.title, language).text
    stamp = agreement.updated_at.replace(tzinfo=UTC)
    found = []
    if state.notice_deadline:
        found.append(
            FeedEvent(
                uid=f"agreement-{agreement.id}-notice-{state.notice_deadline.isoformat()}@mou-planner",
                sequence=agreement.version_id,
                title=_("Notice deadline: %(title)s", title=title),
                start=state.notice_deadline,
                end=state.notice_deadline + timedelta(days=1),
                description=_("Last day to give written notice if the agreement is not to be renewed."),
                categories=("deadline",),
                transparent=True,
                created=stamp,
                last_modified=stamp,
                alarm_before=NOTICE_REMINDER,
                alarm_text=_("Notice deadline in 14 days: %(title)s", title=title),
            )
        )
    if state.period_end:
        found.append(
            FeedEvent(
                uid=f"agreement-{agreement.id}-period-end-{state.period_end.isoformat()}@mou-planner",
                sequence=agreement.version_id,
                title=_("End of the current period: %(title)s", title=title),
                start=state.period_end,
                end=state.period_end + timedelta(days=1),
                categories=("deadline",),
                transparent=True,
                created=stamp,
                last_modified=stamp,
            )
        )
    return found


def feed_name(scope: FeedScope, language: str) -> str:
    """The calendar's name: the plan's, agreement's or institution's in the language."""
    if scope.kind == "my":
        return _("MoU Planner: my calendar")
    column = {"plan": Plan.title, "agreement": Agreement.title, "institution": Institution.name}[scope.kind]
    values = db.session.scalar(select(column).where(column.class_.id == scope.id))
    return _("MoU Planner: %(name)s", name=pick_text(values, language).text)
