"""Moved to the core module `planner.timezones` (every domain uses it). This name stays only so
that branches written before the move still import; the lead removes it after merging them."""

from planner.timezones import is_known_zone, known_zones, viewer_zone, zone  # noqa: F401
