"""The cold-start launcher times what the target names: the proposal shown with real figures,
then editable, in fresh processes; the bare window's three moments are its first frame."""

from __future__ import annotations

from pathlib import Path

from bench.coldstart import PLACEHOLDER_TOTALS, launch_once, start_up_account


def test_a_later_start_is_timed_to_the_figures_then_to_editing(tmp_path: Path) -> None:
    data_dir = tmp_path / "user-data"
    data_dir.mkdir()
    library = tmp_path / "bench.buyinlib"
    for start in ("first", "later"):
        shown, report, _stderr = launch_once("app", library, data_dir)
        assert str(report["title"]).startswith("Riverside USD"), start
        assert report["tco"] not in PLACEHOLDER_TOTALS and str(report["tco"]).startswith("$")
        assert 0 < float(report["frame_seconds"]) <= shown
        assert 0 < float(report["shown_cpu"]) < 2 * shown  # its own CPU time, by then
        if start == "later":  # the preview: figures first, editors after
            assert shown <= float(report["editable_seconds"])

    bare, report, _stderr = launch_once("bare", None, data_dir)
    assert report["tco"] == ""
    assert float(report["frame_seconds"]) <= bare <= float(report["editable_seconds"])

    # The reference floor reads the same library with sqlite3 alone and loads no app module.
    floor, report, _stderr = launch_once("floor", library, data_dir)
    assert str(report["title"]) == "Riverside USD — 1:1 Infrastructure 2027–2031 — Buy-In"
    assert float(report["frame_seconds"]) <= floor
    assert report["heavy_modules"] == []


def test_the_account_says_what_the_app_adds_to_the_bare_window(tmp_path: Path) -> None:
    """The instrumented runs count what the app builds after Qt is loaded and the bare window
    does not: the enum types of the many Qt classes it uses and the engine's dataclasses."""
    data_dir = tmp_path / "user-data"
    data_dir.mkdir()
    library = tmp_path / "bench.buyinlib"
    launch_once("app", library, data_dir)  # the first start places the library
    accounts = start_up_account(library, data_dir)

    bare, app = accounts["bare"], accounts["app, later start"]
    assert bare["dataclasses"] == 0 and bare["modules"] == 0
    assert app["dataclasses"] >= 29  # at least the finance engine's inputs and results
    namespace = _qt_namespace_enums()  # 93 in Qt 6.11, 94 in 6.12
    assert app["enum_types"] > bare["enum_types"] + namespace
    # The Qt namespace shows apart, within the enum types: the app's runs only.
    assert bare["namespace_types"] == 0 and bare["namespace_seconds"] == 0
    assert app["namespace_types"] >= namespace
    assert 0 < app["namespace_seconds"] < app["enum_seconds"]
    for figures in (bare, app):
        assert 0 < figures["qt_seconds"] < figures["shown_seconds"]
        assert figures["after_qt_seconds"] > figures["enum_seconds"] + figures["dataclass_seconds"]


def _qt_namespace_enums() -> int:
    """How many enum types the installed Qt's ``Qt`` namespace has."""
    import enum

    from PySide6.QtCore import Qt

    kinds = (getattr(Qt, name) for name in dir(Qt))
    return sum(1 for kind in kinds if isinstance(kind, type) and issubclass(kind, enum.Enum))
