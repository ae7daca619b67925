"""The stretches of a plan that are in its parts, not in hand-made events: an exhibition's run at
each venue, a staff exchange's stays, a heritage route's stops. Calendars and feeds show them as
all-day spans, read from the parts each time, so they follow every change of the plan.

`spans_in_window` is the seam the calendar page and the feed builder call: event-like rows
(`PlanSpan`) next to the stored events, with a stable UID and a SEQUENCE that grows with the
plan's version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from planner.extensions import db
from planner.i18n import pick_text
from planner.loans.queries import loan_items
from planner.plans.models import Participant, Plan, PlanVenue, RouteStop
from planner.plans.occurrences import Occurrence
from planner.plans.readable import reader_locale
from planner.schedule.ical import FeedEvent
from planner.schedule.queries import plan_scope

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class PlanSpan:
    """An all-day span of a plan, shaped enough like an Event for the calendar pages (which
    link a row without an `id` to its plan)."""

    uid: str
    title: str
    plan: Plan
    start_date: date
    end_date: date  # exclusive, as all-day events
    id: None = None
    status: str = "confirmed"
    all_day: bool = True
    site_id: int | None = None  # a venue run's or a stop's site

    @property
    def plan_id(self) -> int:
        return self.plan.id

    @property
    def titles(self) -> dict:
        """The title per language, as events have it: a span's is made in the reader's language."""
        return {reader_locale(): self.title}

    def occurrence(self) -> Occurrence:
        return Occurrence(self, self.start_date, self.end_date, True)

    def feed_event(self) -> FeedEvent:
        stamp = self.plan.updated_at.replace(tzinfo=UTC)
        return FeedEvent(
            uid=self.uid,
            sequence=self.plan.version_id,
            title=self.title,
            start=self.start_date,
            end=self.end_date,
            description=pick_text(self.plan.description, reader_locale()).text,
            categories=(self.plan.kind,),
            transparent=True,
            created=self.plan.created_at.replace(tzinfo=UTC),
            last_modified=stamp,
        )


def spans_in_window(user, first: date, last: date, **scope) -> list[PlanSpan]:
    """Every span overlapping [first, last] of the plans the user may read in the scope
    (three statements, one per kind of part); cancelled plans have none."""
    found = []
    for model, starts, ends, build, loaded in (
        (PlanVenue, PlanVenue.opens_on, PlanVenue.closes_on, _venue, (joinedload(PlanVenue.site),)),
        (Participant, Participant.from_date, Participant.to_date, _stay, ()),
        (RouteStop, RouteStop.arrival, RouteStop.departure, _stop, (joinedload(RouteStop.site),)),
    ):
        query = plan_scope(
            select(model).join(Plan, model.plan_id == Plan.id).where(Plan.status != "cancelled"), user, **scope
        ).where(starts.is_not(None), starts <= last, func.coalesce(ends, starts) >= first)
        query = query.options(joinedload(model.plan), *loaded).order_by(starts, model.id)
        found.extend(build(row) for row in db.session.scalars(query).unique())
    found.extend(loan_spans(user, first, last, **scope))
    return sorted(found, key=lambda span: (span.start_date, span.uid))


def _span(part: str, row, first: date, last: date | None, title: str) -> PlanSpan:
    return PlanSpan(
        uid=f"plan-{row.plan_id}-{part}-{row.id}@mou-planner",
        title=title,
        plan=row.plan,
        start_date=first,
        end_date=max(last or first, first) + ONE_DAY,  # inclusive dates to an exclusive end
        site_id=getattr(row, "site_id", None),
    )


def drawn_once(occurrences: list[Occurrence]) -> list[Occurrence]:
    """The occurrences without the all-day events that merely repeat a span of their own plan:
    curators often add an exhibition's run at a venue as an event too, and the calendar drew two
    bars of nearly the same name. The span stays (it follows the plan's title and parts); an
    event is dropped when it covers the same days and names the same site, or either names none."""
    sites_by_days: dict[tuple, set] = {}
    for o in occurrences:
        if isinstance(o.event, PlanSpan):
            sites_by_days.setdefault((o.event.plan_id, o.start, o.end), set()).add(o.event.site_id)

    def doubled(o: Occurrence) -> bool:
        sites = sites_by_days.get((getattr(o.event, "plan_id", None), o.start, o.end))
        site = getattr(o.event, "site_id", None)
        return o.all_day and sites is not None and (site is None or site in sites or None in sites)

    return [o for o in occurrences if isinstance(o.event, PlanSpan) or not doubled(o)]


def _venue(venue: PlanVenue) -> PlanSpan:
    locale = reader_locale()
    plan, site = pick_text(venue.plan.title, locale).text, pick_text(venue.site.name, locale).text
    return _span("venue", venue, venue.opens_on, venue.closes_on, _("%(plan)s at %(site)s", plan=plan, site=site))


def _stay(person: Participant) -> PlanSpan:
    plan = pick_text(person.plan.title, reader_locale()).text
    return _span(
        "stay", person, person.from_date, person.to_date, _("%(person)s: %(plan)s", person=person.name, plan=plan)
    )


def _stop(stop: RouteStop) -> PlanSpan:
    locale = reader_locale()
    plan, site = pick_text(stop.plan.title, locale).text, pick_text(stop.site.name, locale).text if stop.site else ""
    title = _("%(plan)s: stop %(number)s, %(site)s", plan=plan, number=stop.position, site=site)
    return _span("stop", stop, stop.arrival, stop.departure, title)


def loan_spans(user, first: date, last: date, plan_id: int | None = None, **_scope) -> list[PlanSpan]:
    """A plan's calendar also shows its loans' transport legs, couriers' trips and permits'
    return-by days (`planner.loans.queries.loan_items`, for the loans the reader may read), as
    all-day spans over the days they touch (in UTC)."""
    if plan_id is None:
        return []
    plan = db.session.get(Plan, plan_id)
    if plan is None or plan.status == "cancelled":
        return []
    found = []
    for item in loan_items([plan_id], user):
        start = (
            item.start if isinstance(item.start, date) and not isinstance(item.start, datetime) else item.start.date()
        )
        end = (
            item.end if isinstance(item.end, date) and not isinstance(item.end, datetime) else item.end.date() + ONE_DAY
        )
        if start <= last and end > first:
            found.append(
                PlanSpan(
                    uid=item.uid, title=item.title, plan=plan, start_date=start, end_date=max(end, start + ONE_DAY)
                )
            )
    return found


def window_dates(start: datetime, end: datetime) -> tuple[date, date]:
    """A calendar's window as the dates it touches (a day either side: all-day spans are
    dates, the window an instant range in the viewer's zone)."""
    return start.date() - ONE_DAY, end.date() + ONE_DAY
