"""The revisions the app knows without loading Alembic are exactly the migration scripts'."""

from __future__ import annotations

from desktop.models.migrate import HEAD_REVISION, KNOWN_REVISIONS, script_directory


def test_the_known_revisions_are_the_scripts() -> None:
    scripts = script_directory()
    assert HEAD_REVISION == scripts.get_current_head()
    assert KNOWN_REVISIONS == {script.revision for script in scripts.walk_revisions()}


def test_opening_a_current_library_does_not_load_alembic(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Start-up stays light: a library already at the current schema opens without Alembic."""
    import subprocess
    import sys

    from desktop.services.library import open_library

    path = tmp_path / "library.buyinlib"
    open_library(path).close()
    code = (
        "import sys; from pathlib import Path; from desktop.services.library import open_library;"
        f"open_library(Path({str(path)!r})).close();"
        "print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
