"""Shared helpers for the reliability tests: the deep-run switch, file fingerprints, and the
expected state an acknowledged stream of edits must leave in a library.

``BUYIN_DEEP=1`` (set by ``make test-deep``) turns the quick checks into long ones: more kills,
more seeds, more cases.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.services.editing import funding_amounts, link_state, list_rows
from desktop.services.library import Library

DEEP = os.environ.get("BUYIN_DEEP", "") not in ("", "0")
EDIT_STREAM = Path(__file__).with_name("edit_stream.py")


def deep_or(quick: int, deep: int) -> int:
    return deep if DEEP else quick


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_listing(folder: Path) -> list[str]:
    """Every path under ``folder`` (relative), to prove nothing new appeared beside a file."""
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def integrity(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("PRAGMA integrity_check")]
    finally:
        connection.close()


def stream_command(*args: object) -> list[str]:
    return [sys.executable, str(EDIT_STREAM), *(str(arg) for arg in args)]


def start_stream(*args: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        stream_command(*args),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        bufsize=1,
    )


@dataclass
class ExpectedState:
    """What one tag's rows must look like after the acknowledged edits of its stream(s)."""

    tag: str
    items: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> quantity, notes
    links: set[tuple[str, str, int]] = field(default_factory=set)  # (item name, kind, target)
    funding: dict[int, Decimal] = field(default_factory=dict)  # year -> amount
    deleted: dict[str, tuple[dict[str, Any], set[tuple[str, str, int]]]] = field(
        default_factory=dict
    )
    acknowledged: int = 0

    def apply(self, edit: dict[str, Any]) -> None:
        op, name = edit["op"], edit.get("name")
        if op == "add":
            self.items[name] = {"quantity": Decimal(edit["quantity"]), "notes": ""}
        elif op == "update":
            self.items[name] = {"quantity": Decimal(edit["quantity"]), "notes": edit["notes"]}
        elif op == "link":
            key = (name, edit["kind"], edit["target"])
            if edit["linked"]:
                self.links.add(key)
            else:
                self.links.discard(key)
        elif op == "fund":
            self.funding[edit["year"]] = Decimal(edit["amount"])
        elif op == "delete":
            gone = {link for link in self.links if link[0] == name}
            self.deleted[name] = (self.items.pop(name), gone)
            self.links -= gone
        elif op == "restore":
            values, links = self.deleted.pop(name)
            self.items[name] = values
            self.links |= links
        else:
            raise AssertionError(f"unknown edit {edit}")

    def with_edit(self, edit: dict[str, Any]) -> ExpectedState:
        later = copy.deepcopy(self)
        later.apply(edit)
        return later

    def comparable(self) -> dict[str, Any]:
        return {"items": self.items, "links": self.links, "funding": self.funding}


def actual_state(library: Library, proposal_id: int, tag: str) -> dict[str, Any]:
    """The same view as ``ExpectedState.comparable``, read from the library."""
    names: dict[int, str] = {}
    items: dict[str, dict[str, Any]] = {}
    for row in list_rows(library, proposal_id, "item"):
        if row["name"].startswith(f"{tag}-"):
            names[row["id"]] = row["name"]
            items[row["name"]] = {"quantity": Decimal(row["quantity"]), "notes": row["notes"]}
    links = set()
    for kind in ("goal", "risk", "metric"):
        for item_id, target in link_state(library, proposal_id, kind):  # type: ignore[arg-type]
            if item_id in names:
                links.add((names[item_id], kind, target))
    source_id = next(
        row["id"]
        for row in list_rows(library, proposal_id, "funding_source")
        if row["name"] == f"{tag} funding"
    )
    funding = {
        year: amount
        for (source, year), amount in funding_amounts(library, proposal_id).items()
        if source == source_id
    }
    return {"items": items, "links": links, "funding": funding}


def parse_stream_lines(lines: list[str]) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """(acknowledged edits in order, the edit begun but not acknowledged, if any)."""
    acknowledged: list[dict[str, Any]] = []
    pending: dict[str, Any] | None = None
    for line in lines:
        if line.startswith("begin "):
            assert pending is None, f"an edit began before the last one was acknowledged: {line}"
            pending = json.loads(line[len("begin ") :])
        elif line.startswith("ack "):
            assert pending is not None and int(line.split()[1]) == pending["seq"], line
            acknowledged.append(pending)
            pending = None
    return acknowledged, pending
