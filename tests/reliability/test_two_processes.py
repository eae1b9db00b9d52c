"""The same library open in two processes at once (two app windows, or the app and ``buyin``).

Both edit side by side: WAL lets them read concurrently, each edit is one short transaction that
takes the write lock first, and a writer waits (busy timeout) for the other's commit instead of
failing. Nothing either of them acknowledged may be missing, and the file must stay whole.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.services.editing import add_row, list_rows, update_row
from desktop.services.library import open_library
from desktop.services.proposals import create_proposal
from tests.reliability.support import (
    DEEP,
    ExpectedState,
    actual_state,
    deep_or,
    integrity,
    parse_stream_lines,
    start_stream,
)
from tests.reliability.test_kill import prepare_library

TAGS = ("left", "right")
SET_QUANTITY_SEVEN = text("UPDATE item SET quantity = '7' WHERE id = :id")


def test_two_processes_editing_at_once_lose_nothing(tmp_path: Path) -> None:
    edits = deep_or(150, 1500)
    path = tmp_path / "shared.buyinlib"
    proposal_id = prepare_library(path, TAGS)
    children = {
        tag: start_stream("run", path, proposal_id, tag, seed, edits)
        for seed, tag in enumerate(TAGS, start=11)
    }
    outputs = {tag: child.communicate(timeout=300) for tag, child in children.items()}
    for tag, child in children.items():
        assert child.returncode == 0, f"{tag} failed:\n{outputs[tag][1]}"
    assert integrity(path) == ["ok"]
    library = open_library(path)
    try:
        for tag in TAGS:
            acknowledged, pending = parse_stream_lines(outputs[tag][0].splitlines())
            assert pending is None and len(acknowledged) == edits
            expected = ExpectedState(tag)
            for edit in acknowledged:
                expected.apply(edit)
            assert actual_state(library, proposal_id, tag) == expected.comparable()
    finally:
        library.close()


def test_an_edit_read_before_another_process_wrote_still_commits(tmp_path: Path) -> None:
    """The trap a plain deferred transaction falls into: it reads, another process commits, and
    its own write then fails at once with "database is locked". Here the second writer waits."""
    path = tmp_path / "shared.buyinlib"
    first, second = open_library(path), None
    try:
        proposal_id = create_proposal(first, "Shared", students=10)
        item_id = add_row(first, proposal_id, "item", {"name": "Laptop"})
        second = open_library(path)
        holding = threading.Event()
        release = threading.Event()

        def hold_the_write_lock() -> None:
            with first.transaction() as session:
                session.execute(SET_QUANTITY_SEVEN, {"id": item_id})
                holding.set()
                release.wait(5)

        writer = threading.Thread(target=hold_the_write_lock)
        writer.start()
        assert holding.wait(5)
        threading.Timer(0.3, release.set).start()
        update_row(second, "item", item_id, {"quantity": "12"})  # waits, then commits
        writer.join(5)
        rows = list_rows(first, proposal_id, "item")
        assert [str(row["quantity"]) for row in rows] == ["12"]
    finally:
        first.close()
        if second is not None:
            second.close()


@pytest.mark.slow
@pytest.mark.skipif(not DEEP, reason="deep run only (BUYIN_DEEP=1)")
def test_four_processes_editing_at_once_lose_nothing(tmp_path: Path) -> None:
    tags = ("a", "b", "c", "d")
    edits = deep_or(200, 1000)
    path = tmp_path / "shared.buyinlib"
    proposal_id = prepare_library(path, tags)
    children = {
        tag: start_stream("run", path, proposal_id, tag, seed, edits)
        for seed, tag in enumerate(tags, start=21)
    }
    outputs = {tag: child.communicate(timeout=600) for tag, child in children.items()}
    assert [child.returncode for child in children.values()] == [0] * len(tags), outputs
    assert integrity(path) == ["ok"]
    library = open_library(path)
    try:
        for tag in tags:
            acknowledged, _ = parse_stream_lines(outputs[tag][0].splitlines())
            expected = ExpectedState(tag)
            for edit in acknowledged:
                expected.apply(edit)
            assert actual_state(library, proposal_id, tag) == expected.comparable()
    finally:
        library.close()
