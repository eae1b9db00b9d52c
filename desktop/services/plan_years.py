"""What the plan's years reach beyond its own rows: the metrics' target years, which move with the
plan when its first fiscal year moves, and the proposal's name, which may still carry the years
of the plan it was copied from.

A director rolls last year's case forward by duplicating it and moving its first fiscal year on.
Every purchase, funding amount and saving is kept by plan year and so moves with it; a metric's
target year is a calendar year and stayed behind (three metrics then fell due in the plan's first
year), and the name kept saying "… 2027–2031" above a case for 2028–29 to 2032–33.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop.wording import in_a_list

if TYPE_CHECKING:
    from desktop.services.library import Library

# The database layer is imported by the functions that write, not here: the step statuses read
# the name's years while a later start previews the case, before that layer has loaded.


@dataclass(frozen=True)
class PlanMove:
    """What moving the first fiscal year changed, as undo needs it: the year before, and the
    target year each moved metric had (by metric id)."""

    first_year_before: int
    first_year: int
    target_years_before: dict[int, int] = field(default_factory=dict)

    @property
    def years(self) -> int:
        """How many years the plan moved: later is positive."""
        return self.first_year - self.first_year_before


def move_first_year(library: Library, proposal_id: int, first_year: object) -> PlanMove:
    """Move the plan's first fiscal year to ``first_year`` (as typed or parsed), and every
    metric's target year by as many years, in one transaction: the metrics' targets were set
    against the plan's years ("by the plan's third year"), and left behind they fell due before
    or in its first year. A target year the move would take outside the years a target year
    may be is left as it was."""
    from sqlalchemy import select

    from desktop.models import Metric, Proposal
    from desktop.models.types import utc_now
    from desktop.services.editing import validate_changes
    from desktop.services.fields import field_spec
    from desktop.services.lookup import get_row

    values = validate_changes("proposal", {"fiscal_year_start": first_year})
    target = field_spec("metric", "target_year")
    lowest, highest = int(target.minimum or 0), int(target.maximum or 9999)
    with library.transaction() as session:
        proposal = get_row(session, Proposal, proposal_id, "proposal")
        before = int(proposal.fiscal_year_start)
        move = PlanMove(before, int(values["fiscal_year_start"]))
        proposal.fiscal_year_start = move.first_year
        if move.years:
            metrics = session.scalars(
                select(Metric).where(
                    Metric.proposal_id == proposal_id, Metric.target_year.is_not(None)
                )
            )
            for metric in metrics:
                year = metric.target_year
                if year is not None and lowest <= year + move.years <= highest:
                    move.target_years_before[metric.id] = year
                    metric.target_year = year + move.years
        proposal.updated_at = utc_now()
    return move


def undo_first_year_move(library: Library, proposal_id: int, move: PlanMove) -> None:
    """Put the first fiscal year and every target year it moved back as they were."""
    from desktop.models import Metric, Proposal
    from desktop.models.types import utc_now
    from desktop.services.lookup import get_row

    with library.transaction() as session:
        proposal = get_row(session, Proposal, proposal_id, "proposal")
        proposal.fiscal_year_start = move.first_year_before
        for metric_id, year in move.target_years_before.items():
            metric = session.get(Metric, metric_id)
            if metric is not None:  # deleted since: nothing to put back
                metric.target_year = year
        proposal.updated_at = utc_now()


# --- the years a name names ----------------------------------------------------------------

# Only clear years: four digits standing alone (not in "$12,2027" or "20275"), and ranges of two
# such years joined by a dash or "to". Fiscal-year labels ("2027–28") are read by their first
# year; "FY27" is not read at all (it may as well be a model number).
_YEAR = r"(?<![\d.,$€£])((?:19|20|21)\d\d)(?![\d%]|[.,]\d)"
_RANGE = re.compile(_YEAR + r"\s*(?:[-\u2010-\u2015]|\bto\b)\s*" + _YEAR)
_SINGLE = re.compile(_YEAR)
_FISCAL = re.compile(_YEAR + r"[-\u2010-\u2015](\d\d)(?!\d)")  # "2027–28", "2027-28"
# A year written as part of a date or a reference: a dash or slash and a digit after it, or
# before it.
_DATED = re.compile(r"[-\u2010-\u2015/]\d")
_DATED_BEFORE = re.compile(r"\d[-\u2010-\u2015/]$")
# A four-digit number this far from the plan's years is taken for a count ("2000 Chromebooks").
_NEAR_ENOUGH = 15


def years_off_plan(name: str, first_year: int, horizon_years: int, start_month: int) -> list[str]:
    """The year ranges and years ``name`` names, as written, that are not the plan's: a range
    must run from the plan's first year to its last (the last fiscal year by its first or its
    second calendar year: "2027–2031" or "2027–2032" for 2027–28 to 2031–32); a fiscal year
    ("2027–28", "2027–2028") must be one of the plan's; a single year must not come before the
    plan. A year after the plan (a class's, a model's: "Class of 2035") and a year in a date
    or a reference number are not read. A name with no years says none."""
    last_start = first_year + horizon_years - 1
    last_end = last_start + (0 if start_month == 1 else 1)
    lowest, highest = first_year - _NEAR_ENOUGH, last_end + _NEAR_ENOUGH
    off: list[str] = []
    rest = list(name)  # the name with its ranges blanked out, for the single years
    for match in _RANGE.finditer(name):
        start, end = int(match.group(1)), int(match.group(2))
        if not (lowest <= start <= highest and lowest <= end <= highest):
            continue
        if end == start + 1 and start_month != 1:  # one school year, "SY 2027-2028"
            if not first_year <= start <= last_start:
                off.append(match.group(0))
        elif start != first_year or end not in (last_start, last_end):
            off.append(match.group(0))
        rest[match.start() : match.end()] = " " * (match.end() - match.start())
    for match in _FISCAL.finditer("".join(rest)):
        start = int(match.group(1))
        if int(match.group(2)) != (start + 1) % 100 or not lowest <= start <= highest:
            continue  # not a fiscal year's label: its first year is read on its own below
        if not first_year <= start <= last_start:
            off.append(match.group(0))
        rest[match.start() : match.end()] = " " * (match.end() - match.start())
    blanked = "".join(rest)
    for match in _SINGLE.finditer(blanked):
        year = int(match.group(1))
        if _DATED.match(blanked, match.end()) or _DATED_BEFORE.search(blanked, 0, match.start()):
            continue  # a date or a reference number ("2026-05-01", "item 2026-114")
        # Only a year before the plan: one after it is a class's or a model's ("Class of 2035").
        if lowest <= year < first_year:
            off.append(match.group(0))
    return list(dict.fromkeys(off))  # each once, in the name's order within its kind


def name_years_warning(name: str, first_year: int, horizon_years: int, start_month: int) -> str:
    """The Basics step's warning when the name names years the plan does not cover ("" when
    it names none, or only the plan's own): the name heads the case and the handout, and
    "… 2027–2031" above "over 5 years (2028–29 to 2032–33)" was the first thing the CFO saw."""
    from desktop.finance.scenarios import fiscal_year_label  # not at start-up

    off = years_off_plan(name, first_year, horizon_years, start_month)
    if not off:
        return ""
    first = fiscal_year_label(first_year, start_month)
    last = fiscal_year_label(first_year + horizon_years - 1, start_month)
    runs = f"runs {first} to {last}" if horizon_years > 1 else f"is for {first}"
    return (
        f"The proposal's name says {in_a_list(off)}, but the plan {runs}: change the name, "
        "which heads the case and the handout"
    )
