"""Shared test helpers: the developers' ../shared folder (absent for users)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The tests read the bundled gazetteer alone: a developer's own places file (data/places.csv)
# must not change what they find. Tests of the places file point MAPPER_PLACES at their own.
os.environ.setdefault("MAPPER_PLACES", os.devnull)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
needs_shared = pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared (developers' corpora) is not here"
)


def pytest_sessionfinish(session, exitstatus):
    """A run in which no test passed is a failed run (CI must not go green on skips alone)."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and exitstatus == 0 and not reporter.stats.get("passed"):
        session.exitstatus = 1
