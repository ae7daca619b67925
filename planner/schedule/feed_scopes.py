"""Which feeds a user may subscribe to (each named, its path carrying the user's feed token),
what a feed covers (`FeedScope`), and the version a feed's answer is validated and cached by.

Part of the feeds (`planner.schedule.feeds`): this module says who and what, feed_events.py
which rows, feeds.py the calendar text."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import select

from planner.accounts.tokens import feed_secret_for
from planner.agreements.access import readable_agreements
from planner.agreements.models import Agreement, Institution, Party
from planner.caching import key_at
from planner.data_version import current_version
from planner.extensions import db
from planner.i18n import current_locale
from planner.plans.drafts import draft_rule
from planner.plans.models import Plan


@dataclass(frozen=True)
class FeedScope:
    """What a feed covers: everything the user may see, or one plan, agreement or institution."""

    kind: str  # "my" | "plan" | "agreement" | "institution"
    id: int | None = None
    # my.ics narrowed as My calendar (?agreement=, ?plan=, ?kind=); part of the scope's str,
    # so of the feed's ETag and cache key too
    agreement: int | None = None
    plan: int | None = None
    activity: str | None = None

    def filters(self, user) -> dict:
        """The scope as query filters. "my" is the partnerships of the user's institution (an
        admin's, or a user's without an institution: everything they may read), narrowed."""
        if self.kind != "my":
            return {f"{self.kind}_id": self.id}
        found = (
            {"institution_id": user.institution_id} if user.institution_id is not None and user.role != "admin" else {}
        )
        narrowed = {"agreement_id": self.agreement, "plan_id": self.plan, "kind": self.activity}
        return found | {name: value for name, value in narrowed.items() if value is not None}

    @property
    def of_plans(self) -> bool:
        """Only plans' events and spans: no agreement's dates (one plan, or one kind of plan)."""
        return self.kind == "plan" or self.plan is not None or self.activity is not None


def window_start(since: date | None) -> datetime:
    days = current_app.config["FEED_WINDOW_DAYS"]
    start = since or (date.today() - timedelta(days=days))
    return datetime.combine(start, time(), tzinfo=UTC)


@dataclass(frozen=True)
class Subscription:
    """A feed the user may subscribe to: its scope, its name (one text per language), its path."""

    kind: str  # "my" | "agreement" | "plan" | "institution"
    name: dict
    path: str


def subscriptions_for(user) -> list[Subscription]:
    """Every feed the user may subscribe to, named, with paths carrying the user's feed token
    (four statements whatever the number of feeds)."""
    secret = feed_secret_for(user)
    agreements = db.session.execute(
        select(Agreement.id, Agreement.title).where(readable_agreements(user)).order_by(Agreement.id)
    ).all()
    agreement_ids = [a.id for a in agreements]
    plans = db.session.execute(
        select(Plan.id, Plan.title)
        .where(Plan.agreement_id.in_(agreement_ids), Plan.deleted_at.is_(None), draft_rule(user))
        .order_by(Plan.id)
    ).all()
    parties = select(Party.institution_id).where(Party.agreement_id.in_(agreement_ids))
    institutions = db.session.execute(
        select(Institution.id, Institution.name).where(Institution.id.in_(parties)).order_by(Institution.id)
    ).all()
    return (
        [Subscription("my", {}, f"/feeds/{secret}/my.ics")]
        + [Subscription("agreement", a.title, f"/feeds/{secret}/agreements/{a.id}.ics") for a in agreements]
        + [Subscription("plan", p.title, f"/feeds/{secret}/plans/{p.id}.ics") for p in plans]
        + [Subscription("institution", i.name, f"/feeds/{secret}/institutions/{i.id}.ics") for i in institutions]
    )


def feed_paths_for(user) -> list[str]:
    """Every feed the user may subscribe to, as paths carrying the user's feed token."""
    return [subscription.path for subscription in subscriptions_for(user)]


def feed_identity(user, scope: FeedScope, since: date | None, language: str) -> str:
    """A feed whatever its version: whose (who, role, institution), of what, from when, in which
    language. Its build lock and its stored wholes are named by it."""
    parts = (user.id, user.role, user.institution_id, scope, since, language)
    return hashlib.blake2b("|".join(str(part) for part in parts).encode(), digest_size=16).hexdigest()


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
