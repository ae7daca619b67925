"""What the parties approve is what they sign (issue #26 item 1, issue #35 item 1):

- every column of every plan-part table is in the approvable content or on a short list of
  columns that are not content, each with its reason (a new column forces a decision);
- each field of the fingerprint, changed alone through its operation, withdraws both approvals;
- a Hypothesis test edits every editable field of a plan and its parts through the operations
  and checks that whenever the project agreement's document model changes, in any pair of
  languages, the fingerprint changes and the standing approvals are withdrawn;
- the issue's scenario: a recurring event moved from Ganja to Baku and to every two weeks."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from planner.plans.approval import LINK_FIELDS, PART_COLUMNS, PLAN_FIELDS
from planner.unit_of_work import unit_of_work

#: Columns of plan-part tables that are not approvable content, and why.
NOT_CONTENT = {
    "plan": {
        "id": "an id",
        "version_id": "the optimistic-lock counter",
        "status": "decided by the approvals themselves",
        "deleted_at": "a deleted plan is not approved; restoring it proposes it again",
        "created_at": "a timestamp",
        "updated_at": "a timestamp",
        "outcome": "after the fact: what the plan produced, written when it is completed",
    },
    "plan_venue": {
        "id": "an id",
        "plan_id": "the plan",
        "position": "content as the order of the list",
        "visitors": "after the fact: the run's visitors",
    },
    "route_stop": {"id": "an id", "plan_id": "the plan", "position": "content as the order of the list"},
    "event": {
        "id": "an id (a moved occurrence names its series by the series' UID)",
        "version_id": "the optimistic-lock counter",
        "plan_id": "the plan",
        "sequence": "iCal's version counter: grows with every change",
        "title": "the English mirror of `titles`",
        "description": "the English mirror of `descriptions`",
        "range_start": "derived from the dates and the rule",
        "range_end": "derived from the dates and the rule",
        "long_running": "derived from the range",
        "deleted_at": "a deleted event is left out of the content",
        "created_at": "a timestamp",
        "updated_at": "a timestamp",
        "held": "after the fact: whether it took place",
        "attendance_on_site": "after the fact",
        "attendance_online": "after the fact",
    },
    "cost_item": {
        "id": "an id",
        "plan_id": "the plan",
        "description": "the English mirror of `descriptions`",
        "actual_amount": "after the fact: what was paid",
    },
    "loan_object": {
        "id": "an id",
        "plan_id": "the plan",
        "title": "the English mirror of `titles`",
        "condition_departure": "the English mirror of `conditions_departure`",
        "condition_return": "the English mirror of `conditions_return`",
        "loan_id": "the loan record it travels under (planner.loans): registrars' work, not approved",
        "height": "the registrar's description of the object, kept up to date after the approval",
        "width": "the registrar's description of the object",
        "depth": "the registrar's description of the object",
        "dimension_unit": "the registrar's description of the object",
        "materials": "the registrar's description of the object",
        "dating": "the registrar's description of the object",
        "credit_line": "the registrar's description of the object",
    },
    "participant": {
        "id": "an id",
        "plan_id": "the plan",
        "name_key": "the name casefolded, for search",
        "role": "the English mirror of `roles`",
    },
    "plan_partner": {"plan_id": "the plan"},
    "plan_article": {"plan_id": "the plan"},
    "occurrence_start": {"event_id": "derived index", "starts_at": "derived from the event's rule"},
}
#: Tables that point at a plan or an event without being part of what is approved.
NOT_PART_TABLES = {
    "approval": "the approvals of the content",
    "signed_copy": "the scans of the signed paper: they sign a fingerprint, they are not content",
    "plan_comment": "the discussion and the change requests: what the parties say, not what they sign",
    "loan": "the loan record: its status, proofs and references move for months after the approval",
    "task": "the checklist: the parties' shared work on the plan, ticked off and re-dated after the approval",
}


def content_columns() -> dict[str, set[str]]:
    """Each table's columns the content names (`planner.plans.approval`)."""
    found = {"plan": {column for columns in PLAN_FIELDS.values() for column in columns}}
    for table, columns in PART_COLUMNS.values():
        found[table] = set(columns)
    for table, (_field, column) in LINK_FIELDS.items():
        found[table] = {column}
    return found


def test_every_column_of_every_plan_part_table_is_content_or_said_not_to_be(app):
    from planner.extensions import db

    parts = {
        table.name: {column.name for column in table.columns}
        for table in db.metadata.sorted_tables
        if table.name == "plan" or {fk.column.table.name for fk in table.foreign_keys} & {"plan", "event"}
    }
    assert set(parts) - set(NOT_PART_TABLES) == set(NOT_CONTENT), "a new table of plan parts: content or not?"
    named = content_columns()
    for table, columns in parts.items():
        if table in NOT_PART_TABLES:
            continue
        decided = named.get(table, set()) | set(NOT_CONTENT[table])
        assert columns - decided == set(), f"{table}: neither content nor said not to be"
        assert decided - columns == set(), f"{table}: names columns it does not have"
        assert not named.get(table, set()) & set(NOT_CONTENT[table]), f"{table}: both content and not"


# --- an approved plan with one of every part --------------------------------------------------


@pytest.fixture()
def world(app, demo):
    """A plan of the Ganja–Turkestan memorandum with a venue, a weekly series at the Ganja
    site, a cost, a loan object, a participant and a route stop, approved by both parties."""
    from planner.accounts.models import User
    from planner.agreements.models import Agreement
    from planner.maps.models import Site
    from planner.plans import operations
    from planner.schedule import operations as events
    from planner.schedule.editing import event_values

    session = demo.session
    users = {user.username: user for user in session.scalars(select(User))}
    agreement = next(a for a in session.scalars(select(Agreement)) if "Ganja" in a.title["en"])
    ganja, turkestan = (party.institution_id for party in agreement.parties)
    sites = {site.name["en"]: site.id for site in session.scalars(select(Site))}
    ganja_site = next(i for name, i in sites.items() if "Ganja" in name)
    baku_site = next(i for name, i in sites.items() if "Carpet" in name)
    curator = users["curator"]
    with app.test_request_context():
        plan = operations.create_plan(
            agreement,
            curator,
            {
                "kind": "exhibition",
                "title": {"en": "Shared treasures", "ru": "Общие сокровища"},
                "description": {"en": "Finds of both reserves."},
                "lead_institution_id": ganja,
                "partner_ids": [turkestan],
                "terms": "free_of_charge",
                "project_agreement_ref": "PA-1",  # so that it stays approvable when it becomes compensated
                "project_agreement_date": date(2027, 1, 15),
            },
        )
        add = lambda kind, values: operations.add_part(plan, curator, kind, values)  # noqa: E731
        add("venues", {"site_id": ganja_site, "opens_on": date(2027, 3, 1), "closes_on": date(2027, 4, 30)})
        add("route_stops", {"site_id": ganja_site, "arrival": date(2027, 5, 1), "departure": date(2027, 5, 2)})
        add(
            "cost_items",
            {
                "payer_institution_id": ganja,
                "incurred_by_institution_id": turkestan,
                "category": "transport",
                "description": "Trucks",
                "amount": Decimal("1200.00"),
                "currency": "EUR",
            },
        )
        add(
            "loan_objects",
            {
                "lender_institution_id": ganja,
                "inventory_number": "GQ-1",
                "titles": {"en": "Bowl", "ru": "Чаша"},
                "insurance_value": Decimal("5000"),
                "insurance_currency": "EUR",
                "conditions_departure": {"en": "Fine"},
            },
        )
        add(
            "participants",
            {
                "name": "Leyla",
                "roles": {"en": "Conservator"},
                "home_institution_id": ganja,
                "host_institution_id": turkestan,
            },
        )
        series = events.save_event(plan, curator, None, weekly(event_values, ganja_site))
        operations.propose(plan, curator)  # a new plan is a draft: the partners see it once proposed
        approve_both(plan, users)
    return SimpleNamespace(
        session=session,
        plan_id=plan.id,
        event_id=series.id,
        users=users,
        curator=curator,
        ganja=ganja,
        turkestan=turkestan,
        ganja_site=ganja_site,
        baku_site=baku_site,
        sites=sorted(sites.values()),
    )


def weekly(_event_values, site_id: int, **changes) -> dict:
    """The series as the event form describes it: Tuesdays at 11:00 in Baku, ten times."""
    values = dict(
        title="Gallery talk",
        titles={"en": "Gallery talk", "az": "Qalereya söhbəti"},
        kind="session",
        site_id=site_id,
        timezone="Asia/Baku",
        starts_local=datetime(2027, 3, 2, 11, 0),
        ends_local=datetime(2027, 3, 2, 12, 0),
        frequency="weekly",
        interval=1,
        count=10,
    )
    return {**values, **changes}  # the keyword arguments of `editing.event_values`


def approve_both(plan, users) -> None:
    from planner.extensions import db
    from planner.plans import operations
    from planner.plans.approval import approving_parties
    from planner.unit_of_work import unit_of_work

    db.session.commit()  # the decision reads the plan as stored (it begins afresh)
    for name in ("curator", "curator-turkestan"):
        if users[name].institution_id not in approving_parties(plan.approvals, plan.current_fingerprint):
            with unit_of_work():
                operations.approve(plan.id, users[name], plan.current_fingerprint)


def plan_of(world):
    from planner.plans.models import Plan

    world.session.expire_all()
    return world.session.get(Plan, world.plan_id)


def standing(plan) -> list:
    return [a for a in plan.approvals if a.withdrawn_at is None and a.fingerprint == plan.current_fingerprint]


def part(plan, relation: str):
    return getattr(plan, relation)[0]


def event_of(world, plan):
    return next(e for e in plan.events if e.id == world.event_id)


def save_series(world, plan, **changes) -> None:
    from planner.schedule import operations as events
    from planner.schedule.editing import event_values

    changes.setdefault("site_id", world.ganja_site)
    events.save_event(plan, world.curator, event_of(world, plan), weekly(event_values, **changes))


# Each field of the fingerprint (issue #35 item 1), changed alone through its operation.
FIELD_CHANGES = {
    "event moves to another venue": lambda w, p: save_series(w, p, site_id=w.baku_site),
    "event moves in time": lambda w, p: save_series(
        w, p, starts_local=datetime(2027, 3, 2, 15, 0), ends_local=datetime(2027, 3, 2, 16, 0)
    ),
    "event starts earlier": lambda w, p: save_series(w, p, starts_local=datetime(2027, 3, 2, 10, 0)),
    "event ends later": lambda w, p: save_series(w, p, ends_local=datetime(2027, 3, 2, 13, 0)),
    "event's rhythm changes": lambda w, p: save_series(w, p, interval=2),
    "event's count changes": lambda w, p: save_series(w, p, count=8),
    "an occurrence is excluded": lambda w, p: save_series(w, p, excluded=[date(2027, 3, 9)]),
    "event is renamed in one language": lambda w, p: save_series(
        w, p, titles={"en": "Gallery talk", "az": "Qalereyada söhbət"}
    ),
    "event is cancelled": lambda w, p: _cancel(w, p),
    "an occurrence is moved": lambda w, p: _move_occurrence(w, p),
    "cost changes payer": lambda w, p: _update(w, p, "cost_items", payer_institution_id=w.turkestan),
    "cost changes the party it is for": lambda w, p: _update(w, p, "cost_items", incurred_by_institution_id=w.ganja),
    "loan object added": lambda w, p: _add(w, p, "loan_objects", lender_institution_id=w.ganja,
                                           inventory_number="GQ-2", title="Lamp"),
    "loan object changed": lambda w, p: _update(w, p, "loan_objects", insurance_value=Decimal("6000")),
    "loan condition note changed": lambda w, p: _update(w, p, "loan_objects",
                                                        conditions_return={"en": "Scratched"}),
    "loan title translated": lambda w, p: _update(w, p, "loan_objects", titles={"en": "Bowl", "kk": "Тостаған"}),
    "participant added": lambda w, p: _add(w, p, "participants", name="Aigerim", home_institution_id=w.turkestan),
    "participant's role changed": lambda w, p: _update(w, p, "participants", roles={"en": "Archaeologist"}),
    "route stop added": lambda w, p: _add(w, p, "route_stops", site_id=w.baku_site),
    "route stop changed": lambda w, p: _update(w, p, "route_stops", departure=date(2027, 5, 3)),
    "venue changed": lambda w, p: _update(w, p, "venues", closes_on=date(2027, 5, 31)),
    "plan description translated": lambda w, p: _plan(w, p, description={"en": "Finds of both reserves.",
                                                                        "ru": "Находки обоих заповедников."}),
    "plan title translated": lambda w, p: _plan(w, p, title={"en": "Shared treasures", "ru": "Общее наследие"}),
}  # fmt: skip


def _cancel(world, plan) -> None:
    from planner.schedule import operations as events

    events.cancel_event(event_of(world, plan), world.curator)


def _move_occurrence(world, plan) -> None:
    from planner.schedule import operations as events
    from planner.schedule.editing import event_values

    later = dict(starts_local=datetime(2027, 3, 10, 11, 0), ends_local=datetime(2027, 3, 10, 12, 0), frequency=None)
    events.move_occurrence(
        event_of(world, plan), world.curator, "2027-03-09T11:00:00", weekly(event_values, world.ganja_site, **later)
    )


def _update(world, plan, kind: str, **values) -> None:
    from planner.plans import operations

    operations.update_part(plan, world.curator, kind, getattr(plan, kind)[0].id, values)


def _add(world, plan, kind: str, **values) -> None:
    from planner.plans import operations

    operations.add_part(plan, world.curator, kind, values)


def _plan(world, plan, **values) -> None:
    from planner.plans import operations

    operations.update_plan(plan, world.curator, values)


@pytest.mark.parametrize(
    "change", list(FIELD_CHANGES), ids=[c.replace(" ", "_").replace("'", "") for c in FIELD_CHANGES]
)
def test_each_field_of_the_fingerprint_withdraws_both_approvals(app, world, change):
    plan = plan_of(world)
    assert plan.status == "approved" and len(standing(plan)) == 2
    with app.test_request_context():
        FIELD_CHANGES[change](world, plan)
    plan = plan_of(world)
    assert standing(plan) == [], change
    assert {a.institution_id for a in plan.approvals if a.withdrawn_at is not None} == {world.ganja, world.turkestan}
    assert plan.status == "proposed"


def test_moving_the_series_to_baku_every_two_weeks_tells_the_partner_and_prints_it(app, world, as_user):
    """The issue's scenario: both approvals withdrawn, the partner's inbox says venue and rhythm
    changed, and the project agreement says "every 2 weeks"."""
    from tests.documents.conftest import pdf_text, squeezed

    with app.test_request_context(), unit_of_work():
        save_series(world, plan_of(world), site_id=world.baku_site, interval=2)
    assert standing(plan_of(world)) == []
    inbox = as_user("curator-turkestan").get("/notifications").get_data(as_text=True)
    assert "Carpet" in inbox and "every 2 weeks on Tuesday" in inbox, inbox
    document = as_user("curator").get(f"/plans/{world.plan_id}/agreement.pdf?languages=en,ru")
    text = squeezed(pdf_text(document.data))
    assert squeezed("every 2 weeks on Tuesday, 10 times") in text
    assert squeezed("каждые 2 недели по вторникам, 10 раз") in text


# --- the property: the document never changes without the fingerprint --------------------------

LANGUAGE_PAIRS = (("en",), ("az", "kk"), ("ru", "en"), ("kk", "az"))
TEXT = st.text(alphabet="abcxyzəğıқңөжщ ", min_size=1, max_size=6).map(str.strip).filter(bool)
IN_LANGUAGES = st.dictionaries(st.sampled_from(("en", "az", "kk", "ru")), TEXT, min_size=1, max_size=4)
DAYS = st.dates(date(2026, 6, 1), date(2028, 6, 1))
MOMENTS = st.datetimes(datetime(2026, 6, 1), datetime(2028, 6, 1)).map(lambda t: t.replace(second=0, microsecond=0))
MONEY = st.decimals(min_value=0, max_value=10**6, places=2)


def field_values(world) -> dict[str, st.SearchStrategy]:
    """What a user may set each editable column to (the test fails on a column without one)."""
    from planner.plans.events import EVENT_KINDS, EVENT_STATUSES
    from planner.plans.models import COST_CATEGORIES

    parties = st.sampled_from((world.ganja, world.turkestan))
    return {
        "kind": st.sampled_from(("exhibition", "seminar", "conference")),
        "title": TEXT,
        "titles": IN_LANGUAGES,
        "description": TEXT,
        "descriptions": IN_LANGUAGES,
        "terms": st.sampled_from(("free_of_charge", "compensated")),
        "project_agreement_ref": TEXT,
        "project_agreement_date": DAYS,
        "lead_institution_id": parties,
        "online_url": st.sampled_from(("", "https://meet.example.org/a", "https://meet.example.org/b")),
        "site_id": st.sampled_from(world.sites),
        "opens_on": DAYS,
        "closes_on": DAYS,
        "arrival": DAYS,
        "departure": DAYS,
        "payer_institution_id": parties,
        "incurred_by_institution_id": st.one_of(st.none(), parties),
        "category": st.sampled_from(COST_CATEGORIES),
        "amount": MONEY,
        "currency": st.sampled_from(("EUR", "AZN", "KZT")),
        "lender_institution_id": parties,
        "inventory_number": TEXT,
        "loan_from": DAYS,
        "loan_to": DAYS,
        "insurance_value": st.one_of(st.none(), MONEY),
        "insurance_currency": st.sampled_from(("EUR", "AZN")),
        "condition_departure": TEXT,
        "condition_return": TEXT,
        "conditions_departure": IN_LANGUAGES,
        "conditions_return": IN_LANGUAGES,
        "name": TEXT,
        "role": TEXT,
        "roles": IN_LANGUAGES,
        "home_institution_id": parties,
        "host_institution_id": st.one_of(st.none(), parties),
        "from_date": DAYS,
        "to_date": DAYS,
        "status": st.sampled_from(EVENT_STATUSES),
        "all_day": st.booleans(),
        "timezone": st.sampled_from(("Asia/Baku", "Asia/Almaty", "UTC")),
        "starts_at": MOMENTS,
        "ends_at": MOMENTS,
        "start_date": DAYS,
        "end_date": DAYS,
        "recurrence_frequency": st.sampled_from((None, "daily", "weekly", "monthly")),
        "recurrence_interval": st.integers(1, 4),
        "recurrence_until": st.one_of(st.none(), DAYS),
        "recurrence_count": st.one_of(st.none(), st.integers(1, 20)),
        "excluded_dates": st.lists(DAYS.map(lambda d: f"{d.isoformat()}T11:00:00"), max_size=3),
        ("event", "kind"): st.sampled_from(EVENT_KINDS),
        ("plan", "title"): IN_LANGUAGES,  # a plan's own texts are per language only
        ("plan", "description"): IN_LANGUAGES,
    }


def values_for(values: dict, table: str, column: str) -> st.SearchStrategy | None:
    return values.get((table, column), values.get(column))


#: Columns a user does not edit (ids, the plan they belong to, counters, derived values, status
#: moves, the series a moved occurrence replaces) besides those not content.
NOT_EDITED = {"agreement_id", "uid", "override_of_id", "recurrence_id"}
#: Each table edited in the property test: the operation's name for its rows.
EDITED_PARTS = {
    "plan_venue": "venues",
    "route_stop": "route_stops",
    "cost_item": "cost_items",
    "loan_object": "loan_objects",
    "participant": "participants",
}


def editable(table_name: str) -> list[str]:
    from planner.extensions import db

    skipped = NOT_EDITED | {c for c, why in NOT_CONTENT[table_name].items() if "mirror" not in why}
    return [column.name for column in db.metadata.tables[table_name].columns if column.name not in skipped]


def document_blocks(plan) -> dict:
    """The document model's blocks in each pair of languages (the footer names the fingerprint)."""
    from planner.documents.languages import LanguageChoice
    from planner.documents.model import build_document
    from planner.documents.queries import agreement_data
    from planner.documents.wording import wording_for

    data = agreement_data(plan)
    return {
        pair: tuple(
            block
            for block in build_document(data, [LanguageChoice(c) for c in pair], {c: wording_for(c) for c in pair}).blocks
            if not getattr(block, "informative", False)  # the loan records' state of the day: labelled, not content
        )
        for pair in LANGUAGE_PAIRS
    }


def edit(world, plan, table: str, column: str, value) -> None:
    """One field set through the operation users' changes go through."""
    from planner.plans import operations
    from planner.plans.occurrences import series_range

    if table == "plan":
        operations.update_plan(plan, world.curator, {column: value})
    elif table == "event":
        event = event_of(world, plan)

        def change(_plan):
            setattr(event, column, value)
            if event.all_day and event.start_date is None:  # both shapes' columns, as the form keeps them
                event.start_date, event.end_date = event.starts_at.date(), event.ends_at.date()
            event.range_start, event.range_end = series_range(event)

        operations.change_content(plan, world.curator, change)
    else:
        relation = EDITED_PARTS[table]
        operations.update_part(plan, world.curator, relation, getattr(plan, relation)[0].id, {column: value})


def test_every_editable_field_has_values_to_try(app, world):
    values = field_values(world)
    for table in ("plan", "event", *EDITED_PARTS):
        missing = [c for c in editable(table) if values_for(values, table, c) is None]
        assert missing == [], f"{table}: no values to try for {missing}"


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_the_document_never_changes_without_the_fingerprint(app, world, data):
    from planner.errors import Invalid

    values = field_values(world)
    table = data.draw(st.sampled_from(("plan", "event", *EDITED_PARTS)), label="table")
    column = data.draw(st.sampled_from(editable(table)), label="column")
    value = data.draw(values_for(values, table, column), label="value")
    with app.test_request_context():
        plan = plan_of(world)
        if plan.status == "proposed":
            approve_both(plan, world.users)
        plan = plan_of(world)
        before, fingerprint = document_blocks(plan), plan.current_fingerprint
        assert len(standing(plan)) == 2
        try:
            edit(world, plan, table, column, value)
        except Invalid:
            world.session.rollback()
            return
        plan = plan_of(world)
        after = document_blocks(plan)
    changed = [pair for pair in LANGUAGE_PAIRS if before[pair] != after[pair]]
    if changed:
        assert plan.current_fingerprint != fingerprint, (table, column, changed)
        assert standing(plan) == [], (table, column)
    if plan.current_fingerprint != fingerprint:
        assert standing(plan) == [] and all(a.withdrawn_at is not None for a in plan.approvals[-2:])


def test_a_changed_plan_date_moves_the_event_lines_too(app, world):
    """A sanity check of the property test's instrument: a venue moved in time changes both."""
    with app.test_request_context():
        plan = plan_of(world)
        before = document_blocks(plan)
        edit(world, plan, "plan_venue", "opens_on", date(2027, 2, 1))
        assert document_blocks(plan_of(world)) != before


def test_the_rule_reads_the_same_on_the_event_page_the_plan_page_and_the_document(app, world, as_user):
    from tests.documents.conftest import pdf_text, squeezed

    with app.test_request_context(), unit_of_work():
        _move_occurrence(world, plan_of(world))
    rule = "every week on Tuesday, 10 times, 1 moved"
    client = as_user("curator")
    assert rule in client.get(f"/events/{world.event_id}").get_data(as_text=True)
    assert rule in client.get(f"/plans/{world.plan_id}").get_data(as_text=True)
    document = client.get(f"/plans/{world.plan_id}/agreement.pdf?languages=en")
    assert squeezed(rule) in squeezed(pdf_text(document.data))
