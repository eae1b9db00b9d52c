"""Step 4: what goes wrong without the items, priced before and after mitigation."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from desktop.services.fields import FieldSpec
from desktop.services.wizard import step_guidance
from desktop.ui.steps.base import TableStepPage
from desktop.ui.table_model import ComputedColumn

if TYPE_CHECKING:
    from desktop.finance.result import ProposalResult


def _avoided_a_year(result: ProposalResult) -> dict[int, Decimal]:
    return {risk.key: risk.avoided_per_year for risk in result.base.benefits.risks}


# Beside the title: what the plan is worth against each risk, as the PDF's register prints it.
RISK_AVOIDED = ComputedColumn(
    FieldSpec(
        "avoided_per_year",
        "Avoided a year",
        "money",
        help="The expected loss a year without the plan's items less the expected loss with "
        "the items linked to it: the PDF's risk register prints it as \u201cAvoided a "
        "year\u201d. Worked out from the figures, not typed.",
    ),
    _avoided_a_year,
)


class RisksPage(TableStepPage):
    title = "Risks"
    guidance = step_guidance("risks")
    entity = "risk"
    columns = [
        "title", RISK_AVOIDED, "kind", "exposure", "likelihood_before", "cost_before",
        "likelihood_after", "cost_after", "description",
    ]  # fmt: skip
    widths = {"title": 240, "avoided_per_year": 120, "kind": 130, "exposure": 90}
