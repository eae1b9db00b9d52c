"""Step 2: the plan goals the board already adopted, which every item should serve."""

from __future__ import annotations

from desktop.services.wizard import step_guidance
from desktop.ui.steps.base import TableStepPage


class PlansPage(TableStepPage):
    title = "Strategic plans"
    guidance = step_guidance("plans")
    entity = "goal"
    columns = ["code", "title", "level", "description"]
    widths = {"code": 90, "title": 360, "level": 200}
