"""Small helpers for the words every layer shows (pure Python, importable from any layer)."""

from __future__ import annotations

ELLIPSIS = "\u2026"


def clip(text: str, limit: int) -> str:
    """``text`` when it is at most ``limit`` characters, else its first ``limit − 1`` and "…":
    a long value repeated in a message, a cell or a list stays readable and says it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS
