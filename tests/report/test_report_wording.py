"""The report's sentences at the edges a real proposal reaches: a risk nothing mitigates, a
mitigation that makes things worse, a one-year plan, a calendar fiscal year, shares that must
add up to the whole. The CFO reads these words; each must be true and read as English."""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal

import openpyxl

from desktop.finance import compute
from desktop.finance.inputs import ProposalInput
from desktop.finance.money import format_money
from desktop.sheets import workbook_bytes
from tests.finance.finance_factories import item, proposal, risk, scenario, source

from .report_support import render, squash

D = Decimal


def _outage(**fields: str) -> object:
    values = {
        "exposure": "1",
        "likelihood_before": "0.5",
        "likelihood_after": "0.1",
        "cost_before": "25000",
        "cost_after": "25000",
    }
    values.update(fields)
    return risk(1, "Network outage", **values)


def _text(data: ProposalInput, *, handout: bool = False) -> str:
    return " ".join(render(data, handout=handout).text.split())


def test_a_risk_nothing_mitigates_shows_no_cost_avoided() -> None:
    """The risk's estimate "with mitigation" is what an item would do: with no item linked, the
    register shows its loss unchanged and the totals claim nothing."""
    data = proposal(
        items=[item(1, "Switches", unit_cost="1000")],
        risks=[_outage()],
        funding=[source(1, {1: 1000}, recurring=True, name="Operating budget")],
    )
    text = _text(data)
    assert "Expected losses stay at $12,500.00 a year" in text
    assert "$10,000.00" not in text  # the unreal 12,500 − 2,500 a year
    assert "What the district gets for it: ." not in text
    assert "no item in the plan mitigates them or saves money yet" in text


def test_a_mitigation_that_makes_a_risk_worse_is_worded_as_a_rise() -> None:
    data = proposal(
        items=[item(1, "Cheap router", unit_cost="100", risk_keys=(1,))],
        risks=[_outage(likelihood_after="0.6")],
    )
    text = _text(data)
    assert "expected losses rise by $2,500.00 a year" in text
    assert "fall by \u2212" not in text and "fall by -" not in text
    assert "expected losses go up, from $12,500.00 to $15,000.00 a year" in text
    assert "The largest risks it reduces" not in text and "reduces most" not in text
    handout = _text(data, handout=True)
    assert "Largest risks reduced" not in handout and "Risk reduced most" not in handout


def test_one_risk_reduced_reads_in_the_singular() -> None:
    data = proposal(
        items=[item(1, "Redundant link", unit_cost="100", risk_keys=(1,))],
        risks=[_outage()],
    )
    assert "The risk it reduces most is \u201cNetwork outage\u201d." in _text(data)
    assert "Risk reduced most (expected loss a year)" in _text(data, handout=True)


def test_a_one_year_plan_says_one_year_once() -> None:
    data = proposal(horizon_years=1, items=[item(1, "Licences", recurring_unit_cost="500")])
    text = _text(data)
    assert "1 years" not in text
    assert "2027\u201328 to 2027\u201328" not in text
    assert "over 1 year (2027\u201328)" in text
    assert "Total cost of ownership, 1 year" in text
    # Nothing comes after year 1 to discount, and one year is no peak.
    flat = " ".join(text.split())
    assert "a year after year 1" not in flat and "spending peaks" not in flat
    assert "Over a single year nothing is discounted, and the net present value is" in flat


def test_a_calendar_fiscal_year_is_labelled_by_its_year() -> None:
    data = proposal(fiscal_year_start_month=1, items=[item(1, "Licences", unit_cost="500")])
    result = compute(data)
    assert result.fiscal_year_labels == ("2027", "2028", "2029", "2030", "2031")
    assert "(2027 to 2031)" in _text(data)


def test_one_time_and_recurring_shares_add_up_to_the_whole() -> None:
    """$875 recurring and $125 one-time: 87.5 % and 12.5 % would each round up, to 101 %."""
    data = proposal(
        horizon_years=1,
        items=[item(1, "Kit", unit_cost="125", recurring_unit_cost="875", lifespan_years=None)],
    )
    text = squash(_text(data))
    assert "88%isrecurringcost" in text and "12%isone-timepurchases" in text
    assert "13%" not in text


def test_the_workbook_words_the_payback_as_the_pdf_does() -> None:
    data = proposal(
        horizon_years=3,
        items=[item(1, "Router", unit_cost="1000", annual_savings="800")],
    )
    result = compute(data)
    assert result.payback_year == 2
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(data, result)))
    values = {
        str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
    }
    assert "Year 2 (2028\u201329)" in values
    assert "Year 2 (2028)" not in values and "Year 2" not in values
    assert "pays back in year 2 (2028\u201329)" in _text(data)


def test_no_funding_is_not_reported_as_a_share_of_grants() -> None:
    data = proposal(items=[item(1, "Licences", recurring_unit_cost="500")])
    text = _text(data)
    assert "pay 0.0% of the recurring costs" not in text
    assert "No funding is entered, so nothing shows how the recurring costs are paid." in text
    # Nor in the scenarios' table, the workbook or the summary command: a dash, not a 0.0%
    # that reads as a clean result for a plan nothing pays for.
    two = replace(data, scenarios=(scenario(1, {1: None}, "Base"), scenario(2, {1: 2}, "More")))
    assert "Temporary money for recurring costs — —" in _text(two)
    result = compute(data)
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(data, result)), read_only=True)
    sheet = book["Summary"]
    row = next(r for r in sheet.iter_rows(values_only=True)
               if r and r[0] == "Recurring costs paid from temporary money")  # fmt: skip
    assert row[1] == "—"


def test_a_zero_net_present_value_is_not_called_a_gain() -> None:
    data = proposal(discount_rate=D(0), items=[item(1, "Router", unit_cost="1000",
                    annual_savings="200")])  # fmt: skip
    assert compute(data).npv == 0
    text = _text(data)
    assert "benefits outweigh" not in text
    assert "exactly cover the costs" in text


def test_the_assumptions_say_no_residual_value_is_counted() -> None:
    """A refresh bought in the last year counts in full: the CFO is told so, not left to guess."""
    data = proposal(items=[item(1, "Laptops", unit_cost="500", lifespan_years=2)])
    assert "Residual value None is counted." in _text(data)


def test_a_measure_of_one_reads_in_the_singular() -> None:
    """Table 7 printed a target of "1 days"."""
    from desktop.report.sections_case import _measure

    assert _measure(D(1), "days", "USD") == "1 day"
    assert _measure(D(9), "days", "USD") == "9 days"
    assert _measure(D(1), "staff", "USD") == "1 staff"
    assert _measure(D("1.5"), "hours", "USD") == "1.5 hours"


def test_dates_and_the_cheapest_best_scenario_read_as_a_us_district_writes() -> None:
    """The cover said "23 November 2026"; the scenario caption named the same scenario twice
    when it was both the best and the cheapest."""
    import re

    from desktop.finance.inputs import ScenarioInput

    data = proposal(
        items=[item(1, "Access points", unit_cost="1000"), item(2, "Carts", unit_cost="5000")],
        scenarios=[ScenarioInput(1, "Lean", {1: None})],
    )
    text = _text(data)
    assert re.search(r"Date (January|February|March|April|May|June|July|August|September|"
                     r"October|November|December) \d{1,2}, 20\d\d", text), text[:400]  # fmt: skip
    assert "\u201cLean\u201d has the highest net present value" in text
    assert re.search(r"and costs least \(\$[\d,.]+\)\.", text)
    assert "\u201cLean\u201d costs least" not in text


def test_a_title_with_a_double_space_breaks_onto_two_whole_lines() -> None:
    """The second line was cut from the original text at the length of the first, measured
    with single spaces, so a double space shifted it: "d in transit" lost letters."""
    from desktop.report.fonts import register_fonts
    from desktop.report.text import two_lines

    title = "Loss of student devices  damaged in transit between campuses"
    lines = two_lines(title, 7, 120, register_fonts())
    assert len(lines) == 2
    assert " ".join(lines).split() == title.split()


def test_the_discount_rate_says_what_it_stands_for_and_whether_the_verdict_turns_on_it() -> None:
    """The methods gave "3% a year." and nothing a CFO could weigh: the rate is now explained,
    with the net present value over the sensitivity step's range of rates."""
    laptops = item(1, "Laptops", unit_cost="1000", annual_savings="210")
    steady = _text(proposal(items=[laptops], discount_rate=D("0.02")))
    assert "2% a year: each later year's money counts for less than money today" in steady
    # At 1.6% and 2.4% the net present value is $17.45 and $1.92, undiscounted $50.00: each
    # paired with its own rate, all above zero.
    assert (
        "At 1.6% the net present value would be $17.45, at 2.4% $1.92, and with no discounting "
        "$50.00, so the verdict does not rest on the rate chosen."
    ) in steady
    turning = _text(proposal(items=[laptops], discount_rate=D("0.03")))
    assert (
        "At 2.4% the net present value would be $1.92, at 3.6% −$20.48, and with no discounting "
        "$50.00: whether it is above zero turns on the rate chosen."
    ) in turning
    level = _text(proposal(items=[laptops], discount_rate=D(0)))
    assert "0% a year: money in later years counts the same as money today." in level
    # A negative rate says what it means, and no range of rates it cannot have.
    negative = _text(proposal(items=[laptops], discount_rate=D("-0.02")))
    assert "−2% a year: money in later years counts for more than money today." in negative
    # An odd rate's neighbours are shown as worked out: "2.66%" beside the NPV at 2.664% was a
    # figure a CFO keying in 2.66% could not get.
    odd_data = proposal(items=[laptops], discount_rate=D("0.0333"))
    odd = _text(odd_data)
    assert "At 2.664% the net present value would be −$3.10, at 3.996% −$27.65" in odd
    at_shown_rate = compute(replace(odd_data, discount_rate=D("0.02664"))).npv
    assert format_money(at_shown_rate, "USD") == "−$3.10"


def test_a_one_year_plan_and_a_tiny_rate_get_a_discount_sentence_that_holds() -> None:
    """A one-year plan printed the same figure three times "so the verdict does not rest on the
    rate"; a rate of 0.002% showed its neighbours as "0%"."""
    laptops = item(1, "Laptops", unit_cost="1000", annual_savings="210")
    one_year = _text(proposal(items=[laptops], horizon_years=1, students=1))
    assert "A one-year plan discounts nothing, so the rate does not change it." in one_year
    assert "in a district of 1 student." in one_year  # not "1 students"
    tiny = _text(proposal(items=[laptops], discount_rate=D("0.00002")))
    assert "At 0.0016% the net present value would be" in tiny
    assert "at 0.0024%" in tiny


def test_funding_notes_that_print_as_nothing_are_left_out_and_long_ones_say_where_the_rest_is() -> (
    None
):
    from desktop.vocabulary import FundingKind

    long_note = "Conditions: " + "the grant pays for devices bought before June. " * 40
    sources = [
        source(1, {1: 1000}, recurring=True, name="General fund"),
        source(2, {1: 500}, recurring=False, kind=FundingKind.GRANT, name="State grant"),
    ]
    sources = [replace(sources[0], notes="\u200b \u3164"), replace(sources[1], notes=long_note)]
    text = _text(proposal(items=[item(1, "Laptops", unit_cost="1500")], funding=sources))
    assert "General fund:" not in text
    assert "State grant: Conditions: the grant pays" in text
    assert "(the whole note is in the workbook's Funding sheet)" in text


def test_a_case_exported_before_anything_is_entered_does_not_contradict_itself() -> None:
    """A blank proposal exported at once said "the whole cost of $0.00 is unfunded" above
    "Funding covers the cost in every year", that benefits "do not cover the cost" of a plan
    with none, ranked eight estimates that all move the result by $0.00, and called a 5-year
    plan a one-year plan."""
    data = proposal()
    case = render(data)
    text = " ".join(case.text.split())
    for nonsense in (
        "is unfunded",
        "Funding covers the cost",
        "do not cover the cost",
        "are — of the cost",
        "moves the result most: ±20% swings",
        "A one-year plan",
        "Figure 1",  # no chart of bars of nothing
    ):
        assert nonsense not in text, nonsense
    assert "No funding source is named yet, and no cost either." in text
    assert "Neither a cost nor a funding source is entered yet." in text
    assert "there is nothing yet for the benefits to cover" in text
    assert "Nothing moves the result yet" in text
    handout = _text(data, handout=True)
    assert "Figure 1" not in handout and "do not cover the cost" not in handout

    # Risks estimated but no item yet: the sentence does not say no risk is estimated.
    risky = _text(proposal(risks=[_outage()]))
    assert (
        "Nothing moves the result yet: with no cost or saving entered, and no item reducing a "
        "risk, lowering or raising any estimate by 20% leaves the net present value at $0.00."
    ) in risky

    # With a cost, every part is back.
    costed = proposal(items=[item(1, "Switches", unit_cost="1000")])
    text = _text(costed)
    assert "Figure 1" in text and "Capital items" in text and "swings the net present value" in text


def test_a_source_with_no_amounts_yet_still_exports() -> None:
    """A "General fund" row added on the Funding step, its figures not yet typed, stopped the
    PDF and the handout with "'int' object has no attribute 'quantize'": the share recurring
    money pays was 0, and 0 is no percentage to print."""
    data = proposal(
        items=[item(1, "Filter", recurring_unit_cost="1000")],
        funding=[source(1, {}, recurring=True, name="General fund")],
    )
    for handout in (False, True):
        text = _text(data, handout=handout)
        assert "Recurring money pays 0.0% of the recurring costs" in text


def test_more_than_three_risks_made_worse_are_counted_in_english() -> None:
    """Past the three named, the rest read "and 2 mores"."""
    worse = [
        risk(k, f"Small risk {k}", exposure="1", likelihood_before="0.1",
             likelihood_after="0.2", cost_before="100", cost_after="100")
        for k in range(1, 6)
    ]  # fmt: skip
    better = risk(6, "Big risk", exposure="1", likelihood_before="0.5", likelihood_after="0.1",
                  cost_before="100000", cost_after="100000")  # fmt: skip
    data = proposal(
        items=[item(1, "Switches", unit_cost="1000", risk_keys=tuple(range(1, 7)))],
        risks=[*worse, better],
    )
    text = _text(data)
    assert "5 risks get worse with the plan" in text
    assert "and 2 more." in text and "mores" not in text


def test_a_case_with_no_metrics_does_not_point_at_measures() -> None:
    """A draft with two items and nothing else said its return rested on "the measures listed
    below" and asked the board to value "the learning gains the measures will track": there
    were no measures, below or anywhere."""
    from desktop.finance.inputs import MetricInput
    from desktop.vocabulary import MetricArea

    draft = proposal(items=[item(1, "Chromebooks", unit_cost="300", quantity="100")])
    for text in (_text(draft), _text(draft, handout=True)):
        assert "measures listed below" not in text
        assert "the measures will track" not in text
    assert "and no measure of its results is named yet" in _text(draft)
    tickets = MetricInput(1, "Help-desk tickets a week", next(iter(MetricArea)))
    measured = replace(draft, metrics=(tickets,))
    assert "the measures will track" in _text(measured)


def test_the_case_is_signed_off_by_the_person_it_is_prepared_for() -> None:
    """The cover said "Prepared for: Dana Price, CFO" and the signature block still read
    "Reviewed by: Chief Financial Officer"."""
    named = squash(render(replace(proposal(), prepared_for="Dana Price, CFO")).text)
    assert squash("Reviewed by Dana Price, CFO Signature Date") in named
    for blank in ("", "   "):
        unnamed = squash(render(replace(proposal(), prepared_for=blank)).text)
        assert squash("Reviewed by Chief Financial Officer Signature Date") in unnamed


def test_the_handout_line_under_the_title_has_no_stray_dot_without_a_district() -> None:
    """With the district still empty the handout's second line read "· Draft · …"."""
    first = render(replace(proposal(), district=""), handout=True).pages[0]
    assert "\nTest proposal\nDraft \u00b7 March 15, 2027\n" in first
    assert "\n\u00b7" not in first


def test_the_use_left_after_the_plan_is_told_alike_in_the_case_and_the_workbook() -> None:
    """A device refresh in the plan's last year serves three years after it; the cost counts its
    whole price, so the case and the workbook say what of it is still to be used."""
    data = proposal(
        purchase_escalation_rate=D("0.03"),
        items=[item(1, "Student devices", quantity=100, unit_cost="500", lifespan_years=4)],
    )
    result = compute(data)
    told = (
        "Purchases late in the plan last beyond it: $42,206.58 of what it buys (straight line "
        "over each item's life) is use still to come after 2031\u201332, all of it \u201cStudent "
        "devices\u201d bought in 2031\u201332. The total cost of ownership counts their whole "
        "price and no value left at the end."
    )
    assert squash(told) in render(data, result).squashed
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(data, result)), read_only=True)
    rows = [row for row in book["Summary"].iter_rows(values_only=True) if row and row[0]]
    total = next(r for r in rows if r[0] == "Use still to come after 2031\u201332")
    assert total[1] == 42206.58
    said = " ".join(
        str(r[0]) for r in rows[rows.index(next(r for r in rows if r[0] == "About it")) + 1 :]
    )
    assert told in said
    # A plan whose purchases are used up within it says nothing of the kind.
    used_up = proposal(items=[item(1, "Carts", quantity=5, unit_cost="900", lifespan_years=5)])
    assert "last beyond it" not in _text(used_up)
