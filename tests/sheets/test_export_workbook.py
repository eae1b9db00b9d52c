"""The CFO staff's workbook and items CSV: figures equal the engine's to the cent, totals are live
formulas that an independent evaluator reproduces, and formula-like text stays text."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from desktop.finance import compute
from desktop.finance.funding import after_e_rate
from desktop.finance.inputs import FundingInput, ItemInput, ProposalInput, RiskInput
from desktop.finance.result import ProposalResult
from desktop.services.library import Library
from desktop.services.snapshot import proposal_input
from desktop.sheets import items_csv_text, workbook_bytes
from desktop.vocabulary import FundingKind, InitiativeKind, ItemCategory, RiskKind

CENT = Decimal("0.01")
SHEETS = [
    "Summary", "Items", "Cash flow by year", "Funding", "Risks", "Metrics", "Scenarios",
    "Sensitivity", "Rubric",
]  # fmt: skip
INJECTIONS = ['=HYPERLINK("http://example.invalid","click")', "+1+1", "-2", "@SUM(A1)", "\t=1"]


@pytest.fixture
def sample(library: Library, sample_id: int) -> tuple[ProposalInput, ProposalResult]:
    data = proposal_input(library, sample_id)
    return data, compute(data)


def cents(value: Any) -> Decimal:
    return Decimal(repr(float(value))).quantize(CENT)


def excel_round(number: float, digits: float) -> float:
    """ROUND as Excel computes it: on the number as Excel holds it, to 15 significant digits,
    then half away from zero. The ``formulas`` package rounds the binary float itself, so a sum
    whose exact value is a half cent (−1,504,760.655, held as −1,504,760.6549999998) came out a
    cent from Excel's (and from the engine's exact figure); Excel gives ROUND(1.005, 2) = 1.01."""
    held = Decimal(format(float(number), ".15g"))
    quantum = Decimal(1).scaleb(-int(digits))
    return float(held.quantize(quantum, rounding=ROUND_HALF_UP))


def test_the_evaluators_round_is_excels() -> None:
    assert excel_round(1.005, 2) == 1.01 and excel_round(-1.005, 2) == -1.01
    assert excel_round(-1504760.6549999998, 2) == -1504760.66
    assert excel_round(2.5, 0) == 3.0 and excel_round(0.004999, 2) == 0.0


class Evaluated:
    """The workbook's formulas computed by the ``formulas`` package, not by Excel or by us (its
    ROUND replaced by Excel's own rule, ``excel_round``)."""

    def __init__(self, path: Path) -> None:
        import formulas
        from formulas.functions import FUNCTIONS, wrap_ufunc

        FUNCTIONS["ROUND"] = wrap_ufunc(excel_round)
        self.name = path.name
        self.solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
        self.book = load_workbook(path)

    def row_of(self, sheet: str, label: str) -> int:
        for row in self.book[sheet].iter_rows(min_col=1, max_col=1):
            if row[0].value == label:
                return int(row[0].row)
        raise AssertionError(f"{label!r} not found on {sheet}")

    def column_of(self, sheet: str, heading: str) -> str:
        """The letter of the column headed ``heading`` in ``sheet``'s table."""
        for row in self.book[sheet].iter_rows():
            for cell in row:
                if cell.value == heading:
                    return str(cell.column_letter)
        raise AssertionError(f"{heading!r} not found on {sheet}")

    def value(self, sheet: str, column: str, row: int) -> Decimal:
        key = f"'[{self.name}]{sheet.upper()}'!{column}{row}"
        return cents(self.solution[key].value[0][0])


@pytest.fixture
def evaluated(
    tmp_path: Path, sample: tuple[ProposalInput, ProposalResult]
) -> tuple[Evaluated, ProposalResult]:
    path = tmp_path / "figures.xlsx"
    path.write_bytes(workbook_bytes(*sample))
    return Evaluated(path), sample[1]


def test_workbook_has_every_sheet_with_title_frozen_header_and_currency_format(
    sample: tuple[ProposalInput, ProposalResult],
) -> None:
    book = load_workbook(io.BytesIO(workbook_bytes(*sample)))
    assert book.sheetnames == SHEETS
    items = book["Items"]
    assert items["A1"].value == "Items — Riverside USD — 1:1 Infrastructure 2027–2031"
    assert items["A4"].value == "Item" and items.freeze_panes == "B5"
    assert items["E5"].number_format.startswith('"$"#,##0.00')
    assert items["E5"].value == sample[0].items[0].unit_cost  # exact, not a float
    assert book["Funding"]["A1"].value.startswith("Funding — ")
    summary = book["Summary"]
    labels = {row[0].value: row[0].row for row in summary.iter_rows(min_col=1, max_col=1)}
    # Over the plan, not a year: it sits next to the cost per student per year.
    assert labels["Cost per managed device, over the plan"] == (
        labels["Cost per student per year"] + 1
    )
    reliance = labels["Recurring costs paid from temporary money"]
    assert summary.cell(reliance, 2).number_format == "0.0%"


def test_every_sheet_prints_readably(sample: tuple[ProposalInput, ProposalResult]) -> None:
    """Printed, a wide sheet turns landscape and spreads over a few pages across rather than
    shrinking to one, and its header row and name column repeat on every page."""
    book = load_workbook(io.BytesIO(workbook_bytes(*sample)))
    for sheet in book.worksheets:
        widths = [dimension.width or 0 for dimension in sheet.column_dimensions.values()]
        setup = sheet.page_setup
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert setup.fitToHeight == 0 and 1 <= setup.fitToWidth <= 3, sheet.title
        # What each printed page carries: its share of the columns, plus the repeated ones.
        repeated = 0.0
        if sheet.print_title_cols:
            last = sheet.print_title_cols.split(":")[1].strip("$")
            repeated = sum(widths[: ord(last) - ord("A") + 1])
        per_page = (sum(widths) - repeated) / setup.fitToWidth + repeated
        assert per_page <= 160 * 1.15, sheet.title  # no page squeezed below about 87 %
        assert setup.fitToWidth == 1 or sheet.print_title_cols, sheet.title  # names repeat
        assert setup.orientation == ("landscape" if sum(widths) > 100 else "portrait")
        assert sheet.print_title_rows, sheet.title
    items = book["Items"]
    assert items.print_title_rows == "$4:$4" and items.print_title_cols == "$A:$A"
    assert items.page_setup.fitToWidth >= 2  # 300 characters of columns: not one squeezed page


def test_formula_totals_equal_the_engine_to_the_cent(
    evaluated: tuple[Evaluated, ProposalResult],
) -> None:
    sheet, result = evaluated
    base = result.base
    years = result.horizon_years
    year_columns = [chr(ord("C") + index) for index in range(years)]
    total_column = chr(ord("C") + years)
    cash = "Cash flow by year"
    tco_row = sheet.row_of(cash, "Total cost of ownership")
    assert [sheet.value(cash, c, tco_row) for c in year_columns] == list(base.tco.by_year)
    assert sheet.value(cash, total_column, tco_row) == base.tco.total == result.tco_total
    one_time = sheet.row_of(cash, "Total one-time purchases")
    assert sheet.value(cash, total_column, one_time) == base.tco.one_time_total
    benefits = sheet.row_of(cash, "Total benefits")
    assert [sheet.value(cash, c, benefits) for c in year_columns] == list(base.benefits.by_year)
    cumulative = sheet.row_of(cash, "Running net position")
    assert [sheet.value(cash, c, cumulative) for c in year_columns] == list(
        base.returns.cumulative_by_year
    )
    npv_row = sheet.row_of(cash, "Net present value (year 1 not discounted)")
    assert sheet.value(cash, "C", npv_row) == base.returns.npv
    # The case on budget savings alone, as the CFO's staff recompute it.
    alone = sheet.row_of(cash, "Running net position, budget savings alone")
    assert [sheet.value(cash, c, alone) for c in year_columns] == list(
        base.savings_only.cumulative_by_year
    )
    alone_npv = sheet.row_of(cash, "Net present value, budget savings alone")
    assert sheet.value(cash, "C", alone_npv) == base.savings_only.npv
    summary_npv = sheet.row_of("Summary", "Net present value, budget savings alone")
    assert sheet.value("Summary", "B", summary_npv) == base.savings_only.npv
    after_total = sheet.row_of("Summary", "Total due after the plan")
    assert sheet.value("Summary", "B", after_total) == result.after_plan.total
    going_on = sheet.row_of("Summary", f"Recurring costs in {result.after_plan.first_label}")
    assert sheet.value("Summary", "B", going_on) == result.after_plan.recurring_next_year
    # The figures worked out from others are formulas on them, and come to the engine's.
    summary_tco = sheet.row_of("Summary", "Total cost of ownership")
    for label, figure in (
        ("Cost per student per year", base.tco.per_student_per_year),
        ("Cost per managed device, over the plan", base.tco.per_device),
    ):
        row = sheet.row_of("Summary", label)
        assert f"B{summary_tco}" in str(sheet.book["Summary"][f"B{row}"].value), label
        assert sheet.value("Summary", "B", row) == figure, label
    roi_row = sheet.row_of("Summary", "Return on investment")
    key = f"'[{sheet.name}]SUMMARY'!B{roi_row}"
    assert base.returns.roi is not None
    # Rounded to six places as the engine rounds it: computed whole, 0.1234996 showed as 12.3%
    # in the workbook beside 12.4% in the PDF and the summary.
    live_roi = Decimal(str(sheet.solution[key].value[0][0]))
    assert live_roi == base.returns.roi
    per_student = sheet.row_of("Summary", "Per student (4,200 students)")
    assert per_student == going_on + 1
    assert sheet.value("Summary", "B", per_student) == result.after_plan.recurring_per_student
    assert str(sheet.book["Summary"][f"B{per_student}"].value).startswith(f"=ROUND(B{going_on}/")
    summary_payback = sheet.row_of("Summary", "Payback year, budget savings alone")
    assert sheet.book["Summary"][f"B{summary_payback}"].value == (
        result.payback_text(savings_only=True)
    )

    items_total = sheet.row_of("Items", "Total")
    assert sheet.value("Items", "L", items_total) == base.tco.total

    funding_columns = [chr(ord("E") + index) for index in range(years)]  # after Secured
    funding_total = sheet.column_of("Funding", "Total")
    assert funding_total == chr(ord("E") + years)
    total_row = sheet.row_of("Funding", "Total funding")
    assert [sheet.value("Funding", c, total_row) for c in funding_columns] == list(
        base.funding.by_year
    )
    assert sheet.value("Funding", funding_total, total_row) == base.funding.total
    gap_row = sheet.row_of("Funding", "Gap (cost not funded)")
    assert sheet.value("Funding", funding_total, gap_row) == base.funding.gap_total
    surplus_row = sheet.row_of("Funding", "Surplus (funding beyond cost)")
    assert sheet.value("Funding", funding_total, surplus_row) == base.funding.surplus_total

    assert sheet.value("Risks", "K", sheet.row_of("Risks", "Total")) == base.benefits.avoided_total
    assert sheet.value("Summary", "B", sheet.row_of("Summary", "Total cost of ownership")) == (
        result.tco_total
    )
    assert sheet.value("Summary", "B", sheet.row_of("Summary", "Net present value")) == result.npv
    for scenario in result.scenarios[1:]:
        row = sheet.row_of("Scenarios", scenario.name)
        assert scenario.versus_base is not None
        assert sheet.value("Scenarios", "K", row) == scenario.versus_base.tco
    for line in result.sensitivity.lines:
        assert (
            sheet.value("Sensitivity", "D", sheet.row_of("Sensitivity", line.label)) == line.swing
        )


def saved_results_agree_with_the_formulas(sheet: Evaluated, path: Path) -> int:
    """Every formula cell carries a saved result (what a previewer or pandas shows), and it is
    what the independent evaluator computes from the formula; returns how many were checked."""
    saved = load_workbook(path, data_only=True)
    checked = 0
    for worksheet in sheet.book.worksheets:
        for row in worksheet.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                shown = saved[worksheet.title][cell.coordinate].value
                where = f"{worksheet.title}!{cell.coordinate} ={cell.value}"
                assert isinstance(shown, int | float), f"{where}: no saved result ({shown!r})"
                assert cents(shown) == sheet.value(worksheet.title, cell.column_letter, cell.row), (
                    where
                )
                checked += 1
    return checked


def test_every_formula_has_its_result_saved_for_readers_that_do_not_calculate(
    tmp_path: Path, sample: tuple[ProposalInput, ProposalResult]
) -> None:
    path = tmp_path / "figures.xlsx"
    path.write_bytes(workbook_bytes(*sample))
    checked = saved_results_agree_with_the_formulas(Evaluated(path), path)
    assert checked > 100  # item lines, yearly totals, funding, risks, scenarios, sensitivity
    # The saved results are the engine's own: the Summary's total cost as the screen shows it.
    summary = load_workbook(path, data_only=True)["Summary"]
    labels = {row[0].value: row[0].row for row in summary.iter_rows(min_col=1, max_col=1)}
    assert cents(summary.cell(labels["Total cost of ownership"], 2).value) == sample[1].tco_total
    # Excel and LibreOffice still calculate the formulas themselves on opening.
    assert load_workbook(path).calculation.fullCalcOnLoad


def test_the_summary_sheet_asks_about_savings_beyond_a_measures_target(
    sample: tuple[ProposalInput, ProposalResult],
) -> None:
    data, result = sample
    summary = load_workbook(io.BytesIO(workbook_bytes(data, result)))["Summary"]
    texts = [str(cell.value) for row in summary.iter_rows() for cell in row if cell.value]
    assert not any("against the measure" in text for text in texts)
    metrics = tuple(
        dataclasses.replace(m, target=Decimal(150000)) if m.name.startswith("Spending on printed")
        else m
        for m in data.metrics
    )  # fmt: skip
    changed = dataclasses.replace(data, metrics=metrics)
    result = compute(changed)
    (flag,) = result.savings_flags
    summary = load_workbook(io.BytesIO(workbook_bytes(changed, result)))["Summary"]
    texts = [str(cell.value) for row in summary.iter_rows() for cell in row if cell.value]
    heading = texts.index("Savings against their measures: questions they raise")
    assert texts[heading + 1] == flag.message


def _text_column_after_figures(
    sample: tuple[ProposalInput, ProposalResult], name: str, heading: str, before: str
) -> tuple[Any, int, dict[Any, tuple[Any, ...]]]:
    """The sheet, the column headed ``heading`` (checked to come right after ``before``, so
    after the figures and no formula moves) and its rows by their first cell."""
    sheet = load_workbook(io.BytesIO(workbook_bytes(*sample)))[name]
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True) if row[0]}
    header = next(row for row in rows.values() if heading in row)
    column = header.index(heading)
    assert header[column - 1] == before
    return sheet, column, rows


def test_the_funding_sheet_keeps_each_sources_notes_beside_its_figures(
    sample: tuple[ProposalInput, ProposalResult],
) -> None:
    data, result = sample
    sheet, notes_column, rows = _text_column_after_figures(sample, "Funding", "Notes", "Total")
    for source in data.funding:
        assert rows[source.name][notes_column] == source.notes
    # Among what the CFO will ask about: when the E-Rate money arrives, as in the PDF. Each
    # question is broken over rows as wide as the sheet, read one after the other.
    texts = [str(row[0]) for row in sheet.iter_rows(values_only=True) if row[0]]
    asked = " ".join(texts[texts.index("Questions the figures raise") + 1 :])
    said = asked[asked.index("E-Rate is counted in the year of the cost it discounts") :]
    assert "up to $261,240.00 in 2027–28." in said[: said.index("2027–28.") + len("2027–28.")]
    widest = sum(dimension.width for dimension in sheet.column_dimensions.values())
    assert all(len(text) <= widest for text in texts)


def test_the_risks_sheet_says_what_each_risks_figures_count(
    sample: tuple[ProposalInput, ProposalResult],
) -> None:
    """Exposure 280, likelihood 60%, cost $1,000: the sheet never said 280 teachers, nor that
    the $1,000 was a teacher's time. Each risk's description now sits after its figures."""
    data, _result = sample
    _sheet, column, rows = _text_column_after_figures(
        sample, "Risks", "Description (what the figures count)", "Mitigated by"
    )
    assert data.risks and all(risk.description for risk in data.risks)
    for risk in data.risks:
        assert rows[risk.title][column] == risk.description


def test_formula_like_text_is_neutralised_but_our_formulas_stay_formulas(
    sample: tuple[ProposalInput, ProposalResult],
) -> None:
    data, _result = sample
    items = list(data.items)
    for index, attack in enumerate(INJECTIONS):
        items[index] = dataclasses.replace(
            items[index], name=attack, vendor=attack, notes=attack, figure_source=attack
        )
    risks = [dataclasses.replace(data.risks[0], title=INJECTIONS[0]), *data.risks[1:]]
    hostile = dataclasses.replace(data, items=tuple(items), risks=tuple(risks), name="=1+1")
    result = compute(hostile)
    book = load_workbook(io.BytesIO(workbook_bytes(hostile, result)))
    texts = []
    formulas = []
    for worksheet in book.worksheets:
        for row in worksheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formulas.append(str(cell.value))
                elif isinstance(cell.value, str):
                    texts.append(cell.value)
    functions = {name for f in formulas for name in re.findall(r"([A-Z]+)\(", f)}
    assert formulas and functions <= {"SUM", "SUMIF", "ROUND", "NPV", "ABS", "MAX", "MIN"}
    for attack in INJECTIONS:
        assert "'" + attack in texts
        assert attack not in texts
    assert "'=1+1" in texts  # the proposal's name, as the Summary's title
    lines = list(csv.reader(io.StringIO(items_csv_text(hostile, result).lstrip("\ufeff"))))
    vendor = lines[0].index("Vendor")
    for index, attack in enumerate(INJECTIONS, start=1):
        assert lines[index][0] == "'" + attack
        assert lines[index][vendor] == "'" + attack


def test_items_csv_has_a_header_and_the_engines_costs(
    sample: tuple[ProposalInput, ProposalResult],
) -> None:
    data, result = sample
    text = items_csv_text(data, result)
    assert text.startswith('\ufeff"Item","Category","Cost class","Quantity",')
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == len(data.items)
    assert sum(Decimal(row["Total cost"]) for row in rows) == result.tco_total
    first_year = f"Cost {result.fiscal_year_labels[0]}"
    assert sum(Decimal(row[first_year]) for row in rows) == result.base.tco.by_year[0]
    assert rows[0]["Item"] == data.items[0].name


money = st.integers(min_value=0, max_value=2_000_000).map(lambda c: Decimal(c).scaleb(-2))
percents = st.integers(min_value=-5, max_value=15).map(lambda n: Decimal(n).scaleb(-2))


@st.composite
def small_proposals(draw: st.DrawFn) -> ProposalInput:
    """A few items, two risks and up to two funding sources over a short plan: enough to give
    costs, benefits and funding with odd cents in every year."""
    horizon = draw(st.integers(min_value=1, max_value=5))
    items = tuple(
        ItemInput(
            key=key,
            name=f"Item {key}",
            category=draw(st.sampled_from(list(ItemCategory))),
            quantity=Decimal(draw(st.integers(min_value=0, max_value=60))),
            unit_cost=draw(money),
            recurring_unit_cost=draw(money),
            lifespan_years=draw(st.one_of(st.none(), st.integers(min_value=1, max_value=4))),
            start_year=draw(st.integers(min_value=1, max_value=horizon + 1)),
            annual_savings=draw(money),
            risk_keys=tuple(draw(st.sets(st.sampled_from([1, 2]), max_size=2))),
        )
        for key in range(1, draw(st.integers(min_value=0, max_value=4)) + 1)
    )
    risks = tuple(
        RiskInput(
            key=key,
            title=f"Risk {key}",
            kind=RiskKind.FINANCIAL,
            exposure=Decimal(draw(st.integers(min_value=0, max_value=500))),
            likelihood_before=Decimal(draw(st.integers(min_value=0, max_value=100))).scaleb(-2),
            likelihood_after=Decimal(draw(st.integers(min_value=0, max_value=100))).scaleb(-2),
            cost_before=draw(money),
            cost_after=draw(money),
        )
        for key in (1, 2)
    )
    funding = tuple(
        FundingInput(
            key=key,
            name=f"Source {key}",
            # The third, E-Rate, brings the return on the cost after it into the workbook.
            kind=(FundingKind.MAINTENANCE_OPERATIONS, FundingKind.GRANT, FundingKind.E_RATE)[
                key - 1
            ],
            recurring=key == 1,
            amounts_by_year={y: draw(money) for y in range(1, horizon + 1)},
        )
        for key in range(1, draw(st.integers(min_value=0, max_value=3)) + 1)
    )
    return ProposalInput(
        name="Random proposal",
        district="Test USD",
        initiative=InitiativeKind.ONE_TO_ONE,
        fiscal_year_start=2027,
        horizon_years=horizon,
        students=draw(st.integers(min_value=1, max_value=5000)),
        discount_rate=draw(percents),
        purchase_escalation_rate=draw(percents),
        recurring_escalation_rate=draw(percents),
        items=items,
        risks=risks,
        funding=funding,
    )


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(small_proposals())
def test_random_workbooks_evaluate_to_the_engines_npv_tco_and_funding(
    tmp_path: Path, data: ProposalInput
) -> None:
    result = compute(data)
    base = result.base
    path = tmp_path / "random.xlsx"
    path.write_bytes(workbook_bytes(data, result))
    sheet = Evaluated(path)
    cash = "Cash flow by year"
    total_column = chr(ord("C") + result.horizon_years)
    npv_row = sheet.row_of(cash, "Net present value (year 1 not discounted)")
    assert sheet.value(cash, "C", npv_row) == base.returns.npv
    assert sheet.value("Summary", "B", sheet.row_of("Summary", "Net present value")) == result.npv
    tco_row = sheet.row_of(cash, "Total cost of ownership")
    assert sheet.value(cash, total_column, tco_row) == base.tco.total
    assert sheet.value("Items", "L", sheet.row_of("Items", "Total")) == base.tco.total
    funding_total = sheet.column_of("Funding", "Total")
    for label, expected in (
        ("Total funding", base.funding.total),
        ("Gap (cost not funded)", base.funding.gap_total),
        ("Surplus (funding beyond cost)", base.funding.surplus_total),
    ):
        assert sheet.value("Funding", funding_total, sheet.row_of("Funding", label)) == expected
    if result.after_e_rate_differs and base.after_e_rate is not None:
        label = f"Net present value on the cost {after_e_rate(base.funding)}"
        assert sheet.value("Summary", "B", sheet.row_of("Summary", label)) == base.after_e_rate.npv
    assert saved_results_agree_with_the_formulas(sheet, path) > 0


def test_the_summary_gives_the_rates_and_the_return_on_the_cost_after_e_rate(
    evaluated: tuple[Evaluated, ProposalResult],
) -> None:
    """A CFO found the price increases nowhere in the workbook, the discount rate only on the
    cash-flow sheet, and no word that the net present value weighs the cost before E-Rate."""
    sheet, result = evaluated
    district = result.base.after_e_rate
    assert district is not None
    npv_row = sheet.row_of("Summary", "Net present value on the cost after E-Rate")
    assert sheet.value("Summary", "B", npv_row) == district.npv
    assert sheet.book["Summary"][f"B{npv_row}"].value.startswith("='Funding'!")
    payback_row = sheet.row_of("Summary", "Payback year on the cost after E-Rate")
    assert sheet.book["Summary"][f"B{payback_row}"].value == result.payback_text(after_e_rate=True)
    # On the Funding sheet, year by year: the benefits less the cost after E-Rate.
    net_row = sheet.row_of("Funding", "Net on the cost after E-Rate")
    first = sheet.column_of("Funding", result.fiscal_year_labels[0])
    assert sheet.value("Funding", first, net_row) == district.net_by_year[0]
    # The rates, the discount rate read from the cell the net present values use.
    summary = sheet.book["Summary"]
    rate_row = sheet.row_of("Summary", "Discount rate")
    assert summary[f"B{rate_row}"].value.startswith("='Cash flow by year'!")
    purchases = sheet.row_of("Summary", "Yearly price increase (purchases)")
    recurring = sheet.row_of("Summary", "Yearly price increase (recurring costs)")
    assert (summary[f"B{purchases}"].value, summary[f"B{recurring}"].value) == (0.02, 0.03)


def test_the_rubric_sheet_says_what_the_pdf_says_at_the_top_level(
    sample: tuple[ProposalInput, ProposalResult],
) -> None:
    import pypdf

    from desktop.finance.rubric import TOP_LEVEL_NEXT_STEP
    from desktop.report import render_business_case

    book = load_workbook(io.BytesIO(workbook_bytes(*sample)))
    rows = list(book["Rubric"].iter_rows(min_row=5, values_only=True))
    top = [row for row in rows if row[1] and str(row[1]).endswith("(4 of 4)")]
    assert top and all(row[3] == TOP_LEVEL_NEXT_STEP for row in top)
    pdf = render_business_case(*sample)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert " ".join(TOP_LEVEL_NEXT_STEP.split()) in " ".join(text.split())
    # Both say what the rubric rates, and here that an Exemplary efficiency sits beside a net
    # present value below zero: a CFO read the level as value for money claimed.
    from desktop.finance.money import format_money
    from desktop.finance.rubric import RUBRIC_SCOPE, rubric_beside_return

    result = sample[1]
    beside = rubric_beside_return(result)
    assert result.npv < 0 and f"is {format_money(result.npv)}" in beside
    assert "rates Exemplary" in beside
    sheet_text = " ".join(
        str(cell) for row in book["Rubric"].iter_rows(values_only=True) for cell in row if cell
    )
    for said in (RUBRIC_SCOPE, beside):
        assert " ".join(said.split()) in " ".join(sheet_text.split())
        assert " ".join(said.split()) in " ".join(text.split())


@pytest.mark.parametrize(("rate", "shown_format"), [("0.03", "0%"), ("0.0275", "0.00%")])
def test_the_discount_rate_shows_as_entered(
    sample: tuple[ProposalInput, ProposalResult], rate: str, shown_format: str
) -> None:
    data = dataclasses.replace(sample[0], discount_rate=Decimal(rate))
    sheet = load_workbook(io.BytesIO(workbook_bytes(data, compute(data))))["Cash flow by year"]
    (cell,) = [row[2] for row in sheet.iter_rows() if row[0].value == "Discount rate"]
    assert Decimal(str(cell.value)) == Decimal(rate) and cell.number_format == shown_format


def test_a_cell_too_long_for_excel_ends_in_an_ellipsis(
    sample: tuple[ProposalInput, ProposalResult],
) -> None:
    """A risk mitigated by 150 long-named items lists them all in one cell, past the 32,767
    characters a cell holds; the cut used to be silent, as if the list were complete."""
    data, _result = sample
    long_name = "Access point with a very long descriptive name for building " * 5
    extra = [
        dataclasses.replace(data.items[0], key=1000 + n, name=f"{n} {long_name}", risk_keys=(
            data.risks[0].key,))
        for n in range(150)
    ]  # fmt: skip
    crowded = dataclasses.replace(data, items=(*data.items, *extra))
    book = load_workbook(io.BytesIO(workbook_bytes(crowded, compute(crowded))))
    longest = max(
        (cell.value for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
         if isinstance(cell.value, str)),
        key=len,
    )  # fmt: skip
    assert len(longest) == 32_767 and longest.endswith("…")


def test_saved_results_are_whole_however_the_sheets_are_cut_for_rewriting(
    tmp_path: Path, sample: tuple[ProposalInput, ProposalResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sheets are rewritten a stretch of rows at a time; stretches of 97 bytes cut rows,
    cells and formulas everywhere, and every result must still land beside its formula."""
    from desktop.sheets import saved_results

    monkeypatch.setattr(saved_results, "_CHUNK", 97)
    path = tmp_path / "cut.xlsx"
    path.write_bytes(workbook_bytes(*sample))
    assert saved_results_agree_with_the_formulas(Evaluated(path), path) > 100


def test_a_figure_with_nothing_to_divide_by_is_a_dash_not_a_blank(
    sample: tuple[ProposalInput, ProposalResult],
) -> None:
    """With no device management or hardware item the cost per device was an empty cell,
    read as a figure left out."""
    data, _result = sample
    kept = tuple(
        item for item in data.items if item.category not in (
            ItemCategory.DEVICE_MANAGEMENT, ItemCategory.HARDWARE)
    )  # fmt: skip
    changed = dataclasses.replace(data, items=kept, scenarios=())
    result = compute(changed)
    assert result.base.tco.per_device is None
    summary = load_workbook(io.BytesIO(workbook_bytes(changed, result)))["Summary"]
    (row,) = [r for r in summary.iter_rows() if str(r[0].value).startswith("Cost per managed")]
    assert row[1].value == "\u2014"


def test_a_separator_inside_a_csv_field_cannot_split_it_into_a_formula(
    sample: tuple[ProposalInput, ProposalResult],
) -> None:
    """ "Laptop;=1+2" went out unquoted (it has no comma): a spreadsheet whose list separator
    is ";" split it and ran "=1+2". Every field is quoted now."""
    data, _result = sample
    items = (dataclasses.replace(data.items[0], name="Laptop;=1+2", vendor="ok;-2+3"),
             *data.items[1:])  # fmt: skip
    changed = dataclasses.replace(data, items=items)
    text = items_csv_text(changed, compute(changed))
    line = text.splitlines()[1]
    assert line.startswith('"Laptop;=1+2",')
    assert '"ok;-2+3"' in line
    assert next(csv.reader(io.StringIO(line)))[0] == "Laptop;=1+2"


def test_savings_totals_count_only_what_the_case_counts(
    tmp_path: Path, sample: tuple[ProposalInput, ProposalResult]
) -> None:
    """The Items sheet and the CSV totalled the yearly savings as entered, an item at quantity
    0 and one starting after the plan among them, to more than the cash flow ever counts. The
    entered figure stays beside the item; the total is of what the case counts."""
    data, _result = sample
    first, second = data.items[0], data.items[1]
    items = (
        dataclasses.replace(first, quantity=Decimal(0), annual_savings=Decimal("777.77")),
        dataclasses.replace(
            second, start_year=data.horizon_years + 2, annual_savings=Decimal("999.99")
        ),
        *data.items[2:],
    )
    changed = dataclasses.replace(data, items=items, scenarios=())
    result = compute(changed)
    counted = result.base.benefits.savings_total
    path = tmp_path / "savings.xlsx"
    path.write_bytes(workbook_bytes(changed, result))
    sheet = Evaluated(path)
    items_sheet = sheet.book["Items"]
    headers = [cell.value for cell in items_sheet[4]]
    saved = chr(ord("A") + headers.index("Savings (5 years)"))
    entered = chr(ord("A") + headers.index("Annual savings as entered"))
    total_row = sheet.row_of("Items", "Total")
    assert sheet.value("Items", saved, total_row) == counted  # the formula, evaluated
    assert items_sheet[f"{entered}{total_row}"].value is None  # inputs are not totalled
    assert cents(items_sheet[f"{entered}5"].value) == Decimal("777.77")  # as entered, kept
    assert items_sheet[f"{saved}5"].value == 0 and items_sheet[f"{saved}6"].value == 0

    rows = list(csv.DictReader(io.StringIO(items_csv_text(changed, result).lstrip("\ufeff"))))
    assert sum(Decimal(row["Savings over the plan"]) for row in rows) == counted
    assert rows[0]["Annual savings as entered"] == "777.77"


def test_the_cash_flow_sheet_adds_up_the_cost_of_each_category_by_year(
    evaluated: tuple[Evaluated, ProposalResult],
) -> None:
    """The PDF's cost page has the cost of each category; the workbook, said to hold "every
    figure by year, item, category …", left the staff to add it up from the item lines."""
    sheet, result = evaluated
    cash = "Cash flow by year"
    years = result.horizon_years
    columns = [chr(ord("C") + index) for index in range(years + 1)]
    costed = [cost for cost in result.base.tco.by_category if cost.line.total]
    assert len(costed) >= 5
    heading = sheet.row_of(cash, "Cost by category")
    for offset, cost in enumerate(costed, start=1):
        row = heading + offset
        assert sheet.book[cash].cell(row, 1).value == cost.category.label
        shown = [sheet.value(cash, column, row) for column in columns]
        assert shown == [*cost.line.by_year, cost.line.total], cost.category.label
    total = sheet.row_of(cash, "Total, all categories")
    assert [sheet.value(cash, column, total) for column in columns] == [
        *result.base.tco.by_year,
        result.base.tco.total,
    ]


def test_the_funding_sheet_shows_money_not_yet_secured_and_the_gap_without_it(
    tmp_path: Path, sample: tuple[ProposalInput, ProposalResult]
) -> None:
    """A grant not yet awarded is counted in the total, then taken out in a line of its own:
    the gap without it is a formula the CFO can follow, and it agrees with the PDF's."""
    from tests.finance.finance_factories import with_grant_pending

    data, grant = with_grant_pending(sample[0])
    result = compute(data)
    funding = result.base.funding
    assert funding.pending_total == sum(grant.amounts_by_year.values()) > 0
    assert funding.gap_without_pending_total > funding.gap_total == 0
    path = tmp_path / "pending.xlsx"
    path.write_bytes(workbook_bytes(data, result))
    sheet = Evaluated(path)
    pending_row = sheet.row_of("Funding", "Not yet secured (counted above)")
    without_row = sheet.row_of("Funding", "Gap without the money not yet secured")
    total = sheet.column_of("Funding", "Total")
    assert sheet.value("Funding", total, pending_row) == funding.pending_total
    assert sheet.value("Funding", total, without_row) == funding.gap_without_pending_total
    for year, expected in enumerate(funding.gap_without_pending_by_year):
        assert sheet.value("Funding", get_column_letter(5 + year), without_row) == expected
    # Each source says whether its money is secured, so the CFO sees which line the gap hangs on.
    funding_sheet = sheet.book["Funding"]
    header = next(r for r in funding_sheet.iter_rows(values_only=True) if r[0] == "Funding source")
    secured = {
        row[0]: row[header.index("Secured")]
        for row in funding_sheet.iter_rows(values_only=True)
        if row[0] in {source.name for source in data.funding}
    }
    assert secured[grant.name] == "No"
    assert set(secured.values()) == {"Yes", "No"} and len(secured) == len(data.funding)
    # The Summary's key figures give both gaps, each a reference to the Funding sheet.
    summary_row = sheet.row_of("Summary", "Funding gap without the money not yet secured")
    assert sheet.value("Summary", "B", summary_row) == funding.gap_without_pending_total
    assert sheet.book["Summary"][f"B{summary_row}"].value == f"='Funding'!{total}{without_row}"
    # The gap that counts that money says so, as the case's tables say it.
    label = "Funding gap if the money not yet secured comes in"
    gap_row = sheet.row_of("Funding", label)
    assert sheet.value("Funding", total, gap_row) == funding.gap_total
    assert sheet.value("Summary", "B", sheet.row_of("Summary", label)) == funding.gap_total
    assert saved_results_agree_with_the_formulas(sheet, path) > 100
    # Not shown at all when every source is secured.
    plain = load_workbook(io.BytesIO(workbook_bytes(*sample)))["Funding"]
    labels = {row[0] for row in plain.iter_rows(values_only=True)}
    assert "Total funding" in labels and "Not yet secured (counted above)" not in labels
    summary = load_workbook(io.BytesIO(workbook_bytes(*sample)))["Summary"]
    summary_labels = {row[0] for row in summary.iter_rows(values_only=True)}
    assert "Funding gap" in summary_labels
    assert "Funding gap without the money not yet secured" not in summary_labels


def test_the_sensitivity_sheet_writes_its_step_as_the_case_does(
    sample: tuple[ProposalInput, ProposalResult],
) -> None:
    """The sheet's headings read "20 % lower", the case and the Review "20%"."""
    sheet = load_workbook(io.BytesIO(workbook_bytes(*sample)))["Sensitivity"]
    headings = {cell.value for row in sheet.iter_rows() for cell in row if cell.value}
    assert {"NPV with it 20% lower", "NPV with it 20% higher"} <= headings


def test_the_cost_after_e_rate_agrees_on_every_surface(
    tmp_path: Path, sample: tuple[ProposalInput, ProposalResult]
) -> None:
    """What the CFO reads as the district's share, the cost less the federal discount, was in
    no table: the case said how much was E-Rate and left the subtraction to the reader."""
    from desktop.finance.money import format_money
    from desktop.finance.summary import summary_json
    from desktop.report import render_business_case
    from desktop.ui.review_text import headline_figures
    from tests.report.report_support import read_back

    data, result = sample
    funding = result.base.funding
    e_rate = [s for s in funding.sources if s.kind is FundingKind.E_RATE]
    assert funding.e_rate_total == sum((s.total for s in e_rate), Decimal(0)) > 0
    assert funding.cost_after_e_rate_total == result.tco_total - funding.e_rate_total
    assert funding.cost_after_e_rate_by_year == tuple(
        cost - sum((s.by_year[year] for s in e_rate), Decimal(0))
        for year, cost in enumerate(result.base.tco.by_year)
    )
    shown = format_money(funding.cost_after_e_rate_total)

    path = tmp_path / "e-rate.xlsx"
    path.write_bytes(workbook_bytes(data, result))
    sheet = Evaluated(path)
    row = sheet.row_of("Funding", "Cost after E-Rate")
    total = sheet.column_of("Funding", "Total")
    assert sheet.value("Funding", total, row) == funding.cost_after_e_rate_total
    for year, expected in enumerate(funding.cost_after_e_rate_by_year):
        assert sheet.value("Funding", get_column_letter(5 + year), row) == expected
    assert saved_results_agree_with_the_formulas(sheet, path) > 100

    pdf = " ".join(read_back(render_business_case(data, result)).text.split())
    assert f"(after E-Rate the plan costs {shown})" in pdf
    yearly = " ".join(map(format_money, funding.cost_after_e_rate_by_year))
    assert f"Cost of the plan after E-Rate {yearly} {shown}" in pdf
    [card] = [f for f in headline_figures(result) if f.label.startswith("Total cost")]
    assert card.note == f"After E-Rate: {shown}"
    assert summary_json(result)["funding"]["cost_after_e_rate_total"] == str(
        funding.cost_after_e_rate_total
    )

    # Without E-Rate, no line says it.
    plain = dataclasses.replace(
        data, funding=tuple(s for s in data.funding if s.kind is not FundingKind.E_RATE)
    )
    plain_result = compute(plain)
    assert plain_result.base.funding.e_rate_total == 0
    labels = {
        r[0]
        for r in load_workbook(io.BytesIO(workbook_bytes(plain, plain_result)))[
            "Funding"
        ].iter_rows(values_only=True)
    }
    assert "Cost after E-Rate" not in labels
    assert "after E-Rate" not in read_back(render_business_case(plain, plain_result)).text


def test_e_rate_not_yet_secured_is_not_taken_off_the_cost(
    tmp_path: Path, sample: tuple[ProposalInput, ProposalResult]
) -> None:
    """E-Rate only applied for was subtracted as if awarded, and the Review card called the
    rest what the district's budgets carry; E-Rate above the cost read "the plan costs −$…"."""
    from desktop.finance.money import format_money
    from desktop.report import render_business_case
    from desktop.ui.review_text import headline_figures
    from tests.report.report_support import read_back

    data, _result = sample
    first = next(s for s in data.funding if s.kind is FundingKind.E_RATE)
    pending = dataclasses.replace(
        data,
        funding=tuple(dataclasses.replace(s, secured=False) if s is first else s
                      for s in data.funding),
    )  # fmt: skip
    result = compute(pending)
    funding = result.base.funding
    secured = sum(
        (s.total for s in funding.sources if s.kind is FundingKind.E_RATE and s.secured),
        Decimal(0),
    )
    assert 0 < secured < funding.e_rate_total
    assert funding.cost_after_e_rate_total == result.tco_total - secured
    shown = format_money(funding.cost_after_e_rate_total)
    pdf = " ".join(read_back(render_business_case(pending, result)).text.split())
    assert f"(after the E-Rate secured the plan costs {shown})" in pdf
    assert "Cost of the plan after the E-Rate secured" in pdf
    [card] = [f for f in headline_figures(result) if f.label.startswith("Total cost")]
    assert card.note == f"After the E-Rate secured: {shown}"
    path = tmp_path / "pending.xlsx"
    path.write_bytes(workbook_bytes(pending, result))
    sheet = Evaluated(path)
    row = sheet.row_of("Funding", "Cost after the E-Rate secured")
    assert sheet.value("Funding", sheet.column_of("Funding", "Total"), row) == (
        funding.cost_after_e_rate_total
    )

    # E-Rate past the whole cost: said so, not "the plan costs −$…".
    lavish = dataclasses.replace(
        data,
        funding=tuple(
            dataclasses.replace(s, amounts_by_year={1: Decimal("99000000")})
            if s is first else s
            for s in data.funding
        ),
    )  # fmt: skip
    text = " ".join(read_back(render_business_case(lavish, compute(lavish))).text.split())
    assert "(the E-Rate secured comes to more than the plan costs)" in text
    assert "the plan costs −" not in text


def test_sheet_titles_drop_a_direction_override_as_their_cells_do(
    sample: tuple[ProposalInput, ProposalResult],
) -> None:
    """A proposal named "Lap" + U+202E + "pot" kept the override in each sheet's title row,
    where it showed as "Laptop"; the cells below drop it."""
    data, _result = sample
    spoof = dataclasses.replace(data, name="Lap\u202epot plan\u202d =1+1")
    book = load_workbook(io.BytesIO(workbook_bytes(spoof, compute(spoof))))
    titles = [str(sheet["A1"].value) for sheet in book.worksheets]
    assert titles and all("Lappot plan =1+1" in title for title in titles), titles
    assert not any(mark in title for title in titles for mark in "\u202d\u202e")


def test_money_columns_are_wide_enough_for_the_largest_amount_in_any_currency(
    sample: tuple[ProposalInput, ProposalResult],
) -> None:
    """In Canadian dollars the year columns, 15 characters wide whatever the currency, showed
    "CAD 10,000,000.00" as ######## in Excel."""
    import dataclasses

    data = sample[0]
    bigger = dataclasses.replace(
        data,
        currency="CAD",
        items=tuple(
            dataclasses.replace(item, unit_cost=item.unit_cost * 10,
                                recurring_unit_cost=item.recurring_unit_cost * 10)
            for item in data.items
        ),
    )  # fmt: skip
    result = compute(bigger)
    assert result.tco_total > Decimal("10000000")
    book = load_workbook(io.BytesIO(workbook_bytes(bigger, result)), data_only=True)
    checked = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if not isinstance(cell.value, int | float) or "CAD" not in cell.number_format:
                    continue
                shown = f"{'-' if cell.value < 0 else ''}CAD {abs(cell.value):,.2f}"
                # Excel's width counts digits; the punctuation and the space are narrower.
                narrow = sum(1 for character in shown if character in ",.- ")
                needed = len(shown) - narrow / 2 + 1
                width = sheet.column_dimensions[cell.column_letter].width
                assert width >= needed, (sheet.title, cell.coordinate, shown, width)
                checked += 1
    assert checked > 200


def test_the_cash_flow_rows_are_named_as_the_case_names_them(
    sample: tuple[ProposalInput, ProposalResult],
) -> None:
    """The case said "Running net position" and "Benefit: savings", the workbook "Cumulative
    net" and "Savings from items": a CFO reconciling the two had to guess they were one."""
    import pypdf

    from desktop.report import render_business_case

    labels = {
        row[0] for row in load_workbook(io.BytesIO(workbook_bytes(*sample)))[
            "Cash flow by year"
        ].iter_rows(values_only=True) if row and row[0]
    }  # fmt: skip
    pdf = render_business_case(*sample)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    for name in ("Benefit: cost avoided", "Benefit: savings", "Running net position"):
        assert name in labels and name in text, name


def test_the_summarys_names_are_never_cut_by_the_value_beside_them(
    sample: tuple[ProposalInput, ProposalResult],
) -> None:
    """With some E-Rate only applied for, "Payback year on the cost after the E-Rate secured"
    (49 characters) ran under the value in a column 44 wide."""
    import dataclasses

    data = sample[0]
    applied = dataclasses.replace(
        next(s for s in data.funding if s.kind is FundingKind.E_RATE), key=99, secured=False,
        name="Category 2 applied for",
    )  # fmt: skip
    data = dataclasses.replace(data, funding=(*data.funding, applied))
    sheet = load_workbook(io.BytesIO(workbook_bytes(data, compute(data))))["Summary"]
    width = sheet.column_dimensions["A"].width
    names = [row[0] for row in sheet.iter_rows(values_only=True) if row[0] and row[1] is not None]
    assert "Payback year on the cost after the E-Rate secured" in names
    assert all(len(name) + 1 <= width for name in names), max(names, key=len)
