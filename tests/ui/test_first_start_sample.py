"""The sample proposal greets a library's first start only: once a director deletes every
proposal, the library stays empty on the next start and the home screen says how to begin."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.services.proposals import list_proposals, proposal_count
from tests.ui.conftest import WindowFactory

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_a_deliberately_emptied_library_stays_empty_on_the_next_start(
    qtbot: QtBot,
    open_window: WindowFactory,
    library_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    names_given: list[str],
) -> None:
    first = open_window(library_path)
    assert first.library is not None and first.context is not None
    assert first.title_label.text().startswith("Riverside")  # the sample opens on first start
    first.show_home()
    home = first.home
    assert home.empty_state.isHidden()
    home.select_id(first.home.model.listings[0].id)
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes
    )
    assert home.delete_selected()
    assert proposal_count(first.library) == 0
    assert not home.empty_state.isHidden()  # the empty state, with the undo bar above it
    assert not home.undo_bar.isHidden()
    first.close()

    again = open_window(library_path)
    assert again.library is not None
    assert proposal_count(again.library) == 0
    assert again.context is None
    home = again.home
    assert not home.empty_state.isHidden() and home.view.isHidden()
    assert home.empty_state.heading.text() == "No proposals yet"
    start = home.empty_state.template_button
    assert start.text().startswith("New proposal") and start.isEnabled()

    start.click()  # the call to action asks for a name, then creates and opens a proposal
    assert names_given == ["1:1 Device Initiative Infrastructure"]
    assert again.context is not None
    assert [listing.name for listing in list_proposals(again.library)] != []
    again.show_home()
    assert home.empty_state.isHidden() and not home.view.isHidden()

    # Another library's first start still gets the sample.
    other = open_window(tmp_path / "other.buyinlib")
    assert other.library is not None and proposal_count(other.library) == 1
    assert other.title_label.text().startswith("Riverside")


def test_the_sample_can_be_added_back_from_the_empty_home_screen(
    qtbot: QtBot, open_window: WindowFactory, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(library_path)
    window.show_home()
    monkeypatch.setattr(
        QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes
    )
    window.home.select_id(window.home.model.listings[0].id)
    assert window.home.delete_selected()
    window.home.empty_state.sample_button.click()
    assert window.library is not None and proposal_count(window.library) == 1
    assert window.context is not None
    assert window.title_label.text().startswith("Riverside")
