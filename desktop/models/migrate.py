"""Schema versions: which Alembic revision a library is at, and bringing it to head.

The migration scripts live beside this module (``migrations/``) and are located from this file,
never from the working directory, so they are found from source and inside a frozen bundle.
Migrations run with foreign keys switched off (SQLite rebuilds a table to alter it, and with
foreign keys on, dropping the old table would cascade deletes into its children); a
``foreign_key_check`` afterwards proves nothing was left dangling.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None, "the migration scripts have no head"
    return head


def known_revisions() -> set[str]:
    return {script.revision for script in script_directory().walk_revisions()}


def current_revision(connection: Connection) -> str | None:
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
