"""What the home screen shows when the library holds no proposal: a friendly explanation and the
ways to start (from the 1:1 template, blank, the sample, or a shared file).

The sample is added by itself only on a library's first start; a director who deleted every
proposal gets this page instead, with the sample one click away.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.ui.layouts import Hint
from desktop.ui.theme import link_colour

EXPLANATION_WIDTH = 620  # a comfortable line length for reading


class EmptyProposals(QFrame):
    """The call to action that replaces an empty proposals table."""

    new_from_template = Signal()
    new_blank = Signal()
    add_sample = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("No proposals yet")
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)

        self.heading = QLabel("No proposals yet")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.explanation = QLabel(
            "A proposal is the business case for one initiative: what it buys, the plan goals "
            "it serves, the risks it removes, how it is paid for and how its value will be "
            "measured. Start from the 1:1 template, with typical items and illustrative "
            "figures to replace with your own quotes, or from a blank page."
        )
        self.explanation.setWordWrap(True)
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignHCenter)

        self.template_button = QPushButton("New proposal from the 1:1 &template")
        self.template_button.setAccessibleName("New proposal from the 1:1 template")
        self.blank_button = QPushButton("New &blank proposal…")
        self.blank_button.setAccessibleName("New blank proposal")
        self.sample_button = QPushButton("Add the Riverside &sample to look around")
        self.sample_button.setAccessibleName("Add the sample proposal")
        self.sample_button.setFlat(True)
        self.sample_button.setCursor(Qt.CursorShape.PointingHandCursor)
        # Drawn as a link: a quieter choice beside the two ways to start a real proposal.
        link_font = self.sample_button.font()
        link_font.setUnderline(True)
        self.sample_button.setFont(link_font)
        palette = self.sample_button.palette()
        palette.setColor(QPalette.ColorRole.ButtonText, link_colour(palette))
        self.sample_button.setPalette(palette)
        self.sample_button.setToolTip(
            "A complete, fictional proposal that shows what a finished business case looks like"
        )
        self.template_button.clicked.connect(self.new_from_template)
        self.blank_button.clicked.connect(self.new_blank)
        self.sample_button.clicked.connect(self.add_sample)
        for button in (self.template_button, self.blank_button):
            button.setMinimumHeight(button.sizeHint().height() + 8)
            button.setMinimumWidth(button.sizeHint().width() + 24)

        self.import_hint = Hint(
            "A colleague sent you a proposal? Use File ▸ Import proposal file… to add it."
        )
        self.import_hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.template_button)
        buttons.addSpacing(8)
        buttons.addWidget(self.blank_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addStretch(1)
        layout.addWidget(self.heading)
        layout.addSpacing(8)
        layout.addWidget(self.explanation, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(18)
        layout.addLayout(buttons)
        layout.addSpacing(6)
        layout.addWidget(self.sample_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(12)
        layout.addWidget(self.import_hint)
        layout.addStretch(2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # A centred, word-wrapped label gets its one-line height from the layout and loses its
        # last lines; size it for the width it really has.
        width = max(200, min(EXPLANATION_WIDTH, self.width() - 48))
        self.explanation.setFixedSize(width, self.explanation.heightForWidth(width))
        super().resizeEvent(event)
