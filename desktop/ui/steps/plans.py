"""Step 2: the plan goals the board already adopted, which every item should serve."""

from __future__ import annotations

from desktop.ui.steps.base import TableStepPage


class PlansPage(TableStepPage):
    title = "Strategic plans"
    guidance = (
        "List the district and building goals the board has already approved; each item you "
        "propose will be tied to the goals it serves."
    )
    entity = "goal"
    columns = ["code", "title", "level", "description"]
    widths = {"code": 90, "title": 360, "level": 200}
