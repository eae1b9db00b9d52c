"""The application paths the benchmarks time, each called exactly as the app calls it.

Some of them (the PDF report, the spreadsheet, the item importer) are optional while they are
being written: ``optional`` finds them at run time and says "not available" instead of failing,
so the suite always runs and reports what exists.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any


def optional(module: str, name: str) -> tuple[Callable[..., Any] | None, str]:
    """``(function, "")`` when ``module.name`` exists, else ``(None, why not)``."""
    try:
        loaded = importlib.import_module(module)
    except ImportError as error:
        return None, f"not available ({module}: {error})"
    function = getattr(loaded, name, None)
    if not callable(function):
        return None, f"not available ({module}.{name} does not exist yet)"
    return function, ""


def open_proposal(library: Any, proposal_id: int) -> tuple[Any, Any]:
    """What opening a proposal costs the services: read the snapshot, compute every figure."""
    from desktop.finance import compute
    from desktop.services.snapshot import proposal_input

    data = proposal_input(library, proposal_id)
    return data, compute(data)


def render_pdf(data: Any, result: Any, *, handout: bool) -> bytes:
    render, why = optional("desktop.report", "render_business_case")
    if render is None:
        raise LookupError(why)
    try:
        output: bytes = render(data, result, handout=handout, paper="letter")
    except NotImplementedError as stub:
        raise LookupError("not available (desktop.report is still a placeholder)") from stub
    return output


def workbook(data: Any, result: Any) -> bytes:
    make, why = optional("desktop.sheets", "workbook_bytes")
    if make is None:
        raise LookupError(why)
    try:
        output: bytes = make(data, result)
    except NotImplementedError as stub:
        raise LookupError("not available (desktop.sheets is still a placeholder)") from stub
    return output


def import_items(library: Any, proposal_id: int, path: Path, expected_rows: int) -> Any:
    """Import a CSV of items into a proposal; raises unless every row was imported."""
    run, why = optional("desktop.services.item_import", "import_items_file")
    if run is None:
        raise LookupError(why)
    try:
        report = run(library, proposal_id, path, sheet=None, mapping=None, dry_run=False)
    except NotImplementedError as stub:
        raise LookupError("not available (the item importer is still a placeholder)") from stub
    errors = getattr(report, "errors", None)
    if errors:
        described = getattr(report, "describe_errors", lambda: [str(errors[0])])()
        raise ValueError(f"the importer refused the file: {described[0]}")
    imported = len(getattr(report, "imported_ids", ()))
    if imported != expected_rows:
        raise ValueError(f"{imported} of {expected_rows} rows were imported")
    return report
