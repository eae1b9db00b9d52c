"""The workbook for the CFO's staff: every figure of the business case, traceable.

``workbook_bytes(data, result)`` writes an XLSX with the sheets Summary, Items, Cash flow by year,
Funding, Risks, Metrics, Scenarios, Sensitivity and Rubric. Every number is the finance result's
own (so the workbook, the screen and the PDF agree to the cent); every total is a live ``=SUM``
(or a reference to one), so an auditor can click a total and see what it adds up. Line amounts are
values, already rounded to the cent by the engine's rounding rule, so the formulas reproduce the
engine's totals exactly. Each formula's result is saved with it (``saved_results``): the
finance result's own figure, for readers that show a file without calculating it.
"""

from __future__ import annotations

import io
from decimal import Decimal

from desktop.finance.after_plan import listed_refreshes, remaining_value_note
from desktop.finance.funding import after_e_rate, e_rate_timing_note, on_the_cost_after_e_rate
from desktop.finance.inputs import ProposalInput
from desktop.finance.money import EM_DASH, ZERO, format_count, format_year_span
from desktop.finance.result import ProposalResult, YearlyMoney
from desktop.sheets.saved_results import with_saved_results
from desktop.sheets.workbook_more import (
    write_metrics,
    write_risks,
    write_rubric,
    write_scenarios,
    write_sensitivity,
)
from desktop.sheets.workbook_style import (
    SheetWriter,
    cell_ref,
    money_width,
    register_styles,
    sheet_ref,
)
from desktop.vocabulary import FundingKind

CASH_FLOW = "Cash flow by year"
FUNDING = "Funding"


def workbook_bytes(data: ProposalInput, result: ProposalResult) -> bytes:
    from openpyxl import Workbook  # heavy: only when a workbook is exported

    # Write-only: each sheet streams its rows to a temporary file as they are written, so memory
    # does not grow with the number of items (10,000 items: about 130 MB less at the peak).
    book = Workbook(write_only=True)
    styles = register_styles(book, result.currency)
    sheets = {
        name: SheetWriter(book.create_sheet(name), styles)
        for name in ("Summary", "Items", CASH_FLOW, FUNDING, "Risks", "Metrics", "Scenarios",
                     "Sensitivity", "Rubric")
    }  # fmt: skip
    least = money_width(result.currency, _largest_amount(result))
    for writer in sheets.values():
        writer.money_least = least
    subtitle = _subtitle(data, result)
    _items(sheets["Items"], data, result, subtitle)
    cash = _cash_flow(sheets[CASH_FLOW], result, subtitle)
    funding = _funding(sheets[FUNDING], data, result, subtitle, cash)
    write_risks(sheets["Risks"], data, result, subtitle)
    write_metrics(sheets["Metrics"], data, subtitle)
    write_scenarios(sheets["Scenarios"], result, subtitle)
    write_sensitivity(sheets["Sensitivity"], result, subtitle)
    write_rubric(sheets["Rubric"], result, subtitle)
    # The summary comes first in the book but last in the work: it refers to rows found above.
    _summary(sheets["Summary"], data, result, subtitle, cash, funding)
    for writer in sheets.values():
        writer.close()
    book.properties.title = data.name
    book.properties.creator = data.prepared_by or "Buy-In"
    buffer = io.BytesIO()
    book.save(buffer)
    saved = {writer.sheet.path: writer.saved_results for writer in sheets.values()}
    return with_saved_results(buffer.getvalue(), saved)


def _largest_amount(result: ProposalResult) -> Decimal:
    """The largest amount of money the workbook shows: every other is a part of one of these."""
    after = result.after_plan
    amounts = [after.total, after.recurring_next_year, after.remaining_value]
    for scenario in result.scenarios:
        funding = scenario.funding
        amounts += [
            scenario.tco.total, scenario.benefits.total, scenario.returns.npv, funding.total,
            funding.gap_without_pending_total, funding.surplus_total,
        ]  # fmt: skip
    for line in result.sensitivity.lines:
        amounts += [line.npv_low_input, line.npv_high_input, line.swing]
    return max((abs(amount) for amount in amounts), default=ZERO)


def _subtitle(data: ProposalInput, result: ProposalResult) -> str:
    labels = result.fiscal_year_labels
    span = ""
    if labels:
        span = "fiscal year" + ("s " if len(labels) > 1 else " ")
        span += format_year_span(labels[0], labels[-1])
    parts = [data.district, span, f"amounts in {result.currency}"]
    return " · ".join(part for part in parts if part)


def _items(out: SheetWriter, data: ProposalInput, result: ProposalResult, subtitle: str) -> None:
    money = out.fit_money
    out.widths([38, 22, 20, 10, money(14), money(16), 10, 8, money(14), *[money(16)] * 4, 22, 40,
                40])  # fmt: skip
    out.title(f"Items — {data.name}", subtitle)
    years = format_count(result.horizon_years, "year")
    # The yearly savings as entered is an input, like the unit costs, and has no total: an item
    # at quantity 0 or starting after the plan saves nothing in the case. What the case counts
    # is in "Savings", beside the costs, and totals to the cash flow's savings.
    out.header([
        "Item", "Category", "Cost class", "Quantity", "One-time cost per unit",
        "Recurring cost per unit per year", "Refresh every (years)", "Start year",
        "Annual savings as entered", f"One-time total ({years})", f"Recurring total ({years})",
        "Total cost", f"Savings ({years})", "Vendor", "Notes", "Where the figures come from",
    ])  # fmt: skip
    flows = {flow.key: flow for flow in result.base.items}
    first = out.row
    totals = {9: ZERO, 10: ZERO, 11: ZERO, 12: ZERO}  # what the total row's sums come to
    for item in data.items:
        flow = flows.get(item.key)
        one_time, recurring, saved = (
            (flow.one_time_total, flow.recurring_total, flow.savings_total)
            if flow
            else (ZERO, ZERO, ZERO)
        )
        for column, amount in (
            (9, one_time), (10, recurring), (11, one_time + recurring), (12, saved)
        ):  # fmt: skip
            totals[column] += amount
        out.text(0, item.name, wrap=True)
        out.text(1, item.category.label)
        out.text(2, item.category.tco_class.label)
        out.number(3, item.quantity)
        out.money(4, item.unit_cost)
        out.money(5, item.recurring_unit_cost)
        out.number(6, item.lifespan_years)
        out.number(7, item.start_year)
        out.money(8, item.annual_savings)
        out.money(9, one_time)
        out.money(10, recurring)
        out.formula(11, f"{cell_ref(9, out.row)}+{cell_ref(10, out.row)}", one_time + recurring)
        out.money(12, saved)
        out.text(13, item.vendor)
        out.text(14, item.notes, wrap=True)
        out.text(15, item.figure_source, wrap=True)
        out.next_row()
    last = out.row - 1
    out.text(0, "Total", bold=True)
    for column, total in totals.items():
        out.formula(column, _sum(column, first, last), total)
    out.mark_total(out.row, 16)


def _sum(column: int, first: int, last: int) -> str:
    if last < first:
        return "0"
    return f"SUM({cell_ref(column, first)}:{cell_ref(column, last)})"


def _cash_flow(out: SheetWriter, result: ProposalResult, subtitle: str) -> dict[str, int]:
    """Item lines by year, then totals, benefits, net, cumulative and NPV, and the last three
    again on budget savings alone; returns key rows."""
    base = result.base
    years = result.horizon_years
    total_column = 2 + years
    out.widths([44, 22, *([out.fit_money(15)] * years), out.fit_money(16)])
    out.title(f"Cash flow by year — {result.name}", subtitle)
    out.header(["Line", "Category", *result.fiscal_year_labels, "Total"], freeze_columns=2)
    rows: dict[str, int] = {}

    def line_total(amounts: YearlyMoney) -> None:
        out.formula(
            total_column,
            f"SUM({cell_ref(2, out.row)}:{cell_ref(1 + years, out.row)})",
            sum(amounts, ZERO),
        )

    def block(title: str, key: str, pick: str, totals: YearlyMoney) -> None:
        out.section(title)
        first = out.row
        rows[f"{key}_first"] = first
        for flow in base.items:
            amounts = getattr(flow, pick)
            if not any(amounts):
                continue
            out.text(0, flow.name)
            out.text(1, flow.category.label)
            for year, amount in enumerate(amounts):
                out.money(2 + year, amount)
            line_total(amounts)
            out.next_row()
        out.text(0, f"Total {title.lower()}", bold=True)
        for year in range(years):
            out.formula(2 + year, _sum(2 + year, first, out.row - 1), totals[year])
        line_total(totals)
        out.mark_total(out.row, total_column + 1)
        rows[key] = out.row
        out.next_row()
        out.skip()

    block("One-time purchases", "one_time_row", "one_time_by_year", base.tco.one_time_by_year)
    block("Recurring costs", "recurring_row", "recurring_by_year", base.tco.recurring_by_year)

    def combined(label: str, key: str, expression: str, by_year: YearlyMoney) -> None:
        out.text(0, label, bold=True)
        for year in range(years):
            column = 2 + year
            refs = {k: cell_ref(column, r) for k, r in rows.items()}
            out.formula(column, expression.format(**refs), by_year[year])
        line_total(by_year)
        rows[key] = out.row
        out.next_row()

    combined(
        "Total cost of ownership", "tco_row", "{one_time_row}+{recurring_row}", base.tco.by_year
    )
    out.mark_total(rows["tco_row"], total_column + 1)
    out.skip()
    out.section("Benefits")
    for label, key, amounts in (
        # Named as the case's cash-flow table names them, so the two can be read side by side.
        ("Benefit: cost avoided", "avoided_row", base.benefits.avoided_by_year),
        ("Benefit: savings", "savings_row", base.benefits.savings_by_year),
    ):
        out.text(0, label)
        for year, amount in enumerate(amounts):
            out.money(2 + year, amount)
        line_total(amounts)
        rows[key] = out.row
        out.next_row()
    combined("Total benefits", "benefits_row", "{avoided_row}+{savings_row}", base.benefits.by_year)
    out.skip()

    def cumulative(label: str, key: str, net_key: str, by_year: YearlyMoney) -> None:
        out.text(0, label, bold=True)
        net = rows[net_key]
        for year in range(years):
            column = 2 + year
            previous = f"{cell_ref(column - 1, out.row)}+" if year else ""
            out.formula(column, f"{previous}{cell_ref(column, net)}", by_year[year])
        rows[key] = out.row
        out.next_row()

    def present_value(label: str, key: str, net_key: str, npv: Decimal) -> None:
        # The engine discounts the net cash flow exactly and rounds once, as this formula does.
        out.text(0, label, bold=True)
        rate = cell_ref(2, rows["rate_row"], absolute=True)
        net_row = rows[net_key]
        later = (
            f"+NPV({rate},{cell_ref(3, net_row)}:{cell_ref(1 + years, net_row)})"
            if years > 1
            else ""
        )
        out.formula(2, f"ROUND({cell_ref(2, net_row)}{later},2)", npv)
        rows[key] = out.row
        out.next_row()

    returns, alone = base.returns, base.savings_only
    combined("Net (benefits − cost)", "net_row", "{benefits_row}-{tco_row}", returns.net_by_year)
    cumulative("Running net position", "cumulative_row", "net_row", returns.cumulative_by_year)
    # The same on budget money only: the savings, none of the risk costs avoided.
    combined(
        "Net, budget savings alone (savings − cost)",
        "savings_net_row",
        "{savings_row}-{tco_row}",
        alone.net_by_year,
    )
    cumulative(
        "Running net position, budget savings alone",
        "savings_cumulative_row",
        "savings_net_row",
        alone.cumulative_by_year,
    )
    out.skip()
    out.text(0, "Discount rate")
    out.rate(2, returns.discount_rate)
    rows["rate_row"] = out.row
    out.next_row()
    present_value("Net present value (year 1 not discounted)", "npv_row", "net_row", returns.npv)
    present_value(
        "Net present value, budget savings alone", "savings_npv_row", "savings_net_row", alone.npv
    )
    _by_category(out, result, rows)
    rows["total_column"] = total_column
    return rows


def _by_category(out: SheetWriter, result: ProposalResult, rows: dict[str, int]) -> None:
    """The total cost by category and year, as the PDF's cost page gives it: each a SUMIF of
    the item lines above by their category, so the staff can trace every figure to its items."""
    years = result.horizon_years
    out.skip()
    out.section("Cost by category")
    first = out.row
    for cost in result.base.tco.by_category:
        if not cost.line.total:
            continue
        label = cost.category.label  # our own words: safe inside a formula's quotes
        out.text(0, label)
        out.text(1, cost.category.tco_class.label)
        for year in range(years):
            column = 2 + year
            parts = []
            for key in ("one_time_row", "recurring_row"):
                top, bottom = rows[f"{key}_first"], rows[key] - 1
                if bottom < top:
                    continue  # a block with no item lines
                names = f"{cell_ref(1, top, absolute=True)}:{cell_ref(1, bottom, absolute=True)}"
                amounts = f"{cell_ref(column, top)}:{cell_ref(column, bottom)}"
                parts.append(f'SUMIF({names},"{label}",{amounts})')
            out.formula(column, "+".join(parts) or "0", cost.line.by_year[year])
        out.formula(
            2 + years,
            f"SUM({cell_ref(2, out.row)}:{cell_ref(1 + years, out.row)})",
            cost.line.total,
        )
        out.next_row()
    out.text(0, "Total, all categories", bold=True)
    for year in range(years):
        out.formula(2 + year, _sum(2 + year, first, out.row - 1), result.base.tco.by_year[year])
    out.formula(2 + years, _sum(2 + years, first, out.row - 1), result.base.tco.total)
    out.mark_total(out.row, 3 + years)
    out.next_row()


def _funding(
    out: SheetWriter,
    data: ProposalInput,
    result: ProposalResult,
    subtitle: str,
    cash: dict[str, int],
) -> dict[str, int]:
    """The Funding sheet; ``cash``: the rows of the cash-flow sheet it draws on."""
    funding = result.base.funding
    tco_row = cash["tco_row"]
    years = result.horizon_years
    first_year = 4  # after the name, kind, recurring and secured columns
    total_column = first_year + years
    notes = {source.key: source.notes for source in data.funding}
    out.widths([48, 26, 10, 10, *([out.fit_money(15)] * years), out.fit_money(16), 60])
    out.title(f"Funding — {result.name}", subtitle)
    out.header(
        [
            "Funding source",
            "Kind",
            "Recurring",
            "Secured",
            *result.fiscal_year_labels,
            "Total",
            "Notes",
        ],
        freeze_columns=1,
    )
    rows: dict[str, int] = {}

    def line_total(total: Decimal) -> None:
        out.formula(
            total_column,
            f"SUM({cell_ref(first_year, out.row)}:{cell_ref(total_column - 1, out.row)})",
            total,
        )

    first = out.row
    pending_rows: list[int] = []  # the sources not yet secured
    e_rate_rows: list[int] = []  # the E-Rate sources
    for source in funding.sources:
        if not source.secured:
            pending_rows.append(out.row)
        if source.kind is FundingKind.E_RATE and source.secured:
            e_rate_rows.append(out.row)
        out.text(0, source.name)
        out.text(1, source.kind.label)
        out.text(2, "Yes" if source.recurring else "No")
        out.text(3, "Yes" if source.secured else "No")
        for year, amount in enumerate(source.by_year):
            out.money(first_year + year, amount)
        line_total(source.total)
        out.text(total_column + 1, notes.get(source.key, ""), wrap=True)
        out.next_row()
    last = out.row - 1

    def line(label: str, key: str, make: str | None, by_year: YearlyMoney, total: Decimal) -> None:
        """A line of figures (``make`` None) or of formulas ``make`` that come to them."""
        out.text(0, label, bold=make is not None)
        for year in range(years):
            column = first_year + year
            if make is None:
                out.money(column, by_year[year])
                continue
            refs = {k: cell_ref(column, r) for k, r in rows.items()}
            refs.update({f"pending_{n}": cell_ref(column, r) for n, r in enumerate(pending_rows)})
            refs.update({f"e_rate_{n}": cell_ref(column, r) for n, r in enumerate(e_rate_rows)})
            refs["cost"] = sheet_ref(CASH_FLOW, 2 + year, tco_row)
            refs["benefits"] = sheet_ref(CASH_FLOW, 2 + year, cash["benefits_row"])
            refs["sources"] = _sum(column, first, last)
            out.formula(column, make.format(**refs), by_year[year])
        line_total(total)
        rows[key] = out.row
        out.next_row()

    tco = result.base.tco
    line("Total funding", "funding_row", "{sources}", funding.by_year, funding.total)
    out.mark_total(rows["funding_row"], total_column + 1)
    line("Total cost of ownership", "cost_row", "{cost}", tco.by_year, tco.total)
    if after := after_e_rate(funding):
        # The federal discount taken off: what the district's own budgets and grants carry.
        line(
            f"Cost {after}",
            "after_e_rate_row",
            "{cost_row}" + "".join(f"-{{e_rate_{n}}}" for n in range(len(e_rate_rows))),
            funding.cost_after_e_rate_by_year,
            funding.cost_after_e_rate_total,
        )
    line(
        # Named as the Summary sheet and the case name it when it counts money not yet secured.
        funding.gap_label if funding.extra_shortfall_total else "Gap (cost not funded)",
        "gap_row",
        "MAX({cost_row}-{funding_row},0)",
        funding.gap_by_year,
        funding.gap_total,
    )
    line(
        "Surplus (funding beyond cost)",
        "surplus_row",
        "MAX({funding_row}-{cost_row},0)",
        funding.surplus_by_year,
        funding.surplus_total,
    )
    if pending_rows:
        # Counted in the total above; the gap without it is what the case turns on if a grant
        # applied for is not awarded.
        line(
            "Not yet secured (counted above)",
            "pending_row",
            "+".join(f"{{pending_{number}}}" for number in range(len(pending_rows))),
            funding.pending_by_year,
            funding.pending_total,
        )
        line(
            "Gap without the money not yet secured",
            "gap_without_row",
            "MAX({cost_row}-{funding_row}+{pending_row},0)",
            funding.gap_without_pending_by_year,
            funding.gap_without_pending_total,
        )
    out.skip()
    out.section("Recurring costs and temporary money")
    line(
        "Recurring costs",
        "recurring_row",
        None,
        funding.recurring_costs_by_year,
        funding.recurring_costs_total,
    )
    line(
        "Recurring costs paid from temporary money",
        "temporary_row",
        None,
        funding.temporary_for_recurring_by_year,
        funding.temporary_for_recurring_total,
    )
    out.text(0, "Share of recurring costs paid from temporary money")
    out.percent(total_column, funding.reliance_shown)
    rows["reliance_row"] = out.row
    out.next_row()
    district = result.base.after_e_rate
    if result.after_e_rate_differs and district is not None:
        # The return weighed against the cost the district's budgets and grants carry: the
        # same benefits, the cost after the E-Rate row above, discounted at the same rate.
        view = on_the_cost_after_e_rate(funding)
        out.skip()
        out.section(f"Return {view}")
        benefits = result.base.benefits
        line(f"Benefits, '{CASH_FLOW}'", "benefits_row", "{benefits}", benefits.by_year,
             benefits.total)  # fmt: skip
        line(
            f"Net {view}",
            "district_net_row",
            "{benefits_row}-{after_e_rate_row}",
            district.net_by_year,
            sum(district.net_by_year, Decimal(0)),
        )
        out.text(0, f"Net present value {view}", bold=True)
        net = rows["district_net_row"]
        later = (
            f"+NPV({sheet_ref(CASH_FLOW, 2, cash['rate_row'])},"
            f"{cell_ref(first_year + 1, net)}:{cell_ref(total_column - 1, net)})"
            if years > 1
            else ""
        )
        out.formula(first_year, f"ROUND({cell_ref(first_year, net)}{later},2)", district.npv)
        rows["district_npv_row"] = out.row
        rows["first_year_column"] = first_year
        out.next_row()
    e_rate = e_rate_timing_note(funding, result.fiscal_year_labels, result.currency)
    questions = [flag.message for flag in funding.flags] + ([e_rate] if e_rate else [])
    out.notes("Questions the figures raise", questions)
    rows["total_column"] = total_column
    return rows


def _summary(
    out: SheetWriter,
    data: ProposalInput,
    result: ProposalResult,
    subtitle: str,
    cash: dict[str, int],
    funding: dict[str, int],
) -> None:
    base = result.base
    district = _district_figures(result, funding)
    # As wide as the longest key figure's name: "Payback year on the cost after the E-Rate
    # secured" was cut by the value beside it.
    longest = max(len(label) for label in (base.funding.gap_label, *(d[0] for d in district)))
    out.widths([max(44, longest + 2), out.fit_money(20), 48])
    out.title(data.name, subtitle)
    details = [
        ("District", data.district),
        ("Initiative", data.initiative.label),
        ("Prepared by", data.prepared_by),
        ("Prepared for", data.prepared_for),
        ("Status", data.status.capitalize()),
        ("Students", result.students),
        ("Planning horizon", format_count(result.horizon_years, "year")),
    ]
    students_row = 0
    for label, value in details:
        out.text(0, label, bold=True)
        if isinstance(value, int):
            students_row = out.row if label == "Students" else students_row
            out.number(1, value)
        else:
            out.text(1, value)
        out.next_row()
    # The rates every figure below rests on, where the CFO looks first: the discount rate was
    # only on the cash-flow sheet, the price increases nowhere in the workbook.
    # The discount rate reads the cell the net present values are discounted at: changed here,
    # it would have moved nothing.
    for label, rate, reference in (
        ("Discount rate", result.discount_rate, sheet_ref(CASH_FLOW, 2, cash["rate_row"])),
        ("Yearly price increase (purchases)", data.purchase_escalation_rate, ""),
        ("Yearly price increase (recurring costs)", data.recurring_escalation_rate, ""),
    ):
        out.text(0, label, bold=True)
        out.rate(1, rate, reference=reference)
        out.next_row()
    out.skip()
    # A one-screen summary: freezing its top half would only get in the way.
    out.header(["Key figure (as proposed)", "Value", "Where it comes from"], freeze_columns=None)
    cash_total = cash["total_column"]
    # A "ref" figure is a reference to the cell that computes it, and the result it comes to.
    figures: list[tuple[str, str, object, str]] = [
        ("Total cost of ownership", "ref",
         (sheet_ref(CASH_FLOW, cash_total, cash["tco_row"]), base.tco.total),
         f"Sum of every cost, '{CASH_FLOW}'"),
        ("One-time purchases", "ref",
         (sheet_ref(CASH_FLOW, cash_total, cash["one_time_row"]), base.tco.one_time_total),
         f"'{CASH_FLOW}'"),
        ("Recurring costs", "ref",
         (sheet_ref(CASH_FLOW, cash_total, cash["recurring_row"]), base.tco.recurring_total),
         f"'{CASH_FLOW}'"),
        ("Cost per student per year", "live money",
         (lambda at: f"ROUND({at['tco']}/{cell_ref(1, students_row)}/{result.horizon_years},2)",
          base.tco.per_student_per_year),
         "Total cost ÷ students ÷ years"),
        ("Cost per managed device, over the plan", "live money",
         (lambda at: f"ROUND({at['tco']}/{base.tco.devices},2)", base.tco.per_device),
         "Total cost over the plan ÷ devices managed (largest device management quantity, else "
         "hardware units)"),
        ("Benefits (cost avoided and savings)", "ref",
         (sheet_ref(CASH_FLOW, cash_total, cash["benefits_row"]), base.benefits.total),
         f"'{CASH_FLOW}'"),
        ("Net present value", "ref", (sheet_ref(CASH_FLOW, 2, cash["npv_row"]), base.returns.npv),
         f"Net by year, discounted, '{CASH_FLOW}'"),
        ("Payback year", "text", result.payback_text(),
         "First year from which the running net position stays at or above zero, once money "
         "is spent"),
        ("Net present value, budget savings alone", "ref",
         (sheet_ref(CASH_FLOW, 2, cash["savings_npv_row"]), base.savings_only.npv),
         f"Savings minus cost by year, discounted, '{CASH_FLOW}': no cost avoided counted"),
        ("Payback year, budget savings alone", "text",
         result.payback_text(savings_only=True),
         "The same payback rule, with the savings as the only benefit"),
        *district,
        (base.funding.gap_label, "ref",
         (sheet_ref(FUNDING, funding["total_column"], funding["gap_row"]),
          base.funding.gap_total),
         "Sum of yearly shortfalls, 'Funding'"),
        *([("Funding gap without the money not yet secured", "ref",
            (sheet_ref(FUNDING, funding["total_column"], funding["gap_without_row"]),
             base.funding.gap_without_pending_total),
            "The same, leaving out the sources not yet secured, 'Funding'")]
          if "gap_without_row" in funding else []),
        ("Recurring costs paid from temporary money", "percent",
         base.funding.reliance_shown, "'Funding'"),
        ("Return on investment", "live percent",
         # Rounded as the case rounds it: 0.1234996 shown as 12.3% beside the PDF's 12.4%.
         (lambda at: f"ROUND(({at['benefits']}-{at['tco']})/{at['tco']},6)", base.returns.roi),
         "(Benefits − cost) ÷ cost, to six decimal places as the case rounds it"),
    ]  # fmt: skip
    # The figures worked out from the ones above are formulas on them, so that a cost changed
    # in the workbook carries through: typed, they kept the exported figure.
    at: dict[str, str] = {}
    for label, kind, value, source in figures:
        out.text(0, label)
        if label == "Total cost of ownership":
            at["tco"] = cell_ref(1, out.row)
        elif label.startswith("Benefits"):
            at["benefits"] = cell_ref(1, out.row)
        if kind.startswith("live ") and isinstance(value, tuple):
            expression, figure = value
            if figure is None:  # nothing to divide by (no devices, no cost): a dash
                out.text(1, EM_DASH)
            else:
                out.formula(1, expression(at), figure, kind=kind.removeprefix("live "))
        elif kind == "ref" and isinstance(value, tuple):
            reference, figure = value
            out.formula(1, reference, figure)
        elif kind in ("money", "percent"):
            if not isinstance(value, Decimal):
                # Nothing to divide by (no devices, no recurring costs): a dash, as the PDF
                # and the screen show it, where a blank cell read as a figure left out.
                out.text(1, EM_DASH)
            elif kind == "money":
                out.money(1, value)
            else:
                out.percent(1, value)
        else:
            out.text(1, value)
        out.text(2, source)
        out.next_row()
    out.skip()
    if result.savings_flags:
        out.section("Savings against their measures: questions they raise")
        for flag in result.savings_flags:
            out.text(0, flag.message, wrap=True)  # a long sentence: read in its column
            out.next_row()
        out.skip()
    _after_plan(out, result, cell_ref(1, students_row))
    out.section("Self-assessment against the Budget & Resources rubric")
    for assessment in result.rubric:
        out.text(0, assessment.label)
        out.text(1, assessment.level.label)
        out.next_row()


def _district_figures(
    result: ProposalResult, funding: dict[str, int]
) -> list[tuple[str, str, object, str]]:
    """The Summary's lines for the return on the cost after the E-Rate secured, when there is
    one: the net present value above weighs the whole cost, whoever pays it."""
    district = result.base.after_e_rate
    if "district_npv_row" not in funding or district is None:
        return []
    view = on_the_cost_after_e_rate(result.base.funding)
    return [
        (f"Net present value {view}", "ref",
         (sheet_ref(FUNDING, funding["first_year_column"], funding["district_npv_row"]),
          district.npv),
         f"Benefits minus the cost less the E-Rate secured, discounted, '{FUNDING}'"),
        (f"Payback year {view}", "text", result.payback_text(after_e_rate=True),
         "The same payback rule, against the cost less the E-Rate secured"),
    ]  # fmt: skip


def _after_plan(out: SheetWriter, result: ProposalResult, students: str) -> None:
    """The replacements due in the years after the plan, under the key figures: not part of
    the total cost, and said so. ``students``: the cell that holds the plan's students."""
    after = result.after_plan
    if after.recurring_next_year:
        out.section("After the plan: recurring costs go on (not in the total cost)")
        out.text(0, f"Recurring costs in {after.first_label}")
        out.money(1, after.recurring_next_year)
        out.text(2, "At the plan's recurring price increases; every year from then on")
        recurring = cell_ref(1, out.row)
        out.next_row()
        if after.recurring_per_student is not None:
            out.text(0, f"Per student ({format_count(after.students, 'student')})")
            # Live, as the other per-student figure is: a student count changed carries on.
            out.formula(1, f"ROUND({recurring}/{students},2)", after.recurring_per_student)
            out.text(2, "The recurring costs of that year divided by the plan's students")
            out.next_row()
        out.skip()
    if after.refreshes:
        _refreshes_due(out, result)
    _remaining_use(out, result)


def _remaining_use(out: SheetWriter, result: ProposalResult) -> None:
    """The use still to come after the plan from purchases late in it, when the CFO is told of
    it: the figure and its largest part, and the sentence the screen and the PDF say."""
    after = result.after_plan
    note = remaining_value_note(after, result.currency)
    largest = after.remaining_largest
    if not note or largest is None:
        return
    out.section("After the plan: use still to come from purchases within it (not taken off)")
    out.text(0, "Largest part")
    out.money(1, largest.amount)
    out.text(2, f"{largest.name} \u00b7 bought in {largest.fiscal_year_label}")
    out.next_row()
    out.text(0, f"Use still to come after {after.plan_last_label}", bold=True)
    out.money(1, after.remaining_value)
    out.text(2, "Straight line over each item's life, from its last purchase in the plan")
    out.mark_total(out.row, 3)
    out.next_row()
    out.notes("About it", [note])
    out.skip()


def _refreshes_due(out: SheetWriter, result: ProposalResult) -> None:
    after = result.after_plan
    span = format_year_span(after.first_label, after.last_label)
    out.section(f"After the plan: replacements due in {span} (not in the total cost)")
    first = out.row
    shown, others, others_total = listed_refreshes(after)
    for refresh in shown:
        out.text(0, refresh.name)
        out.money(1, refresh.amount)
        out.text(2, f"{refresh.fiscal_year_label} \u00b7 {refresh.category.label}")
        out.next_row()
    if others:
        out.text(0, format_count(others, "other replacement"))
        out.money(1, others_total)
        out.next_row()
    out.text(0, "Total due after the plan", bold=True)
    out.formula(1, f"SUM({cell_ref(1, first)}:{cell_ref(1, out.row - 1)})", after.total)
    out.text(2, "At the plan's purchase price increases")
    out.mark_total(out.row, 3)
    out.next_row()
    out.skip()
