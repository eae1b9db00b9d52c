"""Keeping the Qt bindings from holding every imported module's source text in memory.

PySide6 replaces Python's import statement with a hook that asks, for each module it returns,
whether the module mentions PySide6 (for its optional ``__feature__`` switches). It answers by
reading the module's whole source with ``inspect.getsource``, which leaves every line of it in
``linecache`` for the rest of the session: about 20 MB for what the window imports, and 10 MB
more once the report and the workbook libraries have been imported for a first export, held by
a process whose peak memory a director with a large proposal feels.

``forget_checked_sources`` keeps the bindings' own answer and drops the lines they cached on
the way; the lines come back from the file, as before, if a traceback ever needs them.
"""

from __future__ import annotations

import functools
import inspect
import linecache
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

# Where the bindings keep the check (PySide6's ``__feature__`` support, whatever it is imported as).
_FEATURE_MODULE = "shibokensupport.feature"
_CHECK = "_mod_uses_pyside"
_MARK = "_buyin_forgets_source"


def forget_checked_sources() -> None:
    """Have the bindings' import check leave no source lines behind, and drop those it has
    left so far (once per process; nothing happens where the bindings work otherwise)."""
    feature = sys.modules.get(_FEATURE_MODULE)
    check = getattr(feature, _CHECK, None)
    if feature is None or not callable(check) or getattr(check, _MARK, False):
        return
    setattr(feature, _CHECK, _without_keeping_lines(check))
    _drop_file_lines()


def _without_keeping_lines(check: Callable[..., Any]) -> Callable[..., Any]:
    # Whatever else a later version of the bindings passes is passed on: a wrapper taking the
    # module alone would make every import through their hook fail.
    @functools.wraps(check)
    def checked(module: ModuleType, *args: Any, **kwargs: Any) -> Any:
        try:
            source_file = inspect.getsourcefile(module)
        except Exception:  # noqa: BLE001 - a built-in module: the check reads no file either
            source_file = None
        kept_before = source_file in linecache.cache
        try:
            return check(module, *args, **kwargs)
        finally:
            if source_file is not None and not kept_before:
                linecache.cache.pop(source_file, None)

    setattr(checked, _MARK, True)
    return checked


def _drop_file_lines() -> None:
    """Forget the cached lines that can be read again from their file (those with a
    modification time); lines given to the cache by other means stay."""
    for name, entry in list(linecache.cache.items()):
        if len(entry) == 4 and entry[1] is not None:
            linecache.cache.pop(name, None)
