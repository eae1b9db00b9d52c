"""Opening a proposal file with the app (a double-clicked .buyin, File ▸ Import proposal file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.cli import _proposal_file_argument
from desktop.services.proposal_format import export_document, write_document
from desktop.services.proposals import list_proposals
from desktop.ui.app import app_settings
from desktop.ui.main_window import MainWindow

SAMPLE = Path("resources/sample/riverside_one_to_one.json")


def test_a_lone_proposal_file_argument_opens_the_app_on_it() -> None:
    assert _proposal_file_argument(["Riverside.buyin"]) == Path("Riverside.buyin")
    assert _proposal_file_argument(["--library", "x.buyinlib", "plan.json"]) == Path("plan.json")
    assert _proposal_file_argument(["import-json", "plan.json"]) is None
    assert _proposal_file_argument(["list"]) is None


def test_importing_a_json_proposal_opens_it(
    qtbot: QtBot, library_path: Path, tmp_path: Path
) -> None:
    window = MainWindow(app_settings())
    qtbot.addWidget(window)
    assert window.open_library_path(library_path)
    assert window.library is not None
    proposal_id = window.import_proposal_path(SAMPLE)
    assert proposal_id is not None
    assert window.context is not None and window.context.proposal_id == proposal_id
    names = [listing.name for listing in list_proposals(window.library, with_figures=False)]
    assert names.count("Riverside USD — 1:1 Infrastructure 2027–2031") == 1
    assert "Riverside USD — 1:1 Infrastructure 2027–2031 (2)" in names
    window.close_proposal()


def test_a_bad_proposal_file_is_refused_with_its_reason(
    qtbot: QtBot, library_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    window = MainWindow(app_settings())
    qtbot.addWidget(window)
    assert window.open_library_path(library_path)
    assert window.library is not None
    before = export_document(window.library, list_proposals(window.library)[0].id)
    broken = tmp_path / "broken.json"
    document = json.loads(SAMPLE.read_text(encoding="utf-8"))
    document["items"][0]["quantity"] = "-1"
    write_document(document, broken)
    assert window.import_proposal_path(broken) is None
    assert shown and "items[0].quantity" in shown[0]
    assert len(list_proposals(window.library, with_figures=False)) == 1
    assert export_document(window.library, list_proposals(window.library)[0].id) == before
    window.close_proposal()
