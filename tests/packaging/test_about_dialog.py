"""The About window shows the running version and the open-source notices the installers ship."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop import APP_NAME, __version__
from desktop.paths import resource
from desktop.ui.about import AboutDialog


def test_about_shows_the_version_and_the_mit_licence(qtbot: QtBot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)

    assert dialog.title_label.text() == APP_NAME
    assert dialog.version_label.text() == f"Version {__version__}"
    assert "MIT" in dialog.licence_label.text()
    assert "Qt 6." in dialog.built_with_label.text()


def test_about_lists_the_qt_licence_and_how_to_replace_qt(qtbot: QtBot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)

    notices = dialog.notices_text()
    assert "PySide6" in notices
    assert "shiboken6" in notices
    assert "Lesser General Public License" in notices
    assert "Replacing the Qt libraries" in notices
    # The notices file is the one the builds ship; the window must not be a stale copy of it.
    shipped = resource("licenses", "THIRD-PARTY-NOTICES.md").read_text(encoding="utf-8")
    assert "LGPL" in shipped


def test_every_licence_the_notices_point_to_is_shipped() -> None:
    notices = resource("licenses", "THIRD-PARTY-NOTICES.md").read_text(encoding="utf-8")
    for name in ("LGPL-3.0.txt", "GPL-3.0.txt", "Apache-2.0.txt"):
        assert name in notices
        assert resource("licenses", name).stat().st_size > 5000, name
    assert "MIT License" in resource("licenses", "LICENSE").read_text(encoding="utf-8")
    for font_licence in (
        "LICENSE-DejaVu.txt",
        "LICENSE-DroidSansFallback.txt",
        "LICENSE-Nanum.txt",
    ):
        assert font_licence in notices
        assert resource("fonts", font_licence).is_file(), font_licence


def test_close_button_closes_the_window(qtbot: QtBot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)

    dialog.close_button.click()

    assert not dialog.isVisible()
    assert dialog.result() == AboutDialog.DialogCode.Rejected


def test_the_window_opens_on_close_and_tab_does_not_walk_every_link(qtbot: QtBot) -> None:
    """Focus started in the notices, and Close came after two dozen Tabs through every link."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.close_button
    QTest.keyClick(dialog.close_button, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.notices_view
    QTest.keyClick(dialog.notices_view, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.close_button
