"""The finance engine: plain inputs in (``desktop.finance.inputs``), one immutable result out
(``desktop.finance.result``). Pure Python: no Qt, no database, no files.

Public API:
- ``compute(proposal, *, sensitivity_step=Decimal("0.20")) -> ProposalResult``
- ``validate(proposal) -> list[ValidationIssue]``; ``compute`` raises ``ValidationError`` with
  all of them when there are any.
- ``summary_json(result) -> dict``: the key figures as JSON-ready data.
Formatting helpers live in ``desktop.finance.money``; the rubric's rules in
``desktop.finance.rubric``.
"""

from desktop.finance.engine import compute
from desktop.finance.result import ProposalResult, ValidationIssue
from desktop.finance.summary import summary_json
from desktop.finance.validation import ValidationError, validate

__all__ = [
    "ProposalResult",
    "ValidationError",
    "ValidationIssue",
    "compute",
    "summary_json",
    "validate",
]
