"""The whole workflow with the network cut off: the app never reaches out.

Every way a Python program opens a connection or resolves a name is made to fail loudly; then a
library is opened, the sample imported, edited, computed, and exported as JSON, PDF, XLSX and CSV.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from desktop.finance import compute
from desktop.services.editing import list_rows, update_row
from desktop.services.library import open_library
from desktop.services.proposal_format import export_document, import_file, write_document
from desktop.services.proposals import add_sample_proposal
from desktop.services.snapshot import proposal_input


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []

    def refuse(name: str):  # type: ignore[no-untyped-def]
        def blocked(*args: object, **kwargs: object) -> None:
            attempts.append(f"{name}{args[:2]!r}")
            raise NetworkUsed(f"the app tried to use the network: {name}{args[:2]!r}")

        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", refuse("sendto"))
    for function in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, function, refuse(function))
    return attempts


def test_the_blocker_really_blocks(no_network: list[str]) -> None:
    with pytest.raises(NetworkUsed):
        socket.create_connection(("example.org", 443), timeout=1)
    assert no_network


def test_the_whole_workflow_runs_offline(tmp_path: Path, no_network: list[str]) -> None:
    library = open_library(tmp_path / "library.buyinlib")
    try:
        proposal_id = add_sample_proposal(library)
        item = list_rows(library, proposal_id, "item")[0]
        update_row(library, "item", item["id"], {"quantity": "4321", "notes": "offline edit"})
        data = proposal_input(library, proposal_id)
        result = compute(data)
        assert result.tco_total > 0
        json_path = tmp_path / "case.json"
        write_document(export_document(library, proposal_id), json_path)
        assert import_file(library, json_path, name="Reimported offline") != proposal_id
        report = pytest.importorskip("desktop.report")
        assert report.render_business_case(data, result).startswith(b"%PDF")
        assert report.render_business_case(data, result, handout=True).startswith(b"%PDF")
        sheets = pytest.importorskip("desktop.sheets")
        assert sheets.workbook_bytes(data, result)[:2] == b"PK"
        assert item["name"] in sheets.items_csv_text(data, result)
    finally:
        library.close()
    assert no_network == []
