"""Schema versions: which Alembic revision a library is at, and bringing it to head.

The migration scripts live beside this module (``migrations/``) and are located from this file,
never from the working directory, so they are found from source and inside a frozen bundle.
Migrations run with foreign keys switched off (SQLite rebuilds a table to alter it, and with
foreign keys on, dropping the old table would cascade deletes into its children); a
``foreign_key_check`` afterwards proves nothing was left dangling.

Alembic is imported only when a migration has to run: opening a library that is already current
(every start but the first after an upgrade) compares its revision with ``HEAD_REVISION`` and
``KNOWN_REVISIONS``, which a test keeps equal to what the scripts say.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Kept equal to the scripts in migrations/versions by tests/models/test_migration_revisions.py:
# add the new revision here whenever a migration is added.
HEAD_REVISION = "0003"
KNOWN_REVISIONS = frozenset({"0001", "0002", "0003"})


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    return HEAD_REVISION


def known_revisions() -> set[str]:
    return set(KNOWN_REVISIONS)


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(engine: Engine) -> None:
    """Apply every missing migration in one transaction, with foreign keys off meanwhile."""
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        # PRAGMA foreign_keys is a no-op inside a transaction, so it is set on the driver's own
        # connection (in autocommit mode, see engine.py) before the migration's BEGIN.
        driver = connection.connection.dbapi_connection
        if sqlite and driver is not None:
            driver.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                from alembic import command

                config = alembic_config()
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                if sqlite:
                    dangling = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
                    if dangling:
                        raise RuntimeError(f"migration left {len(dangling)} dangling links")
        finally:
            if sqlite and driver is not None:
                driver.execute("PRAGMA foreign_keys=ON")
