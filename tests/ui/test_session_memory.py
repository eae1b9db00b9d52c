"""What a working session keeps in memory: no source text of the modules it imports."""

from __future__ import annotations

import linecache
import sys
from pathlib import Path

import pytest

import desktop.ui  # noqa: F401 - what the app imports before its window and its exports


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
