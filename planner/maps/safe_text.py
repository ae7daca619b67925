"""Making user text inert wherever a map puts it.

folium and Leaflet place text in three contexts: HTML (popups, tooltips, GeoJSON popup fields,
layer names are set as innerHTML), JavaScript template literals (folium's Tooltip and Popup,
where `${...}` runs even after HTML escaping) and JavaScript strings. Escaping the HTML
specials and also `$`, backtick and backslash as numeric character references makes a value
safe in all three: the browser shows the original text and nothing runs."""

from __future__ import annotations

_REPLACEMENTS = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
    "`": "&#96;",
    "$": "&#36;",
    "\\": "&#92;",
}
_TABLE = str.maketrans(_REPLACEMENTS)


def map_text(value: object) -> str:
    """The text as inert HTML, safe inside template literals and quoted JavaScript strings."""
    return ("" if value is None else str(value)).translate(_TABLE)


def safe_link(url: str, label: str) -> str:
    """An anchor for a popup; only same-site paths and http(s) addresses become links."""
    if not url or not (url.startswith("/") and not url.startswith("//") or url.startswith(("https://", "http://"))):
        return map_text(label)
    return f'<a href="{map_text(url)}">{map_text(label)}</a>'
