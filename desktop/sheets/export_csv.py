"""The proposal's items with their costs as CSV, for staff who load figures into their own tools.

One header row, one row per item of the base case, amounts as plain decimals with two places
(``1234.50``: no currency sign or grouping, so any program reads them as numbers), every figure
taken from the finance result. The text starts with a byte-order mark so Excel opens the UTF-8
correctly ("é" stays "é"); text that a spreadsheet would run as a formula is neutralised, and
every field is quoted, so no separator inside one splits it.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from desktop.finance.inputs import ProposalInput
from desktop.finance.money import money_str
from desktop.finance.result import ItemCashFlow, ProposalResult
from desktop.sheets.safety import neutralise_text

BYTE_ORDER_MARK = "\ufeff"


def _number(value: Decimal | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return format(value, "f")


def items_csv_text(data: ProposalInput, result: ProposalResult) -> str:
    flows: dict[int, ItemCashFlow] = {flow.key: flow for flow in result.base.items}
    header = [
        "Item", "Category", "Cost class", "Quantity", "One-time cost per unit",
        "Recurring cost per unit per year", "Refresh every (years)", "Start year",
        "Annual savings as entered", "Vendor", "Notes", "Where the figures come from",
        *(f"Cost {label}" for label in result.fiscal_year_labels),
        "One-time total", "Recurring total", "Total cost", "Savings over the plan",
    ]  # fmt: skip
    buffer = io.StringIO()
    # Every field quoted: a spreadsheet whose list separator is ";" splits an unquoted
    # "Laptop;=1+2" at the ";" and runs the formula the second half starts with.
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    for item in data.items:
        flow = flows.get(item.key)
        by_year = flow.total_by_year if flow else (Decimal(0),) * result.horizon_years
        writer.writerow(
            [
                neutralise_text(item.name),
                item.category.label,
                item.category.tco_class.label,
                _number(item.quantity),
                money_str(item.unit_cost),
                money_str(item.recurring_unit_cost),
                _number(item.lifespan_years),
                _number(item.start_year),
                money_str(item.annual_savings),
                neutralise_text(item.vendor),
                neutralise_text(item.notes),
                neutralise_text(item.figure_source),
                *(money_str(amount) for amount in by_year),
                money_str(flow.one_time_total if flow else Decimal(0)),
                money_str(flow.recurring_total if flow else Decimal(0)),
                money_str(flow.total if flow else Decimal(0)),
                money_str(flow.savings_total if flow else Decimal(0)),
            ]
        )
    return BYTE_ORDER_MARK + buffer.getvalue()
