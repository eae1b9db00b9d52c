"""The step rules without Qt: which steps are complete and what each one still lacks."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from desktop.finance import compute
from desktop.finance.inputs import ItemInput
from desktop.finance.money import format_money
from desktop.finance.result import ValidationIssue
from desktop.services.library import Library
from desktop.services.snapshot import proposal_input
from desktop.services.wizard import STEP_KEYS, step_for_issue, step_statuses
from desktop.wording import quoted


def _by_key(statuses: tuple) -> dict:  # type: ignore[type-arg]
    return {status.key: status for status in statuses}


def test_the_complete_sample_has_every_step_ticked(library: Library, sample_id: int) -> None:
    """The sample leans on a grant for 1.2 % of its recurring costs: the Funding step warned
    about it while the rubric called the same share met. Only a share above the rubric's 10 %
    is a warning now, worded with the limit."""
    data = proposal_input(library, sample_id)
    result = compute(data)
    statuses = _by_key(step_statuses(data, result))
    assert list(statuses) == list(STEP_KEYS)
    for key in STEP_KEYS:
        assert statuses[key].complete and not statuses[key].warnings, key
        assert statuses[key].label.endswith("✓")
    reliance = result.base.funding.grant_reliance_share
    assert reliance is not None and Decimal(0) < reliance < Decimal("0.10")
    general_fund = data.funding[0]
    assert general_fund.kind.value == "maintenance_operations"
    leaning = replace(data, funding=(replace(general_fund, recurring=False), *data.funding[1:]))
    warned = _by_key(step_statuses(leaning, compute(leaning)))["funding"].warnings
    # Counted with its years: which money the CFO must replace, and when (four sources are
    # counted, not named: the general fund, the one-time E-Rate, the grant, the fund balance).
    assert warned[-1].endswith(
        "of recurring costs depend on grants or other temporary money (4 temporary sources, "
        "in every year of the plan), more than the 10% the rubric allows"
    )


def test_unlinked_free_items_are_counted_on_items_and_links(
    library: Library, sample_id: int
) -> None:
    data = proposal_input(library, sample_id)
    extra = tuple(
        ItemInput(key=90_000 + n, name=f"Loose {n}", category=data.items[0].category,
                  quantity=Decimal(1))
        for n in range(3)
    )  # fmt: skip
    data = replace(data, items=data.items + extra)
    statuses = _by_key(step_statuses(data, compute(data)))
    assert statuses["items"].warnings == ("3 items have no cost",)
    assert statuses["links"].warnings == (
        "3 items serve no goal",
        "3 items have no metric to prove them",
    )
    assert statuses["links"].label == "6  Links  ⚠ 2"


def test_an_empty_proposal_asks_for_each_list_and_cannot_be_reviewed(
    library: Library, sample_id: int
) -> None:
    data = proposal_input(library, sample_id)
    empty = replace(data, items=(), goals=(), risks=(), metrics=(), funding=(), scenarios=())
    statuses = _by_key(step_statuses(empty, None, [ValidationIssue("students", "too few")]))
    assert statuses["plans"].warnings[0].startswith("No plan goals yet")
    assert statuses["items"].warnings[0].startswith("No items yet")
    assert statuses["funding"].warnings[0].startswith("No funding sources yet")
    assert statuses["basics"].warnings == ("Students: too few",)  # a label, not a field path
    assert statuses["review"].warnings == ("1 problem stops the figures being computed",)
    assert not statuses["review"].complete and not statuses["export"].complete


def test_a_blank_proposal_with_figures_is_not_ticked_as_linked_reviewed_or_ready(
    library: Library, sample_id: int
) -> None:
    """A blank proposal computes (to $0), which ticked Links, Review and Export as done."""
    from desktop.finance import compute

    data = proposal_input(library, sample_id)
    blank = replace(data, items=(), goals=(), risks=(), metrics=(), funding=(), scenarios=())
    statuses = _by_key(step_statuses(blank, compute(blank), []))
    for key in ("links", "review", "export"):
        assert not statuses[key].complete, key


def test_validation_issues_go_to_the_step_that_fixes_them() -> None:
    assert step_for_issue(ValidationIssue("items[3].quantity", "x")) == "items"
    assert step_for_issue(ValidationIssue("items[3].goal_links[0]", "x")) == "links"
    assert step_for_issue(ValidationIssue("funding[0].amounts_by_year[9]", "x")) == "funding"
    assert step_for_issue(ValidationIssue("risks[1].cost_before", "x")) == "risks"
    assert step_for_issue(ValidationIssue("discount_rate", "x")) == "basics"


def test_a_proposal_still_holding_the_templates_words_is_not_ticked_as_done(
    library: Library,
) -> None:
    """From the 1:1 template every step but Basics showed ✓ while the district was "Your
    District" and the goals read "Replace with the wording of your board-adopted plan"."""
    from desktop.services.proposals import create_from_template

    data = proposal_input(library, create_from_template(library))
    statuses = _by_key(step_statuses(data, compute(data)))
    assert "The district is still the template's “Your District”" in statuses["basics"].warnings
    assert statuses["plans"].warnings == (
        "7 goals still have the template's wording in both title and description; the "
        "descriptions of SP-1, SP-2 and SP-3 still say “Replace with…”: rewrite the title or "
        "the description in your board's words",
    )
    (items_warning,) = [w for w in statuses["items"].warnings if "template" in w]
    assert items_warning == ("20 items still have the template's illustrative figures: replace "
                                  "them with your quotes")  # fmt: skip
    for key in ("basics", "plans", "items"):
        assert not statuses[key].complete, key
    # Once the director writes a goal and an item's source in their own words, they count.
    own_goal = replace(data.goals[0], description="Every student in grades 2–12 has a device.")
    own_item = replace(data.items[0], figure_source="Quote Q-2031 from Acme, March 2027")
    data = replace(data, goals=(own_goal, *data.goals[1:]), items=(own_item, *data.items[1:]))
    statuses = _by_key(step_statuses(data, compute(data)))
    assert statuses["plans"].warnings == (
        "6 goals still have the template's wording in both title and description; the "
        "descriptions of SP-2 and SP-3 still say “Replace with…”: rewrite the title or the "
        "description in your board's words",
    )
    assert any(w.startswith("19 items still have") for w in statuses["items"].warnings)


def test_a_template_proposals_risks_metrics_and_funding_say_their_figures_are_illustrative(
    library: Library,
) -> None:
    """From the template, Risks, Metrics and Funding showed ✓ over the template's likelihoods,
    baselines and budget: only Basics, Plans and Items asked for the district's own."""
    from desktop.services.proposals import create_from_template

    data = proposal_input(library, create_from_template(library))
    statuses = _by_key(step_statuses(data, compute(data)))
    said = {key: [w for w in statuses[key].warnings if "template" in w] for key in statuses}
    assert said["risks"] == [
        "8 risks still have the template's illustrative estimates: replace them with the "
        "district's own"
    ]
    assert said["metrics"] == [
        "9 metrics still have the template's illustrative baseline and target: replace them "
        "with the district's own"
    ]
    assert said["funding"] == [
        "5 funding sources still have the template's illustrative amounts: replace them with "
        "the district's budget"
    ]
    for key in ("risks", "metrics", "funding"):
        assert not statuses[key].complete, key
    # A figure of the district's own makes the row its own.
    risk = replace(data.risks[0], likelihood_before=data.risks[0].likelihood_before / 2)
    metric = replace(data.metrics[0], baseline=Decimal(295000))
    source = replace(data.funding[0], amounts_by_year={1: Decimal(1_000_000)})
    own = replace(
        data,
        risks=(risk, *data.risks[1:]),
        metrics=(metric, *data.metrics[1:]),
        funding=(source, *data.funding[1:]),
    )
    statuses = _by_key(step_statuses(own, compute(own)))
    assert any(w.startswith("7 risks still have") for w in statuses["risks"].warnings)
    assert any(w.startswith("8 metrics still have") for w in statuses["metrics"].warnings)
    assert any(w.startswith("4 funding sources still have") for w in statuses["funding"].warnings)


def test_a_mitigation_that_makes_a_risk_worse_is_flagged(library: Library, sample_id: int) -> None:
    """ "Likelihood with mitigation" at 40% against 4% without was accepted with a ✓."""
    data = proposal_input(library, sample_id)
    risk = data.risks[0]
    worse = replace(risk, likelihood_after=min(Decimal(1), risk.likelihood_before * 3),
                    cost_after=risk.cost_before)  # fmt: skip
    data = replace(data, risks=(worse, *data.risks[1:]))
    statuses = _by_key(step_statuses(data, compute(data)))
    assert statuses["risks"].warnings == (
        "1 risk would cost more with mitigation than without: check the “with mitigation” "
        "estimates",
    )
    assert not statuses["risks"].complete


def test_a_problem_that_stops_the_figures_is_told_in_the_directors_words(
    library: Library, sample_id: int
) -> None:
    """The Items step warned "items[0].unit_cost (Wi-Fi …): … Check both figures..": the
    engine's path, and two full stops once the line of warnings added its own."""
    data = proposal_input(library, sample_id)
    issue = ValidationIssue(
        "items[0].unit_cost",
        "The quantity × the unit cost comes to more than $1,000,000,000,000 in a year. "
        "Check both figures.",
        "Wi-Fi access points",
    )
    statuses = _by_key(step_statuses(data, None, [issue]))
    assert statuses["items"].warnings[0] == (
        "Item “Wi-Fi access points”, one-time cost per unit: The quantity × the unit cost comes "
        "to more than $1,000,000,000,000 in a year. Check both figures"
    )


def test_an_item_starting_after_the_plan_is_named_and_so_is_what_it_costs(
    library: Library, sample_id: int
) -> None:
    """ "1 item starts after the planning horizon" left the director to find which one, and
    why the total had dropped."""
    data = proposal_input(library, sample_id)
    late = replace(data.items[0], start_year=data.horizon_years + 2)
    data = replace(data, items=(late, *data.items[1:]))
    warnings = _by_key(step_statuses(data, compute(data)))["items"].warnings
    assert (
        f"“{late.name}” starts after year {data.horizon_years}, the plan's last, so the plan "
        "counts no cost for it" in warnings
    )


def test_a_negative_discount_rate_is_flagged_on_basics(library: Library, sample_id: int) -> None:
    """ "-5" was stored as a −5% rate without a word, lifting every later year's money."""
    data = replace(proposal_input(library, sample_id), discount_rate=Decimal("-0.05"))
    warnings = _by_key(step_statuses(data, compute(data)))["basics"].warnings
    assert (
        "The discount rate is negative (−5%): later years' money counts for more than "
        "today's" in warnings
    )


def test_a_discount_rate_far_above_a_districts_is_flagged_as_a_likely_slip(
    library: Library, sample_id: int
) -> None:
    """ "35" typed for 3.5% was stored as a 35% rate without a word, sinking the NPV."""
    data = replace(proposal_input(library, sample_id), discount_rate=Decimal("0.35"))
    warnings = _by_key(step_statuses(data, compute(data)))["basics"].warnings
    assert (
        "The discount rate is 35%, far above the 2–8% a district's money usually costs: if you "
        "meant 3.5%, type 3.5" in warnings
    )
    usual = replace(data, discount_rate=Decimal("0.08"))
    assert not any("discount rate" in w for w in _by_key(step_statuses(usual, compute(usual)))[
        "basics"].warnings)  # fmt: skip


def test_a_metric_to_be_met_outside_the_plan_is_named_with_its_year(
    library: Library, sample_id: int
) -> None:
    """A measure meant to prove the case, targeted for 2036 in a plan ending in 2031–32 (or
    for 2020, before it starts), passed without a word: the CFO would be asked to fund a plan
    whose proof comes after it, or was already due."""
    data = proposal_input(library, sample_id)
    assert data.fiscal_year_start == 2027 and data.horizon_years == 5
    assert not _by_key(step_statuses(data, compute(data)))["metrics"].warnings
    first, second, *rest = data.metrics
    data = replace(
        data,
        metrics=(
            replace(first, target_year=2036),
            replace(second, target_year=2020),
            *[replace(metric, target_year=2032) for metric in rest],  # ends the last year
        ),
    )
    warnings = _by_key(step_statuses(data, compute(data)))["metrics"].warnings
    assert list(warnings) == [
        f"{quoted(first.name, 60)} is to be met in 2036, after the plan's last year "
        "(2031–32), so the plan cannot show it met",
        f"{quoted(second.name, 60)} is to be met in 2020, before the plan starts in 2027: "
        "check the target year",
    ]
    many = replace(data, metrics=tuple(replace(m, target_year=2040) for m in data.metrics))
    warnings = _by_key(step_statuses(many, compute(many)))["metrics"].warnings
    assert list(warnings) == [f"{len(data.metrics)} metrics are to be met after 2032"]


def test_a_mitigated_risk_with_nothing_entered_with_mitigation_is_named(
    library: Library, sample_id: int
) -> None:
    """A risk priced "without mitigation" only, linked to an item, counted as removed entirely
    (its whole expected loss avoided every year), and nothing said so: the "with mitigation"
    columns start at zero and the last of them sits off a laptop's screen."""
    data = proposal_input(library, sample_id)
    damage = data.risks[0]
    assert any(damage.key in item.risk_keys for item in data.items)
    blank = replace(damage, likelihood_after=Decimal(0), cost_after=Decimal(0))
    data = replace(data, risks=(blank, *data.risks[1:]))
    warnings = list(_by_key(step_statuses(data, compute(data)))["risks"].warnings)
    before = damage.exposure * damage.likelihood_before * damage.cost_before
    assert warnings == [
        f"“{damage.title}” has nothing entered with mitigation, so the case counts it as "
        f"removed entirely once the items reducing it are in place ({format_money(before)} a "
        "year avoided): if it is not, enter the likelihood and cost with mitigation"
    ]
    # Not linked to any item, it avoids nothing: nothing to say.
    unlinked = replace(data, items=tuple(replace(i, risk_keys=()) for i in data.items))
    assert not _by_key(step_statuses(unlinked, compute(unlinked)))["risks"].warnings
    # Nor when its items start after the plan, or nothing is exposed: no "$0.00 a year".
    late = replace(data, items=tuple(replace(i, start_year=9) for i in data.items))
    assert not _by_key(step_statuses(late, compute(late)))["risks"].warnings
    none = replace(data, risks=(replace(blank, exposure=Decimal(0)), *data.risks[1:]))
    assert not _by_key(step_statuses(none, compute(none)))["risks"].warnings


def test_a_blank_proposals_starting_enrolment_is_asked_for(library: Library) -> None:
    """A blank proposal silently worked out its cost per student from 1,000 students that
    nobody had typed, where the empty district and "Prepared by" were both flagged."""
    from desktop.services.proposals import create_proposal

    blank = create_proposal(library, "Lakeview 1:1")
    data = proposal_input(library, blank)
    said = (
        "Students is still 1,000, the figure a blank proposal starts with: enter the district's "
        "enrollment (the cost per student is worked out from it)"
    )
    assert said in _by_key(step_statuses(data, None))["basics"].warnings
    # Entered, or beside a headcount the director typed, it is taken as theirs.
    for entered in (replace(data, students=3_850), replace(data, teachers=240)):
        assert said not in _by_key(step_statuses(entered, None))["basics"].warnings


def test_sources_bringing_more_than_the_plan_costs_are_not_ticked(
    library: Library, sample_id: int
) -> None:
    """A general fund typed a zero too long read "Every year is fully funded" with a ✓: the
    sample's own $2,043.07 of rounding is left alone, a surplus a CFO would ask about is not."""
    from desktop.ui.steps.funding import funding_position

    data = proposal_input(library, sample_id)
    result = compute(data)
    assert result.base.funding.surplus_total == Decimal("2043.07")
    assert not _by_key(step_statuses(data, result))["funding"].warnings
    assert "Every year is fully funded. " in funding_position(result)

    general_fund = data.funding[0]
    amounts = dict(general_fund.amounts_by_year)
    amounts[2] = amounts[2] * 10
    generous = replace(data, funding=(replace(general_fund, amounts_by_year=amounts),
                                      *data.funding[1:]))  # fmt: skip
    result = compute(generous)
    surplus = format_money(result.base.funding.surplus_total)
    funding = _by_key(step_statuses(generous, result))["funding"]
    assert funding.warnings == (
        f"The sources bring {surplus} more than the plan costs: say what it pays for, or "
        "lower them",
    )
    assert funding.label.endswith("⚠ 1")
    assert f"the sources bring {surplus} more than the cost, in years" in funding_position(result)

    # The same money in year 2 with year 4 left unfunded: the plan is short, not over-funded.
    amounts[4] = Decimal(0)
    misplaced = replace(generous, funding=(replace(general_fund, amounts_by_year=amounts),
                                           *data.funding[1:]))  # fmt: skip
    result = compute(misplaced)
    assert result.funding_gap > 0
    surplus = format_money(result.base.funding.surplus_total)
    warnings = _by_key(step_statuses(misplaced, result))["funding"].warnings
    assert (
        f"The sources bring {surplus} more than the years they fall in cost: move it to the "
        "years short of money, or lower it" in warnings
    )
    assert not any("more than the plan costs" in warning for warning in warnings)


def test_a_blank_proposals_funding_step_does_not_call_it_funded(
    library: Library, sample_id: int
) -> None:
    """With no item and no source the sentence under the grid said "Every year is fully
    funded.", under a warning that there were no sources yet."""
    from desktop.ui.steps.funding import funding_position

    blank = replace(proposal_input(library, sample_id), items=(), funding=(), scenarios=())
    said = funding_position(compute(blank))
    assert said.startswith("Nothing is costed or funded yet")
    assert "fully funded" not in said


def test_a_template_proposal_switched_to_another_currency_says_what_is_still_in_dollars(
    library: Library,
) -> None:
    """A director who set Basics to CAD kept the template's US prices and two measures "in
    USD" without a word: the items' warning did not say the prices were American, and the
    case read a measure in USD as a count of something, not as money."""
    from desktop.services.editing import update_proposal
    from desktop.services.proposals import create_from_template

    proposal = create_from_template(library, "Hillcrest")
    update_proposal(library, proposal, {"currency": "CAD"})
    data = proposal_input(library, proposal)
    statuses = _by_key(step_statuses(data, compute(data)))
    assert (
        "20 items still have the template's illustrative figures, in USD: replace them with "
        "your quotes"
    ) in statuses["items"].warnings
    assert [w for w in statuses["metrics"].warnings if "USD" in w] == [
        "“Spending on device repair and unplanned replacement” is measured in USD, not the "
        "proposal's CAD: convert its figures and its unit",
        "“Spending on printing, copying and consumable workbooks” is measured in USD, not the "
        "proposal's CAD: convert its figures and its unit",
    ]
    # In the template's own currency neither is said.
    update_proposal(library, proposal, {"currency": "USD"})
    data = proposal_input(library, proposal)
    statuses = _by_key(step_statuses(data, compute(data)))
    assert not any("USD" in w for w in statuses["items"].warnings + statuses["metrics"].warnings)
    # Written "C$" in a proposal in CAD, a measure is money in the proposal's currency.
    metric = replace(data.metrics[0], unit="C$")
    canadian = replace(data, currency="CAD", metrics=(metric, *data.metrics[1:]))
    metrics = _by_key(step_statuses(canadian, compute(canadian)))["metrics"].warnings
    assert [w for w in metrics if "measured in" in w] == [
        "“Spending on printing, copying and consumable workbooks” is measured in USD, not the "
        "proposal's CAD: convert its figures and its unit"
    ]


def test_a_plan_whose_first_year_is_over_is_asked_about_on_basics(
    library: Library, sample_id: int
) -> None:
    """A director typed 2025 for a plan begun in the autumn of 2026: the cover read "2025–26
    to 2028–29" over a date in November 2026, and Basics said nothing."""
    from datetime import date

    data = proposal_input(library, sample_id)  # first year July 2027 to June 2028
    result = compute(data)
    basics = _by_key(step_statuses(data, result, today=date(2028, 6, 30)))["basics"]
    assert not basics.warnings
    late = _by_key(step_statuses(data, result, today=date(2028, 7, 1)))["basics"]
    assert late.warnings == (
        "The plan's first year, 2027–28, ended on June 30, 2028: check the first fiscal year",
    )
    calendar = replace(data, fiscal_year_start_month=1)
    basics = _by_key(step_statuses(calendar, compute(calendar), today=date(2028, 1, 2)))
    assert (
        basics["basics"]
        .warnings[0]
        .startswith("The plan's first year, 2027, ended on December 31, 2027")
    )


def test_review_and_export_are_not_ticked_while_an_earlier_step_lacks_something(
    library: Library, sample_id: int
) -> None:
    """With no funding at all, Review and Export still showed ✓, which read as "ready for the
    CFO" over a plan nothing paid for."""
    data = proposal_input(library, sample_id)
    unfunded = replace(data, funding=())
    statuses = _by_key(step_statuses(unfunded, compute(unfunded)))
    assert statuses["funding"].warnings
    for key in ("review", "export"):
        assert not statuses[key].complete and not statuses[key].label.endswith("✓"), key
    statuses = _by_key(step_statuses(data, compute(data)))
    assert statuses["review"].complete and statuses["export"].complete


def test_e_rate_beyond_what_it_can_discount_is_a_funding_warning(
    library: Library, sample_id: int
) -> None:
    """E-Rate typed as a figure does not follow the items it discounts: cut the network and it
    stayed, more than the items cost, with the Funding step ticked."""
    data = proposal_input(library, sample_id)
    assert not [w for w in _by_key(step_statuses(data, compute(data)))["funding"].warnings]
    network = [i for i in data.items if i.category.value == "network_infrastructure"]
    fewer = tuple(replace(i, quantity=i.quantity / 10) if i in network else i for i in data.items)
    cut = replace(data, items=fewer)
    funding = _by_key(step_statuses(cut, compute(cut)))["funding"]
    assert any(
        w.startswith("E-Rate brings $261,240.00 in 2027–28") and w.endswith("against the items")
        for w in funding.warnings
    ), funding.warnings
    assert not funding.complete


def test_money_not_yet_secured_that_the_plan_needs_is_a_funding_warning(
    library: Library, sample_id: int
) -> None:
    """A grant applied for and not yet awarded, without which two years fall short, was a
    question in the PDF while the Funding step showed ✓."""
    from tests.finance.finance_factories import with_grant_pending

    data, grant = with_grant_pending(proposal_input(library, sample_id))
    result = compute(data)
    funding = _by_key(step_statuses(data, result))["funding"]
    warned = [w for w in funding.warnings if "not yet secured" in w]
    assert len(warned) == 1 and grant.name in warned[0]
    assert "if it does not come, the plan is short by" in warned[0]
    assert funding.label.endswith("⚠ 1")
    # Pending money the plan does not need (years with money to spare) is no warning.
    plain = proposal_input(library, sample_id)
    asked = replace(
        grant, key=99, name="PTA gift", amounts_by_year={1: Decimal("500")}, secured=False
    )
    spare = replace(plain, funding=(*plain.funding, asked))
    flags = compute(spare).base.funding.flags
    assert [flag.severity.value for flag in flags if flag.code == "pending_funding"] == ["notice"]
    assert not [
        w
        for w in _by_key(step_statuses(spare, compute(spare)))["funding"].warnings
        if "not yet secured" in w
    ]


def test_an_item_that_does_not_say_where_its_figures_come_from_is_named(
    library: Library, sample_id: int
) -> None:
    """The PDF's appendix counted items with no source ("5 of 7 items say where their figures
    come from") while the Items step showed a tick."""
    data = proposal_input(library, sample_id)
    bare = [replace(item, figure_source=" ") for item in data.items[:2]]
    free = replace(
        data.items[2], figure_source="", unit_cost=Decimal(0), recurring_unit_cost=Decimal(0),
        annual_savings=Decimal(0),
    )  # fmt: skip
    data = replace(data, items=(*bare, free, *data.items[3:]))
    status = _by_key(step_statuses(data, compute(data)))["items"]
    said = [f"{quoted(item.name, 60)} does not say where its figures come from" for item in bare]
    for sentence in said:
        assert any(warning.startswith(sentence) for warning in status.warnings)
    assert not any(free.name in warning for warning in status.warnings)  # nothing to source
    assert "✓" not in status.label

    many = replace(data, items=tuple(replace(item, figure_source="") for item in data.items))
    warnings = _by_key(step_statuses(many, compute(many)))["items"].warnings
    assert f"{len(data.items) - 1} items do not say where their figures come from" in " ".join(
        warnings
    )


def test_e_rate_no_longer_the_share_its_note_states_is_a_funding_warning(
    library: Library,
) -> None:
    """The access points went from 300 to 465 on the Items step; the E-Rate stayed at the
    amounts worked out for 300, under a note saying "60% discount on the year-1 Wi-Fi and
    switching purchases", and the CFO found the arithmetic wrong."""
    from desktop.services.proposals import create_from_template

    data = proposal_input(library, create_from_template(library))
    assert not [w for w in _by_key(step_statuses(data, compute(data)))["funding"].warnings
                if w.startswith("E-Rate")]  # fmt: skip
    more = tuple(
        replace(i, quantity=Decimal(465)) if i.name == "Wi-Fi access points" else i
        for i in data.items
    )
    changed = replace(data, items=more)
    funding = _by_key(step_statuses(changed, compute(changed)))["funding"]
    # 60% of 465 access points, 55 switches and the internet upgrade, bought and supported.
    assert (
        "E-Rate brings $380,520.00 in 2027–28, not the 60% its notes state of what the items "
        "noted as E-Rate eligible cost that year ($485,460.00 of $809,100.00), and 4 more "
        "years are off too: update the E-Rate amounts, or their notes"
    ) in funding.warnings


def test_a_name_naming_other_years_than_the_plans_is_warned_on_basics(
    library: Library, sample_id: int
) -> None:
    """A case rolled forward kept last year's years in its name ("… 2027–2031" over a plan
    for 2028–29 to 2032–33): the name heads the case and the handout, and nothing said so."""
    data = replace(proposal_input(library, sample_id), fiscal_year_start=2028)
    result = compute(data)

    def basics(name: str) -> tuple[str, ...]:
        return _by_key(step_statuses(replace(data, name=name), result))["basics"].warnings

    plan = "the plan runs 2028–29 to 2032–33: change the name, which heads the case and the handout"
    for name, said in (
        ("Copy of Riverside USD — 1:1 Infrastructure 2027–2031", "2027–2031"),
        ("Riverside 1:1 2027-2031", "2027-2031"),
        ("Riverside 1:1, 2027 to 2031", "2027 to 2031"),
        ("Riverside 1:1 from 2027–28", "2027–28"),
        ("Riverside refresh 2027", "2027"),
        ("SY 2027-2028 Riverside", "2027-2028"),
    ):
        assert basics(name) == (f"The proposal's name says {said}, but {plan}",), name
    # The plan's own years, however written, no years at all, or a number that is no year.
    for name in (
        "Riverside USD — 1:1 Infrastructure 2028–2032",
        "Riverside 2028–2033",
        "Riverside 2028 to 2032",
        "Riverside 1:1 from 2028–29",
        "Riverside refresh by 2030",
        "Riverside USD — 1:1 Infrastructure",
        "Riverside FY27 carry-over",
        "2000 Chromebooks for Riverside",
        # One school year written whole; a year after the plan (a class's, a model's, a
        # target's); a year in a date or a reference number.
        "SY 2029-2030 Riverside",
        "Riverside refresh by 2035",
        "Laptops for the class of 2036",
        "Riverside 2028–2032 (rev. 2026-05-01)",
        "Board item 2026-114: Riverside 1:1",
    ):
        assert basics(name) == (), name
    # A shorter plan ends sooner: the name's last year is then not the plan's.
    shorter = replace(data, horizon_years=3, name="Riverside 2028–2032")
    assert _by_key(step_statuses(shorter, None))["basics"].warnings == (
        "The proposal's name says 2028–2032, but the plan runs 2028–29 to 2030–31: change the "
        "name, which heads the case and the handout",
    )
