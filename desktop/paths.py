"""Where things are: the user's library folder and the app's bundled ``resources/``.

The one place that knows about frozen bundles (PyInstaller unpacks data beside the executable and
sets ``sys._MEIPASS``) and about the platform's user-data folder (platformdirs). Nothing here
creates folders at import time; callers ask for a path and create it when they write.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

LIBRARY_ENV = "BUYIN_LIBRARY"
DATA_DIR_ENV = "BUYIN_DATA_DIR"
LIBRARY_FILENAME = "library.buyinlib"
# The proposals shipped in ``resources/`` (parts of a path for ``resource``).
TEMPLATE_FILE = ("templates", "one_to_one.json")
SAMPLE_FILE = ("sample", "riverside_one_to_one.json")


def resources_dir() -> Path:
    """The ``resources/`` folder, from a source checkout or from inside a frozen bundle."""
    bundle_root = getattr(sys, "_MEIPASS", None)
    if bundle_root is not None:
        return Path(bundle_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def user_data_dir() -> Path:
    """The folder holding the library and its backups (``BUYIN_DATA_DIR`` overrides it)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path  # light, but only needed here

    return user_data_path("Buy-In", appauthor=False, roaming=False)


def default_library_path() -> Path:
    """``--library`` wins over ``BUYIN_LIBRARY``, which wins over the user-data folder."""
    override = os.environ.get(LIBRARY_ENV)
    if override:
        return Path(override).expanduser()
    return user_data_dir() / LIBRARY_FILENAME


def backups_dir_for(library_path: Path) -> Path:
    """Backups sit in a ``backups`` folder beside the library file they copy."""
    return library_path.parent / "backups"
