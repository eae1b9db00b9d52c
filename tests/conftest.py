"""Shared test set-up: headless Qt, and a fresh library per test, never the user's own folder."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

# Without a display, Qt aborts the whole run unless the offscreen platform is chosen first.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.services.library import Library, open_library  # noqa: E402


@pytest.fixture(autouse=True)
def _private_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test gets its own user-data folder, so nothing reaches the real one."""
    data_dir = tmp_path_factory.mktemp("user-data")
    monkeypatch.setenv("BUYIN_DATA_DIR", str(data_dir))
    monkeypatch.delenv("BUYIN_LIBRARY", raising=False)


@pytest.fixture(autouse=True)
def _quick_schema_check_agrees(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every proposal document a test checks, good or bad, is also checked by the full 2020-12
    validator, and the quick check must give the same verdict: the suite's files are a
    differential test of the two (a file only the quick check passed would be imported
    unchecked)."""
    import desktop.services.proposal_format as proposal_format

    quick_check = proposal_format._quick_check
    disagreements: list[str] = []

    def both_checks() -> Callable[[Any], bool] | None:
        quick = quick_check()
        if quick is None:
            return None

        def passes(instance: Any) -> bool:
            verdict = quick(instance)
            try:
                full = proposal_format._schema_validator().is_valid(instance)
            except RecursionError:
                full = False  # refused as nested too deeply
            if verdict != full:
                disagreements.append(f"quick check {verdict}, full check {full}: {instance!r:.300}")
            return verdict

        return passes

    monkeypatch.setattr(proposal_format, "_quick_check", both_checks)
    yield
    assert not disagreements, "\n".join(disagreements)


class _SampleSeasonDate(date):
    """A day before the sample plan's first year ends (June 30, 2028)."""

    @classmethod
    def today(cls) -> _SampleSeasonDate:
        return cls(2026, 11, 24)


@pytest.fixture(autouse=True)
def _steps_checked_before_the_sample_plan_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The steps judge a plan's first year against today: tests do so against a day before the
    sample's first year ends, so that its ticks do not turn to warnings with the calendar (a
    test of that check passes its own day)."""
    import desktop.services.wizard as wizard

    monkeypatch.setattr(wizard, "date", _SampleSeasonDate)


@pytest.fixture
def announced(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the app has a screen reader say (its announcement events), in order; no event
    reaches the platform's accessibility layer meanwhile."""
    from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

    said: list[str] = []

    def hear(event: object) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            said.append(event.message())

    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(hear))
    return said


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    return tmp_path / "library.buyinlib"


@pytest.fixture
def library(library_path: Path) -> Iterator[Library]:
    opened = open_library(library_path)
    yield opened
    opened.close()


@pytest.fixture
def commits(library: Library) -> Iterator[list[int]]:
    """Counts the transactions committed to the library file while the test runs."""
    seen: list[int] = []

    def count(_connection: Any) -> None:
        seen.append(1)

    event.listen(library.engine, "commit", count)
    yield seen
    event.remove(library.engine, "commit", count)


@pytest.fixture
def sample_id(library: Library) -> int:
    from desktop.services.proposals import add_sample_proposal

    return add_sample_proposal(library)


def date_library_long_ago(path: Path) -> None:
    """Make the library file at ``path`` look built long ago by an older version (its marker
    and its proposals), as a starter library shipped with an earlier release would be."""
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        connection.execute(
            "UPDATE buyin_library SET created_at = '2020-01-01 00:00:00.000000', "
            "created_by_version = '0.0.1'"
        )
        connection.execute(
            "UPDATE proposal SET created_at = '2020-01-01 00:00:00.000000', "
            "updated_at = '2020-01-01 00:00:00.000000'"
        )
        connection.commit()
    finally:
        connection.close()
