"""Small builders for finance-engine tests: a proposal with sensible defaults, items by name."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from desktop.finance.inputs import (
    FundingInput,
    ItemInput,
    ProposalInput,
    RiskInput,
    ScenarioInput,
)
from desktop.vocabulary import FundingKind, InitiativeKind, ItemCategory, RiskKind

D = Decimal


def item(key: int, name: str = "", **fields: Any) -> ItemInput:
    values: dict[str, Any] = {
        "category": ItemCategory.HARDWARE,
        "quantity": D(1),
    }
    values.update(fields)
    for money_field in ("quantity", "unit_cost", "recurring_unit_cost", "annual_savings"):
        if money_field in values and not isinstance(values[money_field], Decimal):
            values[money_field] = D(str(values[money_field]))
    return ItemInput(key=key, name=name or f"Item {key}", **values)


def risk(key: int, title: str = "", **fields: Any) -> RiskInput:
    values: dict[str, Any] = {"kind": RiskKind.FINANCIAL}
    for name, value in fields.items():
        values[name] = value if isinstance(value, Decimal) else D(str(value))
    return RiskInput(key=key, title=title or f"Risk {key}", **values)


def source(
    key: int,
    amounts: Mapping[int, str | int],
    *,
    recurring: bool,
    kind: FundingKind | None = None,
    name: str = "",
    secured: bool = True,
) -> FundingInput:
    chosen = kind or (FundingKind.MAINTENANCE_OPERATIONS if recurring else FundingKind.GRANT)
    return FundingInput(
        key=key,
        name=name or f"Source {key}",
        kind=chosen,
        recurring=recurring,
        amounts_by_year={year: D(str(v)) for year, v in amounts.items()},
        secured=secured,
    )


def scenario(key: int, quantities: Mapping[int, str | int | None], name: str = "") -> ScenarioInput:
    return ScenarioInput(
        key=key,
        name=name or f"Scenario {key}",
        item_quantities={k: None if q is None else D(str(q)) for k, q in quantities.items()},
    )


def proposal(**fields: Any) -> ProposalInput:
    values: dict[str, Any] = {
        "name": "Test proposal",
        "district": "Test USD",
        "initiative": InitiativeKind.ONE_TO_ONE,
        "fiscal_year_start": 2027,
        "horizon_years": 5,
        "students": 1000,
        "discount_rate": D("0.03"),
    }
    values.update(fields)
    for tuple_field in ("items", "goals", "risks", "metrics", "funding", "scenarios"):
        if tuple_field in values:
            values[tuple_field] = tuple(values[tuple_field])
    return ProposalInput(**values)


def with_grant_pending(data: ProposalInput) -> tuple[ProposalInput, FundingInput]:
    """``data`` with its first grant marked not yet secured; returns it and the grant."""
    grant = next(s for s in data.funding if s.kind is FundingKind.GRANT)
    pending = dataclasses.replace(grant, secured=False)
    funding = tuple(pending if s is grant else s for s in data.funding)
    return dataclasses.replace(data, funding=funding), grant
