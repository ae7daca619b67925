"""The MoU reader on the seed memorandum, on a 1 MB and a 5 MB document (goals from issue #34:
under 1 s and under 5 s in one process; with the 5 MB / 1 MB ratio: about 5 when linear), and
the worst-case preview: 150,000 articles sharing one number (the reading, then the preview's
rows and page rendered from it; the 150k / 15k ratio is about 10 when linear). Median times in ms."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from planner.mou import parse_mou

SEED = (Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "004_e74de14cd5f9c810.txt").read_text(
    encoding="utf-8"
)
ARTICLE = "The Parties shall organise joint exhibitions, seminars and the exchange of specialists. " * 12


def median_ms(function, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def document_of(kilobytes: int) -> str:
    """Articles of about 1 KB each, numbered 1, 2, 3 …, up to the size asked."""
    count = kilobytes * 1000 // (len(ARTICLE) + 16)
    return "Memorandum.\n\n" + "\n\n".join(f"Article {n}\n\n{ARTICLE}" for n in range(1, count + 1))


def megabyte_document() -> str:
    return document_of(1000)


def one_number(count: int) -> str:
    """The worst case of the preview: every article is Article 1."""
    return "Memorandum of the parties.\n\n" + "Article 1\n\nThe Parties cooperate.\n\n" * count


def preview_ms(reading: dict) -> float:
    """The preview page's rows and HTML rendered from a reading (the request's own work after
    the reading), in a test request of the application."""
    from flask import render_template

    from planner import create_app
    from planner.agreements.forms import MouTextForm
    from planner.agreements.importing import draft_titles
    from planner.agreements.views import _signatory_rows

    app = create_app("config.TestConfig")
    with app.test_request_context("/agreements/new", method="POST"):
        form = MouTextForm()
        page = dict(form=form, reading=reading, error=None, duplicates=[], loses_own=False, scan=None, scan_pages=[])
        page |= dict(title_error=None, signatory_error=None)  # as the view renders it (agreements.views.new_from_text)
        return median_ms(
            lambda: render_template(
                "agreements/new.html", **page, titles=draft_titles(reading), signatories=_signatory_rows(form, reading)
            ),
            3,
        )


def run() -> list[tuple[str, float | str]]:
    one, five = document_of(1000), document_of(5000)
    seed_ms = median_ms(lambda: parse_mou(SEED), 20)
    one_ms = median_ms(lambda: parse_mou(one), 3)
    five_ms = median_ms(lambda: parse_mou(five), 1)
    small, large = one_number(15_000), one_number(150_000)
    small_reading, large_reading = parse_mou(small), None
    started = time.perf_counter()
    large_reading = parse_mou(large)
    large_parse_ms = (time.perf_counter() - started) * 1000
    small_parse_ms = median_ms(lambda: parse_mou(small), 1)
    small_preview, large_preview = preview_ms(small_reading), preview_ms(large_reading)
    return [
        ("MoU reader: seed (4 versions, 27 KB), median of 20", seed_ms),
        (f"MoU reader: {len(one.encode()) // 1000} KB document, median of 3 (goal < 1000 ms)", one_ms),
        (f"MoU reader: {len(five.encode()) // 1000} KB document (goal < 5000 ms)", five_ms),
        ("MoU reader: 5 MB / 1 MB (linear: about 5)", f"{five_ms / one_ms:9.2f} x"),
        (f"MoU reader: 150,000 articles numbered 1 ({len(large.encode()) // 1000} KB)", large_parse_ms),
        ("MoU reader: 150,000 / 15,000 articles (linear: about 10)", f"{large_parse_ms / small_parse_ms:9.2f} x"),
        ("MoU preview page: 150,000 articles numbered 1 (goal < 2000 ms)", large_preview),
        ("MoU preview page: 150,000 / 15,000 articles", f"{large_preview / small_preview:9.2f} x"),
    ]


if __name__ == "__main__":
    for label, value in run():
        print(f"{label}: {value:.2f} ms" if isinstance(value, float) else f"{label}: {value}")
