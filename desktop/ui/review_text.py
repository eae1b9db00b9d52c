"""The words and figures of the Review step, shaped from the finance result (no widgets).

Each card, table row and note the Review page shows is built here from ``ProposalResult`` and
formatted with ``desktop.finance.money``, so tests can check the exact figures without reading
pixels, and the screen says exactly what the PDF says.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from desktop.finance.money import (
    format_count,
    format_money,
    format_percent,
    format_rate,
)

if TYPE_CHECKING:
    from desktop.finance.result import ProposalResult, ScenarioResult

SCENARIO_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Scenario", "“As proposed” is the plan as entered; the others are its variants."),
    ("Total\ncost", "Everything the scenario costs over the plan's years."),
    ("Per student\nper year", "Total cost divided by students and by years."),
    ("Net present\nvalue", "Benefits minus costs in today's money; above zero, the plan pays."),
    (
        "Payback",
        "The first year from which the running total of benefits stays at or above the costs.",
    ),
    ("Funding\ngap", "Costs that no funding source covers, added over the years."),
    (
        "On temporary\nmoney",
        "Share of the recurring costs paid with grants or other temporary money.",
    ),
    ("Cost vs\nproposed", "How much more (+) or less (−) this scenario costs than the proposal."),
    ("NPV vs\nproposed", "How much better (+) or worse (−) this scenario's NPV is."),
)


NO_ITEMS = "No items yet: add what the plan buys in the Items step, and its costs appear here."


@dataclass(frozen=True, slots=True)
class Figure:
    label: str
    value: str
    explanation: str
    note: str = ""  # a second, smaller line under the value


# The case on budget money only (``ScenarioResult.savings_only``): the figures that count the
# items' savings and leave out the losses avoided, named as the PDF and the workbook name them.
SAVINGS_ONLY = "Budget savings alone"
SAVINGS_ONLY_MEANING = (
    "Budget savings alone counts only the costs the district stops paying and leaves the risk "
    "estimates aside: the part of the case that shows in the budget."
)


def _signed(amount: Decimal, currency: str) -> str:
    return ("+" if amount > 0 else "") + format_money(amount, currency)


def _unbroken(words: str) -> str:
    """``words`` held on one line: "(5 years)" broke after "(5" on a narrow card."""
    return words.replace(" ", "\u00a0")


def headline_figures(result: ProposalResult) -> tuple[Figure, ...]:
    """The figures a CFO asks for first, exactly as the engine computed them."""
    from desktop.finance.funding import after_e_rate, on_the_cost_after_e_rate

    money, years = result.currency, result.horizon_years
    base = result.base
    rate = format_rate(result.discount_rate)
    differs = result.savings_only_differs
    meaning = f"\n\n{SAVINGS_ONLY_MEANING}" if differs else ""
    # The district's side: the same weighed against the cost after the E-Rate secured.
    district = base.after_e_rate if result.after_e_rate_differs else None
    view = on_the_cost_after_e_rate(base.funding) if district is not None else ""
    view = view[:1].upper() + view[1:]
    if district is not None:
        meaning += (
            f"\n\n{view} leaves out the federal discount, as the district's budgets and "
            "grants see it; the figure above weighs the whole cost, whoever pays it."
        )

    def notes(alone: str, on_the_cost: str) -> str:
        lines = [f"{SAVINGS_ONLY}: {alone}" if differs else ""]
        lines.append(f"{view}: {on_the_cost}" if district is not None else "")
        return "\n".join(line for line in lines if line)

    return (
        Figure(
            f"Total cost of ownership ({_unbroken(format_count(years, 'year'))})",
            format_money(result.tco_total, money),
            f"Everything the plan costs over {format_count(years, 'year')}: purchases, "
            "replacements, "
            "subscriptions, support and training — not only the devices."
            + (
                f"\n\n{after[0].upper()}{after[1:]}: the cost less the federal discount "
                "secured, what the district's own budgets and its grants carry."
                if (after := after_e_rate(base.funding))
                else ""
            ),
            f"{after[0].upper()}{after[1:]}: "
            f"{format_money(base.funding.cost_after_e_rate_total, money)}"
            if after
            else "",
        ),
        Figure(
            "Cost per student per year",
            format_money(result.per_student_per_year, money),
            "The total cost of ownership divided by the number of students and by the years.",
        ),
        Figure(
            "Net present value",
            format_money(result.npv, money),
            "What the benefits minus the costs are worth in today's money, counting later "
            f"years for less (at {rate} a year). Above zero, the plan gives back more than it "
            f"costs.{meaning}",
            notes(
                format_money(base.savings_only.npv, money),
                format_money(district.npv if district else None, money),
            ),
        ),
        Figure(
            "Payback",
            result.payback_text(base),
            "The first year from which the running total of benefits stays at or above the "
            f"costs.{meaning}",
            notes(
                result.payback_text(base, savings_only=True),
                result.payback_text(base, after_e_rate=True),
            ),
        ),
        Figure(
            f"Risk-adjusted cost avoided ({_unbroken(format_count(years, 'year'))})",
            format_money(base.benefits.avoided_total, money),
            "Losses the plan is expected to prevent: for each risk, how often it happens times "
            "what it costs, without the mitigation minus with it.",
        ),
        Figure(
            f"Total benefits ({_unbroken(format_count(years, 'year'))})",
            format_money(base.benefits.total, money),
            "Cost avoided plus the savings the items bring on their own.",
        ),
        Figure(
            result.base.funding.gap_label,
            format_money(result.funding_gap, money),
            "Costs that no funding source pays for, added over the years. Zero means every "
            "year's cost is funded.",
            _without_pending(result),
        ),
        Figure(
            "Recurring costs paid from temporary money",
            format_percent(result.base.funding.reliance_shown, 1),
            "The share of yearly running costs paid with grants or other temporary money; "
            "when that money ends, these costs remain.",
        ),
    )


def scenario_rows(result: ProposalResult) -> list[tuple[str, ...]]:
    """One row per scenario (the proposal first), in the columns of ``SCENARIO_COLUMNS``."""
    return [_scenario_row(result, scenario) for scenario in result.scenarios]


def _scenario_row(result: ProposalResult, scenario: ScenarioResult) -> tuple[str, ...]:
    money = result.currency
    difference = scenario.versus_base
    return (
        scenario.name,
        format_money(scenario.tco.total, money),
        format_money(scenario.tco.per_student_per_year, money),
        format_money(scenario.returns.npv, money),
        result.payback_text(scenario),
        format_money(scenario.funding.gap_total, money),
        format_percent(scenario.funding.reliance_shown, 1),
        "—" if difference is None else _signed(difference.tco, money),
        "—" if difference is None else _signed(difference.npv, money),
    )


# The columns of a scenario's row that the Scenarios tab shows beside its items.
_SHAPING_COLUMNS = tuple(
    number
    for number, (title, _meaning) in enumerate(SCENARIO_COLUMNS)
    if title in ("Total\ncost", "Net present\nvalue", "Cost vs\nproposed", "NPV vs\nproposed")
)


def scenario_figures(result: ProposalResult, scenario_key: int) -> tuple[str, str, str, str] | None:
    """One scenario's total cost, NPV and their change against the proposal, as the Review's
    scenario table (and the PDF's) prints them; None when the result has no such scenario (one
    added since these figures were worked out)."""
    for scenario in result.scenarios:
        if scenario.key == scenario_key and not scenario.is_base:
            row = _scenario_row(result, scenario)
            total, npv, cost_change, npv_change = (row[number] for number in _SHAPING_COLUMNS)
            return total, npv, cost_change, npv_change
    return None


def scenario_figures_line(figures: tuple[str, str, str, str]) -> str:
    """The figures of ``scenario_figures`` (or "…", "—" in their place) in two short lines:
    on one, a narrow pane broke it inside a figure ("NPV +" above "$605,837.90")."""
    total, npv, cost_change, npv_change = figures
    return (
        f"Total cost of ownership {total} · Net present value {npv}\n"
        f"Against as proposed: cost {cost_change} · NPV {npv_change}"
    )


def sensitivity_rows(result: ProposalResult) -> list[tuple[str, str, str, str]]:
    money = result.currency
    return [
        (
            line.label,
            format_money(line.npv_low_input, money),
            format_money(line.npv_high_input, money),
            format_money(line.swing, money),
        )
        for line in result.sensitivity.lines
    ]


def level_dots(level: int, top: int = 4) -> str:
    return "●" * level + "○" * (top - level)


def rubric_details_html(reasons: tuple[str, ...], next_steps: tuple[str, ...]) -> str:
    """Why the element is at its level (✓ met, ○ not yet) and what would raise it."""

    def marked(reason: str) -> str:
        mark = "○" if reason.lower().startswith("not yet") else "✓"
        return f"{mark} {html.escape(reason)}"

    text = "<p>" + "<br>".join(marked(reason) for reason in reasons) + "</p>"
    if next_steps:
        steps = "<br>".join(f"→ {html.escape(step)}" for step in next_steps)
        return text + f"<p><b>Next steps</b><br>{steps}</p>"
    return text + "<p>Nothing more to do here: this element is at the top level.</p>"


def alignment_gaps(result: ProposalResult) -> list[tuple[str, tuple[str, ...]]]:
    """The four kinds of loose ends, each with the names concerned (empty: none)."""
    coverage = result.alignment
    return [
        ("Items not tied to any plan goal", tuple(k.name for k in coverage.items_without_goal)),
        ("Plan goals no item serves", tuple(k.name for k in coverage.goals_without_item)),
        ("Risks no item mitigates", tuple(k.name for k in coverage.risks_without_item)),
        (
            "Items without a metric to prove them",
            tuple(k.name for k in coverage.items_without_metric),
        ),
    ]


def _without_pending(result: ProposalResult) -> str:
    """Under a gap that takes money not yet secured as coming in: the gap without it."""
    plan = result.base.funding
    if plan.extra_shortfall_total <= 0:
        return ""
    return f"{format_money(plan.gap_without_pending_total, result.currency)} if it does not"
