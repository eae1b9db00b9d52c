"""Kill the app mid-edit, again and again: nothing acknowledged may be lost, nothing may break.

A child process edits one library through the real services (add, update, link, fund, delete,
restore) and acknowledges each edit after its transaction committed; the test SIGKILLs it at a
random moment (sometimes while it is still opening the library and taking its daily backup),
then checks the file passes ``PRAGMA integrity_check``, opens with ``open_library``, and holds
exactly the acknowledged edits (plus, possibly, the one in flight). 50 kills in the quick run,
300 with ``BUYIN_DEEP=1``.
"""

from __future__ import annotations

import os
import queue
import random
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest

from desktop.services.editing import add_row
from desktop.services.library import Library, open_library
from desktop.services.proposals import create_proposal
from tests.reliability.support import (
    ExpectedState,
    actual_state,
    deep_or,
    integrity,
    parse_stream_lines,
    start_stream,
)

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the kill server forks")

TAG = "kill"


def prepare_library(path: Path, tags: tuple[str, ...]) -> int:
    """A proposal with goals, risks and metrics to link to, and one funding source per tag."""
    library = open_library(path)
    try:
        proposal_id = create_proposal(library, "Crash test", students=1200)
        for number in (1, 2):
            add_row(library, proposal_id, "goal", {"title": f"Goal {number}"})
            add_row(library, proposal_id, "risk", {"title": f"Risk {number}"})
            add_row(library, proposal_id, "metric", {"name": f"Metric {number}"})
        for tag in tags:
            add_row(library, proposal_id, "funding_source", {"name": f"{tag} funding"})
    finally:
        library.close()
    return proposal_id


class LineReader:
    """Reads a child's output on a thread, so a full pipe never blocks the child."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        assert process.stdout is not None
        threading.Thread(target=self._pump, args=(process.stdout,), daemon=True).start()

    def _pump(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self.lines.put(line)
        self.lines.put("")

    def until(self, predicate: object, timeout: float = 60) -> list[str]:
        """Complete lines (without newline) up to and including the first matching one."""
        collected = []
        deadline = time.monotonic() + timeout
        while True:
            line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            if line == "":
                raise AssertionError(f"the edit server ended early after {collected[-5:]}")
            if not line.endswith("\n"):  # cut short by the kill: never acknowledged
                continue
            collected.append(line.rstrip("\n"))
            if predicate(collected[-1]):  # type: ignore[operator]
                return collected


def check_library(path: Path, proposal_id: int, expected: ExpectedState, pending: object) -> bool:
    """Assert the library is whole and matches; returns whether the in-flight edit landed."""
    assert integrity(path) == ["ok"]
    library: Library = open_library(path)
    try:
        actual = actual_state(library, proposal_id, expected.tag)
    finally:
        library.close()
    if actual == expected.comparable():
        return False
    assert pending is not None, "the library differs from the acknowledged edits"
    assert actual == expected.with_edit(pending).comparable(), (  # type: ignore[arg-type]
        "the library matches neither the acknowledged edits nor those plus the one in flight"
    )
    return True


def test_killing_the_app_mid_edit_loses_nothing_acknowledged(tmp_path: Path) -> None:
    kills = deep_or(50, 300)
    seed = int(os.environ.get("BUYIN_KILL_SEED", "20240901"))
    chance = random.Random(seed)
    path = tmp_path / "library.buyinlib"
    proposal_id = prepare_library(path, (TAG,))
    expected = ExpectedState(TAG)
    server = start_stream("serve", path, proposal_id, TAG)
    reader = LineReader(server)
    assert server.stdin is not None
    landed_unacknowledged = killed_while_opening = 0
    try:
        for round_number in range(kills):
            server.stdin.write(f"run {seed + round_number + 1} 1000000\n")
            server.stdin.flush()
            lines = reader.until(lambda line: line.startswith("pid "))
            child = int(lines[-1].split()[1])
            if chance.random() < 0.15:
                time.sleep(chance.uniform(0, 0.05))  # during open_library and its backup
                killed_while_opening += 1
            else:
                lines += reader.until(lambda line: line in ("ready", "finished"))
                time.sleep(chance.uniform(0.0, 0.2))
            os.kill(child, signal.SIGKILL)
            lines += reader.until(f"done {child}".__eq__)
            acknowledged, pending = parse_stream_lines(lines)
            for edit in acknowledged:
                expected.apply(edit)
            expected.acknowledged += len(acknowledged)
            if check_library(path, proposal_id, expected, pending):
                expected.apply(pending)  # type: ignore[arg-type]
                landed_unacknowledged += 1
    finally:
        server.stdin.close()
        server.wait(timeout=30)
    assert server.returncode == 0, server.stderr.read() if server.stderr else ""
    print(
        f"\n{kills} kills ({killed_while_opening} while opening), "
        f"{expected.acknowledged} acknowledged edits, all present; "
        f"{landed_unacknowledged} in-flight edits had landed before their acknowledgement; "
        f"{len(expected.items)} items, {len(expected.links)} links at the end"
    )
    assert expected.acknowledged > kills  # the kills did land in the middle of editing
