"""Funding against cost: gaps, surpluses, and reliance on temporary money for recurring costs.

Rules:
- Each source's amount for a year is rounded to the cent; years outside the horizon are ignored
  (validation reports them).
- Gap and surplus are worked out year by year and are not carried over, because money left in one
  fiscal year only pays the next one if the district budgets it there. ``gap_total`` is the sum of
  the yearly gaps.
- In each year, recurring sources (maintenance and operations budget, E-Rate ...) pay recurring
  costs first. What is left of the recurring costs and is paid from temporary money (grants,
  bonds, one-off funds) is "reliance on temporary money"; summed over the horizon and divided by
  all recurring costs, it is the grant reliance share. Recurring costs that nothing pays show up
  in the gap instead.
- Flags: no funding entered (warning); a year with a gap (warning, one per year); recurring costs
  leaning on temporary money (notice above 0 %, warning above 10 %); sources bringing more than
  the plan costs by over 1 % of its cost (notice); E-Rate above 90 % of what the network and
  internet items cost in a year (warning); money not yet secured (a warning when the plan
  would lack more without it, else a notice).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from desktop.finance.cashflow import sum_by_year
from desktop.finance.inputs import FundingInput
from desktop.finance.money import (
    ZERO,
    format_count,
    format_money,
    format_percent,
    safe_ratio,
    to_cents,
)
from desktop.finance.result import (
    Flag,
    FundingSourceResult,
    FundingSummary,
    Severity,
    TcoSummary,
    YearlyMoney,
)
from desktop.vocabulary import FundingKind, ItemCategory
from desktop.wording import in_a_list, quoted, years_named

# The share of recurring costs temporary money may pay before the funding flag warns, the
# rubric marks the element "not yet" and the Funding step warns: one threshold for all three.
GRANT_RELIANCE_LIMIT = Decimal("0.10")
# The largest share of an eligible cost E-Rate discounts (its discounts run from 20 to 90 %);
# only network and internet items are eligible.
E_RATE_CEILING = Decimal("0.90")

# A recurring source bringing more than this many times its usual yearly amount in one year:
# the difference is most likely one-time money (E-Rate's discount on the first year's
# purchases, a carry-over) that the reliance share counts as lasting.
RECURRING_SPIKE = Decimal(3)

# A surplus above this share of the plan's cost is money a CFO asks about (raised for nothing, or
# a cost left out); below it, rounding in the sources' amounts, which the flag would only nag.
SURPLUS_NOTICE_SHARE = Decimal("0.01")


def source_result(source: FundingInput, horizon: int) -> FundingSourceResult:
    by_year = [ZERO] * horizon
    for year, amount in source.amounts_by_year.items():
        if 1 <= year <= horizon:
            by_year[year - 1] += to_cents(amount)
    return FundingSourceResult(
        key=source.key,
        name=source.name,
        kind=source.kind,
        recurring=source.recurring,
        by_year=tuple(by_year),
        total=sum(by_year, ZERO),
        secured=source.secured,
    )


def funding_summary(
    sources: Sequence[FundingSourceResult],
    costs_by_year: YearlyMoney,
    recurring_costs_by_year: YearlyMoney,
    currency: str,
    year_labels: Sequence[str],
    e_rate_eligible_by_year: YearlyMoney | None = None,
) -> FundingSummary:
    """``e_rate_eligible_by_year``: what the network and internet items cost each year, which
    E-Rate money can be no more than 90 % of (not checked when None)."""
    horizon = len(costs_by_year)
    by_year = sum_by_year([s.by_year for s in sources], horizon)
    recurring_funding = sum_by_year([s.by_year for s in sources if s.recurring], horizon)
    temporary_funding = sum_by_year([s.by_year for s in sources if not s.recurring], horizon)
    gap = tuple(max(c - f, ZERO) for c, f in zip(costs_by_year, by_year, strict=True))
    surplus = tuple(max(f - c, ZERO) for c, f in zip(costs_by_year, by_year, strict=True))
    covered = tuple(
        min(c, f) for c, f in zip(recurring_costs_by_year, recurring_funding, strict=True)
    )
    temporary_for_recurring = tuple(
        min(c - cov, t)
        for c, cov, t in zip(recurring_costs_by_year, covered, temporary_funding, strict=True)
    )
    total = sum(by_year, ZERO)
    e_rate = _e_rate(sources, horizon)
    secured_e_rate = _e_rate([s for s in sources if s.secured], horizon)
    recurring_costs_total = sum(recurring_costs_by_year, ZERO)
    temporary_total = sum(temporary_for_recurring, ZERO)
    reliance = safe_ratio(temporary_total, recurring_costs_total)

    flags: list[Flag] = []
    if total == 0:
        flags.append(
            Flag(
                "no_funding",
                Severity.WARNING,
                "No funding is entered yet: nothing says where the money comes from.",
            )
        )
    else:
        for index, short in enumerate(gap):
            if short:
                flags.append(
                    Flag(
                        "gap_in_year",
                        Severity.WARNING,
                        f"Year {index + 1} ({year_labels[index]}) is short by "
                        f"{format_money(short, currency)}.",
                        year=index + 1,
                    )
                )
    if reliance is not None and reliance > 0:
        cause = _temporary_cause(sources, temporary_for_recurring, year_labels)
        flags.append(
            Flag(
                "grants_for_recurring",
                Severity.WARNING if reliance > GRANT_RELIANCE_LIMIT else Severity.NOTICE,
                f"{format_percent(reliance, 1)} of the recurring costs "
                f"({format_money(temporary_total, currency)}) are paid from grants or other "
                f"temporary money ({cause}); those costs continue after that money ends.",
            )
        )

    if e_rate_eligible_by_year is not None:
        beyond = [
            (label, brought, eligible)
            for label, brought, eligible in zip(
                year_labels, e_rate, e_rate_eligible_by_year, strict=True
            )
            if brought > eligible * E_RATE_CEILING
        ]
        if beyond:
            flags.append(_e_rate_flag(beyond, currency))
    flags.extend(_recurring_spikes(sources, year_labels, currency))
    pending = sum_by_year([s.by_year for s in sources if not s.secured], horizon)
    pending_total = sum(pending, ZERO)
    gap_without_pending = tuple(
        max(c - f + p, ZERO) for c, f, p in zip(costs_by_year, by_year, pending, strict=True)
    )
    if pending_total:
        flags.append(_pending_flag(sources, gap, gap_without_pending, year_labels, currency))
    surplus_total = sum(surplus, ZERO)
    cost_total = sum(costs_by_year, ZERO)
    if surplus_total > cost_total * SURPLUS_NOTICE_SHARE:
        years = [label for label, extra in zip(year_labels, surplus, strict=True) if extra]
        gap_total = sum(gap, ZERO)
        # With years short as well, "more than the plan costs" read as a plan over-funded.
        said = (
            f"In {in_a_list(years)} the sources bring {format_money(surplus_total, currency)} "
            f"more than {'that year costs' if len(years) == 1 else 'those years cost'}, while "
            "other years are short by "
            f"{format_money(gap_total, currency)}; money left in a year does not pay another, "
            "so it pays for the plan only if it can move to the years that need it."
            if gap_total
            else f"The sources bring {format_money(surplus_total, currency)} more than the "
            f"plan costs (in {in_a_list(years)}); money left in a year does not pay another, "
            "so either it is meant for something else or a cost is missing."
        )
        flags.append(Flag("funding_surplus", Severity.NOTICE, said))

    return FundingSummary(
        sources=tuple(sources),
        total=total,
        by_year=by_year,
        recurring_funding_by_year=recurring_funding,
        temporary_funding_by_year=temporary_funding,
        gap_by_year=gap,
        surplus_by_year=surplus,
        gap_total=sum(gap, ZERO),
        surplus_total=surplus_total,
        net_position=total - cost_total,
        recurring_costs_by_year=recurring_costs_by_year,
        recurring_costs_total=recurring_costs_total,
        recurring_covered_by_year=covered,
        recurring_coverage_share=safe_ratio(sum(covered, ZERO), recurring_costs_total),
        temporary_for_recurring_by_year=temporary_for_recurring,
        temporary_for_recurring_total=temporary_total,
        grant_reliance_share=reliance,
        flags=tuple(flags),
        pending_by_year=pending,
        pending_total=pending_total,
        gap_without_pending_by_year=gap_without_pending,
        gap_without_pending_total=sum(gap_without_pending, ZERO),
        e_rate_by_year=e_rate,
        e_rate_total=sum(e_rate, ZERO),
        # Less the E-Rate secured only: what the district's budgets carry if money applied for
        # is not awarded (the sentence around it says so when some is pending).
        cost_after_e_rate_by_year=tuple(
            c - e for c, e in zip(costs_by_year, secured_e_rate, strict=True)
        ),
        cost_after_e_rate_total=cost_total - sum(secured_e_rate, ZERO),
    )


def _recurring_spikes(
    sources: Sequence[FundingSourceResult], year_labels: Sequence[str], currency: str
) -> list[Flag]:
    """A source marked recurring that brings far more in one year than in its others: the
    reliance on temporary money counted that year's whole amount as lasting money (the
    E-Rate discount on the first year's network purchases, entered with the yearly one as one
    recurring source, brought $226,440 in that year and about $17,000 after)."""
    found = []
    for source in sources:
        amounts = sorted(amount for amount in source.by_year if amount > 0)
        if not source.recurring or len(amounts) < 3:
            continue  # one or two years of money say nothing of what is usual
        # One year far above the source's usual year (the median of its years with money): a
        # pilot year before full funding, or two high years, is a budget's shape, not a spike.
        usual = amounts[len(amounts) // 2]
        high = [amount for amount in amounts if amount > usual * RECURRING_SPIKE]
        if len(high) != 1:
            continue
        peak = high[0]
        # What its other years bring, as a range: a middle figure read as "about" looked like
        # a figure worked out to the cent.
        others = [amount for amount in amounts if amount != peak]
        low, high_other = format_money(others[0], currency), format_money(others[-1], currency)
        # Years it brings nothing are not among them: "$2,000.00 in each of its other years"
        # was said of a source with two empty years.
        years = "years with money" if any(not amount for amount in source.by_year) else "years"
        usual_text = (
            f"{low} in each of its other {years}"
            if low == high_other
            else f"{low} to {high_other} in its other {years}"
        )
        label = year_labels[source.by_year.index(peak)]
        found.append(
            Flag(
                "recurring_source_peak",
                Severity.NOTICE,
                f"{_quoted(source.name)} is recurring money but brings "
                f"{format_money(peak, currency)} in {label}, against "
                f"{usual_text}: if the difference is "
                "one-time money (a discount on that year's purchases, a carry-over), enter it "
                "as a temporary source, or the recurring costs it seems to pay lean on money "
                "that will not come again.",
            )
        )
    return found


def _e_rate_flag(beyond: list[tuple[str, Decimal, Decimal]], currency: str) -> Flag:
    """E-Rate money above what it can discount: a figure typed before the network items were
    cut, or E-Rate counted against items it does not cover."""
    label, brought, eligible = beyond[0]
    more = f" (and in {in_a_list([year for year, _b, _e in beyond[1:]])})" if beyond[1:] else ""
    return Flag(
        "e_rate_beyond_eligible",
        Severity.WARNING,
        f"E-Rate brings {format_money(brought, currency)} in {label}{more}, more than "
        f"{format_percent(E_RATE_CEILING, 0)} of the {format_money(eligible, currency)} the "
        "network and internet items cost that year, the most E-Rate discounts: check the "
        "E-Rate amounts against the items.",
    )


def _quoted(name: str) -> str:
    return quoted(name, 60)


def _temporary_cause(
    sources: Sequence[FundingSourceResult],
    temporary_for_recurring: YearlyMoney,
    year_labels: Sequence[str],
    name: Callable[[str], str] = _quoted,
) -> str:
    """Which temporary money pays recurring costs, and in which years ("ESSER III, in 2026–27
    and 2027–28"): the CFO's next question, since those years' costs need a lasting budget."""
    paying = _temporary_payers(sources, temporary_for_recurring)
    names = (
        in_a_list([name(s.name) for s in paying])
        if len(paying) <= 3
        else format_count(len(paying), "temporary source")
    )
    return f"{names}, in {years_named(year_labels, temporary_for_recurring)}"


def _temporary_payers(
    sources: Sequence[FundingSourceResult], temporary_for_recurring: YearlyMoney
) -> list[FundingSourceResult]:
    """The temporary sources bringing money in a year whose recurring costs lean on it."""
    leaning = [index for index, amount in enumerate(temporary_for_recurring) if amount]
    return [s for s in sources if not s.recurring and any(s.by_year[i] for i in leaning)]


def temporary_cause(
    funding: FundingSummary, year_labels: Sequence[str], name: Callable[[str], str] = _quoted
) -> str:
    """The temporary money recurring costs lean on and its years ("" when they lean on none);
    ``name`` writes a source's name (the PDF escapes it for its markup)."""
    if not funding.temporary_for_recurring_total:
        return ""
    return _temporary_cause(
        funding.sources, funding.temporary_for_recurring_by_year, year_labels, name
    )


def unpaid_recurring(funding: FundingSummary) -> YearlyMoney:
    """The recurring costs of each year that no money pays, recurring or temporary (part of
    that year's gap)."""
    return tuple(
        cost - recurring - temporary
        for cost, recurring, temporary in zip(
            funding.recurring_costs_by_year,
            funding.recurring_covered_by_year,
            funding.temporary_for_recurring_by_year,
            strict=True,
        )
    )


def extra_shortfall(funding: FundingSummary) -> YearlyMoney:
    """What each year would lack beyond its gap without the money not yet secured."""
    return _shortfall(funding.gap_by_year, funding.gap_without_pending_by_year)


def _shortfall(gap: YearlyMoney, gap_without: YearlyMoney) -> YearlyMoney:
    return tuple(without - now for now, without in zip(gap, gap_without, strict=True))


def _pending_flag(
    sources: Sequence[FundingSourceResult],
    gap: YearlyMoney,
    gap_without: YearlyMoney,
    year_labels: Sequence[str],
    currency: str,
) -> Flag:
    """Money not yet secured, named, and what the plan lacks without it: a warning when that is
    more than it lacks already."""
    unsecured = [s for s in sources if not s.secured and s.total]
    total = sum((s.total for s in unsecured), ZERO)
    names = (
        in_a_list([quoted(s.name, 80) for s in unsecured])
        if len(unsecured) <= 3
        else format_count(len(unsecured), "source")
    )
    extra = _shortfall(gap, gap_without)
    short_years = [label for label, more in zip(year_labels, extra, strict=True) if more]
    message = f"{format_money(total, currency)} of the funding is not yet secured ({names})"
    if not short_years:
        return Flag(
            "pending_funding",
            Severity.NOTICE,
            message
            + (
                "; without it the plan is short by no more than it is already."
                if any(gap)
                else "; the plan's costs are met without it as well."
            ),
        )
    return Flag(
        "pending_funding",
        Severity.WARNING,
        message + f": if it does not come, the plan is short by "
        f"{'a further ' if any(gap) else ''}{format_money(sum(extra, ZERO), currency)}, in "
        f"{in_a_list(short_years)}.",
    )


# The categories of item E-Rate discounts: the network inside the schools (Category 2) and
# the internet connection (Category 1).
E_RATE_CATEGORIES = frozenset({ItemCategory.NETWORK_INFRASTRUCTURE, ItemCategory.BROADBAND})


def e_rate_eligible(tco: TcoSummary, years: int) -> YearlyMoney:
    """What the items E-Rate can discount cost each year."""
    return sum_by_year(
        [cost.line.by_year for cost in tco.by_category if cost.category in E_RATE_CATEGORIES],
        years,
    )


def after_e_rate(funding: FundingSummary) -> str:
    """How every surface names the cost less the E-Rate: "after E-Rate", or "after the E-Rate
    secured" when some E-Rate is only applied for (the figure leaves it out); "" when no E-Rate
    is secured, so there is no such figure to show."""
    secured = [s for s in funding.sources if s.kind is FundingKind.E_RATE and s.secured]
    if not any(s.total for s in secured):
        return ""
    pending = any(s.kind is FundingKind.E_RATE and not s.secured for s in funding.sources)
    return "after the E-Rate secured" if pending else "after E-Rate"


def on_the_cost_after_e_rate(funding: FundingSummary) -> str:
    """How every surface names the return weighed against the cost less the E-Rate secured:
    "on the cost after E-Rate" (or "… after the E-Rate secured"); "" without E-Rate secured."""
    after = after_e_rate(funding)
    return f"on the cost {after}" if after else ""


def _e_rate(sources: Sequence[FundingSourceResult], years: int) -> YearlyMoney:
    return sum_by_year([s.by_year for s in sources if s.kind is FundingKind.E_RATE], years)


def e_rate_timing_note(
    funding: FundingSummary, year_labels: Sequence[str], currency: str, *, brief: bool = False
) -> str:
    """When the E-Rate money arrives ("" without E-Rate): the plan counts it in the year of the
    cost it discounts, which holds when vendors bill the discounted price; when the district
    pays in full and is reimbursed, the money comes months later and another budget carries it
    until then. The CFO plans that cash, so the largest year's amount is named. The PDF, the
    workbook and ``summary`` say it alike; ``brief`` is the handout's shorter form, which
    follows a bold "E-Rate timing:"."""
    by_year = funding.e_rate_by_year
    if not any(by_year):
        return ""
    largest = max(range(len(by_year)), key=lambda year: by_year[year])
    carried = f"{format_money(by_year[largest], currency)} in {year_labels[largest]}"
    if brief:
        return (
            "counted in the year of the cost it discounts. If the district pays in full and is "
            f"reimbursed instead, another budget carries up to {carried} until the money arrives."
        )
    return (
        "E-Rate is counted in the year of the cost it discounts, as when vendors bill the "
        "discounted price. If the district pays in full and claims a reimbursement instead, "
        "the money arrives months later, often in the next fiscal year, and another budget "
        f"carries it until then: up to {carried}."
    )
