"""Placeholder while the workbook export is written."""

from __future__ import annotations

from typing import Any


def workbook_bytes(data: Any, result: Any) -> bytes:
    raise NotImplementedError
