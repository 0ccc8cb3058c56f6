"""Hypothesis profiles: ``default`` for developers, ``ci`` (more examples), ``mutation`` (fast),
``thorough`` (many more, run by hand before a release)."""

from __future__ import annotations

import os

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
