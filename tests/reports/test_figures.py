"""The report's arithmetic on plain data, without Flask: periods, person-days, visitors per run,
money per payer and currency (never summed across currencies), route distance, idle articles."""

from datetime import date
from decimal import Decimal

from planner.reports.figures import (
    ArticleFacts,
    Cost,
    LentObject,
    Occurrence,
    PlanFacts,
    Stay,
    Stop,
    VenueRun,
    build_report,
    days_within,
    distance_km,
    overlaps,
)

YEAR = (date(2027, 1, 1), date(2027, 12, 31))


def _on(occurrence: Occurrence, day: date) -> Occurrence:
    from dataclasses import replace

    return replace(occurrence, day=day)


def plan(**parts) -> PlanFacts:
    values = {"id": 1, "agreement_id": 7, "title": {"en": "P"}, "kind": "exhibition", "status": "approved",
              "articles": (5,)}  # fmt: skip
    return PlanFacts(**{**values, **parts})


def test_a_stay_counts_its_days_inside_the_period_both_ends_included():
    assert days_within(date(2027, 3, 1), date(2027, 3, 14), *YEAR) == 14
    assert days_within(date(2026, 12, 30), date(2027, 1, 2), *YEAR) == 2
    assert days_within(date(2026, 1, 1), date(2026, 2, 1), *YEAR) == 0
    assert days_within(None, date(2027, 1, 2), *YEAR) == 0


def test_overlap_of_open_and_missing_ends():
    assert overlaps(date(2026, 12, 4), date(2027, 1, 31), *YEAR)
    assert not overlaps(date(2026, 12, 4), date(2026, 12, 31), *YEAR)
    assert overlaps(date(2027, 12, 31), None, *YEAR)
    assert not overlaps(None, None, *YEAR)


def test_people_by_direction_and_person_days():
    report = build_report(
        [plan(kind="staff_exchange", people=(
            Stay("Leyla", 1, 2, date(2027, 3, 1), date(2027, 3, 14)),
            Stay("Aigerim", 2, 1, date(2027, 4, 5), date(2027, 4, 16)),
            Stay("Leyla", 1, 2, date(2027, 9, 1), date(2027, 9, 2)),  # the same person again
        ))],
        [], *YEAR,
    )  # fmt: skip
    directions = {(d.home_id, d.host_id): (d.people, d.person_days) for d in report.directions}
    assert directions == {(1, 2): (1, 16), (2, 1): (1, 12)}
    assert report.person_days == 28


def test_money_is_never_summed_across_currencies_and_says_when_actuals_are_missing():
    report = build_report(
        [plan(costs=(
            Cost(1, "EUR", Decimal("100.000"), Decimal("90.000")),
            Cost(1, "EUR", Decimal("50.000"), None),
            Cost(1, "AZN", Decimal("300.000"), Decimal("310.000")),
            Cost(2, "KZT", Decimal("1000.000"), Decimal("1000.000")),
        ), venues=(VenueRun({"en": "V"}, "Ganja", date(2027, 2, 1), date(2027, 3, 1), 1200),))],
        [], *YEAR,
    )  # fmt: skip
    money = {(m.payer_id, m.currency): (m.planned, m.actual, m.actual_known) for m in report.money}
    assert money == {
        (1, "AZN"): (Decimal("300.000"), Decimal("310.000"), True),
        (1, "EUR"): (Decimal("150.000"), Decimal("90.000"), False),
        (2, "KZT"): (Decimal("1000.000"), Decimal("1000.000"), True),
    }


def test_a_venue_run_counts_with_its_visitors_when_it_reaches_into_the_period():
    runs = (
        VenueRun({"en": "Turkestan"}, "Turkestan", date(2026, 12, 4), date(2027, 1, 31), 5000),
        VenueRun({"en": "Earlier"}, "Ganja", date(2026, 2, 1), date(2026, 3, 1), 700),
    )
    report = build_report([plan(venues=runs)], [], *YEAR)
    assert [e.visitors for e in report.exhibitions] == [5000]
    assert report.visitors == 5000


def test_events_held_attendance_and_activities_per_month():
    occurrences = (
        Occurrence(1, {"en": "Talk"}, "session", date(2027, 1, 5), True, 10, 120),
        Occurrence(1, {"en": "Talk"}, "session", date(2027, 1, 12), False, None, None),
        Occurrence(1, {"en": "Talk"}, "session", date(2027, 2, 2), None, None, None),
        Occurrence(2, {"en": "Old"}, "session", date(2026, 12, 8), True, 5, 5),
    )
    report = build_report([plan(kind="webinar", occurrences=occurrences)], [], *YEAR)
    assert len(report.occurrences) == 3 and len(report.held) == 1
    assert report.attendance == (10, 120)
    series = build_report([plan(occurrences=(occurrences[0], _on(occurrences[0], date(2027, 1, 19))))], [], *YEAR)
    assert len(series.held) == 2 and series.attendance == (10, 120)  # a series' attendance counts once
    assert dict(report.months)[date(2027, 1, 1)] == 2 and dict(report.months)[date(2027, 2, 1)] == 1
    assert len(report.months) == 12


def test_objects_by_lender_and_articles_with_no_activity():
    objects = (
        LentObject(1, 2, "GQ-2", {"en": "Lamp"}, date(2026, 11, 20), date(2027, 4, 30)),
        LentObject(1, 2, "GQ-1", {"en": "Bowl"}, date(2026, 11, 20), date(2027, 4, 30)),
        LentObject(3, 1, "UZ-1", {"en": "Vase"}, date(2027, 5, 1), date(2027, 6, 30)),
    )
    articles = [ArticleFacts(7, 5, {"en": "Exhibitions"}, ("exhibition",)), ArticleFacts(7, 6, {}, ())]
    report = build_report([plan(objects=objects)], articles, *YEAR)
    assert {lender: [o.inventory_number for o in found] for lender, found in report.objects_by_lender.items()} == {
        1: ["GQ-1", "GQ-2"],
        3: ["UZ-1"],
    }
    assert [a.number for a in report.idle_articles] == [6]
    assert report.articles[0].statuses == {"approved": 1}


def test_a_plan_outside_the_period_does_not_count():
    early = plan(id=2, venues=(VenueRun({}, "", date(2026, 1, 1), date(2026, 2, 1), 10),))
    undated = plan(id=3)
    report = build_report([early, undated], [ArticleFacts(7, 5, {}, ())], *YEAR)
    assert report.plans == () and [a.number for a in report.idle_articles] == [5]


def test_route_distance_along_the_stops_in_order():
    ganja, baku, turkestan = (
        Stop({}, 40.68, 46.36, None, None),
        Stop({}, 40.37, 49.84, None, None),
        Stop({}, 43.29, 68.27, None, None),
    )
    one = distance_km((ganja, baku))
    assert 290 < one < 300  # Ganja–Baku as the crow flies
    assert distance_km((ganja, baku, turkestan)) > one and distance_km((ganja,)) == 0
