"""Large proposals: the handout stays on two pages and the full case keeps every item, with
figures that reconcile, however many items, goals, risks and funding sources there are."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from desktop.finance import compute
from desktop.finance.inputs import (
    FundingInput,
    GoalInput,
    GoalLink,
    ItemInput,
    ProposalInput,
    RiskInput,
)
from desktop.finance.money import format_money
from desktop.report.sections_front import HEADLINE_GAP
from desktop.vocabulary import FundingKind, GoalLevel, InitiativeKind, ItemCategory, RiskKind

from .report_support import context_for, render, squash

D = Decimal
CATEGORIES = list(ItemCategory)


def big_proposal(items: int, *, horizon: int = 5) -> ProposalInput:
    goals = tuple(
        GoalInput(
            g,
            f"G{g}",
            f"Board goal number {g} about access and learning",
            GoalLevel.DISTRICT_STRATEGIC,
        )
        for g in range(1, 41)
    )
    risks = tuple(
        RiskInput(
            r,
            f"Risk {r}: devices or data harmed",
            RiskKind.FINANCIAL,
            D(100),
            D("0.2"),
            D("0.1"),
            D(200 + r),
            D(50),
        )
        for r in range(1, 31)
    )
    return ProposalInput(
        name="District-wide refresh with a very long list of items",
        district="Large Unified School District",
        initiative=InitiativeKind.ONE_TO_ONE,
        fiscal_year_start=2027,
        horizon_years=horizon,
        students=25_000,
        items=tuple(
            ItemInput(
                k,
                f"Item {k}: access point, switch or licence for building {k % 40}",
                CATEGORIES[k % len(CATEGORIES)],
                D(1 + k % 17),
                unit_cost=D(f"{100 + k}.25"),
                recurring_unit_cost=D(f"{k % 13}.10"),
                lifespan_years=3 + k % 5,
                start_year=1 + k % 3,
                goal_links=(GoalLink(1 + k % 40, "Serves the goal directly"),),
                risk_keys=(1 + k % 30,),
            )
            for k in range(1, items + 1)
        ),
        goals=goals,
        risks=risks,
        funding=tuple(
            FundingInput(
                f,
                f"Funding source {f}",
                list(FundingKind)[f % 6],
                f % 2 == 0,
                {y: D(20_000 * f) for y in range(1, horizon + 1)},
            )
            for f in range(1, 16)
        ),
    )


def test_the_handout_of_a_300_item_proposal_is_two_pages() -> None:
    data = big_proposal(300)
    handout = render(data, handout=True)
    assert handout.page_count <= 2
    assert "Page 2 of 2" in handout.text
    assert "more goals" in handout.text  # the list is capped, not spilled onto a third page


def test_a_long_plan_splits_year_tables_but_keeps_every_year_and_total() -> None:
    data = big_proposal(40, horizon=12)
    full = render(data)
    from desktop.finance import compute

    result = compute(data)
    text = full.squashed
    for label in result.fiscal_year_labels:
        assert squash(label) in text
    assert squash(format_money(result.tco_total)) in text
    assert squash(format_money(result.base.tco.by_year[-1])) in text
    assert "Continued: years" in full.text
    assert render(data, handout=True).page_count <= 2


def test_a_plan_that_pays_back_says_when_on_the_summary_and_the_chart() -> None:
    from desktop.finance import compute

    data = ProposalInput(
        name="Switch refresh that pays for itself",
        district="Small USD",
        initiative=InitiativeKind.BYOD,
        fiscal_year_start=2027,
        horizon_years=5,
        students=800,
        items=(
            ItemInput(1, "Switches", ItemCategory.NETWORK_INFRASTRUCTURE, D(10),
                      unit_cost=D("3000.00"), annual_savings=D("12000.00")),
        ),
    )  # fmt: skip
    result = compute(data)
    assert result.payback_year == 3
    label = result.fiscal_year_labels[2]
    handout = render(data, result, handout=True)
    assert squash(f"It pays back in year 3 ({label}).") in handout.squashed
    assert squash(f"Pays back in {label}") in handout.squashed  # the marker on the chart


def test_a_risk_reduced_by_hundreds_of_items_still_fits_its_row() -> None:
    """A table row cannot break across pages, so the risk register lists the first few items
    that reduce a risk and says how many more; listing all 400 made the PDF fail."""
    from dataclasses import replace

    proposal = big_proposal(400)
    everyone = tuple(replace(item, risk_keys=(1,)) for item in proposal.items)
    document = render(replace(proposal, items=everyone))
    assert "and392more" in document.squashed


def test_a_proposal_of_thousands_of_items_prints_the_costliest_and_points_to_the_workbook() -> None:
    """A printed case of thousands of item rows would run to hundreds of pages and gigabytes;
    past 250 items the item tables list the costliest and say where the rest are."""
    from desktop.report.sections_case import ITEMS_LISTED

    data = big_proposal(ITEMS_LISTED + 50)
    full = render(data)
    assert f"lists the {ITEMS_LISTED} with the largest cost" in full.text.replace("\n", " ")
    assert "The spreadsheet export lists every item." in full.text.replace("\n", " ")
    assert full.page_count < 60
    # The items left out are one row of their own, and the column still ends on the total.
    result = compute(data)
    costliest = sorted((flow.total for flow in result.base.items), reverse=True)
    others = sum(costliest[ITEMS_LISTED:], D(0))
    appendix = squash(full.text.split("Appendix B — Item details")[-1])
    assert squash(f"50 other items{format_money(others)}") in appendix
    assert squash(f"Total{format_money(result.tco_total)}") in appendix


def test_a_billion_dollar_plan_prints_each_headline_figure_on_one_line() -> None:
    """The six headline figures share one size, small enough for the widest to fit its column:
    a ten-digit total is not broken across two lines."""
    data = big_proposal(20)
    data = replace(data, items=(replace(data.items[0], quantity=D(25_000_000)), *data.items[1:]))
    result = compute(data)
    tco, npv = format_money(result.tco_total), format_money(result.npv)
    assert len(tco) >= len("$1,000,000,000.00")
    for handout in (False, True):
        lines = render(data, result, handout=handout).text.splitlines()
        assert tco in lines, handout  # the figure alone on its line: not wrapped
        assert any(npv in line for line in lines), handout


@pytest.mark.parametrize(
    "units", [10**k for k in range(1, 5)] + [3 * 10**k for k in range(5)] + [55_000]
)
def test_every_headline_sum_fits_its_column_at_any_scale(units: int) -> None:
    """Up to the largest plan allowed (55,000 × $1 million a year for six items over 30 years:
    just under the ten trillion a plan's totals may reach), the headline sums shrink together
    until the widest fits its column exactly, never leaving its last digit on a line of its
    own."""
    from desktop.report.sections_front import PAYBACK_CELL, _headline_table

    data = big_proposal(20, horizon=30)
    heavy = [
        replace(item, quantity=D(units), unit_cost=D("999999.99"), lifespan_years=1)
        for item in data.items[:6]
    ]
    data = replace(data, items=(*heavy, *data.items[6:]))
    result = compute(data)
    ctx = context_for(data, result)
    table = _headline_table(ctx)
    for row in (0, 2):
        for column, paragraph in enumerate(table._cellvalues[row]):
            if row == 2 and column == PAYBACK_CELL - 3:
                continue  # the payback, in words, may wrap
            paragraph.wrap(ctx.width / 3 - HEADLINE_GAP, 1000)
            assert len(paragraph.blPara.lines) == 1, paragraph.text


def test_a_payback_in_words_does_not_shrink_the_headline_sums() -> None:
    """ "Not within the plan" is wider than a column at full size: the money figures keep the
    headline size, and the payback takes a smaller one of its own that fits its column on one
    line (wrapped, it made its row taller than the other and out of line)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from desktop.report.sections_front import PAYBACK_CELL, _headline_table
    from desktop.report.styles import stylesheet

    from .report_support import context_for

    data = big_proposal(10)
    data = replace(data, items=tuple(replace(item, risk_keys=()) for item in data.items))
    result = compute(data)
    assert result.payback_year is None  # the plan does not pay back within its years
    ctx = context_for(data, result)
    table = _headline_table(ctx)
    figures = [cell for row in table._cellvalues[::2] for cell in row]
    payback = figures.pop(PAYBACK_CELL)
    assert {cell.style.fontSize for cell in figures} == {stylesheet().figure_big.fontSize}
    style = payback.style
    assert style.fontSize < stylesheet().figure_big.fontSize
    words = stringWidth(payback.text, style.fontName, style.fontSize)
    assert words <= ctx.width / 3 - 8  # its column, less the gap between columns


def test_the_handout_names_its_largest_funding_sources_in_the_order_entered() -> None:
    """Over two blocks of years the handout still lists where the money comes from: the six
    largest sources in the order the director entered them, and the rest in one line."""
    for horizon in (5, 8):
        data = big_proposal(40, horizon=horizon)
        page_two = render(data, handout=True).pages[1]
        # Sources 10 to 15 bring the most (each brings 20,000 × its number a year).
        positions = [page_two.find(f"Funding source {number}") for number in range(10, 16)]
        assert all(position >= 0 for position in positions), horizon
        assert positions == sorted(positions), horizon
        assert "Funding source 9" not in page_two and "9 other sources" in page_two, horizon


def test_a_rate_with_two_places_reads_the_same_in_the_headline_and_the_assumptions() -> None:
    data = replace(big_proposal(10), discount_rate=D("0.0275"))
    text = " ".join(render(data).text.split())
    assert "Net present value at 2.75%" in text
    assert "Discount rate 2.75% a year: each later" in text
    assert "2.8%" not in text


def nothing_costed() -> ProposalInput:
    """A proposal just started: its basics, and nothing costed yet."""
    return ProposalInput(
        name="Just started",
        district="Small USD",
        initiative=InitiativeKind.ONE_TO_ONE,
        fiscal_year_start=2027,
        horizon_years=5,
        students=800,
    )


def test_a_plan_with_no_cost_yet_has_no_payback_on_any_surface() -> None:
    """With nothing costed there is nothing to pay back: the summary panel and Home showed "—"
    while the PDF, the workbook, the Review step and the command line said "Not within the
    plan" and "the benefits exactly cover the costs"."""
    import io

    from openpyxl import load_workbook

    from desktop.finance import compute
    from desktop.sheets import workbook_bytes

    data = nothing_costed()
    result = compute(data)
    assert result.tco_total == 0 and result.payback_year is None
    for handout in (False, True):
        text = render(data, result, handout=handout).squashed
        assert squash("Not within the plan") not in text
        assert squash("exactly cover") not in text and squash("does not pay back") not in text
        assert squash("No cost is entered yet, so there is nothing to pay back.") in text
    book = load_workbook(io.BytesIO(workbook_bytes(data, result)))
    summary = {row[0].value: row[1].value for row in book["Summary"].iter_rows() if row[0].value}
    assert summary["Payback year"] == "\u2014"
    scenarios = book["Scenarios"]
    assert scenarios.cell(5, 8).value == "\u2014"  # the proposal's row, its payback column


def _year_labels_by_line(pdf: bytes, page_text: str) -> list[list[tuple[float, str]]]:
    """The fiscal-year labels the charts draw on the page holding ``page_text`` (at the charts'
    label size: the tables' headings are larger), as (left edge, text) per chart and baseline."""
    import io
    import re

    import pypdf

    from desktop.report.chart_kit import LABEL_SIZE

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    page = next(p for p in reader.pages if page_text in p.extract_text())
    lines: dict[tuple[float, float], list[tuple[float, str]]] = {}

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if abs(size - LABEL_SIZE) < 0.01 and re.fullmatch(r"(20)?\d\d\u2013\d\d", text.strip()):
            where = (round(cm[5], 1), round(tm[5], 1))
            lines.setdefault(where, []).append((tm[4], text.strip()))

    page.extract_text(visitor_text=visit)
    return [sorted(found) for found in lines.values()]


def test_the_years_under_a_30_year_plans_charts_never_run_into_each_other() -> None:
    """At 15 years and more the labels under Figure 1 printed as "2027–282028–29…"."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from desktop.report.chart_kit import LABEL_SIZE
    from desktop.report.fonts import SANS

    data = big_proposal(12, horizon=30)
    document = render(data)
    lines = _year_labels_by_line(document.pdf, "Figure 1")
    assert lines and all(len(line) >= 5 for line in lines)
    for line in lines:
        assert line[0][1] == "27\u201328"  # the first year always labelled
        for (left, text), (next_left, _next) in zip(line, line[1:], strict=False):
            assert next_left >= left + stringWidth(text, SANS, LABEL_SIZE), line


def test_appendix_b_prints_an_items_vendor_as_small_as_its_source_and_notes() -> None:
    """The vendor line was printed a size larger than the source and notes under it."""
    import io

    import pypdf

    item = ItemInput(
        1,
        "Switches",
        ItemCategory.NETWORK_INFRASTRUCTURE,
        D(10),
        unit_cost=D("3000.00"),
        vendor="State cooperative contract",
        figure_source="Cooperative price list, 2026",
        notes="E-Rate eligible",
    )
    data = replace(big_proposal(1), items=(item,))
    reader = pypdf.PdfReader(io.BytesIO(render(data).pdf))
    sizes: dict[str, set[float]] = {}

    def visit(text: str, _cm: object, tm: list[float], _font: object, size: float) -> None:
        for start in ("Vendor:", "Source:", "Notes:"):
            if text.strip().startswith(start):
                sizes.setdefault(start, set()).add(round(size * tm[0], 1))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert set(sizes) == {"Vendor:", "Source:", "Notes:"}, sizes
    assert sizes["Vendor:"] == sizes["Source:"] == sizes["Notes:"], sizes


def test_the_review_chart_of_a_plan_with_no_cost_has_no_payback_either() -> None:
    """The Review step's chart still said "Payback: not within the plan" for it."""
    from desktop.finance import compute
    from desktop.ui.chart_data import net_position

    assert (
        net_position(compute(nothing_costed())).payback_text
        == "Payback: \u2014 (no cost entered yet)"
    )


def test_the_handouts_funding_table_adds_up_when_a_plan_has_gaps_and_surpluses() -> None:
    """Total funding less cost did not come to the gap: the surplus of the years with too much
    money was left out of the handout's table (the full case has it)."""
    data = big_proposal(10)
    # One source alone, all of it in year 1: a surplus then, a gap in every later year.
    data = replace(
        data,
        funding=(FundingInput(1, "Bond", FundingKind.BOND, False, {1: D(4_000_000)}),),
    )
    result = compute(data)
    plan = result.base.funding
    assert plan.gap_total > 0 and plan.surplus_total > 0
    assert plan.total - result.base.tco.total == plan.surplus_total - plan.gap_total
    page_two = squash(render(data, result, handout=True).pages[1])
    money = result.currency
    assert "Surplus" in page_two
    assert squash(format_money(plan.surplus_total, money)) in page_two
    assert squash("a surplus in one year is not assumed to carry into the next.") in page_two


def test_counts_of_one_and_of_many_read_right_in_the_case_and_handout() -> None:
    """Two scenarios equal to the proposal read "… buy every item …, so its figures"; one
    managed device read "(1 devices)"; the handout named the first three scenarios only,
    without a word of the others, though its pointer named the best, a fourth."""
    from desktop.finance.inputs import ScenarioInput

    data = big_proposal(10)
    # A costly item that mitigates nothing: the scenario without it returns most.
    gold = ItemInput(99, "Gold plating", CATEGORIES[1], D(1), unit_cost=D(1_000_000))
    data = replace(data, items=(*data.items, gold))
    every = {item.key: None for item in data.items}
    without_gold = {key: None for key in every if key != 99}
    scenarios = (
        ScenarioInput(1, "Same one", every),
        ScenarioInput(2, "Same two", every),
        ScenarioInput(3, "Bigger", {**every, 1: D(40)}),
        ScenarioInput(4, "Bigger still", {**every, 1: D(60)}),
        ScenarioInput(5, "Biggest", {**every, 1: D(80)}),
        ScenarioInput(6, "Smaller", without_gold),
    )
    managed = replace(
        data.items[0], category=ItemCategory.DEVICE_MANAGEMENT, quantity=D(1), start_year=1
    )
    others = tuple(  # the one device-management item counts the fleet: one device
        replace(item, category=ItemCategory.HARDWARE)
        if item.category is ItemCategory.DEVICE_MANAGEMENT
        else item
        for item in data.items[1:]
    )
    data = replace(data, scenarios=scenarios, items=(managed, *others))
    text = squash(render(data).text)
    assert squash("“Same one” and “Same two” buy every item at the quantities proposed, so") in text
    assert squash("so their figures are those of the proposal") in text
    assert (
        squash("managed devices (1 device, as many as its device management items cover), the")
        in text
    )
    page_one = squash(render(data, handout=True).pages[0])
    assert squash("“Smaller” costs") in page_one  # the best return, named though listed last
    assert squash("and 1 more in the full case") in page_one
    # Two left over: "and 2 more", not "2 mores".
    extra = ScenarioInput(7, "Bigger yet", {**every, 1: D(90)})
    two_more = replace(data, scenarios=(*scenarios, extra))
    assert squash("and 2 more in the full case") in squash(render(two_more, handout=True).pages[0])


def test_the_review_cards_of_a_one_year_plan_say_1_year() -> None:
    from desktop.ui.review_text import headline_figures

    figures = headline_figures(compute(big_proposal(5, horizon=1)))
    labels = [figure.label for figure in figures]
    assert "Total benefits (1\u00a0year)" in labels
    assert "Risk-adjusted cost avoided (1\u00a0year)" in labels
    assert not any("1\u00a0years" in label for label in labels)
    # Their explanations too ("Everything the plan costs over 1 years").
    said = " ".join(figure.explanation for figure in figures)
    assert "over 1 year:" in said and "1 years" not in said


def test_appendix_b_gives_a_long_item_name_and_vendor_whole() -> None:
    """The appendix cut names at 160 characters and vendors at 120, though it is where a
    reviewer looks for the full detail, and the scope a long name states ("… for the full
    seven-year term") was printed nowhere in the case."""
    name = ("Spare-device pool for same-day swaps, with cases and chargers, " * 4)[:260]
    name += " for the full seven-year term"
    vendor = ("Regional purchasing cooperative, master agreement " * 4)[:190] + " renewal"
    item = ItemInput(1, name, ItemCategory.HARDWARE, D(10), unit_cost=D("300.00"), vendor=vendor)
    full = render(replace(big_proposal(1), items=(item,)))
    appendix = squash(full.text.split("Appendix B — Item details")[-1])
    assert squash(name) in appendix
    assert squash(f"Vendor: {vendor}") in appendix


def _smallest_text_on(pdf: bytes, page: int) -> float:
    """The smallest type size on a page, as printed (the shrink of its frame included)."""
    import io

    import pypdf

    sizes: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            sizes.append(size * tm[0] * cm[0])

    pypdf.PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return min(sizes)


@pytest.mark.parametrize("horizon", [10, 30])
def test_a_long_plans_handout_adds_up_its_later_years_rather_than_shrinking_its_type(
    horizon: int,
) -> None:
    """A 10-year plan's funding page printed at about 6 pt, a 30-year plan's under 5 pt: the
    page shrank to hold blocks of years. The first years keep a column each and the rest are
    added up in one, with every source still listed."""
    data = big_proposal(40, horizon=horizon)
    result = compute(data)
    handout = render(data, result, handout=True)
    assert handout.page_count == 2
    # Its figures print at nine tenths of a five-year plan's size or more (a 30-year plan's
    # were at six tenths).
    five_years = render(big_proposal(40, horizon=5), handout=True).pdf
    assert _smallest_text_on(handout.pdf, 1) >= 0.88 * _smallest_text_on(five_years, 1)
    page_two = squash(handout.pages[1])
    labels = result.fiscal_year_labels
    (first_added,) = [
        n for n in range(1, horizon) if squash(f"{labels[n]} to {labels[-1]}") in page_two
    ]
    assert squash(f"The years from {labels[first_added]} are added up in one column") in page_two
    later = sum(result.base.tco.by_year[first_added:], Decimal(0))
    assert squash(format_money(later, result.currency)) in page_two
    assert squash(format_money(result.base.tco.total, result.currency)) in page_two
    assert squash("Funding source 10") in page_two  # the sources are still listed by name


def test_one_source_left_over_on_the_handout_is_named_not_counted() -> None:
    """Seven sources printed six and "1 other source ($100,000.00 not yet secured)": which
    source was not yet secured was the CFO's question, and the line saved no room."""
    data = big_proposal(10)
    sources = tuple(
        FundingInput(n, f"Funding source {n}", FundingKind.GRANT, n != 7, {1: D(1000 * n)},
                     secured=n != 7)
        for n in range(1, 8)
    )  # fmt: skip
    page_two = render(replace(data, funding=sources), handout=True).pages[1]
    assert "other source" not in page_two
    assert "Funding source 7 (temporary, not yet secured)" in " ".join(page_two.split())
