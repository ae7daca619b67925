"""The readable change summary, as a pure function: no Flask, no database."""

from __future__ import annotations

from planner.plans.summary import Names, Row, summarize

NAMES = Names(institutions={1: "Ganja Reserve", 2: "Aziret Sultan"}, sites={7: "Aziret Sultan mausoleum"})
ENGLISH = {
    ("part", "events"): "Event",
    ("part", "venues"): "Venue",
    ("part", "costs"): "Cost",
    ("part", "loans"): "Loan object",
    ("part", "participants"): "Participant",
    ("part", "route"): "Route stop",
    ("part", "partners"): "Partner institutions",
    ("part", "terms"): "Terms",
    ("terms", "compensated"): "Compensated",
    ("terms", "free_of_charge"): "Free of charge",
    ("category", "transport"): "Transport",
    ("text", "inventory"): "inv. no. {number}",
    ("status", "tentative"): "Tentative",
}


def words(group: str, key: str) -> str:
    return ENGLISH.get((group, key), key)


OPENING = [
    "opening@mou-planner",
    "Opening",
    "2027-03-15T10:00:00",
    "2027-03-15T12:00:00",
    "Asia/Almaty",
    "confirmed",
    None,
    None,
    None,
]


def content(**parts) -> dict:
    base = {
        "kind": "exhibition",
        "title": "Silk Road",
        "terms": "free_of_charge",
        "project_agreement": [None, None],
        "lead": 1,
        "partners": [2],
        "venues": [],
        "events": [],
        "costs": [],
        "loans": [],
        "participants": [],
        "route": [],
    }
    return base | parts


def test_a_moved_opening_reads_in_the_events_own_zone_without_its_uid():
    moved = OPENING[:2] + ["2027-03-16T10:00:00", "2027-03-16T12:00:00"] + OPENING[4:]
    [row] = summarize(content(events=[OPENING]), content(events=[moved]), NAMES, "en", words)
    assert row == Row(
        "changed",
        "Opening",
        "March 15, 2027, 15:00 – March 15, 2027, 17:00 (Kazakhstan Time)",
        "March 16, 2027, 15:00 – March 16, 2027, 17:00 (Kazakhstan Time)",
    )


def test_in_kazakh_the_zone_and_month_are_kazakh():
    moved = OPENING[:2] + ["2027-03-16T10:00:00", "2027-03-16T12:00:00"] + OPENING[4:]
    [row] = summarize(content(events=[OPENING]), content(events=[moved]), NAMES, "kk", words)
    assert "наурыз" in row.after and "Қазақстан уақыты" in row.after and "15:00" in row.after


def test_added_and_removed_parts_by_name_never_by_id_and_never_an_empty_dash():
    before = content(costs=[[1, "transport", "", "1500.000", "EUR"]], venues=[[7, "2027-03-01", None]])
    after = content(
        terms="compensated",
        loans=[[2, "KP-1234", "Carpet, 19th century", None, None, None, None]],
        participants=[["Aigerim", 2, None, "2027-03-01", "2027-03-10"]],
        venues=[[7, "2027-03-01", None]],
    )
    rows = summarize(before, after, NAMES, "en", words)
    assert rows == [
        Row("changed", "Terms", "Free of charge", "Compensated"),
        Row("removed", "Cost: Ganja Reserve", before="€1,500.00, Transport"),
        Row("added", "Loan object: Carpet, 19th century, inv. no. KP-1234", after="Aziret Sultan"),
        Row("added", "Participant: Aigerim", after="Aziret Sultan, March 1, 2027 – March 10, 2027"),
    ]
    text = repr(rows)
    assert "—" not in text and "None" not in text and "[" not in text.replace("[Row", "")


def test_nothing_changed_reads_as_nothing():
    assert summarize(content(events=[OPENING]), content(events=[OPENING]), NAMES, "ru", words) == []
