"""`make test`: ruff, then the suite on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL
(browser tests, and tests that read no database, on SQLite only), each pass spread over TEST_WORKERS processes (pytest-xdist);
prints the time of each phase at the end and fails when any phase failed.

TEST_SIDE_BY_SIDE=1 runs the two passes at once (the PostgreSQL pass's output is shown when it
ends, the SQLite pass's as it runs); 0 (the default) runs them one after the other. Extra arguments go to
both pytest runs (`make test PYTEST_ARGS="-x"`)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"


@dataclass
class Phase:
    name: str
    command: list[str]
    env: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    returncode: int | None = None


def phases() -> tuple[Phase, list[Phase]]:
    workers = os.environ.get("TEST_WORKERS", "2")
    pytest = [str(BIN / "python"), "-m", "pytest", "-n", workers, "--dist", "loadgroup"]
    pytest += shlex.split(os.environ.get("PYTEST_ARGS", ""))
    passes = [Phase("SQLite pass", pytest)]
    if os.environ.get("TEST_DATABASE_URL"):
        passes.append(
            # what reads no database (the reader, OCR, iCal, documents from plain data) would only
            # repeat itself on PostgreSQL: tests/conftest.py marks it `nodb`
            Phase(
                "PostgreSQL pass",
                [*pytest, "-m", "not browser and not nodb", "tests"],
                # the fuzz harness draws fewer examples here than on SQLite (6): its PostgreSQL
                # run looks for what only that database refuses (`make test-thorough` sets 25)
                {"PLANNER_TEST_BACKEND": "postgres", "FUZZ_EXAMPLES": os.environ.get("FUZZ_EXAMPLES", "3")},
            )
        )
    else:
        print("TEST_DATABASE_URL is not set: PostgreSQL pass skipped")
    return Phase("ruff", [str(BIN / "ruff"), "check", "."]), passes


def run(phase: Phase, output=None) -> subprocess.Popen:
    print(f"== {phase.name}: {shlex.join(phase.command)}", flush=True)
    phase.seconds = time.monotonic()
    return subprocess.Popen(phase.command, cwd=ROOT, env={**os.environ, **phase.env}, stdout=output, stderr=output)


def finish(phase: Phase, process: subprocess.Popen) -> None:
    phase.returncode = process.wait()
    phase.seconds = time.monotonic() - phase.seconds


def run_passes(passes: list[Phase], side_by_side: bool) -> None:
    if not side_by_side or len(passes) == 1:
        for phase in passes:
            finish(phase, run(phase))
        return
    first, *others = passes
    with tempfile.TemporaryDirectory() as folder:
        logs = [Path(folder) / f"{n}.log" for n in range(len(others))]
        started = [(phase, log, run(phase, log.open("wb"))) for phase, log in zip(others, logs, strict=True)]
        finish(first, run(first))
        for phase, log, process in started:
            finish(phase, process)
            print(f"== {phase.name} output", flush=True)
            sys.stdout.buffer.write(log.read_bytes())
            sys.stdout.flush()


def main() -> int:
    ruff, passes = phases()
    finish(ruff, run(ruff))
    if ruff.returncode == 0:
        run_passes(passes, os.environ.get("TEST_SIDE_BY_SIDE", "0") == "1")
    print("\n== time of each phase")
    for phase in (ruff, *passes):
        result = "not run" if phase.returncode is None else "passed" if phase.returncode == 0 else "FAILED"
        print(f"{phase.name:16} {phase.seconds:7.1f} s  {result}")
    return 0 if all(phase.returncode == 0 for phase in (ruff, *passes)) else 1


if __name__ == "__main__":
    sys.exit(main())
