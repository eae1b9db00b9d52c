"""Step 2: the plan goals the board already adopted, which every item should serve."""

from __future__ import annotations

from desktop.services.wizard import step_guidance
from desktop.ui.steps.base import TableStepPage


class PlansPage(TableStepPage):
    title = "Strategic plans"
    guidance = step_guidance("plans")
    entity = "goal"
    columns = ["code", "title", "level", "description"]
    # The plan level is as wide as its longest label; a goal and its description (where it was
    # adopted) share the rest, the description two fifths of it when both cannot show whole.
    widths = {"code": 90, "title": 300}
    prose_share = 0.4
