"""iCal feeds: which events a feed holds, turned into plain FeedEvents for `ical.build_feed`.

A feed's validators (ETag, Last-Modified) and cache key come from the data version, so a client
that already has the current feed gets 304, and a worker that already built it serves it again,
without the feed being built (the build is linear in the events of its window)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from planner.accounts.permissions import readable_agreements
from planner.accounts.tokens import feed_secret_for
from planner.agreements.models import Agreement, Party
from planner.caching import key_at
from planner.data_version import current_version
from planner.extensions import db
from planner.i18n import current_locale, pick_text
from planner.plans.models import Plan
from planner.schedule.ical import FeedEvent
from planner.schedule.models import Event
from planner.schedule.occurrences import event_recurrence, local_bounds

CANCELLED_KEPT_DAYS = 30
NOTICE_REMINDER = timedelta(days=14)


@dataclass(frozen=True)
class FeedScope:
    """What a feed covers: everything the user may see, or one plan, agreement or institution."""

    kind: str  # "my" | "plan" | "agreement" | "institution"
    id: int | None = None

    def filters(self, user=None) -> dict:
        """ "my" is the partnerships of the user's institution (for an admin, or a user without
        an institution: everything they may read)."""
        if self.kind != "my":
            return {f"{self.kind}_id": self.id}
        own = getattr(user, "institution_id", None)
        return {"institution_id": own} if own is not None and not user.is_admin else {}


def window_start(since: date | None) -> datetime:
    days = current_app.config["FEED_WINDOW_DAYS"]
    start = since or (date.today() - timedelta(days=days))
    return datetime.combine(start, time(), tzinfo=UTC)


def feed_paths_for(user) -> list[str]:
    """Every feed the user may subscribe to, as paths carrying the user's feed token."""
    secret = feed_secret_for(user)
    agreements = db.session.scalars(select(Agreement).where(readable_agreements(user)).order_by(Agreement.id)).all()
    plan_ids = db.session.scalars(
        select(Plan.id)
        .where(Plan.agreement_id.in_([a.id for a in agreements]), Plan.deleted_at.is_(None))
        .order_by(Plan.id)
    ).all()
    institution_ids = sorted({p.institution_id for a in agreements for p in a.parties})
    return (
        [f"/feeds/{secret}/my.ics"]
        + [f"/feeds/{secret}/agreements/{a.id}.ics" for a in agreements]
        + [f"/feeds/{secret}/plans/{plan_id}.ics" for plan_id in plan_ids]
        + [f"/feeds/{secret}/institutions/{i}.ics" for i in institution_ids]
    )


def scope_agreements(user, scope: FeedScope):
    """The agreements whose lifecycle dates belong in the feed."""
    query = select(Agreement).where(readable_agreements(user), Agreement.status != "draft")
    institution_id = scope.filters(user).get("institution_id")
    if scope.kind == "agreement":
        query = query.where(Agreement.id == scope.id)
    elif institution_id is not None:  # an institution's feed, or "my" feed of an institution's user
        query = query.where(Agreement.id.in_(select(Party.agreement_id).where(Party.institution_id == institution_id)))
    elif scope.kind == "plan":
        return []
    return db.session.scalars(query.order_by(Agreement.id)).all()


@dataclass(frozen=True)
class FeedVersion:
    """What a feed's content depends on, as HTTP validators and as its cache key."""

    etag: str
    last_modified: datetime
    cache_key: str | None  # None: the data version is unknown, nothing may be cached


def feed_version(user, scope: FeedScope, since: date | None) -> FeedVersion:
    """From the data version (one primary-key read, whatever the size of the data): every
    change of the content makes a new version, so a client that has the current feed gets
    304 and a worker that built it serves it again, without either being built."""
    token, changed_at = current_version()
    key = key_at(token, "feed", scope, since, date.today(), current_locale(), user.id, user.role, user.institution_id)
    etag = '"' + (key or secrets.token_hex(16))[:32] + '"'
    return FeedVersion(etag, changed_at.replace(tzinfo=UTC), key)


def feed_event(event: Event) -> FeedEvent:
    """A stored event as the plain data the iCal builder takes; a moved occurrence carries its
    series' UID and the RECURRENCE-ID of the occurrence it replaces."""
    start, end = local_bounds(event)
    plan = event.plan
    series = event.override_of
    site = event.site
    location = pick_text(site.name, current_locale()).text if site else ""
    return FeedEvent(
        uid=series.uid if series else event.uid,
        sequence=event.sequence,
        title=event.title,
        start=start,
        end=end,
        recurrence_id=_original_start(series, event.recurrence_id) if series else None,
        timezone=None if event.all_day else event.timezone,
        description=event.description or pick_text(plan.description, current_locale()).text,
        location=location or event.online_url,
        url=event.online_url,
        categories=(plan.kind,),
        status=event.status,
        transparent=event.all_day and (end - start).days > 1,
        recurrence=event_recurrence(event),
        created=event.created_at.replace(tzinfo=UTC),
        last_modified=event.updated_at.replace(tzinfo=UTC),
    )


def _original_start(series: Event, key: str) -> date | datetime:
    """The replaced occurrence's start, of the same type (and zone) as the series' DTSTART."""
    if series.all_day:
        return date.fromisoformat(key)
    from planner.schedule.timezones import zone

    return datetime.fromisoformat(key).replace(tzinfo=zone(series.timezone))


def lifecycle_events(agreement: Agreement, today: date) -> list[FeedEvent]:
    """The notice deadline (with a reminder 14 days before) and the current period's end."""
    state = agreement.lifecycle(today)
    title = pick_text(agreement.title, current_locale()).text
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
