"""The layers' import rules (DESIGN.md): only desktop/ui touches Qt; the pure layers touch
neither Qt nor the database; nothing but the command line reaches into the UI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "desktop"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _modules(folder: str = "") -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def _offenders(paths: list[Path], banned: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE.parent)} imports {name}"
        for path in paths
        for name in sorted(_imports(path))
        if name.split(".")[0] in banned
        or any(name.startswith(prefix + ".") or name == prefix for prefix in banned)
    ]


def test_only_the_ui_imports_qt() -> None:
    outside_ui = [path for path in _modules() if "ui" not in path.relative_to(PACKAGE).parts[:1]]
    assert _offenders(outside_ui, ("PySide6", "shiboken6")) == []


@pytest.mark.parametrize("layer", ["finance", "report", "sheets"])
def test_pure_layers_touch_neither_qt_nor_the_database(layer: str) -> None:
    banned = (
        "PySide6",
        "sqlalchemy",
        "alembic",
        "desktop.models",
        "desktop.services",
        "desktop.ui",
    )
    assert _offenders(_modules(layer), banned) == []


def test_models_never_import_services_or_ui() -> None:
    assert _offenders(_modules("models"), ("desktop.services", "desktop.ui", "PySide6")) == []


def test_nothing_but_the_command_line_imports_the_ui() -> None:
    outside = [
        path
        for path in _modules()
        if path.relative_to(PACKAGE).parts[0] != "ui" and path.name != "cli.py"
    ]
    assert _offenders(outside, ("desktop.ui",)) == []


def test_importing_the_command_line_stays_light() -> None:
    """Start-up must not pay for pandas, reportlab or openpyxl before they are needed."""
    import subprocess
    import sys

    code = (
        "import sys, desktop.cli, desktop.services.proposals, desktop.finance;"
        "heavy = [m for m in ('pandas', 'reportlab', 'openpyxl', 'PySide6') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
