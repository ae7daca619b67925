"""The timeline's SVG, pure: every item drawn and named, today marked, text escaped."""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree

from planner.tasks.timeline import Item, timeline_svg

SVG = "{http://www.w3.org/2000/svg}"
ITEMS = [
    Item("venue", "Aziret Sultan", date(2026, 12, 4), date(2027, 1, 31), "Venue Aziret Sultan: 4 Dec to 31 Jan"),
    Item("loan", "Loan from Ganja", date(2026, 11, 20), date(2027, 4, 30), "Loan from Ganja: 20 Nov to 30 Apr"),
    Item("leg", "Transport", date(2026, 11, 20), date(2026, 11, 22), "Transport Ganja to Turkestan"),
    Item("event", "Opening", date(2026, 12, 4), None, "Event Opening: 4 Dec"),
    Item("task", "Press review", date(2026, 12, 11), None, "Task Press review: due 11 Dec"),
    Item("task_overdue", "Press release", date(2026, 11, 20), None, "Task Press release: overdue"),
    Item("task_done", "Crates", date(2026, 10, 20), None, "Task Crates: done"),
]


def parsed(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def test_every_item_is_drawn_with_its_accessible_name():
    root = parsed(timeline_svg("Timeline of the exhibition", "By date", ITEMS, date(2026, 12, 6)))
    assert root.get("role") == "img"
    labelled = root.get("aria-labelledby")
    assert root.find(f"{SVG}title").get("id") == labelled
    assert root.find(f"{SVG}title").text == "Timeline of the exhibition"
    groups = root.findall(f"{SVG}g[@data-kind]")
    assert sorted(g.get("aria-label") for g in groups) == sorted(item.name for item in ITEMS)
    for group in groups:
        assert group.find(f"{SVG}title").text == group.get("aria-label")
        shape = (
            group.find(f"{SVG}rect")
            if group.get("data-kind") in ("venue", "loan", "leg")
            else group.find(f"{SVG}circle")
        )
        assert shape is not None, group.get("data-kind")
    today = root.find(f"{SVG}g[@class='tl-today']")
    assert today.get("aria-label") == "Today: 2026-12-06" and today.find(f"{SVG}line") is not None


def test_items_are_drawn_in_date_order_and_today_outside_the_plan_is_left_out():
    root = parsed(timeline_svg("T", "D", ITEMS, date(2031, 1, 1)))
    starts = [g.get("aria-label") for g in root.findall(f"{SVG}g[@data-kind]")]
    assert starts[0] == "Task Crates: done" and starts[-1] == "Task Press review: due 11 Dec"
    assert root.find(f"{SVG}g[@class='tl-today']") is None


def test_text_is_escaped_and_long_labels_shortened():
    hostile = '<script>alert("x")</script> & "quoted" ' + "x" * 80
    svg = timeline_svg(hostile, hostile, [Item("task", hostile, date(2027, 1, 1), None, hostile)], None)
    assert "<script>" not in svg
    root = parsed(svg)  # still well-formed XML
    group = root.find(f"{SVG}g[@data-kind]")
    assert group.get("aria-label") == hostile and group.find(f"{SVG}title").text == hostile
    assert group.find(f"{SVG}text").text.endswith("…")


def test_nothing_dated_draws_nothing():
    assert timeline_svg("T", "D", [], date(2026, 12, 6)) == ""
