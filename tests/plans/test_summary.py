"""The readable change summary, as a pure function: no Flask, no database."""

from __future__ import annotations

import pytest

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


SERIES = {
    "uid": "talks@mou-planner",
    "titles": {"en": "Gallery talk"},
    "site_id": 7,
    "timezone": "Asia/Baku",
    "starts_at": "2027-03-02T07:00:00",
    "ends_at": "2027-03-02T08:00:00",
    "status": "confirmed",
    "recurrence_frequency": "weekly",
    "recurrence_interval": 1,
    "recurrence_count": 10,
    "excluded_dates": [],
    "override_of_id": None,
    "recurrence_id": None,
}
MOVED_TO_BAKU = {**SERIES, "site_id": 8, "recurrence_interval": 2}


@pytest.mark.parametrize(
    "locale, before, after",
    [
        ("en", "every week on Tuesday", "every 2 weeks on Tuesday"),
        ("ru", "каждую неделю по вторникам", "каждые 2 недели по вторникам"),
        ("kk", "апта сайын, сейсенбі күні", "әр 2 апта сайын, сейсенбі күні"),
        ("az", "hər həftə, çərşənbə axşamı günləri", "hər 2 həftədən bir, çərşənbə axşamı günləri"),
    ],
)
def test_a_series_moved_to_baku_every_two_weeks_reads_venue_and_rhythm(locale, before, after):
    names = Names(institutions={}, sites={7: "Ganja reserve", 8: "Carpet Museum, Baku"})
    [row] = summarize(content(events=[SERIES]), content(events=[MOVED_TO_BAKU]), names, locale, words)
    assert row.change == "changed" and row.label == "Gallery talk"
    assert "Ganja reserve" in row.before and before in row.before
    assert "Carpet Museum, Baku" in row.after and after in row.after


def test_a_translation_the_reader_does_not_read_still_shows_as_a_change():
    with_kazakh = {**SERIES, "titles": {"en": "Gallery talk", "kk": "Галереядағы әңгіме"}}
    [row] = summarize(content(events=[SERIES]), content(events=[with_kazakh]), NAMES, "en", words)
    assert "kk: Галереядағы әңгіме" in row.after and "kk:" not in row.before
