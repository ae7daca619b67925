"""The dashboard: the to-do list and my institution's tasks, upcoming events, and agreements with
their period end and notice deadline.

Its body is the same for every reader of one institution and role who reads the same plans, at
one minute ("upcoming" and "overdue" move with the clock) and data version: it is shared
(`planner.shared_parts`), so after a change the first of an institution's staff builds it and
the others get it; only the chrome around it is each reader's own."""

from datetime import UTC, date, datetime, timedelta

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from planner.agreements.queries import agreement_page
from planner.notifications.todo import todo_for
from planner.page_cache import cached_page
from planner.schedule.queries import next_occurrences
from planner.shared_parts import reader_parts, shared_body
from planner.tasks.queries import open_tasks_for
from planner.timezones import viewer_zone

bp = Blueprint("dashboard", __name__)

UPCOMING_DAYS = 60
UPCOMING_LIMIT = 15


@bp.route("/")
@login_required
@cached_page
def index():
    return render_template("dashboard.html", body=shared_body("dashboard", reader_parts(current_user), _body))


def _body() -> str:
    today = date.today()
    now = datetime.now(UTC)
    upcoming = next_occurrences(
        current_user, now, now.astimezone(viewer_zone()).date(), now + timedelta(days=UPCOMING_DAYS), UPCOMING_LIMIT
    )
    agreements = agreement_page(current_user)
    todo = todo_for(current_user, today)
    tasks = open_tasks_for(current_user, today)
    return render_template(
        "dashboard/_body.html", upcoming=upcoming, agreements=agreements, today=today, todo=todo, tasks=tasks
    )


@bp.route("/healthz")
def health():
    """The trivial endpoint: a floor for benchmarks and a probe for load balancers."""
    return {"status": "ok"}
