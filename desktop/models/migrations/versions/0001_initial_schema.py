"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22 20:20:13.249681
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "buyin_library",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application", sa.String(length=40), nullable=False),
        sa.Column("created_by_version", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_buyin_library")),
    )
    op.create_table(
        "proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("district", sa.String(length=200), nullable=False),
        sa.Column(
            "initiative",
            sa.Enum(
                "one_to_one",
                "byod",
                "connected_learning",
                name="initiativekind",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("fiscal_year_start", sa.Integer(), nullable=False),
        sa.Column("fiscal_year_start_month", sa.Integer(), nullable=False),
        sa.Column("horizon_years", sa.Integer(), nullable=False),
        sa.Column("students", sa.Integer(), nullable=False),
        sa.Column("teachers", sa.Integer(), nullable=False),
        sa.Column("staff", sa.Integer(), nullable=False),
        sa.Column("discount_rate", sa.String(length=40), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("purchase_escalation_rate", sa.String(length=40), nullable=False),
        sa.Column("recurring_escalation_rate", sa.String(length=40), nullable=False),
        sa.Column(
            "status",
            sa.Enum("draft", "final", name="proposalstatus", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("prepared_by", sa.String(length=200), nullable=False),
        sa.Column("prepared_for", sa.String(length=200), nullable=False),
        sa.Column("executive_summary", sa.Text(), nullable=False),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("logo_media_type", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "horizon_years BETWEEN 1 AND 30", name=op.f("ck_proposal_horizon_range")
        ),
        sa.CheckConstraint("students >= 1", name=op.f("ck_proposal_students_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal")),
        sa.UniqueConstraint("name", name=op.f("uq_proposal_name")),
    )
    op.create_table(
        "funding_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "maintenance_operations",
                "e_rate",
                "grant",
                "bond",
                "title_funds",
                "other",
                name="fundingkind",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("recurring", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
            name=op.f("fk_funding_source_proposal_id_proposal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_source")),
    )
    with op.batch_alter_table("funding_source", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_funding_source_proposal_id"), ["proposal_id"], unique=False
        )

    op.create_table(
        "goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                "district_strategic",
                "building_tactical",
                "continuous_improvement",
                name="goallevel",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
            name=op.f("fk_goal_proposal_id_proposal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal")),
    )
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goal_proposal_id"), ["proposal_id"], unique=False)

    op.create_table(
        "item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "broadband",
                "network_infrastructure",
                "hardware",
                "device_management",
                "security",
                "insurance",
                "technical_support",
                "instructional_content",
                "professional_learning",
                "other",
                name="itemcategory",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("quantity", sa.String(length=40), nullable=False),
        sa.Column("unit_cost", sa.BigInteger(), nullable=False),
        sa.Column("recurring_unit_cost", sa.BigInteger(), nullable=False),
        sa.Column("lifespan_years", sa.Integer(), nullable=True),
        sa.Column("start_year", sa.Integer(), nullable=False),
        sa.Column("annual_savings", sa.BigInteger(), nullable=False),
        sa.Column("vendor", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("figure_source", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
            name=op.f("fk_item_proposal_id_proposal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item")),
    )
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_item_proposal_id"), ["proposal_id"], unique=False)

    op.create_table(
        "metric",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column(
            "area",
            sa.Enum(
                "business_results",
                "student_results",
                "end_user_productivity",
                "deployment_speed",
                name="metricarea",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("unit", sa.String(length=60), nullable=False),
        sa.Column("baseline", sa.String(length=40), nullable=True),
        sa.Column("target", sa.String(length=40), nullable=True),
        sa.Column("target_year", sa.Integer(), nullable=True),
        sa.Column("data_source", sa.String(length=300), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
            name=op.f("fk_metric_proposal_id_proposal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_metric")),
    )
    with op.batch_alter_table("metric", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_metric_proposal_id"), ["proposal_id"], unique=False)

    op.create_table(
        "risk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "financial",
                "security",
                "public_relations",
                "operational",
                name="riskkind",
                native_enum=False,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("exposure", sa.String(length=40), nullable=False),
        sa.Column("likelihood_before", sa.String(length=40), nullable=False),
        sa.Column("likelihood_after", sa.String(length=40), nullable=False),
        sa.Column("cost_before", sa.BigInteger(), nullable=False),
        sa.Column("cost_after", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
            name=op.f("fk_risk_proposal_id_proposal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk")),
    )
    with op.batch_alter_table("risk", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risk_proposal_id"), ["proposal_id"], unique=False)

    op.create_table(
        "scenario",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposal.id"],
            name=op.f("fk_scenario_proposal_id_proposal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scenario")),
        sa.UniqueConstraint("proposal_id", "name", name=op.f("uq_scenario_proposal_id")),
    )
    with op.batch_alter_table("scenario", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scenario_proposal_id"), ["proposal_id"], unique=False)

    op.create_table(
        "funding_amount",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("year >= 1", name=op.f("ck_funding_amount_year_positive")),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["funding_source.id"],
            name=op.f("fk_funding_amount_source_id_funding_source"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source_id", "year", name=op.f("pk_funding_amount")),
    )
    op.create_table(
        "item_goal",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("rationale", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goal.id"], name=op.f("fk_item_goal_goal_id_goal"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["item.id"], name=op.f("fk_item_goal_item_id_item"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("item_id", "goal_id", name=op.f("pk_item_goal")),
    )
    with op.batch_alter_table("item_goal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_item_goal_goal_id"), ["goal_id"], unique=False)

    op.create_table(
        "item_metric",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("metric_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["item.id"], name=op.f("fk_item_metric_item_id_item"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["metric_id"],
            ["metric.id"],
            name=op.f("fk_item_metric_metric_id_metric"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("item_id", "metric_id", name=op.f("pk_item_metric")),
    )
    with op.batch_alter_table("item_metric", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_item_metric_metric_id"), ["metric_id"], unique=False)

    op.create_table(
        "item_risk",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("risk_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["item.id"], name=op.f("fk_item_risk_item_id_item"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["risk_id"], ["risk.id"], name=op.f("fk_item_risk_risk_id_risk"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("item_id", "risk_id", name=op.f("pk_item_risk")),
    )
    with op.batch_alter_table("item_risk", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_item_risk_risk_id"), ["risk_id"], unique=False)

    op.create_table(
        "scenario_item",
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("quantity_override", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["item_id"], ["item.id"], name=op.f("fk_scenario_item_item_id_item"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["scenario.id"],
            name=op.f("fk_scenario_item_scenario_id_scenario"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("scenario_id", "item_id", name=op.f("pk_scenario_item")),
    )
    with op.batch_alter_table("scenario_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scenario_item_item_id"), ["item_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("scenario_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scenario_item_item_id"))

    op.drop_table("scenario_item")
    with op.batch_alter_table("item_risk", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_risk_risk_id"))

    op.drop_table("item_risk")
    with op.batch_alter_table("item_metric", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_metric_metric_id"))

    op.drop_table("item_metric")
    with op.batch_alter_table("item_goal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_goal_goal_id"))

    op.drop_table("item_goal")
    op.drop_table("funding_amount")
    with op.batch_alter_table("scenario", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scenario_proposal_id"))

    op.drop_table("scenario")
    with op.batch_alter_table("risk", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_proposal_id"))

    op.drop_table("risk")
    with op.batch_alter_table("metric", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_metric_proposal_id"))

    op.drop_table("metric")
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_proposal_id"))

    op.drop_table("item")
    with op.batch_alter_table("goal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goal_proposal_id"))

    op.drop_table("goal")
    with op.batch_alter_table("funding_source", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_funding_source_proposal_id"))

    op.drop_table("funding_source")
    op.drop_table("proposal")
    op.drop_table("buyin_library")
