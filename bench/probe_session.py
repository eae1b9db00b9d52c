"""A working session in the real main window, headless, timed step by step; a process of its own.

``python bench/probe_session.py LIBRARY PROPOSAL_ID`` (offscreen Qt) opens the proposal as a click
on the home screen does and then does what a director does with a large proposal, each step
timed from the call until the window is idle again (its events handled and any recalculation
the step started finished): the Items step shown, the filter typed letter by letter and
cleared, a column sorted, one price edited until the new figures arrive, every row chosen,
removed and brought back with Undo, a row added, a round trip to another step, the Review step,
and the PDF and workbook exports made and saved in the app's own process, one after the other,
as the Export step makes them (on the window's thread here). It prints one JSON line:
each step's wall-clock seconds, and the process's peak resident memory over the whole session
(``VmHWM`` on Linux), which a session that removes and restores thousands of rows and exports
them pushes higher than opening and exporting alone.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.probe_memory import as_shipped, peak_megabytes  # noqa: E402

IDLE_TIMEOUT_SECONDS = 300.0


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    as_shipped()
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QApplication

    from desktop.services.wizard import STEPS
    from desktop.ui.app import collect_less_often
    from desktop.ui.main_window import MainWindow
    from desktop.ui.row_table import RowTableEditor

    collect_less_often()  # as the app runs
    app = QApplication(sys.argv[:1])
    steps: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="buyin-bench-session-") as folder:
        settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings)
        window.resize(1400, 900)
        window.show()
        if not window.open_library_path(Path(argv[0])):
            print(json.dumps({"error": "the library could not be opened"}))
            return 1
        app.processEvents()
        gc.freeze()  # as the app does once its window is up

        def idle() -> None:
            """Until the window has nothing left to do: events handled, figures recalculated."""
            deadline = time.perf_counter() + IDLE_TIMEOUT_SECONDS
            while time.perf_counter() < deadline:
                app.processEvents()
                context = window.context
                if context is None or not context.busy:
                    app.processEvents()
                    return
                time.sleep(0.001)

        def timed(label: str, action: Callable[[], Any]) -> Any:
            started = time.perf_counter()
            answer = action()
            idle()
            steps[label] = time.perf_counter() - started
            return answer

        timed(
            "Open the proposal until its figures show", lambda: window.open_proposal(int(argv[1]))
        )
        view = window.stack.currentWidget()
        keys = [step.key for step in STEPS]
        items_step = keys.index("items")
        timed("Show the Items step (first time)", lambda: view.show_step(items_step))
        page = view.page(items_step)
        table = max(page.findChildren(RowTableEditor), key=lambda t: t.model.rowCount())
        box = table.filter_box
        timed("Filter: first letter typed", lambda: box.setText("s"))
        later = []
        for typed in ("sw", "swi", "swit"):
            started = time.perf_counter()
            box.setText(typed)
            idle()
            later.append(time.perf_counter() - started)
        steps["Filter: each later letter (median of 3)"] = sorted(later)[1]
        timed("Filter cleared", box.clear)
        price = next(n for n, spec in enumerate(table.model.specs) if spec.name == "unit_cost")
        timed(
            "Sort by price",
            lambda: table.view.sortByColumn(price, Qt.SortOrder.DescendingOrder),
        )
        first = table.model.index(0, price)
        before = str(first.data(Qt.ItemDataRole.EditRole) or "0")
        timed(
            "Edit one price until the new figures show",
            lambda: table.model.setData(first, str(float(before.replace(",", "")) + 1)),
        )
        rows = table.model.rowCount()
        timed("Choose every row (Ctrl+A)", table.view.selectAll)
        timed(f"Remove the {rows:,} rows chosen", table.remove_selected)
        context = window.context
        timed("Undo the removal", context.undo_stack.undo if context else lambda: None)
        timed("Add a row", table.add_row)
        timed(
            "Another step and back to Items",
            lambda: (view.show_step(items_step + 1), view.show_step(items_step)),
        )
        review = keys.index("review")
        timed("Show the Review step (first time)", lambda: view.show_step(review))

        def exports() -> None:
            from desktop.ui.export_formats import FORMATS_BY_KEY, produce_export

            if context is None or context.result is None:
                return
            for key in ("full_pdf", "workbook"):
                export = FORMATS_BY_KEY[key]
                produce_export(
                    export, context.library, context.proposal_id, context.proposal_input,
                    context.result, "letter", Path(folder) / f"export{export.suffix}",
                    lambda _percent, _text: None,
                )  # fmt: skip

        timed("Export the PDF and the workbook (in the app's process)", exports)
        report = {"steps": steps, "rows": rows, "peak_mb": peak_megabytes()[0]}
        print(json.dumps(report))
        sys.stdout.flush()
        # Tearing down a window with thousands of rows is not what is measured.
        os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
