"""Keeps the frozen-bundle tests out of the everyday run.

Tests marked ``packaging`` run the built app (minutes to build, seconds per command), so they run
only when asked for: ``-m packaging`` (what ``make smoke-bundle`` and the build workflow pass) or
``BUYIN_BUILD_BUNDLE=1``. A bundle left in ``dist/`` from an earlier build does not pull them in.
"""

from __future__ import annotations

import os
import re

import pytest
from bundle_tools import BUILD_ENV, STARTUP_TIMES

_SELECTS_PACKAGING = re.compile(r"(?<!not )\bpackaging\b")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    markexpr = str(config.getoption("markexpr") or "")
    if _SELECTS_PACKAGING.search(markexpr) or os.environ.get(BUILD_ENV) == "1":
        return
    skip = pytest.mark.skip(reason="runs the built app: use `make smoke-bundle` (-m packaging)")
    for item in items:
        if item.get_closest_marker("packaging"):
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Start-up times measured by the smoke test, frozen against source, for the build log."""
    if not STARTUP_TIMES:
        return
    terminalreporter.section("start-up times (best of 3)")
    for label, frozen, source in STARTUP_TIMES:
        terminalreporter.write_line(f"{label:<28} frozen {frozen:6.2f} s   source {source:6.2f} s")
