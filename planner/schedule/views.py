"""Calendar pages (month and agenda), the event page, its .ics, and the subscribable feeds."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select
from werkzeug.http import http_date

from planner.accounts.permissions import roles_required
from planner.accounts.tokens import feed_secret_for, user_for_secret
from planner.agreements.access import can_edit_agreement, readable_agreements
from planner.agreements.models import Agreement, Party
from planner.days import day_in_range
from planner.errors import Conflict, Invalid, returns_to
from planner.extensions import db
from planner.i18n import current_locale, pick_text
from planner.mou.vocabulary import ACTIVITY_KINDS
from planner.page_cache import cached_page
from planner.plans.access import load_plan, load_scope
from planner.plans.drafts import reader_set
from planner.plans.events import event_descriptions, event_titles
from planner.plans.models import Plan
from planner.plans.occurrences import FAR_FUTURE, FAR_PAST, expand, first_occurrence, local_bounds, occurrence_key
from planner.schedule import operations
from planner.schedule.access import load_event
from planner.schedule.calendar import (
    VIEWS,
    Period,
    drawn,
    focus_day,
    hour_rows,
    month_grid,
    shift_month,
    week_grid,
    with_events,
)
from planner.schedule.calendar import first_weekday as first_weekday_of
from planner.schedule.editing import default_zone, form_described
from planner.schedule.feed_store import feed_store
from planner.schedule.feeds import (
    FeedRequest,
    FeedScope,
    answer_feed,
    feed_event,
    feed_version,
    source_of,
)
from planner.schedule.forms import EventForm
from planner.schedule.ical import build_event_file
from planner.schedule.queries import (
    Cursor,
    moved_occurrences,
    occurrences_page,
    opening_day,
    plan_scope,
    shown_details,
    window_occurrences,
)
from planner.schedule.spans import drawn_once, spans_in_window, window_dates
from planner.schedule.task_items import TASK_KIND, task_items
from planner.shared_parts import shared_part
from planner.timezones import viewer_zone

bp = Blueprint("schedule", __name__)
GRID = "calendar-grid"  # the kind of shared part a calendar's grid is (planner.shared_parts)


@bp.route("/calendar", defaults={"kind": "my", "scope_id": None})
@bp.route("/<any(plan, agreement, institution):kind>s/<int:scope_id>/calendar")
@login_required
@cached_page
def calendar(kind: str, scope_id: int | None):
    """Month, week, agenda or one day of the occurrences the user may read in the scope, narrowed
    by the filters in the URL; every link of the page keeps the others' values. The grid is the
    same for every reader who sees the same plans: it is shared (`planner.shared_parts`), and only the
    chrome around it (menu, badge, feed address) is the reader's own."""
    target = load_scope(kind, scope_id, current_user)
    tz = viewer_zone()
    today = datetime.now(tz).date()
    first_weekday = first_weekday_of(current_locale())
    view = request.args.get("view") if request.args.get("view") in VIEWS else "month"
    focus = focus_day(
        request.args.get("day"), request.args.get("month"), opening_day(kind, scope_id, today, current_user)
    )
    after = Cursor.parse(request.args.get("after")) if view != "month" else None  # a month is one page
    page = CalendarPage(
        kind, scope_id, tz, today, first_weekday, Period.of(view, focus, first_weekday),
        after, _activity(), _my_calendar_filters(kind),
    )  # fmt: skip
    parts = (reader_set(current_user), kind, scope_id, view, focus, str(page.after), page.activity)
    parts += (sorted(page.chosen.items()), current_locale(), tz.key, first_weekday, today)
    grid = shared_part(GRID, parts, lambda: _grid(page))
    feed_url = (
        request.url_root.rstrip("/")
        + _feed_path(kind, scope_id)
        + _feed_query(page.chosen, page.activity if kind == "my" else None)
    )
    return render_template(
        "schedule/calendar.html",
        target=target,
        scope_kind=kind,
        grid=Markup(grid),
        tz=tz,
        feed_url=feed_url,
        webcal_url="webcal://" + feed_url.split("://", 1)[1],
        google_url="https://calendar.google.com/calendar/r?cid="
        + quote("webcal://" + feed_url.split("://", 1)[1], safe=""),
    )


@dataclass(frozen=True)
class CalendarPage:
    """What one calendar page shows: its scope, the reader's zone and week, the period, the page of
    events (`after`) and the filters."""

    kind: str
    scope_id: int | None
    tz: ZoneInfo
    today: date
    first_weekday: int
    period: Period
    after: Cursor | None
    activity: str | None
    chosen: dict


def _grid(page: CalendarPage) -> str:
    """The calendar's grid as HTML: the views, filters, pages and the month, week, agenda or day
    (everything on the page that does not depend on who reads it, beyond the plans they see)."""
    period, tz = page.period, page.tz
    focus, view = period.focus, period.view
    start, end = period.bounds(tz, page.first_weekday)
    occurrences, more = _calendar_occurrences(page, start, end)
    link = _page_link(
        page.kind, page.scope_id, {"view": view, "day": focus.isoformat(), "kind": page.activity, **page.chosen}
    )
    week = week_grid(focus, occurrences, tz, page.first_weekday) if view == "week" else []
    shown = [o for o in occurrences if o.start and period.holds(o, tz)]
    page_size = current_app.config["CALENDAR_PAGE_SIZE"]
    weeks = (
        month_grid(period.first.year, period.first.month, occurrences, tz, page.first_weekday)
        if view == "month"
        else []
    )
    if view == "month":  # read the titles of what the cells and the phone's list draw, only
        swap = _with_details(drawn(weeks) + shown[:page_size])
        with_events(weeks, swap)
        shown = [swap(o) for o in shown[:page_size]] + shown[page_size:]
    scope = _calendar_scope(page.kind, page.scope_id)
    plan_choices, more_plans = _plan_choices(scope, page.chosen) if page.kind == "my" else ([], False)
    return render_template(
        "schedule/_grid.html",
        scope_kind=page.kind,
        view=view,
        period=period,
        year=focus.year,
        month=focus.month,
        month_start=focus.replace(day=1),
        weeks=weeks,
        week=week,
        hours=hour_rows(week, tz) if week else [],
        occurrences=shown if view != "month" else shown[:page_size],
        month_total=len(shown) if view == "month" else None,
        link=link,
        navigation=_navigation(period, page.today, link),
        activity=page.activity,
        after=page.after,
        more=more,
        page_size=page_size,
        kinds=ACTIVITY_KINDS,
        my_filters=page.chosen,
        agreement_choices=_agreement_choices(scope) if page.kind == "my" else [],
        plan_choices=plan_choices,
        more_plans=more_plans,
        tz=tz,
        today=page.today,
    )


def _with_details(occurrences: list) -> Callable:
    """A function giving each of these occurrences the event with the columns shown (one read)."""
    details = shown_details({o.event.id for o in occurrences if o.event.id is not None})

    def swap(occurrence):
        found = details.get(occurrence.event.id) if occurrence.event.id is not None else None
        return occurrence if found is None else dataclasses.replace(occurrence, event=found)

    return swap


def _calendar_occurrences(page: CalendarPage, start, end):
    """The occurrences to show, in order of start, with the plans' spans (venue runs, stays and
    route stops) on the first page; and the next page's cursor. The month reads every occurrence
    of its grid, with only the columns shown (its cells draw a few and count the rest); the other
    views read one page of series at a time."""
    scope = _calendar_scope(page.kind, page.scope_id) | {f"{name}_id": value for name, value in page.chosen.items()}
    if page.period.view == "month":
        occurrences, more = window_occurrences(current_user, start, end, kind=page.activity, **scope), None
    else:
        occurrences, more = occurrences_page(
            current_user,
            start,
            end,
            after=page.after,
            limit=current_app.config["CALENDAR_PAGE_SIZE"],
            kind=page.activity,
            **scope,
        )
    if page.after is None:
        spans = spans_in_window(current_user, *window_dates(start, end), kind=page.activity, **scope)
        spans += task_items(current_user, *window_dates(start, end), kind=page.activity, **scope)
        occurrences = sorted(occurrences + [span.occurrence() for span in spans], key=lambda o: o.sort_key)
    return drawn_once(occurrences), more


def _page_link(kind: str, scope_id: int | None, state: dict):
    """A link to this calendar with some of the page's arguments changed (None drops one): the
    view, the day and the filters travel together, so the URL alone says what is shown."""
    base = url_for("schedule.calendar") if kind == "my" else url_for("schedule.calendar", kind=kind, scope_id=scope_id)

    def link(**changes) -> str:
        arguments = {name: value for name, value in (state | changes).items() if value}
        return base + ("?" + urlencode(arguments) if arguments else "")

    return link


def _navigation(period: Period, today: date, link) -> dict[str, str]:
    """Previous, next and today, a week or a month at a time, and the same day in each view."""
    if period.view in ("week", "day"):
        step = timedelta(days=7 if period.view == "week" else 1)
        previous, following = period.focus - step, period.focus + step
    else:
        previous = date(*shift_month(period.first.year, period.first.month, -1), 1)
        following = period.end
    return {
        "previous": link(day=previous.isoformat()),
        "next": link(day=following.isoformat()),
        "today": link(day=today.isoformat()),
    } | {view: link(view=view) for view in VIEWS}


def _calendar_scope(kind: str, scope_id: int | None) -> dict:
    """The page's scope; "My calendar" is the partnerships of the user's institution (an
    admin's, or a user's without an institution: everything they may read)."""
    return FeedScope(kind, scope_id).filters(current_user)


def _my_calendar_filters(kind: str) -> dict[str, int]:
    """My calendar narrowed to one agreement or plan (?agreement=, ?plan=); anything else is
    ignored, and what the user may not read simply shows nothing."""
    if kind != "my":
        return {}
    chosen = {name: request.args.get(name, type=int) for name in ("agreement", "plan")}
    return {name: value for name, value in chosen.items() if value and 0 < value < 2**31}


def _activity() -> str | None:
    """The kind of plan a calendar or feed is narrowed to (?kind=); an unknown kind is ignored."""
    return request.args.get("kind") if request.args.get("kind") in (*ACTIVITY_KINDS, TASK_KIND) else None


def _feed_scope(kind: str, scope_id: int | None) -> FeedScope:
    """What a feed holds: my.ics narrowed by the filters of My calendar, by one rule."""
    if kind != "my":
        return FeedScope(kind, scope_id)
    return FeedScope(kind, scope_id, **_my_calendar_filters(kind), activity=_activity())


def _feed_query(chosen: dict, activity: str | None) -> str:
    """My calendar's filters kept in its feed's address: subscribing gives what the page shows."""
    narrowed = chosen | {"kind": activity} if activity else chosen
    return "?" + urlencode(narrowed) if narrowed else ""


def _agreement_choices(scope: dict) -> list[tuple[int, str]]:
    """The agreements My calendar covers, for its filter (one query, two columns)."""
    query = select(Agreement.id, Agreement.title).where(readable_agreements(current_user))
    if scope.get("institution_id") is not None:
        query = query.where(
            Agreement.id.in_(select(Party.agreement_id).where(Party.institution_id == scope["institution_id"]))
        )
    locale = current_locale()
    return [(found, pick_text(title, locale).text) for found, title in db.session.execute(query.order_by(Agreement.id))]


PLAN_CHOICES = 100  # plans offered by My calendar's filter before an agreement is chosen


def _plan_choices(scope: dict, chosen: dict) -> tuple[list[tuple[int, str]], bool]:
    """The live plans My calendar covers (of the chosen agreement, if one is), for its filter:
    only plans of agreements the user may read (the same rule as the events'), in one query; and
    whether there are more. Before an agreement is chosen at most PLAN_CHOICES are offered (an
    institution party to every agreement has thousands: nobody reads such a list)."""
    agreement_id = chosen.get("agreement")
    query = plan_scope(select(Plan.id, Plan.title), current_user, agreement_id=agreement_id, **scope)
    query = query.order_by(Plan.id)
    if agreement_id is None:
        query = query.limit(PLAN_CHOICES + 1)
    locale = current_locale()
    found = [(plan_id, pick_text(title, locale).text) for plan_id, title in db.session.execute(query)]
    more = agreement_id is None and len(found) > PLAN_CHOICES
    shown = found[:PLAN_CHOICES]
    if chosen.get("plan") and all(plan_id != chosen["plan"] for plan_id, _title in shown):
        shown += _chosen_plan(scope, chosen["plan"], locale)
    return shown, more


def _chosen_plan(scope: dict, plan_id: int, locale: str) -> list[tuple[int, str]]:
    """The plan of ?plan= beyond the first PLAN_CHOICES, so the filter shows what the page shows."""
    query = plan_scope(select(Plan.id, Plan.title), current_user, plan_id=plan_id, **scope)
    return [(found_id, pick_text(title, locale).text) for found_id, title in db.session.execute(query)]


def _feed_path(kind: str, scope_id: int | None) -> str:
    secret = feed_secret_for(current_user)
    if kind == "my":
        return url_for("schedule.my_feed", secret=secret)
    return url_for("schedule.scoped_feed", secret=secret, kind=kind, scope_id=scope_id)


@bp.route("/events/<int:event_id>")
@login_required
def event(event_id: int):
    found = load_event(event_id, current_user)
    now = datetime.now(UTC)
    moved = moved_occurrences([found.id]).get(found.id, frozenset())
    upcoming = expand(found, now - timedelta(days=1), now + timedelta(days=400), moved)[:12]
    return render_template(
        "schedule/event.html",
        event=found,
        plan=found.plan,
        upcoming=upcoming,
        moved_count=len(moved),
        tz=viewer_zone(),
        first_occurrence=first_occurrence,
        occurrence_key=occurrence_key,
        can_edit=can_edit_agreement(current_user, found.plan.agreement),
    )


@bp.route("/events/<int:event_id>.ics")
@login_required
def event_file(event_id: int):
    found = load_event(event_id, current_user)
    event = feed_event(source_of(found), current_locale())
    body = build_event_file(event, stamp=found.updated_at.replace(tzinfo=UTC), name=found.title)
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f'attachment; filename="event-{found.id}.ics"',
            "Content-Type": "text/calendar; charset=utf-8",
        },
    )


@bp.route("/feeds/<secret>/my.ics", defaults={"kind": "my", "scope_id": None}, endpoint="my_feed")
@bp.route("/feeds/<secret>/<any(plan, agreement, institution):kind>s/<int:scope_id>.ics", endpoint="scoped_feed")
def feed(secret: str, kind: str, scope_id: int | None):
    """A calendar client's subscription: the token in the path is the log-in; wrong means 404.
    The body is read back from the feed's stored whole, or streamed from the texts every worker
    shares (see `feeds.py`)."""
    user = user_for_secret(secret, "feed")
    if user is None:
        abort(404)
    load_scope(kind, scope_id, user)
    g.locale = user.language or g.locale  # the subscriber's language, not the calendar client's
    since = _since_argument()
    scope = _feed_scope(kind, scope_id)
    version = feed_version(user, scope, since)
    headers = {
        "ETag": version.etag,
        "Last-Modified": http_date(version.last_modified),
        "Cache-Control": "private, max-age=300",
    }
    if _not_modified(version.etag, version.last_modified):
        return Response(status=304, headers=headers)
    store = feed_store()
    app = current_app._get_current_object()
    with force_locale(g.locale):
        asked = FeedRequest(user, scope, since, g.locale, version.cache_key)
        answer = answer_feed(app, asked, store, current_app.config["FEED_BUILD_WAIT"])
        if answer.body is None:
            wait = _("This calendar is being prepared. Please try again in a minute.")
            return Response(wait, 503, {"Retry-After": "60", "Content-Type": "text/plain; charset=utf-8"})
    if answer.previous:
        headers.update(ETag=version.etag[:-1] + '-previous"', **{"Cache-Control": "private, no-cache"})
    return Response(answer.body, headers={**headers, "Content-Type": "text/calendar; charset=utf-8"})


def _since_argument() -> date | None:
    """`?since=`, checked before any arithmetic on it (a year-1 date would overflow mid-answer)."""
    try:
        return day_in_range(request.args["since"]) if "since" in request.args else None
    except ValueError:
        abort(400, _("The date in “since” must look like 2026-01-31, between 1900 and 2199."))


def _not_modified(etag: str, last_modified: datetime) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains_weak(etag.strip('"'))
    since = request.if_modified_since
    return since is not None and last_modified.replace(microsecond=0) <= since


def _site_choices() -> list[tuple[int, str]]:
    from planner.maps.models import Site

    return [
        (s.id, pick_text(s.name, current_locale()).text) for s in db.session.scalars(select(Site).order_by(Site.id))
    ]


@bp.route("/plans/<int:plan_id>/events/new", methods=["GET", "POST"], defaults={"event_id": None})
@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"], defaults={"plan_id": None})
@roles_required("admin", "curator")
def edit_event(plan_id: int | None, event_id: int | None):
    """Create or change an event; every change raises its SEQUENCE so calendars update it."""
    found = load_event(event_id, current_user, edit=True) if event_id else None
    plan = found.plan if found else load_plan(plan_id, current_user, edit=True)
    form = EventForm(
        sites=_site_choices(), obj=found if request.method == "GET" else None, default_zone=default_zone(plan)
    )
    if request.method == "GET":
        _fill_event_form(form, found, plan)
    elif form.validate_on_submit():
        try:
            event = operations.save_event(
                plan, current_user, found, form_described(form, default_zone(plan)), version_id=form.version_id.data
            )
        except Invalid as refusal:
            form.field_of(refusal.field).errors = [refusal.message]
        except Conflict as refusal:
            flash(refusal.message, "error")
            return redirect(url_for("schedule.edit_event", event_id=found.id) if found else request.path)
        else:
            for warning in operations.venue_clash_warnings(event, current_user):
                flash(warning, "warning")
            for note in form.wall_clock_notes():
                flash(note, "info")
            flash(_("The event is saved."), "success")
            return redirect(url_for("schedule.event", event_id=event.id))
    return render_template("schedule/edit_event.html", form=form, plan=plan, event=found), 400 if form.errors else 200


def _fill_event_form(form: EventForm, event, plan) -> None:
    if event is None:
        form.timezone.data = default_zone(plan)
        form.online_url.data = plan.online_url
        return
    start, end = local_bounds(event)
    form.title.form.fill(event_titles(event))
    form.description.form.fill(event_descriptions(event))
    form.version_id.data = event.version_id
    form.site_id.data = event.site_id or 0
    form.frequency.data = event.recurrence_frequency or ""
    form.interval.data = event.recurrence_interval
    form.until.data, form.count.data = event.recurrence_until, event.recurrence_count
    form.excluded.data = ", ".join(value[:10] for value in event.excluded_dates or [])
    if event.all_day:
        form.start_date.data, form.end_date.data = start, end - timedelta(days=1)
    else:
        form.starts_local.data, form.ends_local.data = start.replace(tzinfo=None), end.replace(tzinfo=None)


@bp.route("/events/<int:event_id>/delete", methods=["POST"])
@roles_required("admin", "curator")
@returns_to("schedule.event")
def delete_event(event_id: int):
    """A deleted event stays in feeds as cancelled for 30 days, so calendars remove it."""
    found = operations.cancel_event(load_event(event_id, current_user, edit=True), current_user)
    flash(_("The event is cancelled."), "success")
    return redirect(url_for("plans.show", plan_id=found.plan_id))


@bp.route("/events/<int:event_id>/move/<occurrence>", methods=["GET", "POST"])
@roles_required("admin", "curator")
@returns_to("schedule.event")
def move_occurrence(event_id: int, occurrence: str):
    """Move one occurrence of a series: a new row that replaces it (RECURRENCE-ID in feeds)."""
    series = load_event(event_id, current_user, edit=True)
    plan = series.plan
    original = next((o for o in expand(series, FAR_PAST, FAR_FUTURE) if occurrence_key(o.start) == occurrence), None)
    if not series.recurrence_frequency or original is None:
        abort(404)
    form = EventForm(
        sites=_site_choices(), obj=series if request.method == "GET" else None, default_zone=series.timezone
    )
    if request.method == "GET":
        _fill_event_form(form, series, plan)
        _fill_times(form, original)
        form.frequency.data, form.version_id.data = "", None
    elif form.validate_on_submit():
        try:
            moved = operations.move_occurrence(series, current_user, occurrence, form_described(form, series.timezone))
        except Invalid as refusal:
            form.field_of(refusal.field).errors = [refusal.message]
        else:
            flash(_("The occurrence is moved."), "success")
            return redirect(url_for("schedule.event", event_id=moved.id))
    return render_template("schedule/edit_event.html", form=form, plan=plan, event=None, moving=original), (
        400 if form.errors else 200
    )


def _fill_times(form: EventForm, occurrence) -> None:
    if occurrence.all_day:
        form.start_date.data, form.end_date.data = occurrence.start, occurrence.end - timedelta(days=1)
    else:
        form.starts_local.data = occurrence.start.replace(tzinfo=None)
        form.ends_local.data = occurrence.end.replace(tzinfo=None)
