"""Step 5: how the value will be measured once the items are in place."""

from __future__ import annotations

from desktop.services.wizard import step_guidance
from desktop.ui.steps.base import TableStepPage


class MetricsPage(TableStepPage):
    title = "Metrics"
    guidance = step_guidance("metrics")
    entity = "metric"
    columns = [
        "name", "area", "unit", "baseline", "target", "target_year", "data_source", "owner",
    ]  # fmt: skip
    widths = {"name": 260, "area": 200, "unit": 90, "baseline": 90, "target": 90}
