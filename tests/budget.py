"""How many examples the property tests draw: a `ci` profile (the default: `make test`, `.ci/run`)
and a `thorough` one (`make test-thorough`, before a release), chosen by HYPOTHESIS_PROFILE.

Tests that name their own budget write `examples(thorough)`: the full number in the thorough
profile, a quarter of it (at least MINIMUM) in CI. Neither profile has a per-example time limit:
on a loaded machine a slow example is not a wrong one (speed is measured by `make bench`)."""

from __future__ import annotations

import os

from hypothesis import settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
THOROUGH = PROFILE == "thorough"
CI_SHARE = 4
MINIMUM = 10

settings.register_profile("ci", deadline=None, max_examples=50)
settings.register_profile("thorough", deadline=None, max_examples=200)


def load_hypothesis_profile() -> None:
    settings.load_profile(PROFILE)


def examples(thorough: int, ci: int | None = None) -> int:
    """The number of examples for a test whose thorough budget is `thorough` (`ci`: its own CI budget)."""
    if THOROUGH:
        return thorough
    return ci if ci is not None else max(MINIMUM, thorough // CI_SHARE)
