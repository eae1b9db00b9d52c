"""How Home's list of proposals shares its width among its columns, in the font on screen.

The name is what tells proposals apart, so it is given its room first. As the room shrinks,
each step below gives up some only when the one before it could not make enough:

1. the district, down to a readable width (it wraps onto more lines, each no wider than its
   words need: the name has what is left at their ends);
2. the figures, the payback and the last edit, from one line to two ("Not within / the plan",
   "Net present / value" in the heading);
3. the name, down to a readable width (more lines);
4. then the list scrolls sideways rather than cut any text.

Each column's needs are measured from what it shows (its heading and its entries), kept, and
updated as figures arrive; a width the director drags a column to is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QRect, QSize
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QTableView

from desktop.ui.home_list import HEADERS, ProposalListModel

CELL_PADDING = 12  # pixels beside a cell's text, so a figure is not drawn against its edge
HEADING_AIR = 8  # pixels beside a heading's words besides the style's margins and sort arrow
DISTRICT_SHARE = 0.4  # at most this part of the width the figures leave goes to the district
# The fewest characters of a name or a district the list shows before it scrolls sideways.
NAME_LEAST_CHARACTERS = 14
# What a name gets before the district or the figures have all they would like: a typical name
# ("Riverside USD — 1:1 Infrastructure 2027–31") on one line.
NAME_WANTED_CHARACTERS = 42
NAME, DISTRICT = 0, 1
FIGURES = range(2, len(HEADERS))


def two_lines(text: str, width_of: Callable[[str], int]) -> tuple[int, str]:
    """The narrowest ``text`` becomes broken once at a space: its wider line's width, and the
    text with that break ("Not within the plan" → "Not within" over "the plan")."""
    best = (width_of(text), text)
    for position, character in enumerate(text):
        if character == " ":
            first, second = text[:position], text[position + 1 :]
            wider = max(width_of(first), width_of(second))
            if wider < best[0]:
                best = (wider, f"{first}\n{second}")
    return best


def lines_at(text: str, room: int, width_of: Callable[[str], int]) -> int:
    """How many lines ``text`` takes broken at spaces to fit ``room``, as the list breaks it."""
    words = text.split(" ")
    lines, line = 1, words[0]
    for word in words[1:]:
        if width_of(f"{line} {word}") <= room:
            line = f"{line} {word}"
        else:
            lines, line = lines + 1, word
    return lines


def narrowest_in(texts: set[str], lines: int, width_of: Callable[[str], int]) -> int:
    """The narrowest room in which each of ``texts`` takes at most ``lines`` lines."""
    narrowest = 0
    for text in texts:
        words = text.split(" ")
        ends = range(1, len(words) + 1)
        runs = sorted(
            {width_of(" ".join(words[start:end])) for end in ends for start in range(end)}
        )
        # Fewer lines the wider the room: the narrowest that will do is found by halving (one
        # room after another measured a long district's every run once per room).
        low, high = 0, len(runs) - 1  # the widest run, the whole text, is one line
        while low < high:
            middle = (low + high) // 2
            if lines_at(text, runs[middle], width_of) <= lines:
                high = middle
            else:
                low = middle + 1
        narrowest = max(narrowest, runs[low])
    return narrowest


def heading_room(header: QHeaderView, lines: int) -> int:
    """What a heading's section takes beside its words: the style's margins and the sort arrow
    (a click on any heading sorts by it), at the header's height for ``lines`` lines of words."""
    style = header.style()
    option = QStyleOptionHeader()
    option.initFrom(header)
    option.state |= QStyle.StateFlag.State_Horizontal
    option.sortIndicator = QStyleOptionHeader.SortIndicator.SortDown
    option.text = "\n".join(["Items"] * lines)
    size = style.sizeFromContents(QStyle.ContentsType.CT_HeaderSection, option, QSize(), header)
    option.rect = QRect(0, 0, 1000, size.height())
    label = style.subElementRect(QStyle.SubElement.SE_HeaderLabel, option, header)
    return 1000 - label.width() + HEADING_AIR


@dataclass
class ColumnNeeds:
    """The widths a column needs: with its heading and each entry on one line, and on two (the
    header two lines high); ``heading`` what its heading needs on one line, in a header one
    and two lines high; ``folded_heading`` the heading broken onto two lines."""

    whole: int = 0
    folded: int = 0
    heading: tuple[int, int] = (0, 0)
    folded_heading: str = ""

    def take(self, whole: int, folded: int) -> None:
        self.whole, self.folded = max(self.whole, whole), max(self.folded, folded)


class HomeColumns:
    """Sizes ``view``'s columns for ``model`` (the source of its proxy): ``measure`` when the
    rows or the font change, ``measure_rows`` when some rows' figures arrive, ``fit`` when the
    width changes."""

    def __init__(self, view: QTableView, model: ProposalListModel) -> None:
        self.view, self.model = view, model
        self.needs = [ColumnNeeds() for _ in HEADERS]
        self.districts: set[str] = set()
        self._narrowest: dict[int, int] = {}  # the districts' narrowest room, by lines
        self.chosen: dict[int, int] = {}  # widths the director dragged columns to
        self._fitting = False
        view.horizontalHeader().sectionResized.connect(self._on_resized)

    # --- what each column needs ----------------------------------------------------------------

    def measure(self) -> None:
        """Every column's needs, read afresh from the headings and all the rows. While figures
        are still being worked out, the figures' columns keep what they had: a list read again
        (after a rename, say) would narrow them to "…", then widen them as each figure came."""
        kept = [(needs.whole, needs.folded) for needs in self.needs] if self.model.pending else []
        header = self.view.horizontalHeader()
        # A header with a heading on two lines is taller, and the style's sort arrow wider.
        one_line, two_line = heading_room(header, 1), heading_room(header, 2)
        heading = header.fontMetrics().horizontalAdvance
        for column, title in enumerate(HEADERS):
            whole = heading(title) + one_line
            narrowest, broken = two_lines(title, heading)
            folded = (narrowest if column in FIGURES else heading(title)) + two_line
            self.needs[column] = ColumnNeeds(
                whole, folded, (heading(title) + one_line, heading(title) + two_line), broken
            )
        for column in FIGURES if kept else ():
            self.needs[column].take(*kept[column])
        self.districts, self._narrowest = set(), {}
        self.measure_rows(0, self.model.rowCount() - 1)

    def measure_rows(self, first: int, last: int) -> None:
        """Widen the needs for what rows ``first`` to ``last`` show (a figure that arrived)."""
        width_of = self.view.fontMetrics().horizontalAdvance
        for row in range(first, last + 1):
            for column in range(len(HEADERS)):
                text = str(self.model.index(row, column).data() or "")
                if column == DISTRICT and text and text not in self.districts:
                    self.districts.add(text)
                    self._narrowest = {}
                whole = width_of(text) + CELL_PADDING
                folded = two_lines(text, width_of)[0] + CELL_PADDING if column in FIGURES else whole
                self.needs[column].take(whole, folded)

    def on_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
        if self.model.pending:
            self.measure_rows(top_left.row(), bottom_right.row())
        else:  # the last figures are in: what the list shows now, and no more
            self.measure()
        self.fit()

    # --- sharing the width -----------------------------------------------------------------------

    def fit(self) -> None:
        """Share the list's width as the module's docstring orders it."""
        room = self.view.viewport().width()
        character = self.view.fontMetrics().averageCharWidth()
        least = character * NAME_LEAST_CHARACTERS
        name, district = self.needs[NAME], self.needs[DISTRICT]
        wanted = max(least, min(name.whole, character * NAME_WANTED_CHARACTERS + CELL_PADDING))
        district_least = min(district.whole, least)
        whole = {column: self.chosen.get(column, self.needs[column].whole) for column in FIGURES}
        folded = {column: self.chosen.get(column, self.needs[column].folded) for column in FIGURES}
        figures = whole if room - sum(whole.values()) >= wanted + district_least else folded
        left = room - sum(figures.values())
        district_width = self.chosen.get(
            DISTRICT,
            self._snapped(
                max(district_least, min(district.whole, int(left * DISTRICT_SHARE), left - wanted)),
                district_least,
            ),
        )
        scrolls = left - district_width < least
        self._fitting = True
        try:
            header = self.view.horizontalHeader()
            for column, width in figures.items():
                self._set_width(column, width)
            self._set_width(DISTRICT, district_width)
            mode = QHeaderView.ResizeMode.Interactive if scrolls else QHeaderView.ResizeMode.Stretch
            if header.sectionResizeMode(NAME) != mode:  # the name takes the rest, or scrolls
                header.setSectionResizeMode(NAME, mode)
            if scrolls:
                self._set_width(NAME, self.chosen.get(NAME, least))
        finally:
            self._fitting = False
        self._fold_headings()

    def _fold_headings(self) -> None:
        """A heading wider than its column takes two lines, the header growing to hold them (and
        with it, in some styles, the sort arrow beside every heading)."""
        for height in (0, 1):
            folded = {
                column: self.needs[column].folded_heading
                for column in FIGURES
                if self.view.columnWidth(column) < self.needs[column].heading[height]
            }
            if not folded:
                break
        self.model.fold_titles(folded)

    def _snapped(self, width: int, least: int) -> int:
        """``width`` for the district, less what its entries leave empty on each line there
        (the name has it), never below ``least``: "Riverside Unified School District" takes two
        lines in 177 pixels as in 293."""
        width_of = self.view.fontMetrics().horizontalAdvance
        room = width - CELL_PADDING
        lines = max((lines_at(text, room, width_of) for text in self.districts), default=1)
        if lines not in self._narrowest:
            self._narrowest[lines] = narrowest_in(self.districts, lines, width_of)
        return max(least, self._narrowest[lines] + CELL_PADDING)

    def _set_width(self, column: int, width: int) -> None:
        if self.view.columnWidth(column) != width:
            self.view.setColumnWidth(column, width)

    def _on_resized(self, column: int, _old: int, new: int) -> None:
        stretched = (
            self.view.horizontalHeader().sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch
        )
        if not self._fitting and not stretched and new > 0:
            self.chosen[column] = new
