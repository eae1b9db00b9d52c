"""The evidence sheets of the exported workbook: Risks, Metrics, Scenarios, Sensitivity, Rubric.

Split from ``export_workbook`` to keep both modules short; the same rules apply: values from the
finance result, totals and differences as live formulas, text neutralised.
"""

from __future__ import annotations

from desktop.finance.inputs import ProposalInput
from desktop.finance.money import ZERO, format_count, is_money_unit
from desktop.finance.result import ProposalResult
from desktop.finance.rubric import RUBRIC_SCOPE, TOP_LEVEL_NEXT_STEP, rubric_beside_return
from desktop.finance.scenarios import alternatives_note, beyond_the_best_note
from desktop.sheets.workbook_style import SheetWriter, cell_ref


def _item_names(data: ProposalInput) -> dict[int, str]:
    return {item.key: item.name for item in data.items}


def write_risks(
    out: SheetWriter, data: ProposalInput, result: ProposalResult, subtitle: str
) -> None:
    money = out.fit_money
    out.widths([40, 16, 10, 13, 13, money(14), money(14), money(15), money(15), money(15),
                money(17), 48, 60])  # fmt: skip
    out.title(f"Risks — {result.name}", subtitle)
    out.header([
        "Risk", "Kind", "Exposure", "Likelihood without mitigation",
        "Likelihood with mitigation", "Cost per occurrence without",
        "Cost per occurrence with", "Expected yearly loss without",
        "Expected yearly loss with", "Avoided per year",
        f"Avoided over the plan ({format_count(result.horizon_years, 'year')})", "Mitigated by",
        "Description (what the figures count)",
    ])  # fmt: skip
    names = _item_names(data)
    inputs = {risk.key: risk for risk in data.risks}
    first = out.row
    risks = result.base.benefits.risks
    for risk in risks:
        given = inputs.get(risk.key)
        out.text(0, risk.title, wrap=True)
        out.text(1, risk.kind.label)
        if given is not None:
            out.number(2, given.exposure)
            out.rate(3, given.likelihood_before)  # 0.04 %, not 0.0 %
            out.rate(4, given.likelihood_after)
            out.money(5, given.cost_before)
            out.money(6, given.cost_after)
        out.money(7, risk.expected_loss_before)
        out.money(8, risk.expected_loss_after)
        out.formula(9, f"{cell_ref(7, out.row)}-{cell_ref(8, out.row)}", risk.avoided_per_year)
        out.money(10, risk.avoided_total)
        mitigators = [names.get(key, f"item {key}") for key in risk.mitigating_item_keys]
        out.text(11, "; ".join(mitigators) or "No item mitigates it yet", wrap=True)
        if given is not None:  # "Exposure is the 280 teachers": what C to G are in
            out.text(12, given.description, wrap=True)
        out.next_row()
    last = out.row - 1
    out.text(0, "Total", bold=True)
    for column, pick in (
        (7, "expected_loss_before"), (8, "expected_loss_after"), (9, "avoided_per_year"),
        (10, "avoided_total"),
    ):  # fmt: skip
        expression = (
            f"SUM({cell_ref(column, first)}:{cell_ref(column, last)})" if last >= first else "0"
        )
        out.formula(column, expression, sum((getattr(risk, pick) for risk in risks), ZERO))
    out.mark_total(out.row, 13)
    out.next_row()
    out.skip()
    out.text(0, "Each mitigating item avoids its equal share of a risk's loss from its start year;")
    out.next_row()
    out.text(0, "a risk no item mitigates keeps its loss without mitigation.")


def write_metrics(out: SheetWriter, data: ProposalInput, subtitle: str) -> None:
    out.widths([40, 24, 12, 11, 11, 10, 30, 22, 44])
    out.title(f"Metrics — {data.name}", subtitle)
    out.header([
        "Metric", "Area", "Unit", "Baseline", "Target", "Target year", "Data source", "Owner",
        "Items it proves",
    ])  # fmt: skip
    proven_by: dict[int, list[str]] = {}
    for item in data.items:
        for key in item.metric_keys:
            proven_by.setdefault(key, []).append(item.name)
    for metric in data.metrics:
        out.text(0, metric.name, wrap=True)
        out.text(1, metric.area.label)
        out.text(2, metric.unit)
        in_money = is_money_unit(metric.unit, data.currency)
        for column, figure in ((3, metric.baseline), (4, metric.target)):
            if in_money and figure is not None:
                out.money(column, figure)  # a metric in dollars reads as money, as on screen
            else:
                out.number(column, figure)
        out.number(5, metric.target_year, number_format="0")  # a year, not 2,030
        out.text(6, metric.data_source, wrap=True)
        out.text(7, metric.owner)
        out.text(8, "; ".join(proven_by.get(metric.key, [])), wrap=True)
        out.next_row()


def write_scenarios(out: SheetWriter, result: ProposalResult, subtitle: str) -> None:
    money = out.fit_money
    out.widths([22, 44, 8, money(17), money(14), money(16), money(16), 14, money(14), 16,
                money(18), money(18)])  # fmt: skip
    out.title(f"Scenarios — {result.name}", subtitle)
    out.header([
        "Scenario", "Description", "Items", "Total cost of ownership",
        "Cost per student per year", "Benefits", "Net present value", "Payback year",
        result.scenarios_gap_label, "Recurring costs paid from temporary money",
        "Total cost compared with the proposal", "NPV compared with the proposal",
    ])  # fmt: skip
    base_row = out.row
    for scenario in result.scenarios:
        out.text(0, scenario.name, bold=scenario.is_base)
        out.text(1, scenario.description, wrap=True)
        out.number(2, len(scenario.items))
        out.money(3, scenario.tco.total)
        out.money(4, scenario.tco.per_student_per_year)
        out.money(5, scenario.benefits.total)
        out.money(6, scenario.returns.npv)
        out.text(7, result.payback_text(scenario))
        out.money(8, scenario.funding.gap_total)
        out.percent(9, scenario.funding.reliance_shown)
        base_tco, base_npv = (
            cell_ref(3, base_row, absolute=True),
            cell_ref(6, base_row, absolute=True),
        )
        difference = scenario.versus_base
        out.formula(
            10, f"{cell_ref(3, out.row)}-{base_tco}", difference.tco if difference else ZERO
        )
        out.formula(
            11, f"{cell_ref(6, out.row)}-{base_npv}", difference.npv if difference else ZERO
        )
        out.next_row()
    # What the Review and the PDF say under the same comparison: why a leaner scenario that
    # returns more is not the proposal, and which scenarios are credited in full for buying an
    # alternative the proposal does not.
    notes = [note for note in (beyond_the_best_note(result), alternatives_note(result)) if note]
    out.notes("Reading the comparison", notes)


def write_sensitivity(out: SheetWriter, result: ProposalResult, subtitle: str) -> None:
    sensitivity = result.sensitivity
    step = f"{(sensitivity.step * 100).normalize():f}%"  # "20%", as the case and Review write it
    out.widths([40, out.fit_money(20), out.fit_money(20), out.fit_money(18)])
    out.title(f"What moves the result most — {result.name}", subtitle)
    out.header(
        ["Driver", f"NPV with it {step} lower", f"NPV with it {step} higher", "Swing"],
        freeze_columns=0,
    )
    # The NPV as proposed sits under the lines, after a blank row: each swing runs from the
    # lowest to the highest of the line's two NPVs and that one.
    base = cell_ref(1, out.row + len(sensitivity.lines) + 1)
    for line in sensitivity.lines:
        low, high = cell_ref(1, out.row), cell_ref(2, out.row)
        out.text(0, line.label)
        out.money(1, line.npv_low_input)
        out.money(2, line.npv_high_input)
        out.formula(3, f"MAX({low},{high},{base})-MIN({low},{high},{base})", line.swing)
        out.next_row()
    out.skip()
    out.text(0, "Net present value as proposed")
    out.money(1, sensitivity.base_npv)
    out.next_row()


def write_rubric(out: SheetWriter, result: ProposalResult, subtitle: str) -> None:
    out.widths([30, 18, 70, 60])
    out.title(f"Budget & Resources rubric — {result.name}", subtitle)
    out.header(["Element", "Level", "Why", "Next steps"], freeze_columns=0)
    for assessment in result.rubric:
        out.text(0, assessment.label, wrap=True, bold=True)
        out.text(1, f"{assessment.level.label} ({int(assessment.level)} of 4)")
        out.text(2, "\n".join(assessment.reasons), wrap=True)
        out.text(3, "\n".join(assessment.next_steps) or TOP_LEVEL_NEXT_STEP, wrap=True)
        out.next_row()
    beside = rubric_beside_return(result)
    out.notes("What the rubric rates", [RUBRIC_SCOPE, *([beside] if beside else [])])
