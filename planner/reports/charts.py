"""Charts of a report as server-rendered SVG (pure): horizontal bars with their labels and
numbers written out, so a chart reads without JavaScript, prints, and says the same to a screen
reader (`role="img"`, a title and a description listing every bar) as to the eye."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

ROW = 22  # px per bar
LABEL_WIDTH = 220
BAR_WIDTH = 300
VALUE_WIDTH = 120


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the value as the reader's language writes it
    tone: int = 0  # 0: planned / count, 1: actual


def bar_chart(chart_id: str, title: str, bars: list[Bar], empty: str) -> str:
    """An SVG bar chart; ``empty`` is what it says when there is nothing to draw."""
    top = max((bar.value for bar in bars), default=0) or 1
    height = max(1, len(bars)) * ROW + 8
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    summary = "; ".join(f"{bar.label}: {bar.shown}" for bar in bars) or empty
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="report-chart" id="{escape(chart_id)}" '
        f'viewBox="0 0 {width} {height}" width="100%" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(summary)}</desc>',
    ]
    if not bars:
        parts.append(f'<text x="0" y="16" class="chart-empty">{escape(empty)}</text>')
    for row, bar in enumerate(bars):
        y = row * ROW + 4
        length = round(BAR_WIDTH * max(bar.value, 0) / top, 1)
        parts.append(
            f'<g class="bar tone-{bar.tone}"><title>{escape(bar.label)}: {escape(bar.shown)}</title>'
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 14}" text-anchor="end" class="chart-label">{escape(bar.label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{ROW - 6}" rx="2"></rect>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + 14}" class="chart-value">{escape(bar.shown)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
