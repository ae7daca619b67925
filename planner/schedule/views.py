"""Calendar pages (month and agenda), the event page, its .ics, and the subscribable feeds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote, urlencode

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
from planner.plans.events import event_descriptions, event_titles
from planner.plans.models import Plan
from planner.plans.occurrences import FAR_FUTURE, FAR_PAST, expand, first_occurrence, local_bounds, occurrence_key
from planner.schedule import operations
from planner.schedule.access import load_event
from planner.schedule.calendar import VIEWS, Period, focus_day, hour_rows, month_grid, shift_month, week_grid
from planner.schedule.calendar import first_weekday as first_weekday_of
from planner.schedule.editing import default_zone, form_described
from planner.schedule.feed_store import feed_store
from planner.schedule.feeds import (
    FeedScope,
    answer_feed,
    feed_event,
    feed_version,
    plan_feed,
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
)
from planner.schedule.spans import spans_in_window, window_dates
from planner.timezones import viewer_zone

bp = Blueprint("schedule", __name__)


@bp.route("/calendar", defaults={"kind": "my", "scope_id": None})
@bp.route("/<any(plan, agreement, institution):kind>s/<int:scope_id>/calendar")
@login_required
@cached_page
def calendar(kind: str, scope_id: int | None):
    """Month, week or agenda of the occurrences the user may read in the scope, narrowed by the
    filters in the URL; every link of the page keeps the others' values."""
    target = load_scope(kind, scope_id, current_user)
    tz = viewer_zone()
    today = datetime.now(tz).date()
    first_weekday = first_weekday_of(current_locale())
    view = request.args.get("view") if request.args.get("view") in VIEWS else "month"
    focus = focus_day(
        request.args.get("day"), request.args.get("month"), opening_day(kind, scope_id, today, current_user)
    )
    period = Period.of(view, focus, first_weekday)
    start, end = period.bounds(tz, first_weekday)
    after = Cursor.parse(request.args.get("after"))
    activity, chosen = _activity(), _my_calendar_filters(kind)
    occurrences, more = _calendar_occurrences(kind, scope_id, start, end, after, activity, chosen)
    link = _page_link(kind, scope_id, {"view": view, "day": focus.isoformat(), "kind": activity, **chosen})
    feed_url = (
        request.url_root.rstrip("/")
        + _feed_path(kind, scope_id)
        + _feed_query(chosen, activity if kind == "my" else None)
    )
    week = week_grid(focus, occurrences, tz, first_weekday) if view == "week" else []
    return render_template(
        "schedule/calendar.html",
        target=target,
        scope_kind=kind,
        view=view,
        period=period,
        year=focus.year,
        month=focus.month,
        month_start=focus.replace(day=1),
        weeks=month_grid(period.first.year, period.first.month, occurrences, tz, first_weekday)
        if view == "month"
        else [],
        week=week,
        hours=hour_rows(week, tz) if week else [],
        occurrences=[o for o in occurrences if o.start and period.holds(o, tz)],
        link=link,
        navigation=_navigation(period, today, link),
        activity=activity,
        after=after,
        more=more,
        page_size=current_app.config["CALENDAR_PAGE_SIZE"],
        kinds=ACTIVITY_KINDS,
        my_filters=chosen,
        agreement_choices=_agreement_choices(_calendar_scope(kind, scope_id)) if kind == "my" else [],
        plan_choices=_plan_choices(_calendar_scope(kind, scope_id), chosen.get("agreement")) if kind == "my" else [],
        tz=tz,
        today=today,
        feed_url=feed_url,
        webcal_url="webcal://" + feed_url.split("://", 1)[1],
        google_url="https://calendar.google.com/calendar/r?cid="
        + quote("webcal://" + feed_url.split("://", 1)[1], safe=""),
    )


def _calendar_occurrences(kind, scope_id, start, end, after, activity, chosen):
    """One page of the events' occurrences in the window, with the plans' spans on the first page
    (venue runs, stays and route stops), in order of start; and the next page's cursor."""
    scope = _calendar_scope(kind, scope_id) | {f"{name}_id": value for name, value in chosen.items()}
    occurrences, more = occurrences_page(
        current_user, start, end, after=after, limit=current_app.config["CALENDAR_PAGE_SIZE"], kind=activity, **scope
    )
    if after is None:
        spans = spans_in_window(current_user, *window_dates(start, end), kind=activity, **scope)
        occurrences = sorted(occurrences + [span.occurrence() for span in spans], key=lambda o: o.sort_key)
    return occurrences, more


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
    if period.view == "week":
        step = timedelta(days=7)
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
    return request.args.get("kind") if request.args.get("kind") in ACTIVITY_KINDS else None


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
    """The agreements My calendar covers, for its filter (one query)."""
    query = select(Agreement).where(readable_agreements(current_user))
    if scope.get("institution_id") is not None:
        query = query.where(
            Agreement.id.in_(select(Party.agreement_id).where(Party.institution_id == scope["institution_id"]))
        )
    locale = current_locale()
    return [(a.id, pick_text(a.title, locale).text) for a in db.session.scalars(query.order_by(Agreement.id))]


def _plan_choices(scope: dict, agreement_id: int | None) -> list[tuple[int, str]]:
    """The live plans My calendar covers (of the chosen agreement, if one is), for its filter: only
    plans of agreements the user may read (the same rule as the events'), in one query."""
    query = plan_scope(select(Plan.id, Plan.title), current_user, agreement_id=agreement_id, **scope)
    locale = current_locale()
    return [(plan_id, pick_text(title, locale).text) for plan_id, title in db.session.execute(query.order_by(Plan.id))]


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
    The body is streamed from the texts every worker shares (see `feeds.py`)."""
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
        plan = plan_feed(user, scope, since, g.locale)
        answer = answer_feed(app, plan, store, version.cache_key, current_app.config["FEED_BUILD_WAIT"])
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
