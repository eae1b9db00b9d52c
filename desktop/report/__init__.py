"""The printed business case: ``render_business_case`` turns a proposal's input and its finance
result into PDF bytes, as the full document or as the two-page CFO handout, on letter or A4.

Pure: no Qt, no database. reportlab is imported only when a report is rendered, so importing this
package costs nothing on the application's start-up path.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.finance.inputs import ProposalInput
    from desktop.finance.result import ProposalResult

__all__ = ["render_business_case"]


def render_business_case(
    data: ProposalInput,
    result: ProposalResult,
    *,
    handout: bool = False,
    paper: str = "letter",
    generated_on: date | None = None,
) -> bytes:
    """The business case as PDF bytes.

    ``handout`` gives the two-page CFO handout instead of the full document; ``paper`` is
    ``"letter"`` or ``"a4"``; ``generated_on`` is the date printed on the pages (today by
    default). Raises ``ValueError`` for an unknown paper size."""
    from desktop.report.build import render

    return render(data, result, handout=handout, paper=paper, generated_on=generated_on)
