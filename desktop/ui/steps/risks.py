"""Step 4: what goes wrong without the items, priced before and after mitigation."""

from __future__ import annotations

from desktop.services.wizard import step_guidance
from desktop.ui.steps.base import TableStepPage


class RisksPage(TableStepPage):
    title = "Risks"
    guidance = step_guidance("risks")
    entity = "risk"
    columns = [
        "title", "kind", "exposure", "likelihood_before", "cost_before",
        "likelihood_after", "cost_after", "description",
    ]  # fmt: skip
    widths = {"title": 240, "kind": 130, "exposure": 90}
