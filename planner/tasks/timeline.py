"""A plan's timeline as an inline SVG, pure: plain items in, text out, no Flask and no database.

Each item is a row: a bar for what lasts (a venue's run, a loan period, a transport leg), a mark
for what falls on a day (an event, a task), with its label beside the axis; a line marks today.
The picture is one `role="img"` with its own <title> and <desc>, and every item a group named by
its own <title> and `aria-label`, so a screen reader and a test can name each. Every text is
escaped. Sized in a viewBox of A4 landscape's proportions: the print style fills the page with it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from xml.sax.saxutils import escape, quoteattr

WIDTH = 1120
LABEL_WIDTH = 300
ROW = 22
TOP = 40
MARGIN = 12

#: Each kind's colour (the print style keeps them: they read in grey too).
COLOURS = {
    "venue": "#2f6f9f",
    "loan": "#8a6d1f",
    "leg": "#6b4c9a",
    "event": "#1f7a4d",
    "task": "#b5432f",
    "task_done": "#7a7a7a",
    "task_overdue": "#d00000",
}


@dataclass(frozen=True)
class Item:
    """A row of the timeline: `end` None for a mark on one day. `name` is its accessible name
    (what it is and when, in the reader's words); `label` the short text beside it."""

    kind: str
    label: str
    start: date
    end: date | None
    name: str


def _month_label(day: date) -> str:
    return day.strftime("%Y-%m")


def timeline_svg(
    title: str,
    description: str,
    items: Sequence[Item],
    today: date | None,
    today_label: str = "Today",
    month_label: Callable[[date], str] = _month_label,
    element_id: str = "timeline",
) -> str:
    """The SVG text of the timeline (empty when no item has a date)."""
    items = sorted(items, key=lambda item: (item.start, item.end or item.start, item.label))
    if not items:
        return ""
    first = min(item.start for item in items)
    last = max(item.end or item.start for item in items)
    if today is not None and first - timedelta(days=60) <= today <= last + timedelta(days=60):
        first, last = min(first, today), max(last, today)
    first = first.replace(day=1)
    last = _next_month(last)
    span = max((last - first).days, 1)
    plot = WIDTH - LABEL_WIDTH - MARGIN
    x = lambda day: LABEL_WIDTH + plot * (day - first).days / span  # noqa: E731
    height = TOP + ROW * len(items) + MARGIN + 14  # the last line: today's label
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="timeline" id={quoteattr(element_id)}'
        f' viewBox="0 0 {WIDTH} {height}" preserveAspectRatio="xMinYMin meet"'
        f" aria-labelledby={quoteattr(element_id + '-title')} aria-describedby={quoteattr(element_id + '-desc')}>",
        f"<title id={quoteattr(element_id + '-title')}>{escape(title)}</title>",
        f"<desc id={quoteattr(element_id + '-desc')}>{escape(description)}</desc>",
        *_axis(first, last, x, height, month_label),
    ]
    for row, item in enumerate(items):
        parts.append(_item(item, TOP + ROW * row, x))
    if today is not None and first <= today <= last:
        at = x(today)
        name = f"{today_label}: {today.isoformat()}"
        parts.append(
            f'<g class="tl-today" aria-label={quoteattr(name)}><title>{escape(name)}</title>'
            f'<line x1="{at:.1f}" y1="{TOP - 14}" x2="{at:.1f}" y2="{height - MARGIN}" stroke="#d00000" stroke-dasharray="4 3"/>'
            f'<text x="{at + 3:.1f}" y="{height - 2}" font-size="11" fill="#d00000">{escape(today_label)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _axis(first: date, last: date, x, height: int, month_label) -> list[str]:
    """A tick and label at each month's start (every third month's label on a long plan)."""
    months = []
    day = first
    while day <= last:
        months.append(day)
        day = _next_month(day)
    every = 1 if len(months) <= 14 else 3
    parts = ['<g class="tl-axis" aria-hidden="true" font-size="10" fill="#444">']
    for n, month in enumerate(months):
        at = x(month)
        parts.append(f'<line x1="{at:.1f}" y1="{TOP - 10}" x2="{at:.1f}" y2="{height - MARGIN}" stroke="#ddd"/>')
        if n % every == 0 and month < last:
            parts.append(f'<text x="{at + 2:.1f}" y="{TOP - 14}">{escape(month_label(month))}</text>')
    parts.append("</g>")
    return parts


def _item(item: Item, y: int, x) -> str:
    colour = COLOURS.get(item.kind, "#333")
    label = item.label if len(item.label) <= 48 else item.label[:47] + "…"
    shape = (
        f'<rect x="{x(item.start):.1f}" y="{y + 4}" width="{max(x(item.end) - x(item.start), 3):.1f}" height="{ROW - 8}"'
        f' fill="{colour}" rx="2"/>'
        if item.end is not None
        else f'<circle cx="{x(item.start):.1f}" cy="{y + ROW / 2:.1f}" r="5" fill="{colour}"/>'
    )
    return (
        f'<g class="tl-item tl-{escape(item.kind)}" data-kind={quoteattr(item.kind)} aria-label={quoteattr(item.name)}>'
        f"<title>{escape(item.name)}</title>"
        f'<text x="{LABEL_WIDTH - 6}" y="{y + ROW - 7}" text-anchor="end" font-size="11">{escape(label)}</text>'
        f"{shape}</g>"
    )
