"""Memory the app has freed goes back to the system, not only to the C library's free lists."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desktop.memory import release_freed_memory


def _resident_megabytes() -> float:
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS line")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's heap, on Linux")
def test_memory_freed_in_the_middle_of_the_heap_goes_back_to_the_system() -> None:
    """A recalculation or an export frees tens of megabytes while a few objects it made stay:
    the C library kept the pages around those, and the session's next step started higher."""
    blocks = [bytearray(4096) for _ in range(12_000)]  # about 48 MB from the C library's heap
    kept = bytearray(4096)  # made last, still in use: the heap cannot shrink past it
    del blocks
    before = _resident_megabytes()
    release_freed_memory()
    assert before - _resident_megabytes() > 30
    assert len(kept) == 4096


def test_releasing_with_nothing_freed_is_harmless() -> None:
    release_freed_memory()
    release_freed_memory()


def test_memory_is_handed_back_at_most_as_often_as_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A trim can take tens of milliseconds on a fragmented heap: after each edit's
    recalculation, on the window's thread, it runs now and then, not every time."""
    import desktop.memory as memory

    trims: list[int] = []
    monkeypatch.setattr(memory, "_malloc_trim", lambda: trims.append)
    monkeypatch.setattr(memory, "_last_release", -float("inf"))
    release_freed_memory(at_most_every=60)
    release_freed_memory(at_most_every=60)
    release_freed_memory(at_most_every=60)
    assert trims == [0]
    release_freed_memory()  # after an export or a big step: always
    assert trims == [0, 0]
