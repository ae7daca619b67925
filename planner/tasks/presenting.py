"""What the pages show of a plan's tasks: the timeline's items from the plan's records (the SVG
itself is drawn by the pure `planner.tasks.timeline`), the dated list a phone gets instead, and
each task's words in the reader's language."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from planner.extensions import db
from planner.i18n import pick_text
from planner.loans.models import Loan, TransportLeg
from planner.plans.occurrences import first_occurrence
from planner.tasks.anchors import anchor_day
from planner.tasks.models import Task
from planner.tasks.timeline import Item, timeline_svg
from planner.vocabulary import TaskAnchor


def offset_words(task) -> str:
    """ "3 months before the opening", "on the day of the opening", or "" for a date set by hand."""
    if not task.anchor:
        return ""
    anchor = TaskAnchor(task.anchor).label
    amount = task.offset_amount or 0
    if amount == 0:
        return _("on the day: %(anchor)s", anchor=anchor)
    offset = _offset_amount(abs(amount), task.offset_unit)
    if amount < 0:
        return _("%(offset)s before: %(anchor)s", offset=offset, anchor=anchor)
    return _("%(offset)s after: %(anchor)s", offset=offset, anchor=anchor)


def _offset_amount(amount: int, unit: str) -> str:
    """ "3 months", "1 week": the amount and its unit, in the reader's plural forms."""
    if unit == "months":
        return ngettext("%(num)d month", "%(num)d months", amount)
    if unit == "weeks":
        return ngettext("%(num)d week", "%(num)d weeks", amount)
    return ngettext("%(num)d day", "%(num)d days", amount)


def timeline_items(plan, tasks: list[Task], locale: str, today: date) -> list[Item]:
    """Venues, loan periods, transport legs, events and tasks of the plan, each with its name."""
    items = []
    long = lambda day: format_date(day, "long")  # noqa: E731
    for venue in plan.venues:
        if venue.opens_on:
            site = pick_text(venue.site.name, locale).text if venue.site else ""
            end = venue.closes_on or venue.opens_on
            name = _("Venue %(site)s: %(first)s to %(last)s", site=site, first=long(venue.opens_on), last=long(end))
            items.append(Item("venue", site, venue.opens_on, end, name))
    items += _loan_items(plan, locale, long)
    for event in plan.events:
        if event.deleted_at is not None or event.override_of_id is not None or event.status == "cancelled":
            continue
        start = first_occurrence(event).start
        day = start.date() if hasattr(start, "date") else start
        title = pick_text(event.titles or {"en": event.title}, locale).text
        items.append(Item("event", title, day, None, _("Event %(title)s: %(day)s", title=title, day=long(day))))
    for task in tasks:
        if task.due_on is None or task.state == "not_applicable":
            continue
        title = pick_text(task.title, locale).text
        kind = "task_done" if task.state == "done" else "task_overdue" if task.due_on < today else "task"
        said = {
            "task": _("Task %(title)s: due %(day)s", title=title, day=long(task.due_on)),
            "task_overdue": _("Task %(title)s: overdue since %(day)s", title=title, day=long(task.due_on)),
            "task_done": _("Task %(title)s: done (due %(day)s)", title=title, day=long(task.due_on)),
        }[kind]
        items.append(Item(kind, title, task.due_on, None, said))
    return items


def _loan_items(plan, locale: str, long) -> list[Item]:
    """Each lender's loan period (from the loan list), and each transport leg (in its zones)."""
    items = []
    periods: dict[int, list] = {}
    for obj in plan.loan_objects:
        if obj.loan_from and obj.loan_to:
            periods.setdefault(obj.lender_institution_id, []).append(obj)
    for objects in periods.values():
        lender = pick_text(objects[0].lender.name, locale).text if objects[0].lender else ""
        first, last = min(o.loan_from for o in objects), max(o.loan_to for o in objects)
        label = _("Loan from %(lender)s", lender=lender)
        name = _("Loan from %(lender)s: %(first)s to %(last)s", lender=lender, first=long(first), last=long(last))
        items.append(Item("loan", label, first, last, name))
    legs = db.session.scalars(
        select(TransportLeg)
        .join(Loan, TransportLeg.loan_id == Loan.id)
        .where(Loan.plan_id == plan.id)
        .order_by(TransportLeg.id)
    )
    for leg in legs:
        start = anchor_day(leg.departs_at, leg.departure_timezone)
        end = anchor_day(leg.arrives_at, leg.arrival_timezone) or start
        if start is None:
            continue
        label = _("Return transport") if leg.is_return else _("Transport")
        name = _(
            "%(leg)s %(origin)s to %(destination)s: %(first)s to %(last)s",
            leg=label,
            origin=leg.departure_place,
            destination=leg.arrival_place,
            first=long(start),
            last=long(end),
        )
        items.append(Item("leg", label, start, max(end, start), name))
    return items


def plan_timeline(plan, tasks: list[Task], locale: str, today: date, items: list[Item] | None = None) -> Markup:
    """The plan's timeline as inline SVG (its texts escaped by `timeline_svg`), of `items` when
    the caller has them already (the plan page lists them too)."""
    title = _("Timeline of %(plan)s", plan=pick_text(plan.title, locale).text)
    description = _("Venues, loans, transport, events and tasks of the plan by date, with today marked.")
    items = timeline_items(plan, tasks, locale, today) if items is None else items
    return Markup(
        timeline_svg(
            title,
            description,
            items,
            today,
            today_label=_("Today"),
            month_label=lambda day: format_date(day, "MMM yyyy"),
            element_id=f"timeline-{plan.id}",
        )
    )


def dated_list(items: list[Item]) -> list[tuple[date, str]]:
    """The timeline as a list by date, for a narrow screen."""
    return sorted(((item.start, item.name) for item in items), key=lambda pair: pair[0])
