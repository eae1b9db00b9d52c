"""The two layouts most pages repeat: parts stacked edge to edge, and two panes in a splitter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLayout, QSplitter, QVBoxLayout, QWidget


def stack(host: QWidget, *parts: QWidget | QLayout, stretch: QWidget | None = None) -> QVBoxLayout:
    """Lay ``parts`` top to bottom on ``host`` with no margin; ``stretch`` takes the spare room."""
    layout = QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part, 1 if part is stretch else 0)
    return layout


def split(
    page: QWidget,
    orientation: Qt.Orientation,
    first: QWidget,
    second: QWidget,
    sizes: tuple[int, int],
) -> QSplitter:
    """Fill ``page`` with a splitter holding ``first`` and ``second`` at ``sizes``."""
    splitter = QSplitter(orientation, page)
    splitter.addWidget(first)
    splitter.addWidget(second)
    splitter.setSizes(list(sizes))
    stack(page, splitter)
    return splitter
