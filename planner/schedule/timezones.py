"""IANA time zones: validation and the zone a viewer sees times in."""

from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones


@lru_cache(maxsize=1)
def known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def is_known_zone(name: str) -> bool:
    return name in known_zones()


def zone(name: str | None) -> ZoneInfo:
    return ZoneInfo(name if name and is_known_zone(name) else "UTC")


def viewer_zone() -> ZoneInfo:
    """The signed-in viewer's own zone, else their institution's, else UTC."""
    from flask_login import current_user

    if not getattr(current_user, "is_authenticated", False):
        return zone(None)
    institution = current_user.institution
    return zone(current_user.timezone or (institution.timezone if institution else None))
