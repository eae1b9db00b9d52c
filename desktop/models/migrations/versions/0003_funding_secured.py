"""Whether a funding source is secured.

A grant applied for and not yet awarded, or a bond not yet voted, counted as money in hand: the
case said every year was covered. A source now says whether it is secured; every source a
library already holds was counted as such, and stays so.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("funding_source") as batch:
        batch.add_column(
            sa.Column("secured", sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade() -> None:
    with op.batch_alter_table("funding_source") as batch:
        batch.drop_column("secured")
