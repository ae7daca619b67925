"""The MoU reader on the seed memorandum and on a 1 MB document (median times in ms)."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from planner.mou import parse_mou

SEED = (Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "004_e74de14cd5f9c810.txt").read_text(
    encoding="utf-8"
)


def median_ms(function, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def megabyte_document() -> str:
    article = "The Parties shall organise joint exhibitions, seminars and the exchange of specialists. " * 12
    return "Memorandum.\n\n" + "\n\n".join(f"Article {n}\n\n{article}" for n in range(1, 990))


def run() -> list[tuple[str, float]]:
    big = megabyte_document()
    return [
        ("MoU reader: seed (4 versions, 27 KB), median of 50", median_ms(lambda: parse_mou(SEED), 50)),
        (f"MoU reader: {len(big.encode()) // 1000} KB document, median of 5", median_ms(lambda: parse_mou(big), 5)),
    ]


if __name__ == "__main__":
    for label, value in run():
        print(f"{label}: {value:.2f} ms")
