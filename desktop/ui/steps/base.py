"""What every step page shares: a title, one sentence of guidance, and ``refresh()``.

Pages are built with ``Page(context, parent=None)`` (see ``desktop.ui.context``). ``TableStepPage``
is the page for a list of rows (goals, risks, metrics): one table editor that follows the
proposal's currency.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.ui.context import ProposalContext
from desktop.ui.row_table import RowTableEditor
from desktop.ui.table_model import ComputedColumn


class StepPage(QWidget):
    title: ClassVar[str] = ""
    guidance: ClassVar[str] = ""

    def __init__(self, context: ProposalContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setAccessibleName(self.title)

    def refresh(self) -> None:
        """Reload everything the page shows from the services."""


class TableStepPage(StepPage):
    """A step whose editor is one table of rows."""

    entity: ClassVar[str] = ""
    columns: ClassVar[list[str | ComputedColumn]] = []
    widths: ClassVar[dict[str, int]] = {}
    prose_share: ClassVar[float] = 0.0  # see RowTableEditor

    def __init__(self, context: ProposalContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.table = RowTableEditor(
            context, self.entity, self.columns, self.widths, self, prose_share=self.prose_share
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        context.result_changed.connect(self._follow_currency)
        self.refresh()

    def refresh(self) -> None:
        self._follow_currency()
        self.table.refresh()

    def _follow_currency(self, *_: Any) -> None:
        data = self.context.proposal_input
        if data is not None:
            self.table.set_currency(data.currency)
