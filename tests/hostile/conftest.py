"""Hypothesis, as every property test here runs it: no deadline (a shared machine is slow at
times), nothing written into the checkout, the same examples on every CI run, and inputs as
large and slow as they come (that is the point of them)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "hostile",
    max_examples=2000,
    deadline=None,
    database=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("hostile")
