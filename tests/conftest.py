"""Shared test set-up: headless Qt, and a fresh library per test, never the user's own folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

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


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    return tmp_path / "library.buyinlib"


@pytest.fixture
def library(library_path: Path) -> Iterator[Library]:
    opened = open_library(library_path)
    yield opened
    opened.close()


@pytest.fixture
def sample_id(library: Library) -> int:
    from desktop.services.proposals import add_sample_proposal

    return add_sample_proposal(library)
