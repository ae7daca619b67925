"""Building a feed of 5,000 events next to the floor: icalendar alone serializing them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from bench.bench_mou import median_ms
from planner.schedule.ical import FeedEvent, build_feed

BAKU = ZoneInfo("Asia/Baku")
STAMP = datetime(2026, 11, 1, tzinfo=UTC)


def feed_events(count: int) -> list[FeedEvent]:
    events = []
    for n in range(count):
        if n % 5 == 0:
            start = date(2026, 1, 1) + timedelta(days=n % 700)
            events.append(
                FeedEvent(
                    uid=f"e{n}@bench",
                    sequence=0,
                    title=f"Exhibition {n}",
                    start=start,
                    end=start + timedelta(days=30),
                    transparent=True,
                )
            )
        else:
            start = datetime(2026, 1, 1, 10, tzinfo=BAKU) + timedelta(days=n % 700)
            events.append(
                FeedEvent(
                    uid=f"e{n}@bench",
                    sequence=1,
                    title=f"Session {n}",
                    timezone="Asia/Baku",
                    start=start,
                    end=start + timedelta(hours=2),
                    description="Joint seminar",
                )
            )
    return events


def library_floor(events: list[FeedEvent]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//bench//EN")
    calendar.add("version", "2.0")
    for item in events:
        component = Event()
        for name, value in (
            ("uid", item.uid),
            ("dtstamp", STAMP),
            ("dtstart", item.start),
            ("dtend", item.end),
            ("summary", item.title),
            ("sequence", item.sequence),
        ):
            component.add(name, value)
        calendar.add_component(component)
    return calendar.to_ical()


def run() -> list[tuple[str, float]]:
    events = feed_events(5000)
    return [
        ("iCal: feed of 5,000 events, median of 5", median_ms(lambda: build_feed("Bench", events, stamp=STAMP), 5)),
        ("iCal floor: icalendar alone, same 5,000 events", median_ms(lambda: library_floor(events), 5)),
    ]


if __name__ == "__main__":
    for label, value in run():
        print(f"{label}: {value:.2f} ms")
