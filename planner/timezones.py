"""IANA time zones, for every domain: which names are accepted, their localized labels for the
zone picker, wall-clock times that a daylight-saving change skips or repeats, and the zone a
viewer sees times in.

"Canonical" here means the zones of tzdata's `zone.tab` (one zone per region of a country, the
list zone pickers offer, e.g. Asia/Almaty, Europe/Kyiv) plus UTC. Links and legacy names that
`zoneinfo.available_timezones()` also lists are refused for new data: `localtime`, `Factory`,
POSIX zones such as `EST5EDT`, `posix/...`, `right/...`, `Etc/GMT+4`, old spellings such as
`Europe/Kiev`. Stored data with such a name is still read (`zone`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo, available_timezones


@lru_cache(maxsize=1)
def _zone_table() -> dict[str, str]:
    """Zone name -> ISO country code, from the tzdata package's zone.tab."""
    text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {columns[2]: columns[0] for columns in rows}


@lru_cache(maxsize=1)
def known_zones() -> frozenset[str]:
    """The canonical zone names (see the module docstring)."""
    return frozenset(_zone_table()) | {"UTC"}


def is_known_zone(name: str) -> bool:
    return name in known_zones()


def zone(name: str | None) -> ZoneInfo:
    """The zone to compute with: any name zoneinfo knows (older rows may hold a legacy one), else UTC."""
    return ZoneInfo(name if name and name in _readable_zones() else "UTC")


@lru_cache(maxsize=1)
def _readable_zones() -> frozenset[str]:
    return frozenset(available_timezones())


@lru_cache(maxsize=8)
def zone_choices(locale: str) -> tuple[tuple[str, str], ...]:
    """(name, label) for the zone picker, labels in `locale` ("Kazakhstan: Almaty (Asia/Almaty)"),
    sorted by label; the IANA name stays in the label so the English name can be typed too."""
    from babel import Locale
    from babel.dates import get_timezone_location

    territories = Locale.parse(locale).territories
    choices = [("UTC", "UTC")]
    for name, country in _zone_table().items():
        city = get_timezone_location(name, locale=locale, return_city=True)
        choices.append((name, f"{territories.get(country, country)}: {city} ({name})"))
    return tuple(sorted(choices, key=lambda choice: (choice[0] != "UTC", choice[1].casefold())))


@dataclass(frozen=True)
class WallClock:
    """How a zone's clocks treat a local time: "normal", "gap" (skipped when the clocks jump
    forward) or "overlap" (shown twice when they go back); for a gap and an overlap, the local
    times the change spans ([first, last) of the skipped or repeated interval)."""

    kind: str
    first: datetime | None = None
    last: datetime | None = None


def wall_clock(local: datetime, zone_name: str) -> WallClock:
    """Classify the naive wall-clock time `local` in the zone (see WallClock)."""
    tz = zone(zone_name)
    earlier, later = local.replace(tzinfo=tz, fold=0), local.replace(tzinfo=tz, fold=1)
    before, after = earlier.utcoffset(), later.utcoffset()
    if before == after:
        return WallClock("normal")
    low, high = min(local - before, local - after), max(local - before, local - after)
    change = _change_instant(tz, low, high)
    offsets = sorted([before, after])
    first, last = change + offsets[0], change + offsets[1]
    kind = "gap" if before < after else "overlap"
    return WallClock(kind, first.replace(tzinfo=None), last.replace(tzinfo=None))


def _change_instant(tz: ZoneInfo, low: datetime, high: datetime) -> datetime:
    """The UTC instant (naive) between low and high where the zone's offset changes (to the minute)."""
    start_offset = low.replace(tzinfo=UTC).astimezone(tz).utcoffset()
    while high - low > timedelta(minutes=1):
        middle = low + (high - low) / 2
        if middle.replace(tzinfo=UTC).astimezone(tz).utcoffset() == start_offset:
            low = middle
        else:
            high = middle
    return high.replace(second=0, microsecond=0)


def wall_clock_problem(local: datetime, zone_name: str) -> str | None:
    """A translated refusal for a time the clocks skip (a gap names its bounds), else None."""
    from flask_babel import gettext

    return _wall_clock_message(
        local,
        zone_name,
        "gap",
        lambda **values: gettext(
            "%(time)s does not exist in %(zone)s on %(day)s: the clocks jump from %(first)s to %(last)s "
            "(daylight saving time). Choose a time outside that gap.",
            **values,
        ),
    )


def wall_clock_note(local: datetime, zone_name: str) -> str | None:
    """A translated note for a time the clocks show twice (the first is taken), else None."""
    from flask_babel import gettext

    return _wall_clock_message(
        local,
        zone_name,
        "overlap",
        lambda **values: gettext(
            "%(time)s occurs twice in %(zone)s on %(day)s (the clocks go back from %(last)s to %(first)s): "
            "the first one, before the change, is taken.",
            **values,
        ),
    )


def _wall_clock_message(local: datetime, zone_name: str, kind: str, message) -> str | None:
    """`message` filled with the time, zone, day and the change's bounds when `local` is of `kind`."""
    from flask_babel import format_date

    found = wall_clock(local, zone_name)
    if found.kind != kind:
        return None
    return message(
        time=local.strftime("%H:%M"),
        zone=zone_name,
        day=format_date(local.date(), "long"),
        first=found.first.strftime("%H:%M"),
        last=found.last.strftime("%H:%M"),
    )


def viewer_zone() -> ZoneInfo:
    """The signed-in viewer's own zone, else their institution's, else UTC."""
    from flask_login import current_user

    if not getattr(current_user, "is_authenticated", False):
        return zone(None)
    institution = current_user.institution
    return zone(current_user.timezone or (institution.timezone if institution else None))
