"""The report's sentences, written from the numbers: the ask, what the district gets for it,
the return, the payback, the funding, the alignment, and the one-line conclusions under tables
and charts. Every figure comes from the finance result, formatted the way screens show it.

Functions return paragraph markup (user text inside is already escaped).
"""

from __future__ import annotations

from decimal import Decimal

from desktop.finance.claims import savings_past_targets_a_year
from desktop.finance.funding import (
    after_e_rate,
    extra_shortfall,
    on_the_cost_after_e_rate,
    temporary_cause,
    unpaid_recurring,
)
from desktop.finance.money import format_count, format_rate, format_split, format_year_span
from desktop.finance.result import Driver, ProposalResult, RiskResult
from desktop.finance.scenarios import best_return, beyond_the_best_note
from desktop.report.context import ReportContext
from desktop.wording import across_years, in_a_list


def payback_statement(
    result: ProposalResult,
    subject: str = "It",
    *,
    savings_only: bool = False,
    after_e_rate: bool = False,
) -> str:
    """The plain payback sentence used in the summary, the handout and the tests (counting the
    items' savings alone with ``savings_only``; against the cost after the E-Rate secured with
    ``after_e_rate``)."""
    returns = result.base.returns_view(savings_only=savings_only, after_e_rate=after_e_rate)
    year = returns.payback_year
    if year is None and not result.tco_total:
        nothing = "o cost is entered yet, so there is nothing to pay back."
        return ("n" if subject[:1].islower() else "N") + nothing
    if year is None:
        return f"{subject} does not pay back within the {result.horizon_years}-year plan."
    label = result.fiscal_year_labels[year - 1]
    return f"{subject} pays back in year {year} ({label})."


def mitigated_per_year(result: ProposalResult) -> Decimal:
    """Expected losses avoided a year once every mitigating item is in place: the sum of the
    result's per-risk figures for the risks that some item in the plan mitigates."""
    return sum(
        (r.avoided_per_year for r in result.base.benefits.risks if r.mitigating_item_keys),
        Decimal(0),
    )


def top_risks(result: ProposalResult, count: int) -> list[RiskResult]:
    """The risks whose expected loss the plan lowers most (none it leaves or makes worse)."""
    lowered = [r for r in result.base.benefits.risks if r.avoided_per_year > 0]
    return sorted(lowered, key=lambda r: r.avoided_per_year, reverse=True)[:count]


def ask(ctx: ReportContext) -> str:
    data, result = ctx.data, ctx.result
    first, last = result.fiscal_year_labels[0], result.fiscal_year_labels[-1]
    years = result.horizon_years
    sentence = (
        # What the plan costs, not what it "asks for": grants, E-Rate and savings meet part of
        # it, and the funding section says who pays what.
        f"The plan costs <b>{ctx.money(result.tco_total)}</b> over "
        f"{format_count(years, 'year')} ({format_year_span(first, last)}) to build and run the "
        f"infrastructure behind {data.initiative.in_a_sentence}"
    )
    if result.students:
        # The district's students, whom the plan serves (and the per-student figure divides
        # by): not a count of devices, which a 1:1 plan may give only some grades.
        sentence += f", in a district of {format_count(result.students, 'student')}"
    sentence += "."
    if result.per_student_per_year is not None:
        sentence += f" That is <b>{ctx.money(result.per_student_per_year)}</b> per student per year"
        tco = result.base.tco
        if tco.recurring_share is not None:
            recurring, one_time = format_split(tco.recurring_share)
            sentence += (
                f", of which {recurring} is recurring cost that continues"
                f" every year and {one_time} is one-time purchases"
            )
        sentence += "."
    return sentence


def what_we_get(ctx: ReportContext) -> str:
    result = ctx.result
    benefits = result.base.benefits
    if not benefits.quantified:
        # "the measures listed below" pointed at nothing in a case with no metrics yet.
        rests = (
            "so its return rests on the measures listed below"
            if ctx.data.metrics
            else "and no measure of its results is named yet"
        )
        return (
            "The proposal does not yet put a money value on the losses it prevents or the costs "
            f"it removes, {rests}; estimating them is the most useful next step."
        )
    parts = []
    per_year = mitigated_per_year(result)
    if per_year > 0:
        parts.append(
            f"expected losses fall by <b>{ctx.money(per_year)}</b> a year once every "
            f"safeguard is in place, <b>{ctx.money(benefits.avoided_total)}</b> of risk-adjusted "
            f"cost avoided over the plan"
        )
    elif per_year < 0:
        parts.append(
            f"expected losses <i>rise</i> by <b>{ctx.money(-per_year)}</b> a year once every "
            "safeguard is in place, since a mitigation makes its risk worse: "
            f"<b>{ctx.money(-benefits.avoided_total)}</b> of added expected loss over the plan"
        )
    if benefits.savings_total:
        saving = (
            f"costs the district stops paying save <b>{ctx.money(benefits.savings_total)}</b> "
            "over the plan"
        )
        # Savings the case's own measures will not show: said here, where the savings are,
        # and not only among the CFO's questions pages later (the handout has none).
        beyond = savings_past_targets_a_year(ctx.data)
        if beyond > 0:
            saving += (
                f", though {ctx.money(beyond)} a year of that goes beyond what the targets of "
                "its own measures take off"
            )
        parts.append(saving)
    if not parts:
        return (
            "The proposal estimates what its risks cost, but no item in the plan mitigates "
            "them or saves money yet, so its quantified benefits come to "
            f"{ctx.money(benefits.total)} against {ctx.money(result.tco_total)} of cost; linking "
            "each risk to the items that reduce it is the most useful next step."
        )
    sentence = "What the district gets for it: " + "; ".join(parts) + "."
    sentence += (
        f" In all, the quantified benefits come to {ctx.money(benefits.total)} against "
        f"{ctx.money(result.tco_total)} of cost."
    )
    return sentence + _made_worse(ctx)


def _made_worse(ctx: ReportContext) -> str:
    """The risks the plan makes worse, named (" " and a sentence; "" when none): netted into
    the fall in expected losses, they were otherwise seen only in the risk register."""
    worse = [
        r
        for r in ctx.result.base.benefits.risks
        if r.mitigating_item_keys and r.avoided_per_year < 0
    ]
    if not worse or mitigated_per_year(ctx.result) < 0:
        return ""  # a plan whose losses rise overall says so above
    named = in_a_list(
        [
            f"\u201c{ctx.text(r.title, 90)}\u201d (up {ctx.money(-r.avoided_per_year)} a year)"
            for r in worse[:3]
        ]
    )
    more = f" and {len(worse) - 3:,} more" if len(worse) > 3 else ""  # not "2 mores"
    subject = "One risk gets" if len(worse) == 1 else f"{len(worse)} risks get"
    return (
        f" {subject} worse with the plan, and the added loss is netted in these figures: "
        f"{named}{more}."
    )


def return_sentence(ctx: ReportContext, *, brief: bool = False) -> str:
    """The verdict on the return; ``brief`` is the handout's, whose page has no room for the
    whole sentence on the district's side of it."""
    result = ctx.result
    rate = format_rate(result.discount_rate)
    if not result.tco_total:
        verdict = "no cost is entered yet, so there is nothing to weigh the benefits against"
    elif result.npv > 0:
        verdict = "the benefits outweigh the costs even in today's money"
    elif result.npv == 0:
        verdict = "in today's money the quantified benefits exactly cover the costs"
    else:
        short = ctx.money(-result.npv)
        tracked = (
            "the learning gains the measures will track"
            if ctx.data.metrics
            else "the learning gains it expects (no measure of them is named yet)"
        )
        verdict = (
            f"the quantified benefits fall {short} short of the cost in today's money, so the "
            f"board is asked to value {tracked}, which the figures do not price, at that much "
            "or more"
        )
    # The convention said where the figure is: a CFO who discounts year 1 too gets another one.
    # A one-year plan has nothing after year 1 to discount: its value is its net.
    discounted = (
        f"Discounted at {rate} a year after year 1,"
        if result.horizon_years > 1
        else "Over a single year nothing is discounted, and"
    )
    sentence = (
        f"{discounted} the net present value is "
        f"<b>{ctx.money(result.npv)}</b>: "
        f"{verdict}. <b>{payback_statement(result)}</b>"
    ) + district_return(ctx, brief=brief)
    benefits = result.base.benefits
    if not result.savings_only_differs:
        return sentence
    # What is left when the CFO sets the risk estimates, which are expectations, aside.
    if not benefits.savings_total and benefits.avoided_total > 0:
        return (
            f"{sentence} No item saves budget money by itself: the whole return rests on the "
            "losses the plan avoids."
        )
    alone = (
        f"{sentence} On budget savings alone, the risk estimates left aside: "
        f"{ctx.money(result.base.savings_only.npv)}"
        if brief
        else f"{sentence} On budget savings alone (the costs the district stops paying, the risk "
        f"estimates left aside) the net present value is {ctx.money(result.base.savings_only.npv)}"
    )
    # "Either" only right after a sentence saying it does not pay back: the return on the cost
    # after E-Rate, said between them, may well pay back.
    district = result.base.after_e_rate if result.after_e_rate_differs else None
    last_said_none = district is None or district.payback_year is None
    if (
        result.payback_year is None
        and result.base.savings_only.payback_year is None
        and last_said_none
    ):
        return f"{alone}, and it does not pay back either."  # not the same sentence twice
    return f"{alone}; {payback_statement(result, 'it', savings_only=True)}"


def district_return(ctx: ReportContext, *, brief: bool = False) -> str:
    """ " That weighs the whole cost…": the return against the cost after the E-Rate secured,
    which the district's budgets and grants carry ("" without E-Rate secured). A CFO who nets
    the federal discount off the bills reads a case that can turn on it."""
    result = ctx.result
    district = result.base.after_e_rate
    if not result.after_e_rate_differs or district is None:
        return ""
    funding = result.base.funding
    taken = result.tco_total - funding.cost_after_e_rate_total
    payback = payback_statement(result, "it", after_e_rate=True)
    if brief:
        return (
            f" Net present value {on_the_cost_after_e_rate(funding)}: "
            f"{ctx.money(district.npv)}, and {payback}"
        )
    return (
        f" That weighs the whole cost, whoever pays it. Against the cost {after_e_rate(funding)} "
        f"({ctx.money(funding.cost_after_e_rate_total)}, once the {ctx.money(taken)} of federal "
        f"discount is taken off), the net present value is {ctx.money(district.npv)}, and {payback}"
    )


def turning_estimates(ctx: ReportContext) -> str:
    """Which estimates, moved by the sensitivity step one at a time, would turn the verdict
    (the net present value's side of zero), with the value each would give: the case rests on
    them, and a CFO asks first which figures to firm up. Said too when none would. Only a move
    to the other side counts (to exactly zero is no turn); at exactly zero, either side does.
    The discount rate is left to its own note, which gives its range."""
    result, sensitivity = ctx.result, ctx.result.sensitivity
    if not result.tco_total or not sensitivity.step or not sensitivity.lines:
        return ""
    step = format_rate(sensitivity.step)

    def side(npv: Decimal) -> int:
        return (npv > 0) - (npv < 0)

    base = side(result.npv)
    turns: dict[int, list[str]] = {1: [], -1: []}
    for line in sensitivity.lines:
        if line.driver is Driver.DISCOUNT_RATE:
            continue
        for npv, way in ((line.npv_low_input, "lower"), (line.npv_high_input, "higher")):
            if side(npv) not in (0, base):
                # Higher risk estimates raise what the plan avoids: said, or it reads as if
                # worse risks made a better case.
                why = ": more loss for the plan to avoid" if _risk_driver(line.driver) else ""
                label = f"{line.label[0].lower()}{line.label[1:]}"
                turns[side(npv)].append(f"{label} {step} {way} ({ctx.money(npv)}{why})")
    said = [
        f"{'above' if direction > 0 else 'below'} zero with {in_a_list(named)}"
        for direction, named in turns.items()
        if named
    ]
    if not said:
        other = "below" if base > 0 else "above"
        return (
            f"No single estimate {step} higher or lower would take the net present value "
            f"{other} zero."
        )
    return (
        f"One estimate at a time, the net present value would go {', and '.join(said)}: these "
        "are the figures to firm up first."
    )


def _risk_driver(driver: Driver) -> bool:
    return driver in (Driver.RISK_LIKELIHOODS, Driver.RISK_COSTS)


def best_scenario_sentence(ctx: ReportContext) -> str:
    """When another scenario returns more than the proposal, which and by how much ("" when
    none does): the CFO's first question of the summary, which would otherwise only meet it
    pages later in the scenario table."""
    result = ctx.result
    best = best_return(result)
    if best.is_base or best.versus_base is None:
        return ""
    difference = best.versus_base
    if difference.tco < 0:
        cost = f"costs {ctx.money(-difference.tco)} less"
    elif difference.tco > 0:
        cost = f"costs {ctx.money(difference.tco)} more"
    else:
        cost = "costs the same"
    sentence = (
        f"Of the scenarios costed, \u201c{ctx.text(best.name, 60)}\u201d returns most on "
        f"paper: it {cost}, and its net present value is {ctx.money(difference.npv)} higher, "
        f"at {ctx.money(best.returns.npv)}."
    )
    if beyond_the_best_note(result):
        sentence += (
            " \u201cScenarios side by side\u201d says what the proposal buys for the difference."
        )
    return sentence


def funding_sentence(ctx: ReportContext, *, payers_named: bool = False) -> str:
    """``payers_named``: the temporary money recurring costs lean on is named with its years
    (the funding section; the one-page summaries keep to the share)."""
    result = ctx.result
    funding = result.base.funding
    if not funding.sources:
        if not result.tco_total:
            return "No funding source is named yet, and no cost either."
        return (
            "No funding source is named yet: the whole cost of "
            f"{ctx.money(result.tco_total)} is unfunded."
        )
    count = len(funding.sources)
    sentence = (
        f"{ctx.money(funding.total)} of funding is identified from {format_count(count, 'source')}"
    )
    # The federal discount is not the district's money: the CFO reads the rest as its own.
    e_rate = funding.e_rate_total
    if 0 < e_rate < funding.total:
        sentence += f", {ctx.money(e_rate)} of it E-Rate"
        after = after_e_rate(funding)
        if payers_named and after:
            # What the CFO reads as the district's share: the cost less the federal discount.
            left = funding.cost_after_e_rate_total
            sentence += (
                f" ({after} the plan costs {ctx.money(left)})"
                if left >= 0
                else " (the E-Rate secured comes to more than the plan costs)"
            )
    pending = funding.pending_total
    extra = funding.extra_shortfall_total
    if extra > 0:
        # Money asked for and not yet awarded: the CFO weighs the plan without it.
        sentence += f", {ctx.money(pending)} of it <b>not yet secured</b>"
    if funding.gap_total == 0:
        sentence += ", and every year's cost is covered"
    else:
        sentence += (
            f"; a funding gap of <b>{ctx.money(funding.gap_total)}</b> remains "
            f"{across_years(result.fiscal_year_labels, funding.gap_by_year)}"
        )
    sentence += "."
    if extra > 0:
        sentence += (
            f" Without the money not yet secured the plan is short by "
            f"{'a further ' if funding.gap_total else ''}<b>{ctx.money(extra)}</b> "
            f"{across_years(result.fiscal_year_labels, extra_shortfall(funding))}."
        )
    elif pending:
        sentence += (
            f" The {ctx.money(pending)} not yet secured falls in years with money to spare: "
            + (
                "the plan is funded without it."
                if funding.gap_total == 0
                else "without it the gap is the same."
            )
        )
    unpaid = unpaid_recurring(funding)
    if funding.grant_reliance_share is None:
        sentence += " The plan has no recurring costs to sustain."
    elif funding.grant_reliance_share == 0 and not any(unpaid):
        sentence += " Every recurring cost is paid from recurring money, not from grants."
    elif funding.grant_reliance_share == 0:
        # Not "paid from recurring money": no money at all pays the part that is short.
        paid = ctx.percent(funding.recurring_coverage_share or Decimal(0), 1)
        sentence += (
            f" Recurring money pays {paid} of the recurring costs, and no grant pays any of them"
        )
    else:
        # Which temporary money, and when, in the words the Funding step's warning uses.
        payers = (
            ": "
            + temporary_cause(
                funding,
                result.fiscal_year_labels,
                name=lambda text: f"\u201c{ctx.text(text, 60)}\u201d",
            )
            if payers_named
            else ""
        )
        sentence += (
            f" Grants and other temporary money pay "
            f"<b>{ctx.percent(funding.grant_reliance_share, 1)}</b> of the recurring costs "
            f"({ctx.money(funding.temporary_for_recurring_total)}{payers}), which must move to "
            "the operating budget when that money ends."
        )
    if any(unpaid):
        short = sum(unpaid, Decimal(0))
        where = across_years(result.fiscal_year_labels, unpaid)
        sentence += (
            f"{'; ' if funding.grant_reliance_share == 0 else ' '}"
            f"{'R' if funding.grant_reliance_share else 'r'}ecurring costs of "
            f"<b>{ctx.money(short)}</b> {where}"
            # "in all, across …" is set off by commas; "in 2030–31" is not.
            f"{',' if where.startswith('in all') else ''} have no money to pay them."
        )
    if funding.grant_reliance_share is not None:
        # The budget meets the recurring costs after the plan whatever paid them during it.
        sentence += _recurring_cliff(ctx)
    return sentence


def _recurring_cliff(ctx: ReportContext) -> str:
    """What the budget meets when the temporary money has ended (" " and a sentence, or ""):
    the recurring costs of the first year after the plan against the recurring money of its
    last year, when they are more."""
    result = ctx.result
    after = result.after_plan
    recurring_money = result.base.funding.recurring_funding_by_year[-1]
    if after.recurring_next_year <= recurring_money:
        return ""
    return (
        f" After the plan the recurring costs come to {ctx.money(after.recurring_next_year)} in "
        f"{after.first_label}, against {ctx.money(recurring_money)} of recurring money in "
        f"{result.fiscal_year_labels[-1]}: {ctx.money(after.recurring_next_year - recurring_money)}"
        " a year to find."
    )


def alignment_sentence(ctx: ReportContext, *, lists_follow: bool = False) -> str:
    """How many of the goals the proposal cites it serves, with their codes, and the risks it
    reduces most. ``lists_follow``: the goals and risks are listed right after (the handout),
    so the sentence does not name them first."""
    data, result = ctx.data, ctx.result
    if not data.goals:
        sentence = "No board-approved plan goal is recorded yet, so the alignment is not shown."
    else:
        unserved = {goal.key for goal in result.alignment.goals_without_item}
        served = len(data.goals) - len(unserved)
        # The codes in brackets are the goals served: an unserved one is named after them.
        coded = [g for g in data.goals if g.code and g.key not in unserved]
        codes = [ctx.text(g.code, 24) for g in coded][:8]
        # The goals the proposal cites, not every goal the board has adopted; and not called
        # the board's while any is still the template's example wording.
        total = len(data.goals)
        templated = sum(1 for goal in data.goals if goal.template_placeholder)
        approved = "" if templated else "board-approved "
        if served == total == 1:
            sentence = f"The plan serves the {approved}goal it cites"
        elif served == total:
            every = "both" if total == 2 else f"all {total}"
            sentence = f"The plan serves {every} {approved}goals it cites"
        else:
            sentence = f"The plan serves {served} of the {total} {approved}goals it cites"
        if codes and not lists_follow:
            more = len(coded) - len(codes)
            sentence += f" ({', '.join(codes)}{f' and {more} more' if more > 0 else ''})"
        sentence += "."
        if templated:
            sentence += " " + template_goals_sentence(templated, total)
        if unserved and served:
            left = [g for g in data.goals if g.key in unserved]
            names = [ctx.text(g.code, 24) or f"\u201c{ctx.text(g.title, 60)}\u201d" for g in left]
            shown = in_a_list(names) if len(names) <= 3 else format_count(len(names), "goal")
            sentence += f" No item serves {shown} yet."
    risks = [] if lists_follow else top_risks(result, 2)
    if len(risks) == 1:
        sentence += f" The risk it reduces most is \u201c{ctx.text(risks[0].title, 90)}\u201d."
    elif risks:
        names = " and ".join(f"\u201c{ctx.text(r.title, 90)}\u201d" for r in risks)
        sentence += f" The largest risks it reduces are {names}."
    return sentence


def template_goals_sentence(templated: int, total: int) -> str:
    """What is said of goals still in the template's wording: examples, not the board's."""
    if templated == total == 1:
        return "It is still the template's example wording, not the board's."
    if templated == total:
        every = "Both" if total == 2 else f"All {total}"
        return f"{every} are still the template's example wording, not the board's."
    verb = "is" if templated == 1 else "are"
    return f"{templated} of them {verb} still the template's example wording, not the board's."


def goals_are_the_boards(ctx: ReportContext) -> bool:
    """Whether the goals may be called the board's: none is still the template's wording."""
    return not any(goal.template_placeholder for goal in ctx.data.goals)


def net_position_charted(result: ProposalResult) -> bool:
    """Whether the costs-against-benefits chart has anything to show: with neither a cost nor
    a benefit it is bars of nothing on an axis from $0 to $1, and the words say it all."""
    return bool(result.tco_total or result.base.benefits.total)


def net_position_conclusion(ctx: ReportContext) -> str:
    result = ctx.result
    returns = result.base.returns
    if result.payback_year is not None:
        return (
            f"The running net position reaches zero in {ctx.year_label(result.payback_year)}, "
            f"stays at or above it from then on, and ends the plan at "
            f"{ctx.money(returns.cumulative_by_year[-1])}."
        )
    end = returns.cumulative_by_year[-1] if returns.cumulative_by_year else Decimal(0)
    if not result.tco_total:
        # "Quantified benefits do not cover the cost" of a plan with none.
        return (
            f"The running net position ends the plan at {ctx.money(end)}: with no cost "
            "entered, there is nothing yet for the benefits to cover."
        )
    return (
        f"The running net position ends the plan at {ctx.money(end)}: quantified benefits do "
        f"not cover the cost within {format_count(result.horizon_years, 'year')}."
    )


def cost_conclusion(ctx: ReportContext) -> str:
    tco = ctx.result.base.tco
    if not tco.by_category or tco.total == 0:
        return "The plan has no costs yet."
    largest = max(tco.by_category, key=lambda c: c.line.total)
    largest_said = (
        f"{largest.category.label} is the largest cost ({ctx.percent(largest.line.share)} of "
        "the total)"
    )
    if len(tco.by_year) == 1:  # a one-year plan has no peak year to name
        return f"{largest_said}."
    peak = max(range(len(tco.by_year)), key=lambda i: tco.by_year[i])
    return (
        f"{largest_said}; spending peaks in {ctx.result.fiscal_year_labels[peak]} at "
        f"{ctx.money(tco.by_year[peak])}."
    )


def discount_rate_note(ctx: ReportContext) -> str:
    """The discount rate, what it stands for, and whether the verdict rests on it: the CFO's
    first question of any net present value is "why that rate?". The answer the figures can
    give is how far the result moves over the sensitivity step's range of rates."""
    result = ctx.result
    rate = result.discount_rate
    stated = f"{format_rate(rate)} a year"
    if rate == 0:
        return f"{stated}: money in later years counts the same as money today."
    if rate < 0:
        return f"{stated}: money in later years counts for more than money today."
    meaning = (
        f"{stated}: each later year's money counts for less than money today, at the rate the "
        "district sets (often its cost of borrowing)."
    )
    line = next((ln for ln in result.sensitivity.lines if ln.driver is Driver.DISCOUNT_RATE), None)
    step = result.sensitivity.step
    if line is None or not step:
        return meaning
    # The rates the sensitivity line was worked out at, each with its own result, and the
    # result with no discounting at all: the range a CFO tries. The rates are shown exactly
    # (3.7519% less 20% is 3.00152%): rounded to "3%", a CFO who keys in 3% gets another NPV.
    low, high = format_rate(rate * (1 - step)), format_rate(rate * (1 + step))
    undiscounted = sum(result.base.returns.net_by_year, Decimal(0))
    npvs = (line.npv_low_input, line.npv_high_input, undiscounted)
    if len(set(npvs)) == 1:
        if result.horizon_years == 1:  # nothing is discounted
            return f"{meaning} A one-year plan discounts nothing, so the rate does not change it."
        return f"{meaning} With no net amount entered in a later year, it changes nothing yet."
    span = (
        f" At {low} the net present value would be {ctx.money(line.npv_low_input)}, at {high} "
        f"{ctx.money(line.npv_high_input)}, and with no discounting {ctx.money(undiscounted)}"
    )
    if any((npv < 0) != (result.npv < 0) for npv in npvs):
        return f"{meaning}{span}: whether it is above zero turns on the rate chosen."
    return f"{meaning}{span}, so the verdict does not rest on the rate chosen."
