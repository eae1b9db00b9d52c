"""The cold-start launcher times what the target names: the proposal shown with real figures,
then editable, in fresh processes; the bare window's three moments are its first frame."""

from __future__ import annotations

from pathlib import Path

from bench.coldstart import PLACEHOLDER_TOTALS, launch_once


def test_a_later_start_is_timed_to_the_figures_then_to_editing(tmp_path: Path) -> None:
    data_dir = tmp_path / "user-data"
    data_dir.mkdir()
    library = tmp_path / "bench.buyinlib"
    for start in ("first", "later"):
        shown, report, _stderr = launch_once("app", library, data_dir)
        assert str(report["title"]).startswith("Riverside USD"), start
        assert report["tco"] not in PLACEHOLDER_TOTALS and str(report["tco"]).startswith("$")
        assert 0 < float(report["frame_seconds"]) <= shown
        if start == "later":  # the preview: figures first, editors after
            assert shown <= float(report["editable_seconds"])

    bare, report, _stderr = launch_once("bare", None, data_dir)
    assert report["tco"] == ""
    assert float(report["frame_seconds"]) <= bare <= float(report["editable_seconds"])
