"""Hypothesis profiles: ``default`` for developers, ``ci`` (more examples), ``mutation`` (fast),
``thorough`` (many more, run by hand before a release)."""

from __future__ import annotations

import os
import sys

from hypothesis import HealthCheck, Phase, settings

settings.register_profile("default", deadline=None, max_examples=100)
# CI's examples are the same on every run (a failure there is reproducible, not a matter of
# luck); the default and thorough profiles go on exploring at random.
settings.register_profile(
    "ci",
    deadline=None,
    max_examples=300,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
# A mutant is killed by any failing example: the mutation profile does not shrink it.
settings.register_profile(
    "mutation",
    deadline=None,
    max_examples=40,
    derandomize=True,
    database=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
)
settings.register_profile(
    "thorough", deadline=None, max_examples=2000, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

if os.environ.get("HYPOTHESIS_PROFILE") == "mutation":
    # polars' thread pool does not survive mutmut's fork (a test using it in a forked run
    # hangs), so the mutation run takes the paths without polars; those with it (the columnar
    # reader, the CSV written a column at a time) are guarded by their differential tests.
    sys.modules["polars"] = None  # type: ignore[assignment]
