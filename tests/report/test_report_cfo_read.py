"""What a CFO's read of the sample and of a differently shaped proposal found wrong in the
case's sentences: each test changes the sample as that proposal did and reads the sentence."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from decimal import Decimal

import pytest

from desktop.finance import compute
from desktop.finance.funding import unpaid_recurring
from desktop.finance.inputs import FundingInput, ProposalInput
from desktop.finance.money import format_money
from desktop.finance.scenarios import beyond_the_best_note
from desktop.finance.sensitivity import one_way_note
from desktop.report import narrative
from desktop.report.sections_money import _support_and_learning, funding_caption
from desktop.services.library import open_library
from desktop.services.proposals import add_sample_proposal
from desktop.services.snapshot import proposal_input
from desktop.vocabulary import FundingKind, InitiativeKind, ItemCategory

from .report_support import context_for, squash


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProposalInput]:
    library = open_library(tmp_path_factory.mktemp("cfo") / "library.buyinlib")
    try:
        yield proposal_input(library, add_sample_proposal(library))
    finally:
        library.close()


def _context(data: ProposalInput):  # type: ignore[no-untyped-def]
    return context_for(data, compute(data))


def _operating_budget_changed(sample: ProposalInput, **changes: object) -> ProposalInput:
    """The sample with its operating-budget source (the general fund) changed."""
    funding = tuple(
        dataclasses.replace(source, **changes)  # type: ignore[arg-type]
        if source.kind is FundingKind.MAINTENANCE_OPERATIONS
        else source
        for source in sample.funding
    )
    return dataclasses.replace(sample, funding=funding)


def test_the_summary_lists_only_the_goals_served_and_names_the_one_left(
    sample: ProposalInput,
) -> None:
    """ "The plan serves 3 of the 4 goals it cites (RSP 1.1, RSP 4.2, CI-07, CI-09)" listed the
    goal no item serves among those served."""
    left = sample.goals[-1]
    items = tuple(
        dataclasses.replace(
            item, goal_links=tuple(lk for lk in item.goal_links if lk.goal_key != left.key)
        )
        for item in sample.items
    )
    sentence = narrative.alignment_sentence(_context(dataclasses.replace(sample, items=items)))
    served = ", ".join(goal.code for goal in sample.goals[:-1])
    total = len(sample.goals)
    assert f"serves {total - 1} of the {total} board-approved goals it cites ({served})." in (
        sentence
    )
    assert f"No item serves {left.code} yet." in sentence


def test_a_gap_names_the_years_it_falls_in(sample: ProposalInput) -> None:
    """ "A funding gap remains in 1 year" left the CFO to find which in the table."""
    general_fund = next(s for s in sample.funding if s.kind is FundingKind.MAINTENANCE_OPERATIONS)
    context = _context(
        _operating_budget_changed(
            sample, amounts_by_year={**general_fund.amounts_by_year, 3: Decimal(0)}
        )
    )
    gap = context.result.base.funding.gap_total
    assert gap > 0
    assert (
        f"a funding gap of <b>{format_money(gap, 'USD')}</b> remains in 2029–30."
        in narrative.funding_sentence(context)
    )
    # In more than three years, counted against the plan: "in 4 years" read as a span.
    D0 = Decimal(0)
    short = _context(
        _operating_budget_changed(
            sample,
            amounts_by_year={**general_fund.amounts_by_year, **dict.fromkeys((1, 2, 3, 4), D0)},
        )
    )
    gap = short.result.base.funding.gap_total
    # A total over several years says so: "remains in every year of the plan" read as each
    # year's gap.
    assert (
        f"a funding gap of <b>{format_money(gap, 'USD')}</b> remains in all, across 4 of the "
        "plan's 5 years." in narrative.funding_sentence(short)
    )
    assert squash(
        f"Funding falls short by {format_money(gap, 'USD')} in all, across 4 of the plan's 5 "
        "years; a surplus"
    ) in squash(funding_caption(short))


def test_the_initiative_reads_in_lower_case_inside_a_sentence(sample: ProposalInput) -> None:
    context = _context(dataclasses.replace(sample, initiative=InitiativeKind.BYOD))
    assert "the infrastructure behind bring-your-own-device (BYOD)," in narrative.ask(context)


@pytest.mark.parametrize(
    ("dropped", "said"),
    [
        (ItemCategory.PROFESSIONAL_LEARNING, "technical support that districts often leave out"),
        (ItemCategory.TECHNICAL_SUPPORT, "professional learning that districts often leave out"),
    ],
)
def test_the_cost_page_says_which_of_support_and_learning_is_missing(
    sample: ProposalInput, dropped: ItemCategory, said: str
) -> None:
    """The costs page spoke of "the support and professional learning" in a plan that had no
    professional learning, and the rubric said one "or" the other was missing."""
    items = tuple(item for item in sample.items if item.category is not dropped)
    data = dataclasses.replace(sample, items=items, scenarios=())
    context = _context(data)
    missing = (
        "professional learning"
        if dropped is ItemCategory.PROFESSIONAL_LEARNING
        else ("technical support")
    )
    text = _support_and_learning(context)
    assert said in text and text.endswith(f"; no {missing} is costed")
    findings = " ".join(f for a in context.result.rubric for f in a.reasons)
    assert f"{missing} has no cost entered" in findings
    assert "Support or professional learning" not in findings


def test_the_scenario_note_counts_the_benefits_of_what_the_cheaper_one_leaves_out(
    sample: ProposalInput,
) -> None:
    """ "Their case is in the plan goals they serve, not in these figures" was said of items
    that carry $839,043.75 of the sample's quantified benefits."""
    result = compute(sample)
    note = beyond_the_best_note(result)
    best = max(result.scenarios, key=lambda s: s.returns.npv)
    assert best.versus_base is not None and best.versus_base.benefits < 0
    gained = format_money(-best.versus_base.benefits, "USD")
    assert gained == "$839,043.75"
    assert f"counts {gained} more of quantified benefits" in note
    assert "not in these figures" not in note


def test_the_executive_summary_names_the_scenario_that_returns_more(
    sample: ProposalInput,
) -> None:
    context = _context(sample)
    best = max(context.result.scenarios, key=lambda s: s.returns.npv)
    assert best.versus_base is not None
    sentence = narrative.best_scenario_sentence(context)
    assert (
        f"\u201c{best.name}\u201d returns most on paper: it costs "
        f"{format_money(-best.versus_base.tco, 'USD')} less, and its net present value is "
        f"{format_money(best.versus_base.npv, 'USD')} higher"
    ) in sentence
    # When the proposal returns most, the summary says nothing of the scenarios.
    alone = dataclasses.replace(sample, scenarios=())
    assert narrative.best_scenario_sentence(_context(alone)) == ""


def test_a_driver_that_lowers_the_npv_both_ways_ranks_by_its_larger_move(
    sample: ProposalInput,
) -> None:
    """Raising every quantity 20% costs more and mitigates no more; lowering it loses the
    savings: both lower the NPV, and the swing was their own small distance, ranking it low."""
    # Losses three times as costly: what the items avoid now outweighs what they cost, so
    # buying less loses more than it saves, while buying more still mitigates no more.
    risks = tuple(
        dataclasses.replace(risk, cost_before=risk.cost_before * 3, cost_after=risk.cost_after * 3)
        for risk in sample.risks
    )
    sensitivity = compute(dataclasses.replace(sample, risks=risks)).sensitivity
    (line,) = [ln for ln in sensitivity.lines if ln.label == "Quantities"]
    base = sensitivity.base_npv
    assert line.npv_low_input < base and line.npv_high_input < base
    assert line.swing == base - min(line.npv_low_input, line.npv_high_input)
    # The two NPVs' own distance, the swing before, was well under half of it.
    assert line.swing > 2 * abs(line.npv_high_input - line.npv_low_input)
    assert "\u201cQuantities\u201d lowers the net present value whichever way it moves" in (
        one_way_note(sensitivity)
    )
    assert one_way_note(compute(sample).sensitivity) == ""  # the sample's drivers go both ways
    for ln in sensitivity.lines:
        top = max(ln.npv_low_input, ln.npv_high_input, base)
        assert ln.swing == top - min(ln.npv_low_input, ln.npv_high_input, base)
    swings = [ln.swing for ln in sensitivity.lines]
    assert swings == sorted(swings, reverse=True)


def test_a_one_item_plan_is_counted_in_the_singular(sample: ProposalInput) -> None:
    """ "1 of 1 items serve a plan goal", "1 of 1 goals are served by an item"."""
    item = dataclasses.replace(sample.items[0], goal_links=sample.items[0].goal_links[:1])
    goal = next(g for g in sample.goals if g.key == item.goal_links[0].goal_key)
    data = dataclasses.replace(sample, items=(item,), goals=(goal,), scenarios=())
    reasons = [r for a in compute(data).rubric for r in a.reasons]
    assert "Met: 1 of 1 item serves a plan goal." in reasons
    assert "Met: 1 of 1 goal is served by an item." in reasons
    assert not any(" of 1 items " in r or " of 1 goals " in r for r in reasons)


def test_two_goals_served_are_both(sample: ProposalInput) -> None:
    goals = sample.goals[:2]
    keys = {goal.key for goal in goals}
    items = tuple(
        dataclasses.replace(
            item, goal_links=tuple(lk for lk in item.goal_links if lk.goal_key in keys)
        )
        for item in sample.items
    )
    data = dataclasses.replace(sample, goals=goals, items=items)
    sentence = narrative.alignment_sentence(_context(data))
    assert sentence.startswith("The plan serves both board-approved goals it cites (")


def test_a_year_table_split_to_one_last_year_says_year_not_years(
    sample: ProposalInput,
) -> None:
    """On A4 the cash table broke into years 1–4 and "Continued: years 5–5 of 5"."""
    from desktop.report.tables import YearRow, figure_width, year_tables

    context = _context(sample)  # registers the report's fonts
    result = context.result
    figures = [context.money(v) for v in result.base.tco.by_year] + [
        context.money(result.tco_total)
    ]
    number = max(figure_width(figures), 40.0)
    rows = [YearRow("Cost", result.base.tco.by_year, result.tco_total)]

    def notes(years_a_table: int) -> list[str]:
        # Room for the label column and so many years a table, besides the total's column.
        width = 92.0 + (years_a_table + 1) * number + 1
        return [note for _table, note in year_tables(rows, result.fiscal_year_labels, width,
                                                     context.money)]  # fmt: skip

    assert notes(1) == [f"year {n} of 5" for n in range(1, 6)]
    # Split as evenly as the years allow: four a table had left the fifth year alone beside
    # its total ("years 1–4", "year 5"), as seven three a table left 3 + 3 + 1.
    assert notes(4) == ["years 1–3 of 5", "years 4–5 of 5"]
    assert notes(5) == [""]


def test_the_funding_sentence_says_how_much_is_e_rate(sample: ProposalInput) -> None:
    context = _context(sample)
    assert (
        "$4,118,151.11 of funding is identified from 6 sources, $455,151.11 of it E-Rate, and "
        "every year's cost is covered." in narrative.funding_sentence(context)
    )


def test_a_risk_made_worse_is_named_beside_the_fall_in_losses(sample: ProposalInput) -> None:
    """A mitigation that made its risk worse was netted silently into "expected losses fall"."""
    risk = sample.risks[0]
    worse = dataclasses.replace(
        risk, cost_after=risk.cost_before * 2, likelihood_after=risk.likelihood_before
    )
    data = dataclasses.replace(sample, risks=(worse, *sample.risks[1:]))
    context = _context(data)
    (result,) = [r for r in context.result.base.benefits.risks if r.key == risk.key]
    assert result.avoided_per_year < 0
    assert (
        f"One risk gets worse with the plan, and the added loss is netted in these figures: "
        f"\u201c{risk.title}\u201d (up {format_money(-result.avoided_per_year, 'USD')} a year)."
    ) in narrative.what_we_get(context)
    assert "gets worse" not in narrative.what_we_get(_context(sample))


def test_grants_paying_recurring_costs_say_what_the_budget_must_find_after(
    sample: ProposalInput,
) -> None:
    """ "Must move to the operating budget" said nothing of how much."""
    context = _context(_operating_budget_changed(sample, recurring=False))
    result = context.result
    after = result.after_plan.recurring_next_year
    money = result.base.funding.recurring_funding_by_year[-1]
    assert after > money
    assert (
        f"After the plan the recurring costs come to {format_money(after, 'USD')} in 2032–33, "
        f"against {format_money(money, 'USD')} of recurring money in 2031–32: "
        f"{format_money(after - money, 'USD')} a year to find."
    ) in narrative.funding_sentence(context)
    assert "a year to find" not in narrative.funding_sentence(_context(sample))


def test_the_funding_section_names_the_temporary_money_recurring_costs_lean_on(
    sample: ProposalInput,
) -> None:
    """The share of recurring costs on grants came without the grants or their years: the
    CFO's next question. The funding section names them; the one-page summary keeps short."""
    context = _context(sample)
    funding = context.result.base.funding
    leaning = funding.temporary_for_recurring_total
    assert 0 < leaning < funding.recurring_costs_total
    named = narrative.funding_sentence(context, payers_named=True)
    assert (
        f"of the recurring costs ({format_money(leaning, 'USD')}: \u201cState digital learning "
        "start-up grant\u201d, in 2028\u201329), which must move" in named
    )
    assert f"({format_money(leaning, 'USD')}), which must move" in narrative.funding_sentence(
        context
    )


def test_a_logo_cut_short_is_left_off_the_cover_rather_than_failing_the_export(
    sample: ProposalInput,
) -> None:
    """The logo's size is in its header, so a PNG cut in half passed every check and the
    export then failed with "image file is truncated"."""
    import io

    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QColor, QImage

    from desktop.report import render_business_case

    image = QImage(300, 200, QImage.Format.Format_RGB32)
    for y in range(200):  # noise, so the picture does not compress to a few bytes
        for x in range(0, 300, 7):
            image.setPixelColor(x, y, QColor((x * 13 + y * 7) % 256, (x * y) % 256, y % 256))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    whole = bytes(buffer.data().data())
    data = dataclasses.replace(sample, logo=whole[: len(whole) // 2], logo_media_type="image/png")
    pdf = render_business_case(data, compute(data))
    from pypdf import PdfReader

    cover = PdfReader(io.BytesIO(pdf)).pages[0]
    assert not cover.images  # left off, and the case is whole
    shown = dataclasses.replace(sample, logo=whole, logo_media_type="image/png")
    assert PdfReader(io.BytesIO(render_business_case(shown, compute(shown)))).pages[0].images


def test_figures_too_wide_for_the_sensitivity_table_wrap_instead_of_failing_the_export(
    sample: ProposalInput,
) -> None:
    """A −50% rate over 30 years with the largest risks allowed gave NPVs of septillions: the
    ranking's three figure columns were wider than the page and the export failed with a
    traceback. Such a plan is now refused for its totals before any export; the table still
    wraps figures too wide for it rather than fail, whatever a result holds."""
    from desktop.finance import ValidationError
    from desktop.report import render_business_case

    most = Decimal("999999999.99")  # with 1,000 exposed: the trillion a year allowed
    risks = tuple(
        dataclasses.replace(r, exposure=Decimal(1000), cost_before=most, cost_after=most)
        for r in sample.risks
    )
    extreme = dataclasses.replace(
        sample,
        discount_rate=Decimal("-0.5"),
        horizon_years=30,
        purchase_escalation_rate=Decimal("0.1"),
        recurring_escalation_rate=Decimal("0.1"),
        risks=risks,
    )
    with pytest.raises(ValidationError, match="past the \\$10,000,000,000,000"):
        compute(extreme)

    result = compute(sample)
    huge = Decimal("-98765432198765432198765.12")
    sensitivity = dataclasses.replace(
        result.sensitivity,
        lines=tuple(
            dataclasses.replace(line, npv_low_input=huge, npv_high_input=-huge, swing=-2 * huge)
            for line in result.sensitivity.lines
        ),
    )
    widened = dataclasses.replace(result, sensitivity=sensitivity)
    assert len(format_money(widened.sensitivity.lines[0].swing, "USD")) > 34
    assert render_business_case(sample, widened).startswith(b"%PDF")


def test_the_scenarios_page_says_when_an_alternative_is_credited_in_full(
    sample: ProposalInput,
) -> None:
    """A scenario buying a token quantity of an item the proposal lists at quantity 0 was
    credited with the whole reduction of the risks it mitigates, and nothing on the page said
    so: its net present value simply rose."""
    from desktop.finance.inputs import ScenarioInput

    from .report_support import render

    breakage = next(risk for risk in sample.risks if "damage" in risk.title.lower())
    first = sample.items[0]
    alternative = dataclasses.replace(
        first,
        key=max(item.key for item in sample.items) + 1,
        name="Extended warranty (not chosen)",
        quantity=Decimal(0),
        risk_keys=(breakage.key,),
        goal_links=(),
        metric_keys=(),
    )
    token = ScenarioInput(
        key=99,
        name="Token warranty",
        item_quantities={
            **{item.key: None for item in sample.items},
            alternative.key: Decimal("0.0001"),
        },
    )
    data = dataclasses.replace(
        sample, items=(*sample.items, alternative), scenarios=(*sample.scenarios, token)
    )
    said = (
        "“Token warranty” buys “Extended warranty (not chosen)”, which the proposal lists at "
        f"quantity 0: with no quantity of its own to measure the part bought against, "
        f"“{breakage.title}” counts as mitigated in full there, whatever quantity it buys."
    )
    assert squash(said) in render(data).squashed
    assert squash("lists at quantity 0") not in render(sample).squashed
    # The workbook's Scenarios sheet, under the same figures, says it too; the handout points
    # to the full case.
    assert said in _scenarios_sheet_text(data)
    assert "lists at quantity 0" not in _scenarios_sheet_text(sample)
    handout = render(data, handout=True).squashed
    assert squash("for buying an item the proposal lists at quantity 0") in handout
    assert squash("lists at quantity 0") not in render(sample, handout=True).squashed


def _scenarios_sheet_text(data: ProposalInput) -> str:
    import io

    from openpyxl import load_workbook

    from desktop.sheets import workbook_bytes

    book = load_workbook(io.BytesIO(workbook_bytes(data, compute(data))))
    cells = book["Scenarios"].iter_rows(values_only=True)
    return " ".join(str(value) for row in cells for value in row if value is not None)


def test_the_scenario_table_words_a_payback_year_as_every_other_surface(
    sample: ProposalInput,
) -> None:
    """Table 9 read "year 3 (2029–30)" where the workbook, the Review and the summary say
    "Year 3 (2029–30)"."""
    from desktop.report.sections_money import _scenario_rows

    context = _context(sample)
    scenarios = list(context.result.scenarios)
    paying = [s for s in scenarios if s.returns.payback_year is not None]
    assert paying  # the sample's "Lean" pays back
    rows = _scenario_rows(context, scenarios)
    (payback_row,) = [row for row in rows if "Payback" in str(row[0].text)]
    shown = [str(cell) for cell in payback_row[1:]]
    assert shown == [context.result.payback_text(s) for s in scenarios]
    assert any(text.startswith("Year ") for text in shown)


def test_the_net_position_caption_does_not_say_plan_twice(sample: ProposalInput) -> None:
    """ "The plan does not pay back within the 5-year plan." under Figure 2."""
    from .report_support import render

    text = render(sample).squashed
    assert squash("The proposal does not pay back within the 5-year plan.") in text
    assert squash("The plan does not pay back") not in text


def test_temporary_money_for_recurring_costs_is_named_alike_on_every_surface(
    sample: ProposalInput,
) -> None:
    """The panel said "paid from grants", the PDF's funding table "paid by temporary money",
    the workbook "paid from grants or other temporary money", of one figure counting bonds too."""
    import io

    from openpyxl import load_workbook

    from desktop.sheets import workbook_bytes
    from desktop.ui.review_text import SCENARIO_COLUMNS, headline_figures

    from .report_support import render

    label = "Recurring costs paid from temporary money"
    result = compute(sample)
    assert squash(label) in render(sample, result).squashed
    book = load_workbook(io.BytesIO(workbook_bytes(sample, result)))
    for sheet in ("Summary", "Funding"):
        labels = [row[0].value for row in book[sheet].iter_rows(max_col=1)]
        assert label in labels, sheet
    assert label in [figure.label for figure in headline_figures(result)]
    # Review's scenario table, one line per figure, said "Paid from grants".
    headings = [heading.replace("\n", " ") for heading, _ in SCENARIO_COLUMNS]
    assert "On temporary money" in headings
    assert not any("grants" in heading for heading in headings)


def test_a_year_table_that_fits_on_a_page_is_not_split_from_its_caption(
    sample: ProposalInput,
) -> None:
    """The funding table began at a page's foot, its caption and a source or two there and
    its totals overleaf: a CFO turning the page found figures without their heading. A year
    table short enough for one page is now kept whole, with its caption."""
    import dataclasses

    from .report_support import render

    for extra in (0, 3, 6):  # more sources, longer tables: none split
        more = [
            dataclasses.replace(sample.funding[0], key=1_000 + n, name=f"Extra fund {n}")
            for n in range(extra)
        ]
        pages = render(dataclasses.replace(sample, funding=(*sample.funding, *more))).pages
        (caption,) = [n for n, page in enumerate(pages) if "Funding covers the cost" in page]
        assert "Surplus" in pages[caption], extra  # the table's last rows
        assert "Total funding" in pages[caption], extra


def test_the_cost_section_says_what_refreshes_add_only_when_something_is_refreshed(
    sample: ProposalInput,
) -> None:
    """A plan replacing nothing within its years read "Replacing items that wear out inside
    the plan adds $0.00.", a figure that looked left blank."""
    from reportlab.platypus import Paragraph

    from desktop.report.sections_money import costs

    def text(data: ProposalInput) -> str:
        story = costs(_context(data))
        return " ".join(part.getPlainText() for part in story if isinstance(part, Paragraph))

    refreshed = compute(sample).base.tco.refresh_total
    assert refreshed > 0
    said = f"wear out inside the plan adds {format_money(refreshed, 'USD')}."
    assert squash(said) in squash(text(sample))
    lasting = [dataclasses.replace(item, lifespan_years=None) for item in sample.items]
    kept = text(dataclasses.replace(sample, items=lasting))
    assert "wear out" not in kept
    assert squash("The total cost of ownership counts every purchase") in squash(kept)


def test_the_summary_names_the_estimates_the_verdict_turns_on(sample: ProposalInput) -> None:
    """The only word on how firm the verdict is came in an appendix, about the discount rate,
    the one input that did not change it; the sample's turns on its recurring costs and risk
    estimates, which the executive summary never said."""
    from desktop.finance.result import Driver

    context = _context(sample)
    lines = {line.driver: line for line in context.result.sensitivity.lines}
    assert context.result.npv < 0
    said = narrative.turning_estimates(context)
    recurring = context.money(lines[Driver.RECURRING_COSTS].npv_low_input)
    costs = context.money(lines[Driver.RISK_COSTS].npv_high_input)
    assert said.startswith("One estimate at a time, the net present value would go above zero")
    assert f"recurring annual costs 20% lower ({recurring})" in said
    # Worse risks raise what the plan avoids: said, or it reads as if they helped the case.
    assert (
        f"risk costs per occurrence 20% higher ({costs}: more loss for the plan to avoid)" in said
    )
    # Likelier risks no longer turn it: the plan prevents as many as it did, no more (the
    # likelihood test once counted a fall the plan never claimed).
    assert lines[Driver.RISK_LIKELIHOODS].npv_high_input < 0
    assert "likelihoods" not in said
    assert "discount rate" not in said.lower()  # its own note gives its range
    assert said.endswith("these are the figures to firm up first.")
    # A case no single estimate turns says so, in its own direction.
    saving = [dataclasses.replace(i, annual_savings=i.annual_savings * 10) for i in sample.items]
    strong = _context(dataclasses.replace(sample, items=saving))
    assert strong.result.npv > 0
    assert narrative.turning_estimates(strong) == (
        "No single estimate 20% higher or lower would take the net present value below zero."
    )


def test_the_summary_says_when_savings_pass_their_own_measures_targets(
    sample: ProposalInput,
) -> None:
    """Savings $40,000 a year above what their measure's target takes off were named among the
    CFO's questions pages later, while the summary and the handout counted them in full."""
    assert "goes beyond" not in narrative.what_we_get(_context(sample))
    printing = next(m for m in sample.metrics if m.name.startswith("Spending on printed"))
    assert printing.baseline is not None and printing.target is not None
    drop = printing.baseline - printing.target
    items = [
        dataclasses.replace(item, annual_savings=drop + Decimal(40_000))
        if printing.key in item.metric_keys and item.annual_savings
        else item
        for item in sample.items
    ]
    context = _context(dataclasses.replace(sample, items=items))
    said = squash(narrative.what_we_get(context))
    assert squash("though $40,000.00 a year of that goes beyond what the targets of its own "
                  "measures take off.") in said  # fmt: skip


def test_the_estimates_sentence_counts_only_a_move_to_the_other_side_of_zero(
    sample: ProposalInput,
) -> None:
    """A move to exactly $0.00 was said to take a positive value "below zero"; at exactly
    zero only the moves one way were named."""
    from desktop.finance.result import Driver, SensitivityLine, SensitivityResult

    context = _context(sample)

    def with_lines(npv: str, *lines: tuple[Driver, str, str]) -> str:
        sensitivity = SensitivityResult(
            step=Decimal("0.2"),
            base_npv=Decimal(npv),
            lines=tuple(
                SensitivityLine(driver, driver.label, Decimal(low), Decimal(high), Decimal(1))
                for driver, low, high in lines
            ),
        )
        base = context.result.base
        returns = dataclasses.replace(base.returns, npv=Decimal(npv))
        scenarios = (dataclasses.replace(base, returns=returns), *context.result.scenarios[1:])
        result = dataclasses.replace(context.result, scenarios=scenarios, sensitivity=sensitivity)
        return narrative.turning_estimates(dataclasses.replace(context, result=result))

    assert with_lines("500", (Driver.QUANTITIES, "0", "900")) == (
        "No single estimate 20% higher or lower would take the net present value below zero."
    )
    said = with_lines("0", (Driver.QUANTITIES, "300", "-300"), (Driver.ANNUAL_SAVINGS, "-9", "9"))
    assert said == (
        "One estimate at a time, the net present value would go above zero with quantities 20% "
        "lower ($300.00) and annual savings 20% higher ($9.00), and below zero with quantities "
        "20% higher (−$300.00) and annual savings 20% lower (−$9.00): these are the figures to "
        "firm up first."
    )


def test_money_not_yet_secured_is_named_with_the_gap_without_it_in_the_case_and_handout(
    sample: ProposalInput,
) -> None:
    """A grant applied for and not yet awarded read as money in hand: "every year's cost is
    covered", "Funding covers the cost in every year of the plan", and the two-page handout
    said nothing either."""
    from tests.finance.finance_factories import with_grant_pending

    from .report_support import render

    data, grant = with_grant_pending(sample)
    result = compute(data)
    funding = result.base.funding
    money = format_money(funding.pending_total, "USD")
    without = format_money(funding.gap_without_pending_total, "USD")
    assert funding.gap_total == 0 and funding.gap_without_pending_total > 0
    sentence = narrative.funding_sentence(context_for(data, result))
    assert f", {money} of it <b>not yet secured</b>, and every year's cost is covered." in (
        sentence
    )
    assert f"Without the money not yet secured the plan is short by <b>{without}</b> in " in (
        sentence
    )
    case = squash(render(data, result).text)
    assert (
        squash(
            f"Funding covers the cost in every year only with the {money} not yet secured; without "
            f"it the gap would be {without}."
        )
        in case
    )
    assert squash("Grant, temporary, not yet secured") in case
    assert squash(f"{money} of the funding is not yet secured") in case  # among the questions
    handout = squash(render(data, result, handout=True).text)
    assert squash(f"{grant.name} (temporary, not yet secured)") in handout
    assert (
        squash(
            f"Funding covers the cost in every year only with the {money} not yet secured; without "
            f"it the gap would be {without}."
        )
        in handout
    )
    # The headline figures' gap says it counts that money, on the case's summary and the
    # handout's first page.
    label = squash(f"Funding gap if the {money} not yet secured comes in")
    assert label in case and label in squash(render(data, result, handout=True).pages[0])
    # So does the gap row of the funding tables, in the case and on the handout.
    row = squash("Funding gap if the money not yet secured comes in")
    assert row in case and row in handout
    # Secured, none of it is said.
    plain = squash(render(sample).text)
    assert squash("not yet secured") not in plain


def test_the_handout_marks_money_not_yet_secured_among_other_sources_and_beside_a_gap(
    sample: ProposalInput,
) -> None:
    """With more sources than the handout lists, a grant not yet awarded folded into "2 other
    sources" lost its mark; and with a gap already, the caption said only the gap, not how much
    larger it is without that grant."""
    from .report_support import render

    general = sample.funding[0]
    cut = {**general.amounts_by_year, 5: general.amounts_by_year[5] - Decimal("100000")}
    small = [  # the smallest are folded together: the handout lists six sources
        FundingInput(90, "Foundation award", FundingKind.GRANT, False, {5: Decimal("2500")}),
        FundingInput(91, "Booster club", FundingKind.OTHER, False, {5: Decimal("1000")}),
        FundingInput(
            92, "PTA technology fund", FundingKind.OTHER, False, {5: Decimal("1500")}, secured=False
        ),
    ]
    funding = (dataclasses.replace(general, amounts_by_year=cut), *sample.funding[1:], *small)
    data = dataclasses.replace(sample, funding=funding)
    result = compute(data)
    plan = result.base.funding
    assert plan.gap_total > 0 and plan.gap_without_pending_total == plan.gap_total + 1500
    handout = squash(render(data, result, handout=True).text)
    folded = len(funding) - 6
    assert folded >= 2
    assert squash(f"{folded} other sources ($1,500.00 not yet secured)") in handout
    gap, without = (
        format_money(amount, "USD") for amount in (plan.gap_total, plan.gap_without_pending_total)
    )
    assert (
        squash(
            f"Funding falls short by {gap} even with the $1,500.00 not yet secured, and by "
            f"{without} without it"
        )
        in handout
    )


def test_the_handout_asks_about_e_rate_beyond_what_it_can_discount(
    sample: ProposalInput,
) -> None:
    """E-Rate above 90% of the network's cost was asked about in the full case, not on the
    handout, all a CFO may read."""
    from .report_support import render

    network = [i for i in sample.items if i.category is ItemCategory.NETWORK_INFRASTRUCTURE]
    fewer = tuple(
        dataclasses.replace(i, quantity=i.quantity / 10) if i in network else i
        for i in sample.items
    )
    data = dataclasses.replace(sample, items=fewer)
    result = compute(data)
    (flag,) = [f for f in result.base.funding.flags if f.code == "e_rate_beyond_eligible"]
    page_two = squash(render(data, result, handout=True).pages[1])
    assert squash(f"To check: {flag.message}") in page_two
    assert "Tocheck:" not in squash(render(sample, handout=True).text)  # the sample raises none


def _unfunded_after_year_3(sample: ProposalInput, *, temporary: bool) -> ProposalInput:
    """The sample with no money at all in its last two years (and, unless ``temporary``,
    without its temporary sources)."""
    kept = [source for source in sample.funding if temporary or source.recurring]
    return dataclasses.replace(
        sample,
        funding=tuple(
            dataclasses.replace(
                source,
                amounts_by_year={y: a for y, a in source.amounts_by_year.items() if y <= 3},
            )
            for source in kept
        ),
    )


@pytest.mark.parametrize("temporary", [False, True])
def test_recurring_costs_no_money_pays_are_not_called_paid_from_recurring_money(
    sample: ProposalInput, temporary: bool
) -> None:
    """With nothing funding its last years, the case said "Every recurring cost is paid from
    recurring money, not from grants" (no grant paid them: nothing did), and said nothing of
    what the budget must find after the plan."""
    context = _context(_unfunded_after_year_3(sample, temporary=temporary))
    funding = context.result.base.funding
    assert (funding.grant_reliance_share > 0) is temporary
    sentence = narrative.funding_sentence(context)
    assert "Every recurring cost is paid from recurring money" not in sentence
    unpaid = unpaid_recurring(funding)
    assert unpaid[3] == funding.recurring_costs_by_year[3] > 0 and unpaid[4] > 0
    # Without the grant, year 2's share of recurring costs it paid is unpaid too.
    years = "2030–31 and" if temporary else "2028–29, 2030–31 and"
    assert (
        f"ecurring costs of <b>{format_money(sum(unpaid), 'USD')}</b> in all, across {years} "
        "2031–32, have no money to pay them."
    ) in sentence
    if not temporary:
        covered = funding.recurring_coverage_share
        assert f" Recurring money pays {covered * 100:.1f}% of the recurring costs, and no" in (
            sentence
        )
    # What the budget meets after the plan is said whether or not grants paid recurring costs.
    after = context.result.after_plan.recurring_next_year
    assert (
        f"against $0.00 of recurring money in 2031–32: {format_money(after, 'USD')} a year to find."
    ) in sentence
    assert "have no money to pay them" not in narrative.funding_sentence(_context(sample))


def test_discount_factors_are_rounded_half_up_as_every_figure_is(sample: ProposalInput) -> None:
    """At 2.4% the second year's factor is 1/1.024 = 0.9765625 exactly: the cash table printed
    0.976562 (rounded half to even), a CFO checking it by hand gets 0.976563."""
    from .report_support import render

    shown = render(dataclasses.replace(sample, discount_rate=Decimal("0.024")))
    text = squash(" ".join(shown.pages))
    assert squash("Discount factor at 2.4%") in text
    assert "0.976563" in text and "0.976562" not in text
