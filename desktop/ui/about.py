"""The About window: what the app is, which version is running, and whose work it is built on.

The third-party notices are read from ``resources/licenses/THIRD-PARTY-NOTICES.md`` (the same file
the installers ship), so the window and the licence folder can never say different things. The
Qt and PySide6 versions are shown because the LGPL notice refers to them.
"""

from __future__ import annotations

import platform

import PySide6
from PySide6.QtCore import QEvent, Qt, qVersion
from PySide6.QtGui import (
    QPalette,
    QPixmap,
    QShowEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME, __version__
from desktop.paths import resource
from desktop.ui.layouts import size_to_font
from desktop.ui.theme import link_colour

DESCRIPTION = (
    "Build the business case for a district's 1:1 and BYOD infrastructure, "
    "and hand the CFO a printed case they can act on."
)
LICENCE_LINE = "Released under the MIT license. Copyright © The Buy-In authors."
NOTICES_PATH = ("licenses", "THIRD-PARTY-NOTICES.md")
ICON_PATH = ("icons", "buyin.png")
ICON_SIZE = 72


def third_party_notices() -> str:
    """The notices as Markdown, or a plain sentence saying they are missing from this copy."""
    try:
        return resource(*NOTICES_PATH).read_text(encoding="utf-8")
    except OSError:
        return (
            "The third-party notices file is missing from this installation. "
            "Reinstall Buy-In to restore it."
        )


def built_with() -> str:
    return (
        f"Built with Python {platform.python_version()}, Qt {qVersion()} "
        f"and PySide6 {PySide6.__version__}."
    )


class AboutDialog(QDialog):
    """Name, version, one-line description, licence and the third-party notices, with Close."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self.setAccessibleName(f"About {APP_NAME}")
        self.setMinimumSize(560, 520)

        icon = QLabel()
        icon.setAccessibleName(f"{APP_NAME} icon")
        pixmap = QPixmap(str(resource(*ICON_PATH)))
        if not pixmap.isNull():
            # Drawn at the screen's own pixel density: scaled to 72 pixels and then stretched
            # by a 2× screen, it was soft at the edges.
            ratio = self.devicePixelRatioF()
            sharp = pixmap.scaled(
                round(ICON_SIZE * ratio),
                round(ICON_SIZE * ratio),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            sharp.setDevicePixelRatio(ratio)
            icon.setPixmap(sharp)
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)

        self.title_label = QLabel(APP_NAME)
        self.title_label.setAccessibleName("Application name")
        title_font = self.title_label.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.6)
        title_font.setBold(True)
        self.title_label.setFont(title_font)

        self.version_label = QLabel(f"Version {__version__}")
        self.version_label.setAccessibleName("Version")
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.description_label = QLabel(DESCRIPTION)
        self.description_label.setAccessibleName("Description")
        self.description_label.setWordWrap(True)

        self.licence_label = QLabel(LICENCE_LINE)
        self.licence_label.setAccessibleName("License")
        self.licence_label.setWordWrap(True)

        self.built_with_label = QLabel(built_with())
        self.built_with_label.setAccessibleName("Built with")
        self.built_with_label.setWordWrap(True)
        self.built_with_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        heading = QVBoxLayout()
        heading.setSpacing(4)
        for label in (
            self.title_label,
            self.version_label,
            self.description_label,
            self.licence_label,
            self.built_with_label,
        ):
            heading.addWidget(label)

        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(heading, 1)

        notices_heading = QLabel("Open-source software in this app")
        notices_heading.setAccessibleName("Third-party notices heading")
        heading_font = notices_heading.font()
        heading_font.setBold(True)
        notices_heading.setFont(heading_font)

        # QTextBrowser scrolls, renders the Markdown tables and opens links in the user's browser.
        self.notices_view = QTextBrowser()
        self.notices_view.setAccessibleName("Third-party notices")
        self.notices_view.setOpenExternalLinks(True)
        self.notices_view.setMarkdown(third_party_notices())
        self._readable_links()
        notices_heading.setBuddy(self.notices_view)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAccessibleName("Close")
        buttons.rejected.connect(self.reject)
        # Tab moves between the notices and Close (it went from link to link, two dozen of
        # them, before reaching Close; the arrow keys still scroll the notices), and the
        # dialog opens on Close (see showEvent).
        self.notices_view.setTabChangesFocus(True)
        self.notices_view.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(notices_heading)
        layout.addWidget(self.notices_view, 1)
        layout.addWidget(buttons)
        # In proportion at a larger font, within the screen: at 14 points, kept at 560 × 520,
        # the wrapped description left the notices four lines at a time.
        size_to_font(self, 560, 520)

    def _readable_links(self) -> None:
        """Links in the notices in a colour that reads on the view's own background: a dark
        theme that keeps Qt's default blue left them at about 1.9:1 on near-black.

        The Markdown reader writes the application's link colour into each link as it reads
        the notices, so the view's own link colour alone changed nothing on screen: the links
        already read are given it too."""
        view = self.notices_view
        palette = view.palette()
        readable = link_colour(palette, QPalette.ColorRole.Base)
        palette.setColor(QPalette.ColorRole.Link, readable)
        view.setPalette(palette)
        document = view.document()
        links: list[tuple[int, int]] = []
        block = document.begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                if fragment.charFormat().isAnchor():
                    links.append((fragment.position(), fragment.position() + fragment.length()))
                fragments += 1
            block = block.next()
        colour = QTextCharFormat()
        colour.setForeground(readable)
        cursor = QTextCursor(document)
        for start, end in links:
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(colour)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._readable_links()  # a switch between light and dark while the window is open

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.close_button.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def notices_text(self) -> str:
        """The notices as the reader sees them (plain text of the rendered view)."""
        return self.notices_view.toPlainText()
