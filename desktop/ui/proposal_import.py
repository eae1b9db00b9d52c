"""Adding a proposal file to the open library from the window (File ▸ Import proposal file…, or
a file the app was asked to open): a shared ``.buyin`` file or a proposal JSON file.

A refused file gets a message naming the problem; nothing is added and the file is not changed.
The services it needs load the database layer, so they are imported when a file is imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

if TYPE_CHECKING:
    from desktop.services.library import Library

PROPOSAL_FILTER = (
    "Proposal files (*.buyin *.json);;Shared proposal (*.buyin);;Proposal JSON (*.json)"
)


def import_proposal(parent: QWidget, library: Library, path: Path) -> int | None:
    """Add the proposal in ``path`` to ``library``; its new id, or None once ``parent`` has
    shown why the file was refused. A name already in the library gets a new one, never an
    overwrite (the services see to that)."""
    from desktop.services.library import LibraryError
    from desktop.services.proposal_format import ProposalFileError, import_file

    refusals: tuple[type[Exception], ...] = (ProposalFileError, LibraryError, OSError)
    try:
        if path.suffix.lower() == ".buyin":
            from desktop.services.proposal_files import (
                ProposalFileRefused,
                import_proposal_file,
            )

            refusals += (ProposalFileRefused,)
            return import_proposal_file(library, path)
        return import_file(library, path)
    except refusals as error:
        QMessageBox.warning(parent, "This proposal file was not imported", str(error))
        return None
