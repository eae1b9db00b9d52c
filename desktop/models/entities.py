"""The tables of a Buy-In library: proposals and everything a proposal holds.

One ``Base`` with a constraint naming convention (so migrations can name what they alter), typed
``Mapped[...]`` columns, and only portable SQL: the same models run on SQLite on a laptop and on a
PostgreSQL server for a district team. Every child row belongs to one proposal and goes with it
(``ON DELETE CASCADE`` in the database, ``delete-orphan`` in the ORM).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Enum,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from desktop.models.types import ExactDecimal, Money, UtcDateTime, utc_now
from desktop.vocabulary import (
    BLANK_PROPOSAL_STUDENTS,
    FundingKind,
    GoalLevel,
    InitiativeKind,
    ItemCategory,
    MetricArea,
    ProposalStatus,
    RiskKind,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# SQLite hands a deleted row's id to the next new row unless told otherwise; an undone deletion
# puts rows back under their old ids, so a row added meanwhile (in another window) must never
# have taken one. Other databases' sequences never reuse ids anyway.
NEVER_REUSE_IDS = {"sqlite_autoincrement": True}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _choice(enum_class: type[StrEnum]) -> Enum:
    """A vocabulary column stored as its plain value text (no native enum: portable and easy to
    extend in a migration)."""
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=40,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def _proposal_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), index=True)


class LibraryInfo(Base):
    """Marks a SQLite file as a Buy-In library (one row), so a foreign database is recognised."""

    __tablename__ = "buyin_library"

    id: Mapped[int] = mapped_column(primary_key=True)
    application: Mapped[str] = mapped_column(String(40))
    created_by_version: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class Proposal(Base):
    __tablename__ = "proposal"
    __table_args__ = (
        CheckConstraint("horizon_years BETWEEN 1 AND 30", name="horizon_range"),
        CheckConstraint("students >= 1", name="students_positive"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    district: Mapped[str] = mapped_column(String(200), default="")
    initiative: Mapped[InitiativeKind] = mapped_column(
        _choice(InitiativeKind), default=InitiativeKind.ONE_TO_ONE
    )
    fiscal_year_start: Mapped[int] = mapped_column(Integer)
    fiscal_year_start_month: Mapped[int] = mapped_column(Integer, default=7)
    horizon_years: Mapped[int] = mapped_column(Integer, default=5)
    students: Mapped[int] = mapped_column(Integer, default=BLANK_PROPOSAL_STUDENTS)
    teachers: Mapped[int] = mapped_column(Integer, default=0)
    staff: Mapped[int] = mapped_column(Integer, default=0)
    discount_rate: Mapped[Decimal] = mapped_column(ExactDecimal, default=Decimal("0.03"))
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    purchase_escalation_rate: Mapped[Decimal] = mapped_column(ExactDecimal, default=Decimal(0))
    recurring_escalation_rate: Mapped[Decimal] = mapped_column(ExactDecimal, default=Decimal(0))
    status: Mapped[ProposalStatus] = mapped_column(
        _choice(ProposalStatus), default=ProposalStatus.DRAFT
    )
    prepared_by: Mapped[str] = mapped_column(String(200), default="")
    prepared_for: Mapped[str] = mapped_column(String(200), default="")
    executive_summary: Mapped[str] = mapped_column(Text, default="")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    logo_media_type: Mapped[str | None] = mapped_column(String(40), default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now, onupdate=utc_now)

    goals: Mapped[list[Goal]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="Goal.position"
    )
    risks: Mapped[list[Risk]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="Risk.position"
    )
    metrics: Mapped[list[Metric]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="Metric.position"
    )
    items: Mapped[list[Item]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="Item.position"
    )
    funding_sources: Mapped[list[FundingSource]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="FundingSource.position"
    )
    scenarios: Mapped[list[Scenario]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="Scenario.position"
    )


class Goal(Base):
    """A goal the board already adopted in a strategic, tactical or improvement plan."""

    __tablename__ = "goal"
    __table_args__ = (NEVER_REUSE_IDS,)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = _proposal_fk()
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(40), default="")
    title: Mapped[str] = mapped_column(String(300), default="")
    level: Mapped[GoalLevel] = mapped_column(
        _choice(GoalLevel), default=GoalLevel.DISTRICT_STRATEGIC
    )
    description: Mapped[str] = mapped_column(Text, default="")

    proposal: Mapped[Proposal] = relationship(back_populates="goals")
    item_links: Mapped[list[ItemGoalLink]] = relationship(
        back_populates="goal", cascade="all, delete-orphan"
    )


class Risk(Base):
    """What goes wrong without mitigation; expected yearly loss is exposure × likelihood × cost."""

    __tablename__ = "risk"
    __table_args__ = (NEVER_REUSE_IDS,)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = _proposal_fk()
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[RiskKind] = mapped_column(_choice(RiskKind), default=RiskKind.FINANCIAL)
    description: Mapped[str] = mapped_column(Text, default="")
    exposure: Mapped[Decimal] = mapped_column(ExactDecimal, default=Decimal(1))
    likelihood_before: Mapped[Decimal] = mapped_column(ExactDecimal, default=Decimal(0))
    likelihood_after: Mapped[Decimal] = mapped_column(ExactDecimal, default=Decimal(0))
    cost_before: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    cost_after: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))

    proposal: Mapped[Proposal] = relationship(back_populates="risks")
    item_links: Mapped[list[ItemRiskLink]] = relationship(
        back_populates="risk", cascade="all, delete-orphan"
    )


class Metric(Base):
    """How value will be measured: a baseline, a target and who reports it."""

    __tablename__ = "metric"
    __table_args__ = (NEVER_REUSE_IDS,)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = _proposal_fk()
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(300), default="")
    area: Mapped[MetricArea] = mapped_column(
        _choice(MetricArea), default=MetricArea.STUDENT_RESULTS
    )
    unit: Mapped[str] = mapped_column(String(60), default="")
    baseline: Mapped[Decimal | None] = mapped_column(ExactDecimal, default=None)
    target: Mapped[Decimal | None] = mapped_column(ExactDecimal, default=None)
    target_year: Mapped[int | None] = mapped_column(Integer, default=None)
    data_source: Mapped[str] = mapped_column(String(300), default="")
    owner: Mapped[str] = mapped_column(String(200), default="")

    proposal: Mapped[Proposal] = relationship(back_populates="metrics")
    item_links: Mapped[list[ItemMetricLink]] = relationship(
        back_populates="metric", cascade="all, delete-orphan"
    )


class Item(Base):
    """One infrastructure line of the proposal."""

    __tablename__ = "item"
    __table_args__ = (NEVER_REUSE_IDS,)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = _proposal_fk()
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(300), default="")
    category: Mapped[ItemCategory] = mapped_column(
        _choice(ItemCategory), default=ItemCategory.OTHER
    )
    quantity: Mapped[Decimal] = mapped_column(ExactDecimal, default=Decimal(1))
    unit_cost: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    recurring_unit_cost: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    lifespan_years: Mapped[int | None] = mapped_column(Integer, default=None)
    start_year: Mapped[int] = mapped_column(Integer, default=1)
    annual_savings: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    vendor: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    figure_source: Mapped[str] = mapped_column(Text, default="")

    proposal: Mapped[Proposal] = relationship(back_populates="items")
    goal_links: Mapped[list[ItemGoalLink]] = relationship(
        back_populates="item", cascade="all, delete-orphan"
    )
    risk_links: Mapped[list[ItemRiskLink]] = relationship(
        back_populates="item", cascade="all, delete-orphan"
    )
    metric_links: Mapped[list[ItemMetricLink]] = relationship(
        back_populates="item", cascade="all, delete-orphan"
    )
    scenario_entries: Mapped[list[ScenarioItem]] = relationship(
        back_populates="item", cascade="all, delete-orphan"
    )


class ItemGoalLink(Base):
    __tablename__ = "item_goal"

    item_id: Mapped[int] = mapped_column(
        ForeignKey("item.id", ondelete="CASCADE"), primary_key=True
    )
    goal_id: Mapped[int] = mapped_column(
        ForeignKey("goal.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    rationale: Mapped[str] = mapped_column(String(500), default="")

    item: Mapped[Item] = relationship(back_populates="goal_links")
    goal: Mapped[Goal] = relationship(back_populates="item_links")


class ItemRiskLink(Base):
    __tablename__ = "item_risk"

    item_id: Mapped[int] = mapped_column(
        ForeignKey("item.id", ondelete="CASCADE"), primary_key=True
    )
    risk_id: Mapped[int] = mapped_column(
        ForeignKey("risk.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    item: Mapped[Item] = relationship(back_populates="risk_links")
    risk: Mapped[Risk] = relationship(back_populates="item_links")


class ItemMetricLink(Base):
    __tablename__ = "item_metric"

    item_id: Mapped[int] = mapped_column(
        ForeignKey("item.id", ondelete="CASCADE"), primary_key=True
    )
    metric_id: Mapped[int] = mapped_column(
        ForeignKey("metric.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    item: Mapped[Item] = relationship(back_populates="metric_links")
    metric: Mapped[Metric] = relationship(back_populates="item_links")


class FundingSource(Base):
    """A funding stream: recurring (M&O, E-Rate) or temporary (grants, bonds)."""

    __tablename__ = "funding_source"
    __table_args__ = (NEVER_REUSE_IDS,)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = _proposal_fk()
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[FundingKind] = mapped_column(
        _choice(FundingKind), default=FundingKind.MAINTENANCE_OPERATIONS
    )
    recurring: Mapped[bool] = mapped_column(Boolean, default=True)
    # False for money asked for and not yet awarded or approved (a grant applied for, a bond
    # not yet voted): the case shows what the plan lacks without it.
    secured: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    notes: Mapped[str] = mapped_column(Text, default="")

    proposal: Mapped[Proposal] = relationship(back_populates="funding_sources")
    amounts: Mapped[list[FundingAmount]] = relationship(
        back_populates="source", cascade="all, delete-orphan", order_by="FundingAmount.year"
    )


class FundingAmount(Base):
    """What one funding source brings in one plan year (1-based)."""

    __tablename__ = "funding_amount"
    __table_args__ = (CheckConstraint("year >= 1", name="year_positive"),)

    source_id: Mapped[int] = mapped_column(
        ForeignKey("funding_source.id", ondelete="CASCADE"), primary_key=True
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    amount: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))

    source: Mapped[FundingSource] = relationship(back_populates="amounts")


class Scenario(Base):
    """A named variant (lean / recommended / full): which items, at what quantities."""

    __tablename__ = "scenario"
    __table_args__ = (UniqueConstraint("proposal_id", "name"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = _proposal_fk()
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")

    proposal: Mapped[Proposal] = relationship(back_populates="scenarios")
    entries: Mapped[list[ScenarioItem]] = relationship(
        back_populates="scenario", cascade="all, delete-orphan"
    )


class ScenarioItem(Base):
    """An item included in a scenario, at its own quantity or at ``quantity_override``."""

    __tablename__ = "scenario_item"

    scenario_id: Mapped[int] = mapped_column(
        ForeignKey("scenario.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[int] = mapped_column(
        ForeignKey("item.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    quantity_override: Mapped[Decimal | None] = mapped_column(ExactDecimal, default=None)

    scenario: Mapped[Scenario] = relationship(back_populates="entries")
    item: Mapped[Item] = relationship(back_populates="scenario_entries")


# What belongs to one proposal, for the code that handles a proposal's rows wholesale (copying
# it, deleting it, deleting rows with what hangs off them). The rows it holds directly, each
# with its own id and position, parents first:
PROPOSAL_ROWS: tuple[type[Any], ...] = (Goal, Risk, Metric, Item, FundingSource, Scenario)

# The rows that tie those together or hang off one of them: each column holding an id, with
# the table the id belongs to; the first names the parent the link belongs to.
PROPOSAL_LINKS: tuple[tuple[type[Any], tuple[tuple[str, type[Any]], ...]], ...] = (
    (ItemGoalLink, (("item_id", Item), ("goal_id", Goal))),
    (ItemRiskLink, (("item_id", Item), ("risk_id", Risk))),
    (ItemMetricLink, (("item_id", Item), ("metric_id", Metric))),
    (FundingAmount, (("source_id", FundingSource),)),
    (ScenarioItem, (("scenario_id", Scenario), ("item_id", Item))),
)
