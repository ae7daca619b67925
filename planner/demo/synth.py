"""`flask demo synth`: a realistic, deterministic synthetic dataset for benchmarks, written with
bulk inserts (explicit ids, one executemany per table), so 50,000 events take seconds."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, insert, select, text

from planner.agreements.models import Agreement, Article, ArticleVersion, Institution, Party
from planner.data_version import mark_changed
from planner.extensions import db
from planner.maps.models import Site
from planner.mou.vocabulary import ACTIVITY_KINDS
from planner.plans.events import Event, OccurrenceStart
from planner.plans.models import CostItem, Plan, RouteStop, plan_partner
from planner.plans.occurrences import is_long_running
from planner.schedule.occurrence_index import bulk_rows
from planner.transfer.database import reset_sequences

COUNTRIES = (
    ("AZ", "Asia/Baku", "Baku"),
    ("KZ", "Asia/Almaty", "Turkistan"),
    ("UZ", "Asia/Tashkent", "Tashkent"),
    ("TR", "Europe/Istanbul", "Izmir"),
    ("GE", "Asia/Tbilisi", "Tbilisi"),
)
NAMES = {"en": "Museum {n}", "ru": "Музей {n}", "az": "Muzey {n}", "kk": "Музей {n}"}
STAMP = datetime(2026, 1, 1)  # created/updated times too, so the same seed gives the same rows
TIMESTAMPED = (Institution, Site, Agreement, Plan, Event)


def _next_ids(*models) -> list[int]:
    return [(db.session.scalar(select(func.max(model.id))) or 0) + 1 for model in models]


def synthesize(agreements: int, plans: int, events: int, sites: int, seed: int = 1) -> dict[str, int]:
    """Add the dataset; returns how many rows of each kind were written."""
    rng = random.Random(seed)
    inst_id, site_id, agr_id, art_id, ver_id, party_id, plan_id, cost_id, stop_id, event_id = _next_ids(
        Institution, Site, Agreement, Article, ArticleVersion, Party, Plan, CostItem, RouteStop, Event
    )
    institution_count = max(4, agreements + 1)
    institutions = [
        dict(
            id=inst_id + n,
            name={k: v.format(n=n) for k, v in NAMES.items()},
            short_name=f"S{seed}-{n}",
            country=COUNTRIES[n % 5][0],
            city=COUNTRIES[n % 5][2],
            timezone=COUNTRIES[n % 5][1],
        )
        for n in range(institution_count)
    ]
    site_rows = [
        dict(
            id=site_id + n,
            name={"en": f"Site {n}", "ru": f"Объект {n}"},
            kind="museum",
            latitude=round(rng.uniform(38, 46), 5),
            longitude=round(rng.uniform(40, 70), 5),
            precision="surveyed",
            institution_id=inst_id + n % institution_count,
            description={},
        )
        for n in range(sites)
    ]
    agreement_rows, party_rows, article_rows, version_rows = [], [], [], []
    for n in range(agreements):
        agreement_rows.append(
            dict(
                id=agr_id + n,
                version_id=1,
                title={"en": f"Memorandum {n}", "ru": f"Меморандум {n}"},
                signed_on=date(2020, 1, 1) + timedelta(days=rng.randrange(2400)),
                term_years=5,
                renewal_years=5,
                notice_amount=1,
                notice_unit="month",
                status="in_force",
                default_terms="free_of_charge",
                languages=["en", "ru"],
                preambles={},
                discrepancies=[],
            )
        )
        for position, offset in enumerate((n, n + 1), start=1):
            party_rows.append(
                dict(
                    id=party_id + len(party_rows),
                    agreement_id=agr_id + n,
                    position=position,
                    institution_id=inst_id + offset % institution_count,
                    signatory_name={},
                    signatory_title={},
                )
            )
        for number in range(1, 4):
            kind = ACTIVITY_KINDS[(n + number) % len(ACTIVITY_KINDS)]
            article_rows.append(
                dict(id=art_id + len(article_rows), agreement_id=agr_id + n, number=number, activities=[kind])
            )
            for position, language in enumerate(("en", "ru")):
                version_rows.append(
                    dict(
                        id=ver_id + len(version_rows),
                        article_id=article_rows[-1]["id"],
                        language=language,
                        position=position,
                        heading=f"Article {number}",
                        text=f"The Parties organise {kind}.",
                        activities=[kind],
                    )
                )
    plan_rows, partner_rows, cost_rows, stop_rows = [], [], [], []
    for n in range(plans):
        agreement = n % agreements
        kind = ACTIVITY_KINDS[n % len(ACTIVITY_KINDS)]
        lead, partner = inst_id + agreement % institution_count, inst_id + (agreement + 1) % institution_count
        plan_rows.append(
            dict(
                id=plan_id + n,
                version_id=1,
                agreement_id=agr_id + agreement,
                kind=kind,
                title={"en": f"Plan {n}", "az": f"Plan {n}", "ru": f"План {n}"},
                description={},
                status=("proposed", "approved", "scheduled")[n % 3],
                lead_institution_id=lead,
                terms="compensated" if n % 7 == 0 else "free_of_charge",
            )
        )
        partner_rows.append(dict(plan_id=plan_id + n, institution_id=partner))
        for currency, payer in (("AZN", lead), ("KZT", partner)):
            cost_rows.append(
                dict(
                    id=cost_id + len(cost_rows),
                    plan_id=plan_id + n,
                    payer_institution_id=payer,
                    category="transport",
                    amount=Decimal(rng.randrange(100, 100000)),
                    currency=currency,
                )
            )
        if kind == "heritage_route" and sites:
            for position in range(1, 4):
                stop_rows.append(
                    dict(
                        id=stop_id + len(stop_rows),
                        plan_id=plan_id + n,
                        position=position,
                        site_id=site_id + rng.randrange(sites),
                    )
                )
    event_rows = [_event(rng, event_id + n, plan_id + n % plans, seed, n) for n in range(events)]
    for model, rows in (
        (Institution, institutions),
        (Site, site_rows),
        (Agreement, agreement_rows),
        (Party, party_rows),
        (Article, article_rows),
        (ArticleVersion, version_rows),
        (Plan, plan_rows),
        (CostItem, cost_rows),
        (RouteStop, stop_rows),
        (Event, event_rows),
        (OccurrenceStart, bulk_rows(event_rows)),
    ):
        if rows:
            if model in TIMESTAMPED:
                rows = [{**row, "created_at": STAMP, "updated_at": STAMP} for row in rows]
            db.session.execute(insert(model), rows)
    if partner_rows:
        db.session.execute(insert(plan_partner), partner_rows)
    reset_sequences()
    mark_changed(db.session.connection())
    db.session.commit()
    analyze()
    return {
        "institutions": len(institutions),
        "sites": len(site_rows),
        "agreements": len(agreement_rows),
        "plans": len(plan_rows),
        "events": len(event_rows),
    }


def analyze() -> None:
    """PostgreSQL plans by table statistics: refresh them after a bulk load, as pg_restore
    advises, instead of leaving the first minute of queries to guesses (SQLite keeps none)."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))


def _event(rng: random.Random, event_id: int, plan_id: int, seed: int, n: int) -> dict:
    """Every fifth event is an all-day run of weeks, every tenth repeats weekly, the rest are timed."""
    day = date(2025, 1, 1) + timedelta(days=rng.randrange(4 * 365))
    row = dict(
        id=event_id,
        version_id=1,
        plan_id=plan_id,
        uid=f"synth-{seed}-{n}@mou-planner",
        sequence=0,
        title=f"Event {n}",
        kind="session",
        status="confirmed",
        timezone="Asia/Baku",
        excluded_dates=[],
        recurrence_interval=1,
        all_day=False,
        starts_at=None,
        ends_at=None,
        start_date=None,
        end_date=None,
        recurrence_frequency=None,
        recurrence_count=None,
        recurrence_until=None,
    )
    if n % 5 == 0:
        row.update(all_day=True, start_date=day, end_date=day + timedelta(days=28))
        start, end = (
            datetime.combine(day, datetime.min.time()) - timedelta(days=1),
            datetime.combine(day, datetime.min.time()) + timedelta(days=29),
        )
    else:
        start = datetime.combine(day, datetime.min.time()) + timedelta(hours=6 + n % 8)  # naive UTC
        row.update(starts_at=start, ends_at=start + timedelta(hours=2))
        end = start + timedelta(hours=2)
        if n % 10 == 3:
            row.update(recurrence_frequency="weekly", recurrence_count=6)
            end += timedelta(weeks=5)
    row.update(range_start=start, range_end=end, long_running=is_long_running(start, end))
    return row
