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

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.finance.engine import compute
    from desktop.finance.result import ProposalResult, ValidationIssue
    from desktop.finance.summary import summary_json
    from desktop.finance.validation import ValidationError, validate

# Loaded on first use, so that reading ``desktop.finance.money`` (a window's start-up path)
# does not also load the whole engine.
_EXPORTS = {
    "compute": "desktop.finance.engine",
    "ProposalResult": "desktop.finance.result",
    "ValidationIssue": "desktop.finance.result",
    "summary_json": "desktop.finance.summary",
    "ValidationError": "desktop.finance.validation",
    "validate": "desktop.finance.validation",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ProposalResult",
    "ValidationError",
    "ValidationIssue",
    "compute",
    "summary_json",
    "validate",
]
