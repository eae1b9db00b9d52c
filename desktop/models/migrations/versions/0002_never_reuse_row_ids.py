"""Never reuse the ids of deleted rows (SQLite AUTOINCREMENT).

Undoing a deletion puts rows back under their old ids. Without AUTOINCREMENT, SQLite gives the
highest deleted id to the next new row, so a row added meanwhile (for example in a second window)
would collide with the one being restored. Tables are rebuilt in batch mode, keeping every
column, key, index and constraint; other databases' id sequences never reuse ids, so they are
left alone.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels = None
depends_on = None

TABLES = ("proposal", "goal", "risk", "metric", "item", "funding_source", "scenario")


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass


def upgrade() -> None:
    _rebuild(True)


def downgrade() -> None:
    _rebuild(False)
