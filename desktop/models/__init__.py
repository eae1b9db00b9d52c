"""Persistence: the library's tables, exact column types, the engine factory and migrations.

Never imports Qt or anything from the UI.
"""

from desktop.models.engine import make_engine, make_session_factory, sqlite_uri_url, sqlite_url
from desktop.models.entities import (
    PROPOSAL_LINKS,
    PROPOSAL_ROWS,
    Base,
    FundingAmount,
    FundingSource,
    Goal,
    Item,
    ItemGoalLink,
    ItemMetricLink,
    ItemRiskLink,
    LibraryInfo,
    Metric,
    Proposal,
    Risk,
    Scenario,
    ScenarioItem,
)

__all__ = [
    "Base",
    "FundingAmount",
    "FundingSource",
    "Goal",
    "Item",
    "ItemGoalLink",
    "ItemMetricLink",
    "ItemRiskLink",
    "LibraryInfo",
    "Metric",
    "PROPOSAL_LINKS",
    "PROPOSAL_ROWS",
    "Proposal",
    "Risk",
    "Scenario",
    "ScenarioItem",
    "make_engine",
    "make_session_factory",
    "sqlite_uri_url",
    "sqlite_url",
]
