"""A child process that edits a library through the real services and says so after each commit.

Used by the kill and two-process tests. Every edit is announced on standard output twice:
``begin {json}`` before the service call and ``ack {seq}`` once it has returned (its transaction
committed). The parent keeps a log of what was acknowledged and, after killing this process at a
random moment, checks that every acknowledged edit is in the library. The edit in flight at the
kill may or may not have landed; both are fine, but nothing else may differ.

    python edit_stream.py run LIBRARY PROPOSAL_ID TAG SEED MAX_EDITS
    python edit_stream.py serve LIBRARY PROPOSAL_ID TAG

``serve`` imports everything once, then forks one editing child per ``run SEED MAX_EDITS`` line
read from standard input (it prints ``pid N`` from the child, then ``done N`` once the child has
ended), so a hundred kills do not pay a hundred interpreter start-ups.
"""

from __future__ import annotations

import json
import os
import random
import sys
import traceback
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``desktop`` importable from the checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop.services.editing import (  # noqa: E402
    DeletedRows,
    add_row,
    delete_rows,
    list_rows,
    restore_rows,
    set_funding_amount,
    set_link,
    update_row,
)
from desktop.services.library import Library, open_library  # noqa: E402

NOTES = "revision {seq} \u2713 caf\u00e9 \U0001f469\U0001f3fd\u200d\U0001f4bb <b>&amp;</b>"
LINK_KINDS = ("goal", "risk", "metric")


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()  # the parent must see the ack before anything else happens


class Stream:
    """The edits one process makes, over the rows whose names start with its tag."""

    def __init__(self, library: Library, proposal_id: int, tag: str, seed: int) -> None:
        self.library = library
        self.proposal_id = proposal_id
        self.tag = tag
        self.random = random.Random(seed)
        self.seq = seed * 1_000_000
        self.items: dict[str, int] = {}
        self.deleted: dict[str, DeletedRows] = {}
        self.targets: dict[str, list[int]] = {}
        self.source_id = 0
        self._load()

    def _load(self) -> None:
        for row in list_rows(self.library, self.proposal_id, "item"):
            if row["name"].startswith(f"{self.tag}-"):
                self.items[row["name"]] = row["id"]
        for kind in LINK_KINDS:
            rows = list_rows(self.library, self.proposal_id, kind)
            self.targets[kind] = [row["id"] for row in rows]
        sources = list_rows(self.library, self.proposal_id, "funding_source")
        self.source_id = next(s["id"] for s in sources if s["name"] == f"{self.tag} funding")

    def step(self) -> None:
        self.seq += 1
        choices = ["add"] * 3
        if self.items:
            choices += ["update"] * 3 + ["link"] * 3 + ["delete"]
        if self.deleted:
            choices += ["restore"] * 2
        choices += ["fund"] * 2
        operation = self.random.choice(choices)
        getattr(self, f"_{operation}")()
        _say(f"ack {self.seq}")

    def _begin(self, **edit: Any) -> None:
        _say("begin " + json.dumps({"seq": self.seq, **edit}, ensure_ascii=False))

    def _add(self) -> None:
        name = f"{self.tag}-{self.seq}"
        quantity = self.random.randint(1, 5000)
        self._begin(op="add", name=name, quantity=quantity)
        values = {"name": name, "quantity": quantity, "unit_cost": "199.99"}
        self.items[name] = add_row(self.library, self.proposal_id, "item", values)
        # SQLite hands a deleted row's id to the next new row, so a deletion can only be undone
        # before anything is added, as the undo stack does (test_known_issues.py shows the rest).
        self.deleted.clear()

    def _update(self) -> None:
        name = self.random.choice(sorted(self.items))
        quantity = self.random.randint(0, 9999)
        notes = NOTES.format(seq=self.seq)
        self._begin(op="update", name=name, quantity=quantity, notes=notes)
        update_row(self.library, "item", self.items[name], {"quantity": quantity, "notes": notes})

    def _link(self) -> None:
        name = self.random.choice(sorted(self.items))
        kind = self.random.choice(LINK_KINDS)
        target = self.random.choice(self.targets[kind])
        linked = self.random.random() < 0.7
        self._begin(op="link", name=name, kind=kind, target=target, linked=linked)
        set_link(self.library, kind, self.items[name], target, linked)  # type: ignore[arg-type]

    def _fund(self) -> None:
        year = self.random.randint(1, 5)
        amount = f"{self.random.randint(0, 10_000_000)}.{self.random.randint(0, 99):02d}"
        self._begin(op="fund", source=f"{self.tag} funding", year=year, amount=amount)
        set_funding_amount(self.library, self.source_id, year, amount)

    def _delete(self) -> None:
        name = self.random.choice(sorted(self.items))
        self._begin(op="delete", name=name)
        self.deleted[name] = delete_rows(self.library, "item", [self.items.pop(name)])

    def _restore(self) -> None:
        name = self.random.choice(sorted(self.deleted))
        self._begin(op="restore", name=name)
        snapshot = self.deleted.pop(name)
        restore_rows(self.library, snapshot)
        self.items[name] = snapshot.rows[0]["id"]


def run(library_path: str, proposal_id: int, tag: str, seed: int, max_edits: int) -> None:
    library = open_library(library_path)
    try:
        stream = Stream(library, proposal_id, tag, seed)
        _say("ready")
        for _ in range(max_edits):
            stream.step()
    finally:
        library.close()
    _say("finished")


def serve(library_path: str, proposal_id: int, tag: str) -> None:
    for line in sys.stdin:
        command, seed, max_edits = line.split()
        assert command == "run"
        sys.stdout.flush()
        child = os.fork()
        if child == 0:
            status = 0
            try:
                _say(f"pid {os.getpid()}")
                run(library_path, proposal_id, tag, int(seed), int(max_edits))
            except BaseException:
                traceback.print_exc()
                status = 1
            finally:
                os._exit(status)  # never fall back into the server's loop
        os.waitpid(child, 0)
        _say(f"done {child}")


def main(argv: list[str]) -> None:
    if argv[1] == "run":
        run(argv[2], int(argv[3]), argv[4], int(argv[5]), int(argv[6]))
    elif argv[1] == "serve":
        serve(argv[2], int(argv[3]), argv[4])
    else:
        raise SystemExit(f"unknown mode {argv[1]!r}")


if __name__ == "__main__":
    main(sys.argv)
