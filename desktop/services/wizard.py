"""The guided editor's flow as plain logic: which steps exist, in what order, and what each one
still lacks.

No Qt here, so the rules are tested directly: the navigator shows each step's ✓ or ⚠ N from
``step_statuses`` and the tooltip lists the warnings in plain words. The inputs are what the
finance engine reads (``ProposalInput``) and, when it could compute, its ``ProposalResult``; the
validation issues of a proposal that cannot be computed are routed to the step that fixes them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from desktop.finance.funding import GRANT_RELIANCE_LIMIT, temporary_cause
from desktop.finance.inputs import GoalInput, ProposalInput
from desktop.finance.money import format_count, format_money, format_percent, format_rate
from desktop.finance.result import ProposalResult, Severity, ValidationIssue
from desktop.services.template_marks import (
    PLACEHOLDER_OPENING,
    RISK_ESTIMATES,
    funding_is_template,
    goal_is_template,
    goal_placeholder,
    item_is_template,
    metric_is_template,
    risk_is_template,
)
from desktop.vocabulary import BLANK_PROPOSAL_STUDENTS, TEMPLATE_CURRENCY, TEMPLATE_DISTRICT
from desktop.wording import in_a_list, long_date, quoted


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    guidance: str  # one or two sentences under the step's title: what to do here


STEPS: tuple[Step, ...] = (
    Step(
        "basics",
        "Basics",
        "Describe the district and the initiative, and set the years, headcounts and rates "
        "the figures are built on.",
    ),
    Step(
        "plans",
        "Strategic plans",
        "List the district and building goals the board has already approved; each item you "
        "propose will be tied to the goals it serves.",
    ),
    Step(
        "items",
        "Items",
        "List what is being bought — quantities, one-time and yearly costs, how often it is "
        "replaced — and which items each scenario keeps.",
    ),
    Step(
        "risks",
        "Risks",
        "Say what goes wrong without these items, how often (as a yearly percentage) and what "
        "each occurrence costs, before and after the items mitigate it.",
    ),
    Step(
        "metrics",
        "Metrics",
        "Name the measures that will prove the value — student results, productivity, speed "
        "of deployment — with today's baseline, the target and who reports it.",
    ),
    Step(
        "links",
        "Links",
        "For each item, tick the plan goals it serves (and say why), the risks it "
        "mitigates and the metrics that will show it worked.",
    ),
    Step(
        "funding",
        "Funding",
        "List who pays — the operations budget, E-Rate, grants, bonds — and what each brings "
        "in every plan year; recurring costs are safest on recurring money.",
    ),
    Step(
        "review",
        "Review",
        "Check the case the way the CFO will read it: cost, return, funding, risk and fit.",
    ),
    Step(
        "export",
        "Export",
        "Save the business case for the CFO, the figures for the staff, or the proposal.",
    ),
)
STEP_KEYS = tuple(step.key for step in STEPS)


def step_guidance(key: str) -> str:
    """What the step ``key`` asks of the director, shown under its title (the same words in a
    later start's preview as on the step's page)."""
    return STEPS[STEP_KEYS.index(key)].guidance


@dataclass(frozen=True)
class StepStatus:
    key: str
    number: int  # 1-based, as shown in the navigator
    title: str
    complete: bool
    warnings: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """What the navigator shows: ``"3  Items  ⚠ 2"`` or ``"1  Basics  ✓"``."""
        mark = f"⚠ {len(self.warnings)}" if self.warnings else ("✓" if self.complete else "")
        return f"{self.number}  {self.title}  {mark}".rstrip()


def step_for_issue(issue: ValidationIssue) -> str:
    """The step where the director fixes what a validation issue is about."""
    prefix = issue.field.split("[", 1)[0].split(".", 1)[0]
    if prefix == "items":
        return "links" if ("goal_links" in issue.field or "_keys" in issue.field) else "items"
    return {"risks": "risks", "funding": "funding", "scenarios": "items"}.get(prefix, "basics")


def step_statuses(
    data: ProposalInput | None,
    result: ProposalResult | None,
    issues: Sequence[ValidationIssue] = (),
    today: date | None = None,
) -> tuple[StepStatus, ...]:
    """Every step's completeness and warnings, in job order (``today``: the date the plan's
    first year is checked against; the computer's date when not given)."""
    found: dict[str, list[str]] = {key: [] for key in STEP_KEYS}
    for issue in issues:
        # In the director's words, not the engine's path ("items[0].unit_cost"); without the
        # message's full stop, which the step's line of warnings adds.
        found[step_for_issue(issue)].append(plain_issue(issue).rstrip("."))
    complete: dict[str, bool] = dict.fromkeys(STEP_KEYS, False)
    if data is not None:
        _check_basics(data, found["basics"], complete, today or date.today())
        _check_plans(data, found["plans"], complete)
        _check_items(data, found["items"], complete)
        _check_risks(data, found["risks"], complete)
        _check_metrics(data, found["metrics"], complete)
        _check_funding(data, result, found["funding"], complete)
    _check_links(result, found["links"], complete)
    if issues:
        found["review"].append(
            format_count(len(issues), "problem stops", "problems stop")
            + " the figures being computed"
        )
    # A case with nothing in it is not reviewed or ready to print, though its figures exist;
    # nor is one whose earlier steps still lack something (a tick on Review and Export read as
    # "ready for the CFO" over a plan with nothing funded).
    if data is not None and not any(item.goal_links for item in data.items):
        complete["links"] = False  # nothing is linked yet
    has_items = data is not None and bool(data.items)
    before = STEP_KEYS[: STEP_KEYS.index("review")]
    ready = all(complete[key] and not found[key] for key in before)
    complete["review"] = result is not None and has_items and ready
    complete["export"] = complete["review"]
    return tuple(
        StepStatus(
            step.key,
            number,
            step.title,
            complete[step.key] and not found[step.key],
            tuple(found[step.key]),
        )
        for number, step in enumerate(STEPS, start=1)
    )


# What the 1:1 template leaves for the director to supply (its district's name, its goals'
# wording and its illustrative figures) is told apart by ``desktop.services.template_marks``. A
# case still holding them is not ready for the CFO, however complete it looks.


def _warn_templated(warnings: list[str], count: int, one: str, many: str, what: str) -> None:
    _warn_count(warnings, count, one, many, f"the template's illustrative {what}")


def _check_basics(
    data: ProposalInput, warnings: list[str], complete: dict[str, bool], today: date
) -> None:
    first_year_ends = _first_year_end(data.fiscal_year_start, data.fiscal_year_start_month)
    if first_year_ends < today:
        # A plan whose first year is over: the cover says "2025–26 to 2028–29" under a date in
        # 2026, and the CFO asks about it on page one.
        from desktop.finance.scenarios import fiscal_year_label  # not at start-up

        label = fiscal_year_label(data.fiscal_year_start, data.fiscal_year_start_month)
        warnings.append(
            f"The plan's first year, {label}, ended on {long_date(first_year_ends)}: check "
            "the first fiscal year"
        )
    # A case rolled forward from last year's copy: its name still said "… 2027–2031" above
    # "over 5 years (2028–29 to 2032–33)" on the handout, and every step stayed ticked.
    from desktop.services.plan_years import name_years_warning  # not at start-up

    named = name_years_warning(
        data.name, data.fiscal_year_start, data.horizon_years, data.fiscal_year_start_month
    )
    if named:
        warnings.append(named)
    if not data.district.strip():
        warnings.append("The district's name is empty")
    elif data.district.strip() == TEMPLATE_DISTRICT:
        warnings.append(f"The district is still the template's “{TEMPLATE_DISTRICT}”")
    if not data.prepared_by.strip():
        warnings.append("Nobody is named under “Prepared by”")
    if data.students == BLANK_PROPOSAL_STUDENTS and not data.teachers and not data.staff:
        # A blank proposal's starting figure, with no headcount entered beside it: the cost per
        # student would be worked out from a number nobody typed.
        warnings.append(
            f"Students is still {BLANK_PROPOSAL_STUDENTS:,}, the figure a blank proposal starts "
            "with: enter the district's enrollment (the cost per student is worked out from it)"
        )
    if data.discount_rate < 0:
        # Allowed (a CFO may test one), but a slip of the sign turns every later year's money
        # into more than today's and lifts the NPV without a word.
        warnings.append(
            f"The discount rate is negative ({format_rate(data.discount_rate)}): later "
            "years' money counts for more than today's"
        )
    elif data.discount_rate > HIGH_DISCOUNT_RATE:
        # "35" for 3.5%: allowed (up to 100%), and it sinks the NPV without a word.
        meant = f"{(data.discount_rate * 10).normalize():f}"
        warnings.append(
            f"The discount rate is {format_rate(data.discount_rate)}, far above the 2–8% a "
            f"district's money usually costs: if you meant {meant}%, type {meant}"
        )
    complete["basics"] = True


# Above this, a discount rate is more likely a slip ("35" for 3.5) than a district's cost of money.
HIGH_DISCOUNT_RATE = Decimal("0.15")


def _first_year_end(start_year: int, start_month: int) -> date:
    """The last day of a plan's first fiscal year (July 2027 start: June 30, 2028)."""
    end_year = start_year + (0 if start_month == 1 else 1)
    end_month = 12 if start_month == 1 else start_month - 1
    following = date(end_year + (end_month == 12), end_month % 12 + 1, 1)
    return following - timedelta(days=1)


def _warn_count(warnings: list[str], count: int, one: str, many: str, what: str) -> None:
    """ "3 items have no cost": a warning about ``count`` rows, when there are any."""
    if count:
        warnings.append(f"{format_count(count, one, many)} {what}")


def _named_or_counted(
    warnings: list[str], sentences: list[str], counted: tuple[str, str], what: str
) -> None:
    """Each of ``sentences`` (one per row, naming it) when there are three or fewer; past
    that, one count ("5 metrics are to be met after 2032")."""
    if len(sentences) <= 3:
        warnings.extend(sentences)
    else:
        _warn_count(warnings, len(sentences), *counted, what)


def _check_plans(data: ProposalInput, warnings: list[str], complete: dict[str, bool]) -> None:
    if not data.goals:
        warnings.append("No plan goals yet: add the board-approved goals this work serves")
    untitled = sum(1 for goal in data.goals if not goal.code.strip())
    _warn_count(warnings, untitled, "goal has", "goals have", "no code")
    templated = [goal for goal in data.goals if goal_is_template(goal.title, goal.description)]
    if templated:
        warnings.append(templated_goals(templated))
    complete["plans"] = bool(data.goals)


def templated_goals(goals: Sequence[GoalInput]) -> str:
    """The warning for goals still in the template's wording, naming what holds it: the Plans
    step's description column is cut to "Replace with t…", and a director who rewrote a title
    could not see what was left (named up to three goals, counted past that)."""
    if len(goals) <= 3:
        names = in_a_list([_goal_name(goal) for goal in goals])
        said = f"{'Goal' if len(goals) == 1 else 'Goals'} {names} still "
        said += "has" if len(goals) == 1 else "have"
    else:
        said = f"{len(goals):,} goals still have"
    said += " the template's wording in both title and description"
    asking = [goal for goal in goals if goal_placeholder(goal.description)]
    placeholder = f"“{PLACEHOLDER_OPENING}…”"
    if len(asking) == 1 == len(goals):
        said += f"; its description still says {quoted(asking[0].description.rstrip('.'), 90)}"
    elif asking and len(asking) == len(goals) <= 3:
        said += f"; their descriptions still say {placeholder}"
    elif asking:
        named = (
            in_a_list([_goal_name(goal) for goal in asking])
            if len(asking) <= 3
            else format_count(len(asking), "goal")
        )
        if len(asking) == 1:
            said += f"; the description of {named} still says {placeholder}"
        else:
            said += f"; the descriptions of {named} still say {placeholder}"
    return said + ": rewrite the title or the description in your board's words"


def _goal_name(goal: GoalInput) -> str:
    return goal.code.strip() or quoted(goal.title, 40)


def _check_items(data: ProposalInput, warnings: list[str], complete: dict[str, bool]) -> None:
    if not data.items:
        warnings.append("No items yet: add what is being bought")
    free = sum(
        1
        for item in data.items
        if item.unit_cost == 0 and item.recurring_unit_cost == 0 and item.quantity > 0
    )
    _warn_count(warnings, free, "item has", "items have", "no cost")
    none = sum(1 for item in data.items if item.quantity == 0)
    _warn_count(warnings, none, "item has", "items have", "a quantity of zero")
    templated = sum(1 for item in data.items if item_is_template(item.figure_source))
    # The template's prices are in US dollars: in a proposal in another currency they are not
    # even the right kind of figure, and nothing else says so.
    priced_in = "" if data.currency.upper() == TEMPLATE_CURRENCY else f", in {TEMPLATE_CURRENCY}"
    _warn_count(
        warnings,
        templated,
        "item still has",
        "items still have",
        f"the template's illustrative figures{priced_in}: replace them with your quotes",
    )
    # A figure with no word of where it came from is the first thing a CFO questions; the
    # PDF's appendix counted them, but no step said so. Items of no cost have nothing to source.
    unsourced = [
        item.name
        for item in data.items
        if not item.figure_source.strip()
        and (item.unit_cost or item.recurring_unit_cost or item.annual_savings)
    ]
    _named_or_counted(
        warnings,
        [
            f"{quoted(name, 60)} does not say where its figures come from (a quote, a price "
            "list, last year's invoice)"
            for name in unsourced
        ],
        ("item does not", "items do not"),
        "say where their figures come from (a quote, a price list, last year's invoice)",
    )
    beyond = [item for item in data.items if item.start_year > data.horizon_years]
    if 0 < len(beyond) <= 3:
        # Named: its cost leaves the total without a trace on the Items table.
        names = in_a_list([quoted(item.name, 60) for item in beyond])
        verb = "starts" if len(beyond) == 1 else "start"
        warnings.append(
            f"{names} {verb} after year {data.horizon_years}, the plan's last, so the plan "
            "counts no cost for " + ("it" if len(beyond) == 1 else "them")
        )
    else:
        _warn_count(
            warnings, len(beyond), "item starts", "items start", "after the plan's last year"
        )
    complete["items"] = bool(data.items)


def _check_risks(data: ProposalInput, warnings: list[str], complete: dict[str, bool]) -> None:
    if not data.risks:
        warnings.append("No risks yet: say what goes wrong without these items")
    _warn_templated(
        warnings,
        sum(
            1
            for risk in data.risks
            if risk_is_template(risk.title, *(getattr(risk, name) for name in RISK_ESTIMATES))
        ),
        "risk still has",
        "risks still have",
        "estimates: replace them with the district's own",
    )
    unpriced = sum(1 for risk in data.risks if risk.cost_before == 0 or risk.likelihood_before == 0)
    _warn_count(warnings, unpriced, "risk has", "risks have", "no likelihood or cost estimate")
    worse = sum(
        1
        for risk in data.risks
        if risk.likelihood_after * risk.cost_after > risk.likelihood_before * risk.cost_before
    )
    _warn_count(
        warnings,
        worse,
        "risk would",
        "risks would",
        "cost more with mitigation than without: check the “with mitigation” estimates",
    )
    # A priced risk, mitigated by an item, with nothing entered "with mitigation" (both start
    # at zero, and the last of those columns sits off a laptop's screen): the case counts it
    # as removed entirely, the largest claim a risk can make, without the director saying so.
    from desktop.finance.risk import expected_losses, mitigators_by_risk  # not at start-up

    # Mitigated as the engine counts it: by an item bought within the plan.
    mitigated = mitigators_by_risk(data.items, data.horizon_years)
    unmitigated = [
        (risk, expected_losses(risk)[0])
        for risk in data.risks
        if mitigated.get(risk.key) and risk.likelihood_after == 0 and risk.cost_after == 0
    ]
    _named_or_counted(
        warnings,
        [
            f"{quoted(risk.title, 60)} has nothing entered with mitigation, so the case counts "
            f"it as removed entirely once the items reducing it are in place "
            f"({format_money(before, data.currency)} a year avoided): if it is not, enter the "
            "likelihood and cost with mitigation"
            for risk, before in unmitigated
            if before > 0
        ],
        ("risk has", "risks have"),
        "nothing entered with mitigation, so the case counts each as removed entirely",
    )
    complete["risks"] = bool(data.risks)


def _check_metrics(data: ProposalInput, warnings: list[str], complete: dict[str, bool]) -> None:
    if not data.metrics:
        warnings.append("No metrics yet: say how the value will be measured")
    _warn_templated(
        warnings,
        sum(1 for m in data.metrics if metric_is_template(m.name, m.baseline, m.target)),
        "metric still has",
        "metrics still have",
        "baseline and target: replace them with the district's own",
    )
    no_target = sum(1 for metric in data.metrics if metric.target is None)
    _warn_count(warnings, no_target, "metric has", "metrics have", "no target")
    from desktop.finance.scenarios import fiscal_year_label  # not at start-up

    # A target year is a calendar year; the plan's last fiscal year ends in the calendar year
    # after its start unless it runs January to December.
    first = data.fiscal_year_start
    last_year = first + data.horizon_years - 1
    last = last_year + (0 if data.fiscal_year_start_month == 1 else 1)
    last_label = fiscal_year_label(last_year, data.fiscal_year_start_month)
    timed = [(m.name, m.target_year) for m in data.metrics if m.target_year is not None]
    late = [(name, year) for name, year in timed if year > last]
    early = [(name, year) for name, year in timed if year < first]
    # Named, with the year: the measure meant to prove the case falls outside the years it
    # covers.
    _named_or_counted(
        warnings,
        [
            f"{quoted(name, 60)} is to be met in {year}, after the plan's last year "
            f"({last_label}), so the plan cannot show it met"
            for name, year in late
        ],
        ("metric is", "metrics are"),
        f"to be met after {last}",
    )
    _named_or_counted(
        warnings,
        [
            f"{quoted(name, 60)} is to be met in {year}, before the plan starts in {first}: "
            "check the target year"
            for name, year in early
        ],
        ("metric is", "metrics are"),
        f"to be met before {first}",
    )
    from desktop.finance.money import foreign_money_unit  # not at start-up

    foreign = [
        (metric.name, named)
        for metric in data.metrics
        if (named := foreign_money_unit(metric.unit, data.currency))
    ]
    # Named: the case reads such a measure as a count, not as money it can set savings against.
    _named_or_counted(
        warnings,
        [
            f"{quoted(name, 60)} is measured in {named}, not the proposal's {data.currency}: "
            "convert its figures and its unit"
            for name, named in foreign
        ],
        ("metric is", "metrics are"),
        f"measured in another currency than the proposal's {data.currency}",
    )
    complete["metrics"] = bool(data.metrics)


def _check_links(
    result: ProposalResult | None, warnings: list[str], complete: dict[str, bool]
) -> None:
    if result is None:
        return
    coverage = result.alignment
    for missing, one, many, what in (
        # Worded as the step's "Still to link" headings, which list them.
        (coverage.items_without_goal, "item serves", "items serve", "no goal"),
        (coverage.goals_without_item, "goal has", "goals have", "no item serving {it}"),
        (coverage.items_without_metric, "item has", "items have", "no metric to prove {it}"),
        (coverage.risks_without_item, "risk has", "risks have", "no item mitigating {it}"),
    ):
        it = "it" if len(missing) == 1 else "them"  # "2 goals have no item serving them"
        _warn_count(warnings, len(missing), one, many, what.format(it=it))
    complete["links"] = True


def _check_funding(
    data: ProposalInput,
    result: ProposalResult | None,
    warnings: list[str],
    complete: dict[str, bool],
) -> None:
    if not data.funding:
        warnings.append("No funding sources yet: say who pays, year by year")
    _warn_templated(
        warnings,
        sum(1 for f in data.funding if funding_is_template(f.name, f.amounts_by_year)),
        "funding source still has",
        "funding sources still have",
        "amounts: replace them with the district's budget",
    )
    if result is not None and data.funding:
        gap = result.funding_gap
        if gap > 0:
            warnings.append(f"Funding falls short by {format_money(gap, data.currency)}")
        surplus = result.base.funding.surplus_total
        # Above the share the funding flag asks about; below it, cents of rounding.
        if any(flag.code == "funding_surplus" for flag in result.base.funding.flags):
            warnings.append(
                # With years short too, the plan is not over-funded: the money is misplaced.
                f"The sources bring {format_money(surplus, data.currency)} more than the years "
                f"they fall in cost: move it to the years short of money, or lower it"
                if gap > 0
                else f"The sources bring {format_money(surplus, data.currency)} more than the "
                "plan costs: say what it pays for, or lower them"
            )
        # E-Rate above what it can discount: typed as a figure, it does not follow the items;
        # and money asked for, not yet awarded, that the plan cannot do without.
        warnings.extend(
            flag.message.removesuffix(".")
            for flag in result.base.funding.flags
            if flag.code == "e_rate_beyond_eligible"
            or (flag.code == "pending_funding" and flag.severity is Severity.WARNING)
        )
        off = _e_rate_off_its_share(data, result.fiscal_year_labels)
        if off:
            warnings.append(off)
        reliance = result.grant_reliance_share
        # Above the share the rubric allows, as the funding flags and the rubric judge it; a
        # smaller share shows on the step without a warning the rubric would contradict.
        if reliance is not None and reliance > GRANT_RELIANCE_LIMIT:
            cause = temporary_cause(result.base.funding, result.fiscal_year_labels)
            warnings.append(
                f"{format_percent(reliance, 1)} of recurring costs depend on grants or other "
                f"temporary money ({cause}), more than the "
                f"{format_percent(GRANT_RELIANCE_LIMIT, 0)} the rubric allows"
            )
    complete["funding"] = bool(data.funding)


def _e_rate_off_its_share(data: ProposalInput, year_labels: Sequence[str]) -> str:
    """E-Rate amounts that are no longer the share of the eligible items' cost their notes
    state ("" when they are, or nothing says what they should be): the director changed the
    access points, the E-Rate stayed, and the CFO found "60% of the Wi-Fi and switching
    purchases" beside a figure that was not."""
    from desktop.finance.e_rate import e_rate_check

    check = e_rate_check(data)
    years = check.years_off() if check is not None else []
    if check is None or not years:
        return ""
    first = years[0] - 1
    currency = data.currency
    more = len(years) - 1
    also = (
        f", and {format_count(more, 'more year')} {'is' if more == 1 else 'are'} off too"
        if more
        else ""
    )
    return (
        f"E-Rate brings {format_money(check.brought_by_year[first], currency)} in "
        f"{year_labels[first]}, not the {format_percent(check.share, 0)} its notes state of "
        "what the items noted as E-Rate eligible cost that year "
        f"({format_money(check.owed_by_year[first], currency)} of "
        f"{format_money(check.eligible_by_year[first], currency)}){also}: update the E-Rate "
        "amounts, or their notes"
    )


# What a finance validation path ("items[3].quantity") names, in the director's words.
_COLLECTIONS = {
    "items": ("Item", "item"),
    "goals": ("Goal", "goal"),
    "risks": ("Risk", "risk"),
    "metrics": ("Metric", "metric"),
    "funding": ("Funding source", "funding_source"),
    "scenarios": ("Scenario", "scenario"),
}
_ATTRIBUTES = {
    "goal_links": "goal link",
    "risk_keys": "risk link",
    "metric_keys": "metric link",
    "item_quantities": "item quantity",
    "exposure": "number exposed",
}
_ISSUE_PATH = re.compile(r"(\w+)\[(\d+)\]\.(\w+)(?:\[(\w+)\])?")


def _field_words(entity: str, attribute: str) -> str:
    # Loaded here: the field rules are not needed until a proposal cannot be computed, and
    # this module is on the start-up path.
    from desktop.services.fields import field_spec

    try:
        return field_spec(entity, attribute).label.lower()
    except KeyError:
        return _ATTRIBUTES.get(attribute, attribute.replace("_", " "))


def plain_issue(issue: ValidationIssue) -> str:
    """One validation problem without the engine's field path: ``Item “Wi-Fi”, quantity: cannot
    be negative.`` instead of ``items[0].quantity (Wi-Fi): cannot be negative.``"""
    match = _ISSUE_PATH.fullmatch(issue.field)
    if match is None:
        return f"{_field_words('proposal', issue.field).capitalize()}: {issue.message}"
    collection, _index, attribute, key = match.groups()
    kind, entity = _COLLECTIONS.get(collection, (collection.capitalize(), ""))
    who = f"{kind} {quoted(issue.subject)}" if issue.subject else kind
    what = _field_words(entity, attribute)
    if attribute == "amounts_by_year" and key is not None:
        what = f"year {key} amount"
    return f"{who}, {what}: {issue.message}"
