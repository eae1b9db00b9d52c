"""Adding a proposal file to the open library from the window (File ▸ Import proposal file…, or
a file the app was asked to open): a shared ``.buyin`` file or a proposal JSON file.

A refused file gets a message naming the problem; nothing is added and the file is not changed.
The services it needs load the database layer, so they are imported when a file is imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.wording import quoted

if TYPE_CHECKING:
    from desktop.services.library import Library

PROPOSAL_FILTER = (
    "Proposal files (*.buyin *.json);;Shared proposal (*.buyin);;Proposal JSON (*.json)"
)


def import_proposal(parent: QWidget, library: Library, path: Path) -> tuple[int, str] | None:
    """Add the proposal in ``path`` to ``library``: its new id and the name the file gives it,
    or None once ``parent`` has shown why the file was refused. A name already in the library
    gets a new one, never an overwrite (the services see to that)."""
    from desktop.services.library import LibraryError
    from desktop.services.proposal_files import ProposalFileRefused, import_any_proposal_file
    from desktop.services.proposal_format import ProposalFileError

    try:
        return import_any_proposal_file(library, path)
    except (ProposalFileError, ProposalFileRefused, LibraryError, OSError) as error:
        QMessageBox.warning(parent, "This proposal file was not imported", str(error))
        return None


def imported_message(path: Path, name_in_file: str, name: str) -> str:
    """What the status bar says once ``path`` is imported as ``name``; a name the library had
    already is said to have been changed, so the two are not taken for one another. The names
    are quoted as the app quotes a name anywhere (cut when long, their direction marks kept
    inside the quotes)."""
    file = quoted(path.name, 80)
    if name == name_in_file:
        return f"Imported {quoted(name, 80)} from {file}."
    # Short, to fit a laptop's status bar: the file was just chosen, and its name is the new
    # one without the number.
    return (
        f"Imported as {quoted(name, 80, middle=True)}: the library already has a proposal named "
        "as in the file, which stays as it was."
    )
