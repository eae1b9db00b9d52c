"""Two versions of a proposal side by side: what the CFO asks after a case is rolled forward."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from finance_factories import item, proposal, risk, source

from desktop.finance import compute
from desktop.finance.compare import Computed, compare, comparison_lines, lines_summary
from desktop.finance.inputs import ProposalInput
from desktop.finance.money import format_money
from desktop.vocabulary import FundingKind, ItemCategory, RiskKind

D = Decimal


def computed(data: ProposalInput) -> Computed:
    """A proposal as Compare takes it: as typed, and its figures."""
    return data, compute(data)


def last_year() -> ProposalInput:
    return proposal(
        name="Case 2027",
        items=[
            item(1, "Access points", category=ItemCategory.NETWORK_INFRASTRUCTURE, quantity=80,
                 unit_cost="950"),
            item(2, "Help desk", category=ItemCategory.TECHNICAL_SUPPORT, quantity=2,
                 recurring_unit_cost="55000"),
            item(3, "Old filter", category=ItemCategory.SECURITY, quantity=1,
                 recurring_unit_cost="9000"),
        ],
        funding=[source(1, {y: 150000 for y in range(1, 6)}, recurring=True, name="General fund")],
    )  # fmt: skip


def this_year() -> ProposalInput:
    earlier = last_year()
    access, desk, _filter = earlier.items
    return replace(
        earlier,
        name="Case 2028",
        students=1100,
        items=(
            replace(access, unit_cost=D("1000")),  # a new quote: 80 × $50 more
            replace(desk, name="  help   desk "),  # the same item, typed otherwise
            item(4, "Cloud filter", category=ItemCategory.SECURITY, quantity=1,
                 recurring_unit_cost="7000"),
        ),
    )  # fmt: skip


def test_each_figure_and_line_is_the_later_less_the_earlier() -> None:
    earlier, later = computed(last_year()), computed(this_year())
    (_, before), (_, after) = earlier, later
    comparison = compare(earlier, later)
    figures = {row.label: row for row in comparison.figures}
    tco = figures["Total cost of ownership"]
    assert (tco.before, tco.after) == ("$671,000.00", "$665,000.00")
    assert tco.change == "−$6,000.00" and tco.moved
    assert figures["Students"].change == "+100"
    npv = figures["Net present value at 3%"]
    assert npv.change == _signed(after.npv - before.npv)
    # The lasting cost per student: more students, a new recurring filter.
    lasting = figures["Recurring cost per student the year after the plan"]
    per_student = before.after_plan.recurring_per_student, after.after_plan.recurring_per_student
    assert None not in per_student and per_student[0] != per_student[1]
    assert (lasting.before, lasting.after) == tuple(format_money(x, "USD") for x in per_student)
    assert lasting.change == _signed(per_student[1] - per_student[0])
    assert figures["Total funding"].change == "No change" and not figures["Total funding"].moved

    lines = {" ".join(line.name.split()).capitalize(): line for line in comparison.items}
    assert lines["Access points"].status == "Changed"
    assert lines["Access points"].change == D("4000.00")
    assert lines["Old filter"].status == "Taken out" and lines["Old filter"].after is None
    assert lines["Cloud filter"].status == "Added" and lines["Cloud filter"].before is None
    # Names are matched as a reader reads them: extra spaces do not make a new item.
    assert len(comparison.items) == 4 and lines["Help desk"].status == "Same"
    # The largest change first; what stayed the same last.
    assert [line.status for line in comparison.items] == ["Taken out", "Added", "Changed", "Same"]
    assert lines_summary(comparison.items, "item", "items") == (
        "1 item added, 1 taken out, 1 changed, 1 the same"
    )
    assert comparison.notes == ()


def _signed(amount: Decimal) -> str:
    from desktop.finance.money import format_money

    return ("+" if amount > 0 else "") + format_money(amount)


def test_two_items_of_one_name_are_one_line_their_costs_added() -> None:
    earlier = last_year()
    split = replace(
        earlier,
        items=(
            *earlier.items,
            item(5, "Access points", category=ItemCategory.NETWORK_INFRASTRUCTURE, quantity=10,
                 unit_cost="950"),
        ),
    )  # fmt: skip
    comparison = compare(computed(earlier), computed(split))
    [access] = [line for line in comparison.items if line.name == "Access points"]
    assert (access.before, access.after) == (D("76000.00"), D("85500.00"))


def test_other_currencies_plans_and_rates_are_said_and_not_subtracted() -> None:
    earlier = last_year()
    later = replace(
        earlier, currency="EUR", fiscal_year_start=2028, discount_rate=D("0.04"), name="Euro"
    )
    comparison = compare(computed(earlier), computed(later))
    figures = {row.label: row for row in comparison.figures}
    assert figures["Total cost of ownership"].change == ""
    assert figures["Total cost of ownership"].after == "EUR\u00a0671,000.00"
    assert figures["Discount rate"].before == "3%" and figures["Discount rate"].after == "4%"
    assert "Net present value" in figures  # no rate in its label when the rates differ
    # Dollars against euros say nothing of a change: each line is in both, not "the same".
    assert all(line.status == "In both" for line in comparison.items)
    assert lines_summary(comparison.items, "item", "items") == (
        "3 items in both (in other currencies)"
    )
    assert comparison.signed(D(5)) == ""
    text = comparison_lines(comparison)
    assert (
        "  In both: Access points (Network infrastructure), $76,000.00 → EUR\u00a076,000.00" in text
    )
    said = " ".join(comparison.notes)
    assert "different currencies (USD and EUR)" in said
    assert "2027–28 to 2031–32 (5 years) against 2028–29 to 2032–33 (5 years)" in said
    assert "different rates (3% and 4%)" in said


def test_the_text_names_both_and_lists_only_what_changed() -> None:
    comparison = compare(computed(last_year()), computed(this_year()))
    text = comparison_lines(comparison)
    assert text[0] == "From “Case 2027” to “Case 2028”"  # as each figure reads: earlier → later
    assert "  Total cost of ownership: $671,000.00 → $665,000.00 (−$6,000.00)" in text
    assert "  Total funding: $750,000.00" in text  # unchanged: said once
    # The new quote is named as the cause of the dearer line.
    assert (
        "  Changed: Access points (Network infrastructure), $76,000.00 → $80,000.00 "
        "(+$4,000.00; unit price $950.00 → $1,000.00)"
    ) in text
    assert "  Added: Cloud filter (Security), $35,000.00" in text
    assert "  Taken out: Old filter (Security), $45,000.00" in text
    assert not any("Help desk" in line for line in text)
    assert "Funding sources: 1 source the same" in text


def test_the_funding_side_says_what_each_source_brings_and_what_is_left_over() -> None:
    """A CFO asked what the E-Rate leaves the district to pay, and what money is spare: the
    comparison showed neither, and called a source that brings more "changed in cost"."""
    earlier = last_year()
    e_rate = source(2, {1: 20000}, recurring=True, kind=FundingKind.E_RATE, name="E-Rate")
    later = replace(
        this_year(),
        funding=(
            source(1, {y: 160000 for y in range(1, 6)}, recurring=True, name="General fund"),
            e_rate,
        ),
    )
    before, after = compute(earlier), compute(later)
    comparison = compare((earlier, before), (later, after))
    figures = {row.label: row for row in comparison.figures}
    surplus = figures["Funding surplus"]
    totals = before.base.funding.surplus_total, after.base.funding.surplus_total
    assert totals[1] > totals[0] > 0
    assert (surplus.before, surplus.after) == tuple(format_money(x, "USD") for x in totals)
    # Only the later counts E-Rate: the earlier's cost after it is its whole cost.
    e_rated = figures["Cost after E-Rate"]
    assert e_rated.before == format_money(before.tco_total, "USD")
    assert e_rated.after == format_money(after.tco_total - D(20000), "USD")
    labels = [row.label for row in comparison.figures]
    assert labels.index("Cost after E-Rate") == labels.index("Total funding") - 1
    # And the return on that cost, as the case gives it beside the whole one, under the payback.
    district = after.base.after_e_rate
    assert district is not None and before.base.after_e_rate is None
    npv = figures["Net present value on the cost after E-Rate"]
    assert (npv.before, npv.after) == (
        format_money(before.npv, "USD"),
        format_money(district.npv, "USD"),
    )
    assert labels.index("Net present value on the cost after E-Rate") == labels.index("Payback") + 1
    assert figures["Payback on the cost after E-Rate"].after == after.payback_text(
        after_e_rate=True
    )
    text = comparison_lines(comparison)
    assert "Funding sources: 1 source added, 1 changed" in text
    assert "Items: 1 item added, 1 taken out, 1 changed, 1 the same" in text
    # Without E-Rate on either side there is no such row.
    plain = compare((earlier, before), computed(this_year()))
    assert not any("E-Rate" in row.label for row in plain.figures)
    # Applied for, not yet awarded: the later takes none off, and the row says so by its name.
    pending = replace(later, funding=(later.funding[0], replace(e_rate, secured=False)))
    row = {r.label: r for r in compare((later, after), computed(pending)).figures}
    assert "Cost after E-Rate" not in row
    assert row["Cost after the E-Rate secured"].after == format_money(after.tco_total, "USD")
    assert row["Net present value on the cost after the E-Rate secured"].after == format_money(
        compute(pending).npv, "USD"
    )


def test_a_changed_item_says_when_its_quantity_moved() -> None:
    """The cost of "Teacher professional learning days" fell by $104,059.06 with no word of
    why: 560 days had become 420. The text and the dialog now give the quantities too."""
    earlier = last_year()
    access, desk, old_filter = earlier.items
    later = replace(earlier, items=(replace(access, quantity=D(60)), desk, old_filter))
    comparison = compare(computed(earlier), computed(later))
    (line,) = [line for line in comparison.items if line.status == "Changed"]
    assert line.quantity_change == "80 \u2192 60"
    assert (
        "  Changed: Access points (Network infrastructure), $76,000.00 → $57,000.00 "
        "(−$19,000.00; quantity 80 → 60)"
    ) in comparison_lines(comparison)
    # Funding sources have no quantity to speak of.
    assert all(source.quantity_change == "" for source in comparison.funding)


def test_a_source_no_longer_secured_is_a_change_though_it_brings_as_much() -> None:
    """Both E-Rate sources marked as applied for: the cost after E-Rate rose by the whole
    E-Rate while the sources read "6 the same", with nothing to say why."""
    earlier = replace(
        this_year(),
        funding=(
            source(1, {y: 150000 for y in range(1, 6)}, recurring=True, name="General fund"),
            source(2, {1: 20000}, recurring=True, kind=FundingKind.E_RATE, name="E-Rate"),
        ),
    )
    general, e_rate = earlier.funding
    later = replace(earlier, funding=(general, replace(e_rate, secured=False)))
    comparison = compare(computed(earlier), computed(later))
    lines = {line.name: line for line in comparison.funding}
    assert lines["E-Rate"].status == "Changed" and lines["E-Rate"].change == 0
    assert lines["General fund"].status == "Same"
    text = comparison_lines(comparison)
    assert "Funding sources: 1 source changed, 1 the same" in text
    assert (
        "  Changed: E-Rate (E-Rate, not yet secured), $20,000.00 → $20,000.00 (no longer secured)"
        in text
    )


def test_the_gap_says_when_a_side_counts_money_not_yet_secured() -> None:
    """Compare called it "Funding gap" while the case and the Review named the gap that counts
    a grant applied for as coming in: $0.00 read as a plan paid for."""
    general = source(1, {y: 100000 for y in range(1, 6)}, recurring=True, name="General fund")
    earlier = replace(this_year(), funding=(general,))
    grant = source(2, {1: 200000}, recurring=False, kind=FundingKind.GRANT, name="Grant")
    later = replace(earlier, funding=(general, replace(grant, secured=False)))
    before, after = compute(earlier), compute(later)
    assert after.base.funding.extra_shortfall_total > 0
    labels = [row.label for row in compare((earlier, before), (later, after)).figures]
    assert "Funding gap if the money not yet secured comes in" in labels
    assert "Funding gap" not in labels
    # With every source secured on both sides, the plain name.
    plain = [row.label for row in compare((earlier, before), computed(earlier)).figures]
    assert "Funding gap" in plain


def test_the_figures_give_every_headcount_and_price_rise_as_on_basics() -> None:
    """Only Students was there: 40 more teachers and a 3% yearly rise in prices moved the costs
    with nothing on the Figures tab to say why."""
    earlier = replace(last_year(), teachers=60, staff=25, recurring_escalation_rate=D("0.02"))
    later = replace(earlier, teachers=100, purchase_escalation_rate=D("0.03"))
    comparison = compare(computed(earlier), computed(later))
    shown = {row.label: (row.before, row.after, row.change) for row in comparison.figures}
    assert shown["Teachers"] == ("60", "100", "+40")
    assert shown["Other staff"] == ("25", "25", "No change")
    assert shown["Yearly price increase (purchases)"] == ("0%", "3%", "")
    assert shown["Yearly price increase (recurring costs)"] == ("2%", "2%", "No change")
    labels = [row.label for row in comparison.figures]
    assert labels[1:6] == [
        "Students",
        "Teachers",
        "Other staff",
        "Yearly price increase (purchases)",
        "Yearly price increase (recurring costs)",
    ]
    text = comparison_lines(comparison)
    assert "  Teachers: 60 → 100 (+40)" in text
    assert "  Other staff: 25" in text
    assert "  Yearly price increase (purchases): 0% → 3%" in text


def test_a_changed_item_names_each_term_that_moved_its_figures() -> None:
    """A dearer quote showed as "+$4,000.00" with no price, and an item whose yearly savings
    grew was not listed at all, its cost being the same; a later start or another refresh
    cycle went unnamed too."""
    earlier = replace(
        last_year(),
        items=(
            item(1, "Laptops", quantity=100, unit_cost="800", lifespan_years=4),
            item(2, "Printing service", category=ItemCategory.OTHER, quantity=1,
                 recurring_unit_cost="12000", annual_savings="3000"),
            item(3, "Filter", category=ItemCategory.SECURITY, quantity=1,
                 recurring_unit_cost="9000"),
            item(4, "Servers", quantity=2, unit_cost="5000"),
        ),
    )  # fmt: skip
    laptops, printing, filtering, servers = earlier.items
    later = replace(
        earlier,
        items=(
            replace(laptops, unit_cost=D("850"), lifespan_years=5),
            replace(printing, annual_savings=D("5000")),
            replace(filtering, recurring_unit_cost=D("7000"), start_year=2),
            replace(servers, lifespan_years=3),
        ),
    )
    comparison = compare(computed(earlier), computed(later))
    lines = {line.name: line for line in comparison.items}
    assert [lines[name].status for name in lines] == ["Changed"] * 4
    assert lines["Printing service"].change == 0  # its cost is the same: the savings moved
    text = comparison_lines(comparison)
    assert "Items: 4 items changed" in text
    assert (
        "  Changed: Laptops (Hardware and devices), $160,000.00 → $85,000.00 "
        "(−$75,000.00; unit price $800.00 → $850.00; refreshed every 4 → 5 years)"
    ) in text
    assert (
        "  Changed: Printing service (Other), $60,000.00 → $60,000.00 "
        "(yearly savings $3,000.00 → $5,000.00)"
    ) in text
    assert (
        "  Changed: Filter (Security), $45,000.00 → $28,000.00 "
        "(−$17,000.00; yearly cost per unit $9,000.00 → $7,000.00; "
        "start year 2027–28 → 2028–29)"
    ) in text
    assert (
        "  Changed: Servers (Hardware and devices), $10,000.00 → $20,000.00 "
        "(+$10,000.00; refreshed never → every 3 years)"
    ) in text


def test_terms_are_compared_only_where_each_side_has_one_item_of_the_name() -> None:
    """Two items of one name are one line: their prices may differ, so none is named, and
    plan years are said as such when the two plans start in different years."""
    earlier = replace(
        last_year(),
        items=(
            item(1, "Carts", quantity=2, unit_cost="1000"),
            item(2, "Carts", quantity=1, unit_cost="1200"),
            item(3, "Filter", category=ItemCategory.SECURITY, quantity=1, unit_cost="500"),
        ),
    )  # fmt: skip
    carts, _other_carts, filtering = earlier.items
    later = replace(
        earlier,
        fiscal_year_start=2028,
        items=(
            replace(carts, quantity=D(3), unit_cost=D("1100")),
            replace(filtering, start_year=2),
        ),
    )
    text = comparison_lines(compare(computed(earlier), computed(later)))
    assert "  Changed: Carts (Hardware and devices), $3,200.00 → $3,300.00 (+$100.00)" in text
    assert "  Changed: Filter (Security), $500.00 → $500.00 (start year 1 → 2)" in text


def test_a_source_whose_money_moved_between_years_is_changed_and_says_how() -> None:
    """$50,000 of the general fund moved from 2027–28 to 2028–29: the total stayed, so the
    sources read "the same" while the funding gap jumped."""
    general = source(1, {y: 150000 for y in range(1, 6)}, recurring=True, name="General fund")
    grant = source(2, {1: 20000, 2: 20000}, recurring=False, kind=FundingKind.GRANT, name="Grant")
    earlier = replace(this_year(), funding=(general, grant))
    moved = {**general.amounts_by_year, 1: D(100000), 2: D(200000)}
    later = replace(
        earlier,
        funding=(
            replace(general, amounts_by_year=moved),
            replace(grant, kind=FundingKind.BOND, recurring=True),
        ),
    )
    comparison = compare(computed(earlier), computed(later))
    assert [line.status for line in comparison.funding] == ["Changed", "Changed"]
    text = comparison_lines(comparison)
    assert "Funding sources: 2 sources changed" in text
    assert (
        "  Changed: General fund (Maintenance and operations budget), $750,000.00 → $750,000.00 "
        "(2027–28 −$50,000.00; 2028–29 +$50,000.00)"
    ) in text
    # Another kind is said as before, and money that may now pay recurring costs too.
    assert "  Changed: Grant (Bond), $40,000.00 → $40,000.00 (now recurring; was Grant)" in text


def test_a_source_moved_in_many_years_is_said_in_one_line() -> None:
    general = source(1, {y: 150000 for y in range(1, 6)}, recurring=True, name="General fund")
    other = source(2, {y: 10000 for y in range(1, 6)}, recurring=True, name="Levy")
    earlier = replace(this_year(), funding=(general, other))
    later = replace(
        earlier,
        fiscal_year_start=2028,
        funding=(
            replace(general, amounts_by_year={y: D(160000) for y in range(1, 6)}),
            replace(other, amounts_by_year={1: D(1), 2: D(2), 3: D(3), 4: D(40), 5: D(5)}),
        ),
    )
    text = comparison_lines(compare(computed(earlier), computed(later)))
    assert (
        "  Changed: General fund (Maintenance and operations budget), $750,000.00 → $800,000.00 "
        "(+$50,000.00; +$10,000.00 each year)"
    ) in text
    # Plans that start in different years: the plan's own years, not one fiscal year.
    assert (
        "  Changed: Levy (Maintenance and operations budget), $50,000.00 → $51.00 "
        "(−$49,949.00; moved in 5 years, most in year 1: −$9,999.00)"
    ) in text


def test_risks_are_compared_by_the_cost_each_avoids_and_the_estimates_behind_it() -> None:
    """A risk's exposure went from 280 to 290 and "Risk-adjusted cost avoided +$18,250.00"
    appeared with nothing to say where it came from: risks were not compared at all."""
    access, desk, old_filter = last_year().items
    earlier = replace(
        last_year(),
        items=(replace(access, risk_keys=(1, 2)), desk, old_filter),
        risks=(
            risk(1, "Devices damaged", exposure=280, likelihood_before="0.1",
                 likelihood_after="0.05", cost_before=500, cost_after=500),
            risk(2, "Data breach", likelihood_before="0.05", likelihood_after="0.05",
                 cost_before=100000, cost_after=100000),
            risk(3, "Outage"),
        ),
    )  # fmt: skip
    damaged, breach, _outage = earlier.risks
    later = replace(
        earlier,
        risks=(
            replace(damaged, title="devices  damaged", exposure=D(290)),
            replace(breach, likelihood_after=D("0.02"), cost_after=D(80000)),
            replace(risk(4, "Theft"), kind=RiskKind.SECURITY),
        ),
    )
    comparison = compare(computed(earlier), computed(later))
    text = comparison_lines(comparison)
    assert "  Risk-adjusted cost avoided: $35,000.00 → $53,250.00 (+$18,250.00)" in text
    # The risks' changes add up to the figure's.
    assert sum(line.change for line in comparison.risks) == D("18250.00")
    assert "Risks: 1 risk added, 1 taken out, 2 changed" in text
    assert (
        "  Changed: Data breach (Financial), $0.00 → $17,000.00 (+$17,000.00; "
        "likelihood with mitigation 5% → 2%; "
        "cost per occurrence with mitigation $100,000.00 → $80,000.00)"
    ) in text
    # Matched by name as items are: the title typed otherwise is the same risk.
    assert (
        "  Changed: devices  damaged (Financial), $35,000.00 → $36,250.00 "
        "(+$1,250.00; exposure 280 → 290)"
    ) in text
    assert "  Added: Theft (Security), $0.00" in text
    assert "  Taken out: Outage (Financial), $0.00" in text
    assert text.index("Risks: 1 risk added, 1 taken out, 2 changed") > text.index(
        "Funding sources: 1 source the same"
    )
    # The likelihood without mitigation and its cost are named as such.
    worse = replace(
        earlier,
        risks=(
            replace(damaged, likelihood_before=D("0.2"), cost_before=D(600)),
            *earlier.risks[1:],
        ),
    )
    lines = {line.name: line for line in compare(computed(earlier), computed(worse)).risks}
    assert lines["Devices damaged"].terms == (
        "likelihood without mitigation 10% → 20%",
        "cost per occurrence without mitigation $500.00 → $600.00",
    )


def test_compare_names_the_cost_after_e_rate_as_the_case_does() -> None:
    """An E-Rate source applied for with no amounts yet: the case said "after the E-Rate
    secured", Compare "after E-Rate", since it counted only sources bringing money."""
    from desktop.finance.funding import after_e_rate

    general = source(1, {y: 160000 for y in range(1, 6)}, recurring=True, name="General fund")
    e_rate = source(2, {1: 20000}, recurring=True, kind=FundingKind.E_RATE, name="E-Rate")
    applied = replace(
        source(3, {}, recurring=True, kind=FundingKind.E_RATE, name="Category 2"), secured=False
    )
    earlier = replace(this_year(), funding=(general, e_rate))
    later = replace(this_year(), funding=(general, e_rate, applied))
    after = compute(later)
    assert after_e_rate(after.base.funding) == "after the E-Rate secured"
    labels = [row.label for row in compare(computed(earlier), (later, after)).figures]
    assert "Cost after the E-Rate secured" in labels
    assert "Net present value on the cost after the E-Rate secured" in labels
    assert "Cost after E-Rate" not in labels


def test_a_payback_that_moved_says_how() -> None:
    """ "Year 3 (2029–30)" against "Not within the plan" had a blank Change cell: the largest
    change in the table read as nothing to say."""
    from desktop.finance.compare import _payback_change

    assert _payback_change("Year 3 (2029–30)", "Year 3 (2029–30)", 3, 3) == "No change"
    assert _payback_change("Year 3 (2029–30)", "Year 4 (2030–31)", 3, 4) == "1 year later"
    assert _payback_change("Year 4 (2030–31)", "Year 2 (2028–29)", 4, 2) == ("2 years sooner")
    assert _payback_change("Not within the plan", "Year 3 (2029–30)", None, 3) == ("Now pays back")
    assert _payback_change("Year 3 (2029–30)", "Not within the plan", 3, None) == (
        "No longer pays back"
    )
    # In the comparison: savings that pay the plan back, then taken away.
    earlier = this_year()
    saving = replace(
        earlier, items=(*earlier.items[:-1], replace(earlier.items[-1], annual_savings=D("400000")))
    )
    assert compute(saving).payback_year is not None and compute(earlier).payback_year is None
    row = {r.label: r for r in compare(computed(saving), computed(earlier)).figures}
    assert row["Payback"].change == "No longer pays back"


def test_a_plan_rolled_a_year_forward_pays_back_in_the_same_plan_year() -> None:
    """Last year's plan starting 2027 against this year's starting 2028 read "Year 3 (2029–30)
    → Year 3 (2030–31)", "1 year later": a director took it for a payback a year worse, though
    it comes in the same year of the plan. Paybacks move by plan year; the start is said."""
    earlier = this_year()
    paying = replace(
        earlier, items=(*earlier.items[:-1], replace(earlier.items[-1], annual_savings=D("150000")))
    )
    rolled = replace(paying, fiscal_year_start=paying.fiscal_year_start + 1, name="Case 2029")
    before, after = compute(paying), compute(rolled)
    assert before.payback_year == after.payback_year == 3
    comparison = compare((paying, before), (rolled, after))
    rows = {row.label: row for row in comparison.figures}
    payback = rows["Payback"]
    assert (payback.before, payback.after) == ("Year 3 (2029–30)", "Year 3 (2030–31)")
    assert payback.change == "Same plan year (year 3); this plan starts a year later"
    assert rows["Plan years"].change == "Starts a year later"
    assert (
        "  Payback: Year 3 (2029–30) → Year 3 (2030–31) "
        "(Same plan year (year 3); this plan starts a year later)"
    ) in comparison_lines(comparison)
    # The other way round, and a payback a plan year later in a plan that starts two earlier.
    swapped = {row.label: row for row in compare((rolled, after), (paying, before)).figures}
    assert swapped["Payback"].change == "Same plan year (year 3); this plan starts a year earlier"
    assert swapped["Plan years"].change == "Starts a year earlier"
    slower = replace(
        paying,
        fiscal_year_start=paying.fiscal_year_start - 2,
        items=(*paying.items[:-1], replace(paying.items[-1], annual_savings=D("140000"))),
    )
    assert compute(slower).payback_year == 4
    row = {r.label: r for r in compare((paying, before), computed(slower)).figures}
    assert row["Payback"].change == "1 plan year later; this plan starts 2 years earlier"
    # Plans that start alike say the plain move, as before.
    same_start = {r.label: r for r in compare(computed(paying), computed(earlier)).figures}
    assert same_start["Plan years"].change == "No change"


def test_a_risk_says_which_mitigating_items_moved_its_cost_avoided() -> None:
    """ "Devices retired before the planned refresh −$13,455.00" had no cause: the item that
    mitigates it had started a year later, and the risk's own estimates had not moved."""
    from decimal import Decimal as Dec

    from desktop.finance.inputs import RiskInput
    from desktop.vocabulary import RiskKind

    risk = RiskInput(1, "Lost class time", RiskKind.OPERATIONAL, Dec(100), Dec("0.5"),
                     Dec("0.1"), Dec(200), Dec(200))  # fmt: skip
    base = this_year()
    access, desk, cloud = base.items
    earlier = replace(base, risks=(risk,), items=(replace(access, risk_keys=(1,)), desk, cloud))
    later = replace(
        earlier,
        items=(
            replace(access, risk_keys=(1,), start_year=2),
            desk,
            replace(cloud, risk_keys=(1,)),
        ),
    )
    comparison = compare(computed(earlier), computed(later))
    (line,) = comparison.risks
    assert line.status == "Changed"
    assert line.terms == (
        "now also mitigated by “Cloud filter”",
        "“Access points”, which mitigates it: start year 1 \u2192 2",
    )
    text = "\n".join(comparison_lines(comparison))
    assert "which mitigates it: start year 1 → 2" in text
