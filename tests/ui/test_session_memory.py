"""What a working session keeps in memory: no source text of the modules it imports, no copy of
rows that an undo has already put back, no copy of items a list does not show."""

from __future__ import annotations

import gc
import linecache
import sys
import tracemalloc
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import desktop.ui  # noqa: F401 - what the app imports before its window and its exports
from desktop.services import editing
from desktop.services.editing import link_state
from desktop.ui.commands import AddRowsCommand, DeleteRowsCommand
from desktop.ui.context import ProposalContext
from desktop.ui.steps.items import ScenarioItemsModel


def _import(folder: Path, name: str, source: str, monkeypatch: pytest.MonkeyPatch) -> object:
    (folder / f"{name}.py").write_text(source, encoding="utf-8")
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.delitem(sys.modules, name, raising=False)
    return __import__(name)  # an import statement, as the app's own modules make them


def test_modules_imported_during_a_session_leave_no_source_text_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Qt bindings read every imported module's source to look for "PySide6": the report
    and workbook libraries alone left about 10 MB of text lines behind at the first export."""
    plain = _import(tmp_path, "buyin_plain_module", "FIGURES = 12\n" * 400, monkeypatch)
    with_qt = _import(
        tmp_path,
        "buyin_qt_module",
        "from PySide6.QtCore import QObject\n\n\nclass Helper(QObject):\n    pass\n",
        monkeypatch,
    )
    assert plain.FIGURES == 12  # type: ignore[attr-defined]
    assert with_qt.Helper().objectName() == ""  # type: ignore[attr-defined]
    for name in ("buyin_plain_module", "buyin_qt_module"):
        assert str(tmp_path / f"{name}.py") not in linecache.cache
    # A traceback still shows the lines, read from the file when it needs them.
    assert linecache.getline(str(tmp_path / "buyin_plain_module.py"), 1) == "FIGURES = 12\n"


def _items(context: ProposalContext) -> list[int]:
    return [row["id"] for row in editing.list_rows(context.library, context.proposal_id, "item")]


def _settled(qtbot: QtBot, context: ProposalContext) -> None:
    qtbot.waitUntil(lambda: not context.busy, timeout=10_000)


def test_rows_brought_back_by_undo_leave_no_copy_behind(
    qtbot: QtBot, ready_context: ProposalContext
) -> None:
    """Removing thousands of rows keeps a copy of them for Undo; once Undo has put them back,
    the copy goes, and Redo and Undo still take them out and bring them back with their links."""
    context = ready_context
    items = _items(context)
    links = link_state(context.library, context.proposal_id, "goal")
    doomed = items[:3]
    removal = DeleteRowsCommand(context, "item", doomed)
    context.push(removal)
    _settled(qtbot, context)
    assert removal.deleted is not None
    copy = weakref.ref(removal.deleted)

    context.undo_stack.undo()
    _settled(qtbot, context)
    gc.collect()
    assert copy() is None
    assert _items(context) == items
    assert link_state(context.library, context.proposal_id, "goal") == links

    context.undo_stack.redo()
    _settled(qtbot, context)
    assert not set(doomed) & set(_items(context))
    context.undo_stack.undo()
    _settled(qtbot, context)
    assert _items(context) == items
    assert link_state(context.library, context.proposal_id, "goal") == links


def test_an_added_row_comes_back_with_its_id_after_its_copy_is_let_go(
    qtbot: QtBot, ready_context: ProposalContext
) -> None:
    context = ready_context
    before = _items(context)
    adding = AddRowsCommand(context, "item", [{"name": "Spare chargers"}])
    context.push(adding)
    _settled(qtbot, context)
    (added,) = set(_items(context)) - set(before)

    context.undo_stack.undo()  # takes the row out, keeping a copy for Redo
    _settled(qtbot, context)
    assert adding.deleted is not None
    copy = weakref.ref(adding.deleted)
    context.undo_stack.redo()  # puts it back from the copy, which then goes
    _settled(qtbot, context)
    gc.collect()
    assert copy() is None
    assert added in _items(context)

    context.undo_stack.undo()
    _settled(qtbot, context)
    context.undo_stack.redo()
    _settled(qtbot, context)
    assert _items(context) == [*before, added]


def _held(action: Callable[[], object]) -> int:
    """How many bytes of Python objects ``action`` leaves in use."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        action()
        gc.collect()
        return tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


def test_a_scenarios_item_list_keeps_only_what_it_shows(
    qtbot: QtBot, ready_context: ProposalContext
) -> None:
    """The Items step's list of a scenario's items copied every item and every scenario's
    entries into dictionaries, about 400 bytes an item, even before a scenario was chosen."""
    context = ready_context
    rows = [{"name": f"Spare charger, room {n}"} for n in range(2000)]
    editing.add_rows(context.library, context.proposal_id, "item", rows)
    context.request_recalculation()
    _settled(qtbot, context)
    items = len(_items(context))
    scenario = editing.list_rows(context.library, context.proposal_id, "scenario")[0]["id"]
    model = ScenarioItemsModel(context)

    assert _held(lambda: model.load(None)) < 10_000
    assert model.rowCount() == 0
    assert _held(lambda: model.load(scenario)) < 120 * items
    assert model.rowCount() == items


def test_the_import_check_passes_on_whatever_else_the_bindings_give_it() -> None:
    """A later version of the bindings may call its check with more than the module: a wrapper
    taking the module alone would make every import through their hook fail at start-up."""
    import types

    from desktop.ui.source_lines import _without_keeping_lines

    calls: list[tuple[object, ...]] = []

    def check(module: object, *args: object, **kwargs: object) -> bool:
        calls.append((module, args, kwargs))
        return True

    module = types.ModuleType("buyin_checked_module")
    assert _without_keeping_lines(check)(module, "extra", flag=1) is True
    assert calls == [(module, ("extra",), {"flag": 1})]
