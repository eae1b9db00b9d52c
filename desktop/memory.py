"""Handing memory the app has freed back to the system, where the C library keeps it otherwise.

Opening, recalculating or exporting a large proposal makes and frees tens of megabytes of
objects. On Linux, glibc's allocator keeps much of what was freed: in the middle of its heaps,
and in the heaps of the worker threads that recalculate, which the window's own thread never
reuses. Each later step then starts from that higher mark, so a session's peak grew with the
steps before it. ``release_freed_memory`` asks glibc to return its free pages (``malloc_trim``,
well under a millisecond); elsewhere it does nothing.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from functools import lru_cache

# When memory was last handed back (``time.monotonic``), for ``at_most_every``.
_last_release = -float("inf")


def release_freed_memory(*, at_most_every: float = 0.0) -> None:
    """Return the C library's free memory to the system (glibc only; otherwise nothing).

    ``at_most_every`` (seconds) skips the call when memory was handed back more recently than
    that: on a fragmented heap a trim takes tens of milliseconds, too long to spend on the
    window's thread after every edit of a large proposal."""
    global _last_release
    now = time.monotonic()
    if now - _last_release < at_most_every:
        return
    _last_release = now
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim  # absent from musl
    except (OSError, AttributeError):
        return None
    return trim
