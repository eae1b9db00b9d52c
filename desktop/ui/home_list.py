"""The home screen's list: the table model of the library's proposals with their key figures,
and the worker that computes those figures off the GUI thread.

The list is shown at once without figures (``pending``); ``FiguresTask`` works out each
proposal's TCO, NPV and payback with the finance engine and hands each filled listing back
through ``FigureRelay`` as it is ready, tagged with the list's generation so figures for a list
that was replaced meanwhile are dropped. The database layer is imported by the task itself,
never at module level: showing the home screen's empty list must not wait for it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    Qt,
    Signal,
)

from desktop.finance.money import format_money, format_payback
from desktop.memory import release_freed_memory
from desktop.wording import UNKNOWN_MOMENT, short_moment, without_overrides

if TYPE_CHECKING:
    from desktop.services.library import Library
    from desktop.services.proposals import ProposalListing


Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Proposal", "District", "Items", "Total cost", "Net present value", "Payback",
           "Last edited")  # fmt: skip
NUMERIC_COLUMNS = (2, 3, 4, 5)


def _in_utc(moment: datetime) -> datetime:
    """A stored moment with its zone: UTC when it carries none."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def when_text(moment: datetime) -> str:
    """A stored moment (UTC when it carries no zone) in this computer's local time, as every
    screen shows a date and time, as a US district writes one: "Nov 23, 2026, 2:05 PM"."""
    return short_moment(_in_utc(moment).astimezone())


def _moment_key(moment: datetime) -> float:
    """A stored moment as a number that sorts by time ("Apr 3" sorted before "Nov 2" by its
    text, whatever the year)."""
    return _in_utc(moment).timestamp()


class ProposalListModel(QAbstractTableModel):
    """One row per proposal; figures still being computed show "…" until they arrive."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.listings: list[ProposalListing] = []
        self.pending: set[int] = set()  # ids whose figures are still being computed
        # Headings shown on two lines, by column, where the column is narrower than the words.
        self.folded_titles: dict[int, str] = {}

    def fold_titles(self, titles: dict[int, str]) -> None:
        if titles != self.folded_titles:
            self.folded_titles = titles
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)

    def set_listings(self, listings: list[ProposalListing], *, pending: bool) -> None:
        self.beginResetModel()
        self.listings = listings
        self.pending = {listing.id for listing in listings} if pending else set()
        self.endResetModel()

    def update_listing(self, listing: ProposalListing) -> None:
        for row, existing in enumerate(self.listings):
            if existing.id == listing.id:
                self.listings[row] = listing
                self.pending.discard(listing.id)
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
                return

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.listings)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.folded_titles.get(section, HEADERS[section])
        if role == Qt.ItemDataRole.TextAlignmentRole and section in NUMERIC_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and section == 3:
            return "Total cost of ownership over the planning horizon"
        if role == Qt.ItemDataRole.ToolTipRole and section == 4:
            return "Net present value: what the district gains, in today's money"
        return None

    def listing(self, row: int) -> ProposalListing:
        return self.listings[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        listing = self.listings[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight
                if column in NUMERIC_COLUMNS
                else Qt.AlignmentFlag.AlignLeft
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and listing.problem:
            return f"The figures cannot be computed: {listing.problem}"
        if role == Qt.ItemDataRole.UserRole:
            return self._sort_key(listing, column)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        waiting = "…" if listing.id in self.pending else "—"
        if column == 0:
            return without_overrides(listing.name)
        if column == 1:
            return without_overrides(listing.district)
        if column == 2:
            return f"{listing.item_count:,}"
        if column == 3:
            return (
                waiting
                if listing.total_cost is None
                else format_money(listing.total_cost, listing.currency)
            )
        if column == 4:
            return waiting if listing.npv is None else format_money(listing.npv, listing.currency)
        if column == 5:
            if listing.id in self.pending:
                return "…"
            if listing.npv is None:  # the figures are not worked out (or cannot be)
                return waiting
            return format_payback(listing.payback_year, spent=bool(listing.total_cost))
        return "—" if listing.updated_at == UNKNOWN_MOMENT else when_text(listing.updated_at)

    @staticmethod
    def _sort_key(listing: ProposalListing, column: int) -> Any:
        keys = (
            listing.name.lower(),
            listing.district.lower(),
            listing.item_count,
            int((listing.total_cost or 0) * 100),
            int((listing.npv or 0) * 100),
            listing.payback_year or 10_000,
            _moment_key(listing.updated_at),
        )
        return keys[column]


class FigureRelay(QObject):
    """Carries each filled listing from the worker to the GUI thread (a queued signal)."""

    computed = Signal(object, int)  # listing, generation


class FiguresTask(QRunnable):
    """Computes the listed proposals' figures one by one, off the GUI thread."""

    def __init__(
        self,
        library: Library,
        listings: list[ProposalListing],
        relay: FigureRelay,
        generation: int,
    ) -> None:
        super().__init__()
        self.library, self.listings, self.relay, self.generation = (
            library, listings, relay, generation,
        )  # fmt: skip

    def run(self) -> None:
        from desktop.services.proposals import listing_with_figures

        for listing in self.listings:
            try:
                filled = listing_with_figures(self.library, listing)
            except Exception as error:  # noqa: BLE001 - e.g. deleted meanwhile; show, never crash
                filled = replace(listing, problem=str(error))
            self.relay.computed.emit(filled, self.generation)
        # Each proposal was read and computed whole for three figures: all of it is free now.
        release_freed_memory()
