"""The Review and Export steps as the director meets them: the engine's exact figures on screen,
charts that add up to the result, the problems listed instead of stale charts, and exports written
off the GUI thread into files that open again."""

from __future__ import annotations

import html
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument, QUndoStack
from PySide6.QtWidgets import QGraphicsView, QLabel, QScrollArea
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.finance import compute
from desktop.finance.after_plan import after_plan_note, recurring_after_note, remaining_value_note
from desktop.finance.money import format_money
from desktop.finance.result import ProposalResult
from desktop.models import Item, Metric, Scenario
from desktop.services.library import Library
from desktop.services.snapshot import proposal_input
from desktop.ui import charts
from desktop.ui.context import ProposalContext
from desktop.ui.review_text import headline_figures, scenario_rows
from desktop.ui.steps import export as export_step
from desktop.ui.steps.export import FORMATS_BY_KEY, ExportPage, export_function
from desktop.ui.steps.review import ReviewPage
from desktop.ui.workers import BackgroundJob
from desktop.wording import left_to_right

# Showing a top-level window on the headless platform prints this harmless notice; the pages are
# shown (not only built) so the code that runs when a page appears is tested too.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _context(qtbot: QtBot, library: Library, proposal_id: int) -> Iterator[ProposalContext]:
    context = ProposalContext(library, proposal_id, QUndoStack())
    context.recalculate_now()
    qtbot.waitUntil(lambda: not context.busy, timeout=10_000)
    yield context
    context.wait_for_idle()


@pytest.fixture
def context(qtbot: QtBot, library: Library, sample_id: int) -> Iterator[ProposalContext]:
    yield from _context(qtbot, library, sample_id)


@pytest.fixture
def expected(library: Library, sample_id: int) -> ProposalResult:
    return compute(proposal_input(library, sample_id))


def _review(qtbot: QtBot, context: ProposalContext) -> ReviewPage:
    page = ReviewPage(context)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    return page


# --- Review ------------------------------------------------------------------------------------


def _plain(shown: str) -> str:
    """A label's text as read, without the word joiners and no-break spaces that only steer
    line breaks."""
    return shown.replace("\u2060", "").replace("\u00a0", " ")


def test_review_shows_the_engines_headline_figures_to_the_cent(
    qtbot: QtBot, context: ProposalContext, expected: ProposalResult
) -> None:
    page = _review(qtbot, context)
    # Labels as read (a no-break space holds "(5 years)" on one line on a narrow card).
    shown = {
        label.replace("\u00a0", " "): value.text() for label, value in page.figure_values.items()
    }
    years = expected.horizon_years
    assert shown[f"Total cost of ownership ({years} years)"] == format_money(expected.tco_total)
    assert f"({years}\u00a0years)" in next(iter(page.figure_values))
    assert shown["Net present value"] == format_money(expected.npv)
    # Under the NPV and the payback, the same on budget savings alone.
    notes = {label: _plain(note.text()) for label, note in page.figure_notes.items()}
    # And on the cost after E-Rate, the district's side of the federal discount.
    district = expected.base.after_e_rate
    assert district is not None
    assert notes["Net present value"] == (
        f"Budget savings alone: {format_money(expected.base.savings_only.npv)}\n"
        f"On the cost after E-Rate: {format_money(district.npv)}"
    )
    assert notes["Payback"] == (
        f"Budget savings alone: {expected.payback_text(savings_only=True)}\n"
        f"On the cost after E-Rate: {expected.payback_text(after_e_rate=True)}"
    )
    assert all(note.isVisible() for note in page.figure_notes.values())
    # Among what the CFO will ask about: the replacements due after the plan.
    questions = page.findChild(QLabel, "cfoQuestions")
    assert questions is not None and questions.isVisible()
    assert html.escape(after_plan_note(expected.after_plan, expected.currency)) in questions.text()
    going_on = recurring_after_note(expected.after_plan, expected.currency)
    assert going_on and html.escape(going_on) in questions.text()
    assert shown["Cost per student per year"] == format_money(expected.per_student_per_year)
    assert shown["Funding gap"] == format_money(expected.funding_gap)
    assert page.stack.currentWidget() is page.tabs
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Overview", "Cash and funding", "Risk", "Scenarios", "Sensitivity",
        "Rubric",
    ]  # fmt: skip
    assert "rubric self-assessment" in page.tabs.tabToolTip(5)
    # Every headline figure explains itself in plain words.
    assert all(len(figure.explanation) > 40 for figure in headline_figures(expected))


def test_cost_chart_has_one_value_per_plan_year_adding_up_to_the_yearly_cost(
    expected: ProposalResult,
) -> None:
    chart = charts.cost_by_year(expected)
    years = expected.horizon_years
    assert chart.categories == expected.fiscal_year_labels
    assert all(len(series.values) == years for series in chart.sets)
    assert chart.totals() == expected.base.tco.by_year
    # The sample has ten categories: the smallest share one segment so grey print stays legible.
    assert len(chart.sets) <= charts.MAX_COST_SETS
    assert chart.sets[-1].label.endswith("more categories")  # not "Other", itself a category


def test_cash_funding_and_risk_charts_carry_the_results_figures(expected: ProposalResult) -> None:
    base = expected.base
    net = charts.net_position(expected)
    assert net.cumulative_by_year == base.returns.cumulative_by_year
    assert net.net_by_year == base.returns.net_by_year
    assert (net.payback_index is None) == (base.returns.payback_year is None)

    funding = charts.funding_by_year(expected)
    assert funding.totals() == base.funding.by_year
    assert funding.line is not None and funding.line.values == base.tco.by_year

    risks = charts.risk_exposure(expected)
    assert len(risks.labels) == len(base.benefits.risks)
    assert sum(risks.first.values) == sum(r.expected_loss_before for r in base.benefits.risks)
    assert list(risks.first.values) == sorted(risks.first.values, reverse=True)

    swings = charts.sensitivity_swings(expected)
    top = expected.sensitivity.lines[0]
    assert swings.labels[0] == top.label
    assert abs(swings.first.values[0] - swings.second.values[0]) == top.swing


def test_risk_chart_keeps_only_the_largest_risks_when_there_are_many(
    expected: ProposalResult,
) -> None:
    risks = expected.base.benefits.risks
    chart = charts.risk_exposure(expected, limit=3)
    assert len(chart.labels) == 3
    assert f"3 largest of {len(risks)}" in chart.title
    largest = max(risks, key=lambda risk: risk.expected_loss_before)
    assert chart.labels[0] == largest.title


def test_money_axis_ticks_are_round_and_cover_the_data() -> None:
    ticks = charts.money_ticks(Decimal("-439900.80"), Decimal("120000"))
    assert ticks[0] <= Decimal("-439900.80") and ticks[-1] >= Decimal("120000")
    assert Decimal(0) in ticks
    steps = {b - a for a, b in zip(ticks, ticks[1:], strict=False)}
    assert steps == {Decimal(200000)}  # 560k over about five intervals: round 200k steps
    assert 4 <= len(ticks) - 1 <= 6


def test_scenarios_table_lists_the_proposal_first_then_each_scenario(
    qtbot: QtBot, context: ProposalContext, expected: ProposalResult
) -> None:
    page = _review(qtbot, context)
    table = page.scenario_table
    assert table is not None
    assert table.columnCount() == 5  # the figures' names, "As proposed", lean, recommended, full
    names = [table.horizontalHeaderItem(column).text() for column in range(1, 5)]
    assert names == [scenario.name for scenario in expected.scenarios]
    assert names[0] == "As proposed"
    figures = [table.item(row, 0).text() for row in range(table.rowCount())]
    assert figures[0] == "Total cost" and figures[2] == "Net present value"
    for column, scenario in enumerate(expected.scenarios, start=1):
        assert table.item(0, column).text() == format_money(scenario.tco.total)
        assert table.item(2, column).text() == format_money(scenario.returns.npv)
    lean = scenario_rows(expected)[1]
    assert lean[7].startswith("−$")  # the lean plan costs less than the proposal
    # Every figure of every scenario is in view without scrolling sideways.
    page.resize(850, 700)
    assert table.horizontalHeader().length() <= table.viewport().width()
    # Under the table, why the cheaper "Lean" with the better return is not the proposal.
    from desktop.finance.scenarios import beyond_the_best_note

    note = beyond_the_best_note(expected)
    assert note.startswith("“Lean” returns more on paper")
    said = [label.text() for label in table.parentWidget().findChildren(QLabel)]
    assert left_to_right(note) in said  # read left to right, whatever the first name's script


def test_rubric_shows_the_four_elements_with_level_and_next_steps(
    qtbot: QtBot, context: ProposalContext, expected: ProposalResult
) -> None:
    page = _review(qtbot, context)
    titles = [label.text() for label in page.rubric_titles]
    assert len(titles) == 4
    # Above the levels, what they rate: not whether the plan pays back.
    from desktop.finance.rubric import RUBRIC_SCOPE, rubric_beside_return

    assert page.rubric_scope.text() == f"{RUBRIC_SCOPE} {rubric_beside_return(expected)}"
    for title, assessment in zip(titles, expected.rubric, strict=True):
        assert assessment.label in title
        assert assessment.level.label in title
        assert "●" * int(assessment.level) in title


def test_sensitivity_table_ranks_the_drivers(
    qtbot: QtBot, context: ProposalContext, expected: ProposalResult
) -> None:
    page = _review(qtbot, context)
    table = page.sensitivity_table
    assert table is not None
    assert table.rowCount() == len(expected.sensitivity.lines)
    top = expected.sensitivity.lines[0]
    assert table.item(0, 0).text() == top.label
    assert table.item(0, 3).text() == format_money(top.swing)


def test_savings_beyond_a_measures_target_are_among_the_cfos_questions(
    qtbot: QtBot, library: Library, sample_id: int
) -> None:
    """The sample's curriculum saves $100,800 a year against a print-spending measure; with a
    target that takes only $90,000 off, the Review asks which figure is right."""
    page = _review(qtbot, next(_context(qtbot, library, sample_id)))
    questions = page.findChild(QLabel, "cfoQuestions")
    assert questions is not None and "against the measure" not in questions.text()
    with library.transaction() as session:
        measure = session.scalars(
            select(Metric).where(Metric.proposal_id == sample_id, Metric.unit == "USD")
        ).all()
        printing = next(m for m in measure if m.name.startswith("Spending on printed"))
        printing.target = Decimal(150000)
    for context in _context(qtbot, library, sample_id):
        assert context.result is not None
        (flag,) = context.result.savings_flags
        page = _review(qtbot, context)
        questions = page.findChild(QLabel, "cfoQuestions")
        assert questions is not None and questions.isVisible()
        assert html.escape(flag.message) in questions.text()
        assert "$90,000 a year its target takes off" in flag.message


def test_the_review_asks_about_the_use_left_after_the_plan(
    qtbot: QtBot, library: Library, sample_id: int
) -> None:
    """The sample's purchases leave little of their use past the plan, under 5% of its cost, so
    the Review keeps quiet; a fleet of student devices bought again in its last year leaves
    three years of four, and the Review says so, to the cent."""
    page = _review(qtbot, next(_context(qtbot, library, sample_id)))
    questions = page.findChild(QLabel, "cfoQuestions")
    assert questions is not None and "last beyond it" not in questions.text()
    with library.transaction() as session:
        pool = session.scalars(
            select(Item).where(Item.proposal_id == sample_id, Item.name.startswith("Spare"))
        ).one()
        pool.name, pool.quantity = "Student devices", Decimal(3780)
    for context in _context(qtbot, library, sample_id):
        result = context.result
        assert result is not None
        largest = result.after_plan.remaining_largest
        assert largest is not None and largest.name == "Student devices"
        told = remaining_value_note(result.after_plan, result.currency)
        assert told.startswith("Purchases late in the plan last beyond it: ")
        assert format_money(result.after_plan.remaining_value) in told
        page = _review(qtbot, context)
        questions = page.findChild(QLabel, "cfoQuestions")
        assert questions is not None and questions.isVisible()
        assert html.escape(told) in _plain(questions.text())


def test_right_to_left_and_long_names_keep_the_review_readable(
    qtbot: QtBot, library: Library, sample_id: int
) -> None:
    """A question starting with a Hebrew item name was drawn right-to-left, its full stop at the
    far left; a 200-character scenario name made its column wider than the window."""
    hebrew = "\u05ea\u05d5\u05db\u05e0\u05ea \u05dc\u05d9\u05de\u05d5\u05d3"
    with library.transaction() as session:
        printing = session.scalars(
            select(Metric).where(
                Metric.proposal_id == sample_id, Metric.name.startswith("Spending on printed")
            )
        ).one()
        printing.target = Decimal(150000)
        licenses = session.scalars(
            select(Item).where(Item.proposal_id == sample_id, Item.name.startswith("Digital"))
        ).one()
        licenses.name = hebrew
        lean = session.scalars(
            select(Scenario).where(Scenario.proposal_id == sample_id, Scenario.name == "Lean")
        ).one()
        lean.name = "Lean " + "x" * 195
    for context in _context(qtbot, library, sample_id):
        page = _review(qtbot, context)
        questions = page.findChild(QLabel, "cfoQuestions")
        assert questions is not None
        assert f"<li>\u200e\u201c\u2068{hebrew}\u2069\u201d counts" in questions.text()
        table = page.scenario_table
        headings = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
        cut = "Lean xxxxxxxxxx\u2026" + "x" * 16  # cut in the middle: names differ at the end
        assert cut in headings
        assert all(len(heading) <= 32 for heading in headings)
        lean_column = headings.index(cut)
        assert lean.name in table.horizontalHeaderItem(lean_column).toolTip()


def test_a_proposal_that_cannot_be_computed_lists_its_problems_instead_of_charts(
    qtbot: QtBot, library: Library, sample_id: int
) -> None:
    # A value the input gate refuses, as an older or damaged file might still hold.
    with library.transaction() as session:
        item = session.scalars(select(Item).where(Item.proposal_id == sample_id)).first()
        assert item is not None
        item.quantity = Decimal(-5)
        name = item.name
    for context in _context(qtbot, library, sample_id):
        assert context.result is None
        page = _review(qtbot, context)
        assert page.stack.currentWidget() is page.problems_page
        lines = [page.problems_list.item(i).text() for i in range(page.problems_list.count())]
        assert f"Item “{name}”, quantity: cannot be negative" in " ".join(lines)
        assert not any("items[" in line for line in lines)  # the director's words, no path
        assert "cannot be worked out" in page.problems_heading.text()


def test_a_proposal_without_scenarios_says_how_to_add_them(qtbot: QtBot, library: Library) -> None:
    from desktop.services.proposals import create_proposal

    proposal_id = create_proposal(library, "Plain plan", students=500)
    for context in _context(qtbot, library, proposal_id):
        page = _review(qtbot, context)
        assert page.scenario_table is not None and page.scenario_table.columnCount() == 2
        scenario_tab = page.tabs.widget(3)
        texts = [label.text() for label in scenario_tab.findChildren(QLabel)]
        assert any("no other scenarios" in text for text in texts)
        assert any("Scenarios tab of the Items step" in text for text in texts)
        # No empty chart grids: the overview says what to add instead.
        overview = page.tabs.widget(0)
        assert overview is not None
        assert not overview.findChildren(QGraphicsView)
        notes = [label.text() for label in overview.findChildren(QLabel)]
        assert any("No items yet" in text for text in notes)


# --- Export ------------------------------------------------------------------------------------


def _export_page(qtbot: QtBot, context: ProposalContext) -> ExportPage:
    page = ExportPage(context)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    return page


def _export(
    qtbot: QtBot, page: ExportPage, monkeypatch: pytest.MonkeyPatch, key: str, target: Path
) -> dict[str, Any]:
    """Choose ``key``, answer the save dialog with ``target``, wait for the worker to finish."""
    seen: dict[str, Any] = {}
    original = export_step.produce_export

    def spy(*args: Any, **kwargs: Any) -> Path:
        seen["thread"] = threading.current_thread()
        return original(*args, **kwargs)

    def save_dialog(_parent: Any, _caption: str, suggested: Path, _filter: str) -> Path:
        seen["suggested"] = suggested
        return target

    monkeypatch.setattr(export_step, "produce_export", spy)
    monkeypatch.setattr(export_step, "ask_save_path", save_dialog)
    page.select(key)
    page.export_button.click()
    assert page.job is not None
    qtbot.waitUntil(lambda: not page.job.running, timeout=20_000)
    return seen


def test_export_proposal_json_off_the_gui_thread_and_it_imports_again(
    qtbot: QtBot,
    context: ProposalContext,
    library: Library,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from desktop.services.proposal_format import import_file
    from desktop.services.proposals import proposal_name

    page = _export_page(qtbot, context)
    seen = _export(qtbot, page, monkeypatch, "proposal_json", tmp_path / "riverside")
    saved = tmp_path / "riverside.json"  # the extension is added when it was left out
    assert page.last_saved == saved, page.last_error
    assert seen["thread"] is not threading.main_thread()
    assert seen["suggested"].suffix == ".json"
    assert "Saved" in page.status.text() and "Open folder" in page.status.text()
    copy_id = import_file(library, saved)
    assert proposal_name(library, copy_id).startswith("Riverside")
    assert context.result is not None
    assert compute(proposal_input(library, copy_id)).tco_total == context.result.tco_total


def test_a_proposal_file_its_own_import_would_refuse_is_not_written(
    qtbot: QtBot,
    library: Library,
    sample_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the figures blank (thirty years at −50%), the page said the proposal file "can
    still be saved", and Export wrote one that Buy-In then refused to open. Both proposal
    files now wait for the figures, as the other exports do: the page says so, and Export
    names the problem before asking for a file name."""
    from desktop.services.editing import update_proposal

    update_proposal(library, sample_id, {"horizon_years": 30, "discount_rate": Decimal("-0.5")})
    asked: list[str] = []
    monkeypatch.setattr(export_step, "ask_save_path", lambda *args: asked.append(args[1]))
    for context in _context(qtbot, library, sample_id):
        page = _export_page(qtbot, context)
        assert "can still be saved" not in page.figures.text()
        assert "Every export waits for them, the proposal files too" in page.figures.text()
        for key in ("proposal_json", "shareable"):
            page.select(key)
            page.export_button.click()
            assert page.job is None and asked == []
            assert "net present value" in page.last_error
            assert "Could not save" in page.status.text()


def _available(page: ExportPage, key: str) -> None:
    """Every export exists in this version: a missing or placeholder one is a failure."""
    assert export_function(FORMATS_BY_KEY[key]) is not None, f"{key} is missing"
    assert page.buttons[key].isEnabled(), page.buttons[key].text()
    assert export_step.NOT_AVAILABLE not in page.last_error, page.last_error


@pytest.mark.parametrize("key", ["full_pdf", "handout_pdf"])
def test_export_pdf_writes_a_pdf_with_the_engines_total_cost(
    qtbot: QtBot,
    context: ProposalContext,
    expected: ProposalResult,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    key: str,
) -> None:
    import io

    from pypdf import PdfReader

    page = _export_page(qtbot, context)
    _available(page, key)
    page.select(key, paper="a4")
    _export(qtbot, page, monkeypatch, key, tmp_path / "case.pdf")
    _available(page, key)
    assert page.last_saved == tmp_path / "case.pdf", page.last_error
    data = page.last_saved.read_bytes()
    assert data.startswith(b"%PDF")
    text = "".join(pdf_page.extract_text() for pdf_page in PdfReader(io.BytesIO(data)).pages)
    assert format_money(expected.tco_total, expected.currency) in text


def test_export_workbook_summary_holds_the_engines_total_cost(
    qtbot: QtBot,
    context: ProposalContext,
    expected: ProposalResult,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import formulas
    import openpyxl

    page = _export_page(qtbot, context)
    _available(page, "workbook")
    _export(qtbot, page, monkeypatch, "workbook", tmp_path / "figures.xlsx")
    _available(page, "workbook")
    assert page.last_saved == tmp_path / "figures.xlsx", page.last_error
    assert page.last_saved.read_bytes().startswith(b"PK")
    summary = openpyxl.load_workbook(page.last_saved)["Summary"]
    [row] = [
        cells[0].row
        for cells in summary.iter_rows(min_col=1, max_col=1)
        if cells[0].value == "Total cost of ownership"
    ]
    # The cell may be a formula: an independent evaluator works it out, as Excel would.
    solution = formulas.ExcelModel().loads(str(page.last_saved)).finish().calculate()
    value = solution[f"'[figures.xlsx]SUMMARY'!B{row}"].value[0][0]
    shown = Decimal(repr(float(value))).quantize(Decimal("0.01"))
    assert shown == expected.tco_total


def test_export_items_csv_lists_every_item(
    qtbot: QtBot,
    context: ProposalContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = _export_page(qtbot, context)
    _available(page, "items_csv")
    _export(qtbot, page, monkeypatch, "items_csv", tmp_path / "items.csv")
    _available(page, "items_csv")
    assert page.last_saved == tmp_path / "items.csv", page.last_error
    text = page.last_saved.read_text(encoding="utf-8-sig")
    assert context.proposal_input is not None
    for item in context.proposal_input.items:
        assert item.name.split(",")[0] in text


def test_export_shareable_file_opens_as_a_new_proposal(
    qtbot: QtBot,
    context: ProposalContext,
    library: Library,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from desktop.services.proposal_files import import_proposal_file

    page = _export_page(qtbot, context)
    _available(page, "shareable")
    _export(qtbot, page, monkeypatch, "shareable", tmp_path / "for the cfo.buyin")
    assert page.last_saved == tmp_path / "for the cfo.buyin", page.last_error
    copy_id = import_proposal_file(library, page.last_saved)
    assert context.result is not None
    assert compute(proposal_input(library, copy_id)).npv == context.result.npv


def test_a_failed_export_says_why_and_writes_nothing(
    qtbot: QtBot,
    context: ProposalContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = _export_page(qtbot, context)
    missing = tmp_path / "no such folder" / "case.json"
    _export(qtbot, page, monkeypatch, "proposal_json", missing)
    assert page.last_saved is None
    assert "does not exist" in page.last_error
    assert "Could not save" in page.status.text()
    assert not missing.parent.exists()
    assert page.export_button.isEnabled()  # ready to try again


def test_an_export_missing_from_this_version_is_shown_disabled(
    qtbot: QtBot, context: ProposalContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = export_step.export_function
    monkeypatch.setattr(
        export_step,
        "export_function",
        lambda export: None if export.key == "shareable" else real(export),
    )
    page = _export_page(qtbot, context)
    button = page.buttons["shareable"]
    assert not button.isEnabled()
    assert "not available in this version" in button.text()
    assert page.buttons["proposal_json"].isEnabled()


def test_paper_size_only_applies_to_pdfs(qtbot: QtBot, context: ProposalContext) -> None:
    page = _export_page(qtbot, context)
    page.buttons["proposal_json"].setChecked(True)
    assert not page.paper.isEnabled()
    assert page.buttons["full_pdf"].isEnabled()
    page.buttons["full_pdf"].setChecked(True)
    assert page.paper.isEnabled()


# --- The background-job helper ------------------------------------------------------------------


def test_background_job_reports_progress_and_result_on_the_gui_thread(qtbot: QtBot) -> None:
    delivered: list[tuple[str, Any, threading.Thread]] = []

    def work(report: Any) -> int:
        report(50, "Halfway")
        return 42

    job = BackgroundJob(work)
    job.progress.connect(
        lambda p, m: delivered.append(("progress", (p, m), threading.current_thread()))
    )
    job.finished.connect(lambda v: delivered.append(("finished", v, threading.current_thread())))
    with qtbot.waitSignal(job.finished, timeout=5000):
        job.start()
    assert [(kind, value) for kind, value, _ in delivered] == [
        ("progress", (50, "Halfway")),
        ("finished", 42),
    ]
    assert all(thread is threading.main_thread() for *_, thread in delivered)


def test_background_job_hands_over_the_failure(qtbot: QtBot) -> None:
    def work(_report: Any) -> None:
        raise PermissionError(13, "Permission denied", "case.pdf")

    job = BackgroundJob(work)
    with qtbot.waitSignal(job.failed, timeout=5000) as signal:
        job.start()
    error = signal.args[0]
    assert isinstance(error, PermissionError)
    assert export_step.describe_failure(error) == "Permission denied (case.pdf)"
    assert not job.running


def test_the_suggested_file_name_reads_like_the_proposal() -> None:
    from desktop.ui.export_formats import EXPORT_FORMATS, suggested_file_name

    pdf, handout = EXPORT_FORMATS[0], EXPORT_FORMATS[1]
    name = "Riverside USD — 1:1 Infrastructure 2027–2031"
    assert suggested_file_name(name, pdf) == "Riverside USD — 1-1 Infrastructure 2027–2031.pdf"
    assert suggested_file_name('Plan: "phase" 2/3', pdf) == "Plan phase 2 3.pdf"
    assert suggested_file_name(" ..:: ", handout) == "Proposal - handout.pdf"
    # An invisible right-to-left override would make "…fdp.esac" read as "…case.pdf".
    assert suggested_file_name("Plan \u202efdp.esac", pdf) == "Plan fdp.esac.pdf"
    # The Arabic letter mark turns what follows as well; the terminal output drops it too.
    assert suggested_file_name("Plan\u061cA", pdf) == "Plan A.pdf"
    # "CON" or "com1" names a device on Windows, not a file.
    assert suggested_file_name("CON", pdf) == "CON proposal.pdf"
    assert suggested_file_name("com1", handout) == "com1 proposal - handout.pdf"


def test_a_long_proposal_name_suggests_a_file_name_every_disk_takes(tmp_path: Path) -> None:
    """A 100-letter Chinese name made a 300-byte file name ("File name too long"), and a long
    Latin one a path past what Windows and Excel open."""
    from desktop.ui.export_formats import EXPORT_FORMATS, suggested_file_name

    chinese = "河畔联合学区一对一学习计划基础设施" * 6  # 102 letters, 306 bytes
    long_latin = "Riverside Unified School District " * 5 + "2027 (2)"
    for name in (chinese, long_latin, "👩‍💻" * 90):
        for export in EXPORT_FORMATS:
            suggested = suggested_file_name(name, export)
            assert len(suggested.encode("utf-8")) <= 255
            assert len(suggested.encode("utf-16-le")) // 2 <= 100
            # Both ends stay: the start names the proposal, the end tells copies apart.
            assert suggested.startswith(name[:20])
            stem = suggested.removesuffix(export.suffix).removesuffix(" - handout")
            assert stem.removesuffix(" - items").endswith(name[-6:]) and "\u2026" in stem
            path = tmp_path / suggested
            path.write_bytes(b"made")  # the disk takes it
            assert path.read_bytes() == b"made"
    pdf = EXPORT_FORMATS[0]
    assert suggested_file_name("Riverside 1:1 Wi-Fi", pdf) == "Riverside 1-1 Wi-Fi.pdf"


def test_a_suggested_file_name_is_never_a_windows_device_nor_hides_characters() -> None:
    """Windows reads "NUL.txt …" or "Con. Ed …" as the device before the first dot; COM¹,
    COM0, LPT0 and CONOUT$ are devices too. Zero-width spaces and byte-order marks hid in the
    file's name."""
    from desktop.ui.export_formats import EXPORT_FORMATS, suggested_file_name

    pdf, handout = EXPORT_FORMATS[0], EXPORT_FORMATS[1]
    devices = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
        f"{port}{digit}" for port in ("COM", "LPT") for digit in "0123456789\u00b9\u00b2\u00b3"
    }
    for name in ("NUL.txt", "Con. Ed Wi-Fi", "COM\u00b9", "lpt0", "com0", "CONOUT$", "conin$"):
        for export in (pdf, handout):
            suggested = suggested_file_name(name, export)
            assert suggested.split(".")[0].rstrip(" ").upper() not in devices, suggested
    assert suggested_file_name("NUL.txt", handout) == "NUL proposal.txt - handout.pdf"
    assert suggested_file_name("Con. Ed Wi-Fi", pdf) == "Con proposal. Ed Wi-Fi.pdf"
    assert suggested_file_name("Console plan", pdf) == "Console plan.pdf"
    # " proposal" is added before a long name is shortened, so the name stays within its limit.
    for long_name in ("CON." + "Wi-Fi refresh " * 12, "nul." + "河畔学区" * 40):
        stem = suggested_file_name(long_name, handout).removesuffix(" - handout.pdf")
        assert stem.startswith(long_name[:3] + " proposal.")
        assert len(stem) <= 80 and len(stem.encode("utf-8")) <= 200, stem
    assert suggested_file_name("\ufeffPlan\u200b A\u2060", pdf) == "Plan A.pdf"
    assert suggested_file_name("\u200b\ufeff", pdf) == "Proposal.pdf"
    # The joiner an emoji is made with stays.
    assert suggested_file_name("👩\u200d💻 lab", pdf) == "👩\u200d💻 lab.pdf"


def test_headline_cards_go_two_across_on_a_narrow_window_and_keep_their_sums_whole(
    qtbot: QtBot, context: ProposalContext
) -> None:
    page = _review(qtbot, context)
    values = list(page.figure_values.values())

    def across() -> int:
        return len({label.parentWidget().x() for label in values})

    qtbot.waitUntil(lambda: across() == 4)
    page.resize(560, 700)
    qtbot.waitUntil(lambda: across() == 2)
    for label in values:
        text_width = label.fontMetrics().horizontalAdvance(label.text())
        if not label.wordWrap():  # a sum: on one line, whole
            assert label.width() >= text_width, label.text()
    # The figure under a sum ("Budget savings alone: −$2,717,037.12") may wrap after its label,
    # never inside the figure ("−" on one line, "$2,717,037.12" on the next).
    # Each line of a note holds one view's figure ("On the cost after E-Rate: $200,015.38").
    for note, said in [
        (n, said) for n in page.figure_notes.values() for said in n.text().split("\n")
    ]:
        figure = said.partition(": ")[2]
        if not any(character.isdigit() for character in figure):
            continue  # words ("Not within the plan") wrap as words do
        assert note.width() >= note.fontMetrics().horizontalAdvance(figure), figure
        document = QTextDocument()
        document.setDefaultFont(note.font())
        document.setPlainText(said)
        document.setTextWidth(note.contentsRect().width())
        document.documentLayout().documentSize()  # lays the text out
        layout = document.firstBlock().layout()
        lines = [layout.lineAt(i) for i in range(layout.lineCount())]
        text = document.firstBlock().text()
        pieces = [text[line.textStart() : line.textStart() + line.textLength()] for line in lines]
        assert any(figure in piece for piece in pieces), pieces


def test_a_narrow_cost_chart_writes_its_years_short_rather_than_cutting_them(
    qtbot: QtBot, expected: ProposalResult
) -> None:
    """Beside its legend, a narrow chart showed "202…" under every bar; it writes "27–28"."""
    from PySide6.QtWidgets import QApplication

    view = charts.stacked_chart(
        charts.cost_by_year(expected), expected.currency, QApplication.palette()
    )
    qtbot.addWidget(view)
    view.show()
    from PySide6.QtCharts import QBarCategoryAxis, QCategoryAxis

    axes = view.chart().axes(Qt.Orientation.Horizontal)
    (axis,) = [a for a in axes if isinstance(a, QBarCategoryAxis)]  # the years under the bars
    (every_few,) = [a for a in axes if isinstance(a, QCategoryAxis)]  # or every few years
    view.resize(480, 320)
    qtbot.wait(20)
    shown = list(axis.categories()) if axis.labelsVisible() else every_few.categoriesLabels()
    assert shown and all(len(year) == 5 and year[2] == "–" for year in shown), shown  # "27–28"
    view.resize(900, 320)
    qtbot.wait(20)
    assert axis.labelsVisible() and not every_few.isVisible()
    assert list(axis.categories()) == list(expected.fiscal_year_labels)


@pytest.mark.parametrize("currency", ["USD", "CAD"])
def test_the_last_amount_under_a_horizontal_bar_chart_is_not_cut(
    qtbot: QtBot, expected: ProposalResult, currency: str
) -> None:
    """Qt centres the last amount on the plot's right edge; the room left for it fitted
    "$200k", and a Canadian proposal's risk chart ended in "CAD 20" cut at the window edge."""
    from dataclasses import replace

    from PySide6.QtCharts import QCategoryAxis, QChartView
    from PySide6.QtGui import QFontMetricsF
    from PySide6.QtWidgets import QApplication

    result = replace(expected, currency=currency)
    view = charts.paired_bars_chart(charts.risk_exposure(result), currency, QApplication.palette())
    qtbot.addWidget(view)
    assert isinstance(view, QChartView)
    view.resize(800, 420)
    view.show()
    qtbot.wait(50)
    chart = view.chart()
    (amounts,) = [a for a in chart.axes(Qt.Orientation.Horizontal) if isinstance(a, QCategoryAxis)]
    last = amounts.categoriesLabels()[-1]
    assert last.startswith("$" if currency == "USD" else "CAD")
    half = QFontMetricsF(amounts.labelsFont()).horizontalAdvance(last) / 2
    assert chart.plotArea().right() + half <= chart.size().width()


def test_the_tornado_draws_raised_drivers_dark_as_the_pdf_does(
    qtbot: QtBot, expected: ProposalResult
) -> None:
    """On screen "raised" was the orange bar and "lowered" the dark blue one; the PDF's
    Figure 5 draws "raised" dark: the same chart read opposite ways in the two places."""
    from PySide6.QtCharts import QChartView
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QApplication

    from desktop.ui.chart_data import SERIES_COLOURS

    view = charts.paired_bars_chart(
        charts.sensitivity_swings(expected), expected.currency, QApplication.palette(),
        stacked=True,
    )  # fmt: skip
    qtbot.addWidget(view)
    assert isinstance(view, QChartView)
    (series,) = view.chart().series()
    colours = {bar_set.label(): bar_set.color() for bar_set in series.barSets()}
    raised = next(colour for label, colour in colours.items() if label.startswith("Driver raised"))
    lowered = next(c for label, c in colours.items() if label.startswith("Driver lowered"))
    assert raised == QColor(SERIES_COLOURS[0]) and lowered != raised


def test_review_tabs_scroll_from_the_keyboard(qtbot: QtBot, context: ProposalContext) -> None:
    """On a laptop the Overview's chart and CFO questions sit below the window, and nothing in
    the tab takes focus: Tab went from the tab bar to the Back button, and no key could reach
    them. Page Down and Down on the tab bar now scroll the open tab; Page Up goes back."""
    page = _review(qtbot, context)
    page.resize(1000, 520)
    qtbot.waitUntil(lambda: page.tabs.count() > 0)
    bar = page.tabs.tabBar()
    area = page.tabs.currentWidget()
    assert isinstance(area, QScrollArea)
    scroll = area.verticalScrollBar()
    qtbot.waitUntil(lambda: scroll.maximum() > 0)
    assert scroll.value() == 0
    bar.setFocus()
    qtbot.keyClick(bar, Qt.Key.Key_PageDown)
    paged = scroll.value()
    assert paged > 0
    qtbot.keyClick(bar, Qt.Key.Key_Down)
    assert scroll.value() > paged or scroll.value() == scroll.maximum()
    qtbot.keyClick(bar, Qt.Key.Key_PageUp)
    qtbot.keyClick(bar, Qt.Key.Key_PageUp)
    assert scroll.value() == 0
    qtbot.keyClick(bar, Qt.Key.Key_Right)  # the bar still changes tabs
    assert page.tabs.currentIndex() == 1


def test_the_note_under_the_scenarios_shows_item_names_as_typed(
    qtbot: QtBot, library: Library, sample_id: int
) -> None:
    """A name like "<b>Hub</b>" in the note was read as markup (bold "Hub", tags gone)."""
    from desktop.services.editing import list_rows, update_rows

    coach = next(
        row
        for row in list_rows(library, sample_id, "item")
        if row["name"] == "Instructional technology coach"
    )
    update_rows(library, "item", {coach["id"]: {"name": "<b>Hub</b> & coach"}})
    for context in _context(qtbot, library, sample_id):
        page = _review(qtbot, context)
        notes = [
            label
            for label in page.scenario_table.parentWidget().findChildren(QLabel)
            if "returns more on paper" in label.text()
        ]
        assert len(notes) == 1
        assert "“<b>Hub</b> & coach”" in notes[0].text()
        assert notes[0].textFormat() == Qt.TextFormat.PlainText


def test_a_driver_that_moves_the_npv_one_way_is_not_stacked_into_a_bigger_move(
    qtbot: QtBot, context: ProposalContext
) -> None:
    """Stacked, "Quantities" lowered 20% (−$49k) and raised 20% (−$50k) drew one bar to −$99k,
    a move neither change makes. With such a driver the bars stand side by side, each from
    zero, and the tab says why the swing is what it is."""
    from dataclasses import replace

    from PySide6.QtCharts import QChartView, QHorizontalBarSeries, QHorizontalStackedBarSeries

    page = _review(qtbot, context)
    data = context.proposal_input
    assert data is not None
    risks = tuple(
        replace(risk, cost_before=risk.cost_before * 3, cost_after=risk.cost_after * 3)
        for risk in data.risks
    )
    one_way = compute(replace(data, risks=risks))
    for result, stacked in ((one_way, False), (context.result, True)):
        assert result is not None
        tab = page._sensitivity_tab(result)
        qtbot.addWidget(tab)
        (view,) = tab.findChildren(QChartView)
        (series,) = view.chart().series()
        assert isinstance(series, QHorizontalStackedBarSeries) is stacked
        assert isinstance(series, QHorizontalBarSeries) is not stacked
        said = [label.text() for label in tab.findChildren(QLabel)]
        assert any("whichever way it moves" in text for text in said) is not stacked


def test_the_funding_sentence_adds_up_when_one_years_surplus_cannot_fill_anothers_gap() -> None:
    """ "The sources bring $1,940,000.00 against a cost of $2,037,375.63. Funding falls short
    by $213,781.13": short by more than the totals differ, with nothing saying why (a year's
    money left over does not pay another year's cost), unless the sources covered the total."""
    from desktop.ui.steps.funding import funding_position
    from tests.finance.finance_factories import item, proposal, source

    data = proposal(
        horizon_years=3,
        items=[item(1, "Support", recurring_unit_cost="100000")],
        funding=[source(1, {1: "50000", 2: "180000", 3: "40000"}, recurring=True)],
    )
    result = compute(data)
    funding = result.base.funding
    assert funding.gap_total == Decimal("110000.00") and funding.surplus_total == 80_000
    assert (
        "Funding falls short by $110,000.00 in all, across years 1 and 3; the $80,000.00 left "
        "over in "
        "year 2 does not carry over to them." in funding_position(result)
    )
    # Short in every year: nothing left over to explain, and said as the PDF says it.
    lean = compute(proposal(horizon_years=3, items=data.items, funding=[
        source(1, {1: "50000", 2: "50000", 3: "50000"}, recurring=True)
    ]))  # fmt: skip
    assert funding_position(lean).endswith(
        "Funding falls short by $150,000.00 in all, over the plan's 3 years. 0.0% of recurring "
        "costs rely on grants or other temporary money. $150,000.00 of recurring costs, in all, "
        "over the plan's 3 years, have no money to pay them."
    )


def test_two_categories_sharing_the_cost_charts_last_segment_are_named(
    expected: ProposalResult,
) -> None:
    """With seven categories the last two shared a segment called "2 more categories", and
    Hardware and Security could not be read off the screen, though two names fit the legend."""
    from dataclasses import replace

    base = expected.base
    seven = replace(base, tco=replace(base.tco, by_category=base.tco.by_category[:7]))
    chart = charts.cost_by_year(expected, seven)
    ranked = sorted(seven.tco.by_category, key=lambda c: c.line.total, reverse=True)
    smallest = {c.category.label for c in ranked[charts.MAX_COST_SETS - 1 :]}
    assert len(smallest) == 2
    last = chart.sets[-1]
    assert set(last.holds) == smallest
    # Joined with "+": "Broadband and Network infrastructure" read as one category.
    assert last.label == " + ".join(c.category.label for c in seven.tco.by_category
                                    if c.category.label in smallest)  # fmt: skip
    # More than two are counted in the legend and named when the segment is hovered.
    many = charts.cost_by_year(expected)
    assert many.sets[-1].label.endswith("more categories") and len(many.sets[-1].holds) > 2
