"""The plain-SQL proposal reader works on a bare ``sqlite3`` connection, without the database
layer: the app uses it to show the last proposal's figures while SQLAlchemy is still loading."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.services.library import Library
from desktop.services.snapshot import proposal_input
from desktop.services.snapshot_rows import ProposalMissing, read_proposal_input

ROOT = Path(__file__).resolve().parents[2]


def _read_only(library: Library) -> sqlite3.Connection:
    assert library.path is not None
    return sqlite3.connect(f"file:{library.path}?mode=ro", uri=True)


def test_a_read_only_sqlite3_connection_reads_the_same_proposal(
    library: Library, sample_id: int
) -> None:
    connection = _read_only(library)
    try:
        plain = read_proposal_input(connection, sample_id)
        with pytest.raises(ProposalMissing):
            read_proposal_input(connection, sample_id + 1000)
    finally:
        connection.close()
    assert plain.name.startswith("Riverside USD")
    assert repr(plain) == repr(proposal_input(library, sample_id))


def test_reading_with_sqlite3_loads_no_database_layer(library: Library, sample_id: int) -> None:
    script = textwrap.dedent(
        f"""
        import sqlite3, sys
        from desktop.services.snapshot_rows import read_proposal_input
        connection = sqlite3.connect({f"file:{library.path}?mode=ro"!r}, uri=True)
        data = read_proposal_input(connection, {sample_id})
        print(len(data.items), "sqlalchemy" in sys.modules)
        """
    )
    finished = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
    )
    items, loaded = finished.stdout.split()
    assert int(items) == len(proposal_input(library, sample_id).items)
    assert loaded == "False"
