"""When the figures cannot be updated, nothing keeps showing or exporting the old ones: the CFO
summary blanks its figures and says why, and Export writes nothing and says why."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.finance import compute
from desktop.finance.money import format_money
from desktop.models import Item
from desktop.services import snapshot
from desktop.services.library import Library
from desktop.ui.context import ProposalContext
from desktop.ui.steps import export as export_step
from desktop.ui.steps.export import ExportPage
from desktop.ui.summary_panel import SummaryPanel

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def context(ready_context: ProposalContext) -> ProposalContext:
    return ready_context


def _recalculate(qtbot: QtBot, context: ProposalContext) -> None:
    context.request_recalculation()  # what any edit does
    qtbot.waitUntil(lambda: not context.busy, timeout=10_000)


def _panel_and_export(qtbot: QtBot, context: ProposalContext) -> tuple[SummaryPanel, ExportPage]:
    panel = SummaryPanel(context)
    page = ExportPage(context)
    for widget in (panel, page):
        qtbot.addWidget(widget)
        widget.show()
    return panel, page


def _export_pdf(
    qtbot: QtBot, page: ExportPage, monkeypatch: pytest.MonkeyPatch, target: Path
) -> list[Path]:
    """Export the full PDF to ``target``; returns the paths the save dialog was asked for."""
    asked: list[Path] = []

    def save_dialog(_parent: Any, _caption: str, suggested: Path, _filter: str) -> Path:
        asked.append(suggested)
        return target

    monkeypatch.setattr(export_step, "ask_save_path", save_dialog)
    page.select("full_pdf")
    page.start_export()
    if page.job is not None:
        qtbot.waitUntil(lambda: not page.job.running, timeout=20_000)
    return asked


def test_a_proposal_made_invalid_behind_the_screen_blanks_the_summary_and_blocks_export(
    qtbot: QtBot,
    context: ProposalContext,
    library: Library,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    panel, page = _panel_and_export(qtbot, context)
    assert context.result is not None
    assert panel.value_text("tco") == format_money(context.result.tco_total)
    with library.transaction() as session:  # as an older or damaged file might hold
        item = session.scalars(select(Item).where(Item.proposal_id == context.proposal_id)).first()
        assert item is not None
        item.quantity = Decimal(-5)
        name = item.name

    _recalculate(qtbot, context)
    assert context.result is None
    assert all(panel.value_text(key) == "—" for key in panel.values)
    assert not panel.problems.isHidden()
    said = panel.problems.text()
    assert "could not be updated" in said
    assert f"Item “{name}”, quantity: cannot be negative" in said
    assert "items[0]" not in said  # the director's words, not the engine's field path

    target = tmp_path / "case.pdf"
    asked = _export_pdf(qtbot, page, monkeypatch, target)
    assert not target.exists()
    assert "cannot be negative" in page.last_error and name in page.last_error
    assert "Nothing was written" in page.status.text()
    assert not asked  # refused before asking where to save


def test_a_failed_recalculation_blanks_the_old_figures_and_export_says_why(
    qtbot: QtBot,
    context: ProposalContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    panel, page = _panel_and_export(qtbot, context)
    good = context.result
    assert good is not None
    real = snapshot.read_proposal_input

    def unreadable(*_args: Any) -> Any:
        raise OSError("disk I/O error")

    monkeypatch.setattr(snapshot, "read_proposal_input", unreadable)
    _recalculate(qtbot, context)
    assert context.result is None
    assert context.failure == "disk I/O error"
    assert panel.value_text("tco") == "—"
    assert "could not be updated" in panel.problems.text()
    assert "disk I/O error" in panel.problems.text()
    assert "could not be updated" in page.figures.text()

    # Export works the figures out afresh; that fails too, so it says why and writes nothing.
    target = tmp_path / "case.pdf"
    _export_pdf(qtbot, page, monkeypatch, target)
    assert not target.exists()
    assert page.last_saved is None
    assert "disk I/O error" in page.last_error
    assert "Nothing was written" in page.status.text()

    # Once the library reads again, the next recalculation brings the figures back.
    monkeypatch.setattr(snapshot, "read_proposal_input", real)
    _recalculate(qtbot, context)
    assert context.result is not None and context.failure == ""
    assert panel.value_text("tco") == format_money(good.tco_total)
    assert panel.problems.isHidden()


def test_export_after_a_failure_recomputes_and_writes_the_current_figures(
    qtbot: QtBot,
    context: ProposalContext,
    library: Library,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _panel, page = _panel_and_export(qtbot, context)
    real = snapshot.read_proposal_input
    calls: list[int] = []

    def fails_once(*args: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise OSError("database is locked")
        return real(*args)

    monkeypatch.setattr(snapshot, "read_proposal_input", fails_once)
    _recalculate(qtbot, context)
    assert context.result is None

    seen: dict[str, Any] = {}
    original = export_step.produce_export

    def spy(export: Any, lib: Any, pid: int, data: Any, result: Any, *rest: Any) -> Path:
        seen["given"] = (data, result)
        return original(export, lib, pid, data, result, *rest)

    monkeypatch.setattr(export_step, "produce_export", spy)
    target = tmp_path / "case.pdf"
    _export_pdf(qtbot, page, monkeypatch, target)
    assert page.last_saved == target, page.last_error
    assert seen["given"] == (None, None)  # nothing stale handed over: worked out in the worker
    import io

    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    current = compute(snapshot.proposal_input(library, context.proposal_id))
    assert format_money(current.tco_total, current.currency) in text


def test_the_payback_tooltip_follows_the_figure_back_to_not_within_the_plan(
    qtbot: QtBot, context: ProposalContext
) -> None:
    """A result that pays back, then (an undo) one that does not: the tooltip must not keep
    "Here: plan year 1" under a figure that says "Not within the plan"."""
    from dataclasses import replace

    panel, _page = _panel_and_export(qtbot, context)
    result = context.result
    assert result is not None and result.payback_year is None
    base = result.base
    paid = replace(base, returns=replace(base.returns, payback_year=1, payback_fiscal_year=2027))
    paying = replace(result, scenarios=(paid, *result.scenarios[1:]))
    panel.show_result(paying)
    assert panel.value_text("payback").startswith("Year 1 (")
    assert "Here: plan year 1" in panel.values["payback"].toolTip()
    panel.show_result(result)
    assert panel.value_text("payback") == "Not within the plan"
    assert "Here:" not in panel.values["payback"].toolTip()


def test_with_no_funding_source_the_summary_gives_no_grant_share(
    qtbot: QtBot, context: ProposalContext
) -> None:
    """ "0.0%" of recurring costs on grants read as a virtue in a plan nothing pays for."""
    from dataclasses import replace

    panel, _page = _panel_and_export(qtbot, context)
    assert context.proposal_input is not None
    unfunded = replace(context.proposal_input, funding=())
    result = compute(unfunded)
    assert result.grant_reliance_share == 0 and result.base.tco.recurring_total > 0
    panel.show_result(result)
    assert panel.value_text("grants") == "\u2014"
    panel.show_result(context.result)
    assert panel.value_text("grants") == "1.2%"
    # Named as the Review step, the summary command and the workbook name the same share.
    from desktop.ui.review_text import headline_figures

    labels = {figure.label for figure in headline_figures(context.result)}
    assert panel.labels["grants"].text() in labels
    # And the Review step beside it gives the same dash, on its card and its scenarios.
    from desktop.ui.review_text import scenario_rows

    shown = {figure.label: figure.value for figure in headline_figures(result)}
    assert shown[panel.labels["grants"].text()] == "\u2014"
    assert all("0.0%" not in row for row in scenario_rows(result))


def test_the_summary_says_when_its_gap_counts_money_not_yet_secured(
    qtbot: QtBot, ready_context: ProposalContext
) -> None:
    """The panel read "Funding gap $0.00" for a plan short without a grant not yet awarded."""
    from desktop.finance import compute
    from desktop.finance.money import format_money
    from tests.finance.finance_factories import with_grant_pending

    panel = SummaryPanel(ready_context)
    qtbot.addWidget(panel)
    result = ready_context.result
    assert result is not None
    panel.show_result(result)
    assert panel.labels["gap"].text() == "Funding gap"
    data, _grant = with_grant_pending(ready_context.proposal_input)
    pending = compute(data)
    panel.show_result(pending)
    plan = pending.base.funding
    # Not "counting money not yet secured", read as the gap should that money fail.
    assert panel.labels["gap"].text() == "Funding gap if the money not yet secured comes in"
    assert panel.values["gap"].text() == format_money(plan.gap_total, "USD") == "$0.00"
    without = format_money(plan.gap_without_pending_total, "USD")
    assert f"without it the gap would be {without}." in panel.values["gap"].toolTip()
    assert "Funding gap if the money not yet secured comes in: $0.00" in panel.copy_text()
    # The Review card beside it names it alike, with the gap should the money not come.
    from desktop.ui.review_text import headline_figures

    (card,) = [f for f in headline_figures(pending) if f.label.startswith("Funding gap")]
    assert (card.label, card.value) == (panel.labels["gap"].text(), "$0.00")
    assert card.note == f"{without} if it does not"
    panel.show_result(None)  # figures blanked: the label says nothing of them either
    assert panel.labels["gap"].text() == "Funding gap"
    panel.show_result(pending)
    panel.show_result(result)  # back: no stale words
    assert panel.labels["gap"].text() == "Funding gap"
    assert "not yet secured" not in panel.values["gap"].toolTip()
