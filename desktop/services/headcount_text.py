"""The proposal's texts that still quote a headcount the director just changed.

A figure sized to a headcount can follow it (see ``desktop.services.headcounts``); a number
written inside a sentence cannot be moved safely, and stayed behind: rolled forward from 280
teachers to 285, the printed risk register read "285 × 60% × $1,000" beside "Exposure is the
280 teachers", and the learning days' note still said "280 teachers, two days a year". The
director is told where such numbers stand, row by row, so they can be rewritten.

A number counts as the headcount as it is written in prose: "4,200" or "4200", not inside a
longer number ("14,200", "4,200,000", "4,200.5"), not money ("$4,200") or a percentage, not
one end of a range ("280–300", "K-12") and not part of a model name ("X280"). A count under
100 ("12") is everywhere in a proposal ("grades 2–12", "12 months"): it counts only when
people are named right after it ("12 teachers"). A count that reads as a year ("2030") counts
only written with its comma.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from desktop.finance.money import format_count, format_number
from desktop.wording import quoted

if TYPE_CHECKING:
    from desktop.services.library import Library

NAMED_IN_NOTE = 3  # rows named in the note; the rest are counted
SMALL_COUNT = 100  # below it, a bare number is too common to be taken for a headcount
_YEARS = range(1900, 2101)  # "2030" in prose is a year far more often than 2,030 teachers
# The words for people a small count must be followed by ("12 teachers", "45 support staff").
_PEOPLE = (
    r"(?:students?|pupils?|learners?|child(?:ren)?|kids?|teachers?|educators?|faculty|"
    r"instructors?|staff|employees?|people|persons?|users?|adults?|members?|workers?)"
)
_PEOPLE_AFTER = re.compile(rf"(?:[\s\u00a0]+[\w-]+)?[\s\u00a0]+{_PEOPLE}\b", re.IGNORECASE)
# The headcounts, and the sums of them a text may quote ("4,670 students and staff"), as in
# ``desktop.services.headcounts``.
_GROUPS: tuple[tuple[str, ...], ...] = (
    ("students",),
    ("teachers",),
    ("staff",),
    ("teachers", "staff"),
    ("students", "teachers"),
    ("students", "teachers", "staff"),
)
_SEPARATORS = (",", "\u00a0", "\u202f")  # of thousands: a comma, or a no-break space ("4 200")
_DASHES = "-\u2010\u2011\u2012\u2013\u2014"


@dataclass(frozen=True)
class QuotingRow:
    """A row of the proposal whose text quotes an old headcount."""

    place: str  # where the director finds it: "Items", "Risks", "Basics"...
    name: str  # the row's name as typed; "" for the proposal's own texts
    fields: tuple[str, ...]  # which of its texts, as labelled: "notes", "description"...
    figures: tuple[Decimal, ...]  # the old counts it quotes


def old_counts(before: Mapping[str, int | None], after: Mapping[str, int | None]) -> list[Decimal]:
    """The headcounts (and sums of them) ``before`` had that ``after`` does not, the single
    counts first. A figure that is also a count that did not change is left out: a text
    quoting it may mean that one."""

    def total(counts: Mapping[str, int | None], names: tuple[str, ...]) -> int:
        return sum(int(counts.get(name) or 0) for name in names)

    changed: dict[Decimal, None] = {}
    unchanged: set[Decimal] = set()
    for names in _GROUPS:
        old, new = total(before, names), total(after, names)
        if old <= 0:
            continue
        if old == new:
            unchanged.add(Decimal(old))
        else:
            changed.setdefault(Decimal(old))
    return [figure for figure in changed if figure not in unchanged]


def _forms(count: Decimal) -> list[str]:
    """How ``count`` may be written: "4,200" and "4200" ("2030" only as "2,030")."""
    whole = int(count)
    grouped = f"{whole:,}"
    if whole in _YEARS:
        return [grouped]
    return list(dict.fromkeys((grouped, str(whole))))


@lru_cache(maxsize=64)
def _pattern(count: Decimal) -> re.Pattern[str]:
    forms = sorted(_forms(count), key=len, reverse=True)
    spelled = [re.escape(form).replace(",", f"[{''.join(_SEPARATORS)}]") for form in forms]
    return re.compile("|".join(spelled))


def quotes_count(text: str, count: Decimal | int) -> bool:
    """Whether ``text`` quotes ``count`` as a number of its own (see the module's notes)."""
    count = Decimal(count)
    if not text or count <= 0 or count != count.to_integral_value():
        return False
    for match in _pattern(count).finditer(text):
        start, end = match.span()
        if _not_on_its_own(text, start, end) or _money_or_share(text, start, end):
            continue
        if count < SMALL_COUNT and not _PEOPLE_AFTER.match(text, end):
            continue
        return True
    return False


def _not_on_its_own(text: str, start: int, end: int) -> bool:
    before = text[max(start - 2, 0) : start]
    after = text[end : end + 2]
    if before[-1:].isalnum() or before[-1:] == "_" or after[:1].isalnum() or after[:1] == "_":
        return True  # "14,200", "4,2001", "X280", "280mm"
    if len(before) == 2 and before[0].isdigit() and before[1] in "." + "".join(_SEPARATORS):
        return True  # "1,280", "0.280"
    if len(after) == 2 and after[0] in "." + "".join(_SEPARATORS) and after[1].isdigit():
        return True  # "280.5"
    # One end of a range or a code: "K-12", "grades 6–12", "280–300".
    return (len(before) == 2 and before[0].isalnum() and before[1] in _DASHES) or (
        len(after) == 2 and after[0] in _DASHES and after[1].isdigit()
    )


def _money_or_share(text: str, start: int, end: int) -> bool:
    """Whether the number is an amount ("$4,200", "€ 4200") or a percentage ("280%")."""
    before = text[max(start - 2, 0) : start].rstrip(" \u00a0")
    if before and unicodedata.category(before[-1]) == "Sc":
        return True
    return text[end : end + 2].lstrip(" \u00a0")[:1] == "%"


# (place, table, the row's name column, [(text column, its label)]) for every text the
# director types into a proposal's rows, in the order of the steps.
_TEXTS: tuple[tuple[str, str, str, tuple[tuple[str, str], ...]], ...] = (
    ("Strategic plans", "goal", "title", (("title", "name"), ("description", "description"))),
    (
        "Items",
        "item",
        "name",
        (("name", "name"), ("notes", "notes"), ("figure_source", "where the figures come from")),
    ),
    ("Scenarios", "scenario", "name", (("name", "name"), ("description", "description"))),
    ("Risks", "risk", "title", (("title", "name"), ("description", "description"))),
    ("Metrics", "metric", "name", (("name", "name"), ("data_source", "data source"))),
    ("Funding", "funding_source", "name", (("name", "name"), ("notes", "notes"))),
)


def texts_quoting(
    library: Library, proposal_id: int, figures: Iterable[Decimal]
) -> list[QuotingRow]:
    """The rows whose texts quote any of ``figures``, in the order of the steps and of the
    rows: the executive summary, goals, items, scenarios, risks, metrics, the reasons items
    serve goals, and funding sources."""
    from sqlalchemy import ColumnElement, or_, select

    from desktop.models import Goal, Item, ItemGoalLink, Proposal
    from desktop.services.editing import ROW_MODELS

    wanted = [figure for figure in figures if figure > 0]
    if not wanted:
        return []
    # Only the rows holding one of the numbers are read and searched: 10,000 items stay quick.
    spellings = {
        form.replace(",", separator)
        for figure in wanted
        for form in _forms(figure)
        for separator in _SEPARATORS
    }

    def holding(*columns: Any) -> ColumnElement[bool]:
        return or_(*(column.like(f"%{form}%") for column in columns for form in spellings))

    rows: list[QuotingRow] = []

    def search(place: str, name: str, texts: Iterable[tuple[str, str | None]]) -> None:
        fields: dict[str, None] = {}
        quoting: dict[Decimal, None] = {}
        for label, text in texts:
            for figure in wanted:
                if text and quotes_count(text, figure):
                    fields.setdefault(label)
                    quoting.setdefault(figure)
        if fields:
            rows.append(QuotingRow(place, name, tuple(fields), tuple(quoting)))

    with library.reading() as session:
        summary = session.scalar(
            select(Proposal.executive_summary).where(Proposal.id == proposal_id)
        )
        search("Basics", "", [("executive summary", summary)])
        for place, entity, name_column, columns in _TEXTS:
            if place == "Funding":  # the Links step comes before Funding
                links = session.execute(
                    select(Item.name, Goal.code, Goal.title, ItemGoalLink.rationale)
                    .join(ItemGoalLink, ItemGoalLink.item_id == Item.id)
                    .join(Goal, Goal.id == ItemGoalLink.goal_id)
                    .where(Item.proposal_id == proposal_id, holding(ItemGoalLink.rationale))
                    .order_by(Item.position, Item.id, Goal.position, Goal.id)
                )
                for item, code, title, rationale in links:
                    goal = code.strip() or quoted(title, 30)
                    search("Links", str(item), [(f"why it serves {goal}", rationale)])
            model = ROW_MODELS[entity]
            texts = [getattr(model, column) for column, _label in columns]
            labels = [label for _column, label in columns]
            found = session.execute(
                select(getattr(model, name_column), *texts)
                .where(model.proposal_id == proposal_id, holding(*texts))
                .order_by(model.position, model.id)
            )
            for name, *typed in found:
                search(place, str(name), zip(labels, typed, strict=True))
    return rows


def quoting_note(rows: list[QuotingRow]) -> str:
    """What the director is told under the headcount: where the old count still stands in
    the text, a few rows named and the rest counted ("" when no text quotes it)."""
    if not rows:
        return ""
    figures = [format_number(f) for f in dict.fromkeys(f for row in rows for f in row.figures)]
    said = (
        f"The old counts, {', '.join(figures[:-1])} and {figures[-1]}, still stand"
        if len(figures) > 1
        else f"The old count, {figures[0]}, still stands"
    )
    # "Items: “A” (notes), “B” (name); Risks: “C” (description)": each step said once.
    places: dict[str, list[str]] = {}
    for row in rows[:NAMED_IN_NOTE]:
        which = ", ".join(row.fields)
        places.setdefault(row.place, []).append(
            f"{quoted(row.name, 50)} ({which})" if row.name else which
        )
    named = [f"{place}: {', '.join(rows_there)}" for place, rows_there in places.items()]
    more = len(rows) - NAMED_IN_NOTE
    listed = "; ".join(named) + (f" and {format_count(more, 'more row')}" if more > 0 else "")
    return (
        f"{said} in the text of {listed}. Numbers in text do not follow the headcount: change "
        "them there."
    )
