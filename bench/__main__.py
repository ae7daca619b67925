"""`make bench`: the pages at two data sizes on SQLite and PostgreSQL, as one table (bench.pages),
then the MoU reader, the iCal builder and the map builder next to their library floors, the feeds
through gunicorn (bench_feeds) and the pages' throughput at 100x with eight readers
(bench_throughput, the load test's harness), each figure of #34 beside its goal."""

from __future__ import annotations

import importlib
import sys
import traceback

from bench import pages

FAILED: list[str] = []


def module_rows(name: str) -> list[tuple[str, str]]:
    """A part's rows; a part that fails is printed as failed (with its traceback) and the others
    still run, so one broken part does not throw away the minutes the others took."""
    try:
        module = importlib.import_module(f"bench.{name}")
    except ImportError as missing:
        return [(name, f"not available: {missing}")]
    try:
        rows = module.run()
    except Exception as failure:  # noqa: BLE001 - reported, and the exit status says so
        traceback.print_exc()
        FAILED.append(name)
        return [(name, f"FAILED: {failure!r}")]
    return [(label, f"{value:9.2f} ms" if isinstance(value, float) else str(value)) for label, value in rows]


def main() -> None:
    results, notes = pages.run()
    print("\n".join(pages.table(results) + notes))
    names = ("bench_mou", "bench_ical", "bench_maps", "bench_feeds", "bench_throughput", "bench_documents")
    names += ("bench_reports", "bench_calsearch")
    rows = [row for name in names for row in module_rows(name)]
    width = max(len(label) for label, _ in rows)
    print(f"\n{'component'.ljust(width)}  figures")
    for label, figures in rows:
        print(f"{label.ljust(width)}  {figures}")
    if FAILED:
        sys.exit(f"bench parts that failed: {', '.join(FAILED)}")


if __name__ == "__main__":
    main()
