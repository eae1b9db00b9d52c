"""Alembic environment: runs migrations on the connection handed over by ``desktop.models.migrate``
(never on a URL of its own), in batch mode so SQLite tables can be altered by rebuilding them."""

from __future__ import annotations

from alembic import context

from desktop.models.entities import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached when alembic is run by hand
    raise SystemExit("Run migrations through desktop.models.migrate.upgrade_to_head().")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
context.run_migrations()
