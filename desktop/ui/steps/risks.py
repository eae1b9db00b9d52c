"""Step 4: what goes wrong without the items, priced before and after mitigation."""

from __future__ import annotations

from desktop.ui.steps.base import TableStepPage


class RisksPage(TableStepPage):
    title = "Risks"
    guidance = (
        "Say what goes wrong without these items, how often (as a yearly percentage) and what "
        "each occurrence costs, before and after the items mitigate it."
    )
    entity = "risk"
    columns = [
        "title", "kind", "exposure", "likelihood_before", "cost_before",
        "likelihood_after", "cost_after", "description",
    ]  # fmt: skip
    widths = {"title": 240, "kind": 130, "exposure": 90}
