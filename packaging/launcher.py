"""Entry point of the frozen app: the ``buyin`` command, exactly as ``python -m desktop`` runs it.

A windowed Windows executable starts with no console, so ``sys.stdout`` and ``sys.stderr`` are
``None`` unless the caller redirected them; headless subcommands print, so they get a sink that
swallows text instead of failing on the first ``print``.
"""

from __future__ import annotations

import os
import sys


def _ensure_streams() -> None:
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


if __name__ == "__main__":
    _ensure_streams()
    from desktop.cli import main

    raise SystemExit(main())
