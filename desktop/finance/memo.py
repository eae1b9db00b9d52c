"""Bounded memories of per-item work, so recalculating after one edit redoes only that item.

The screens recompute the whole proposal after every edit, and between two recalculations usually
one item changes. An item's yearly cash flows and its validation verdict depend only on the item
and on a few proposal-level parameters, so they are remembered here, keyed on every value the work
reads: the frozen ``ItemInput`` itself (all its fields), the exact text of the quantity (a flow
echoes its quantity, and ``Decimal("2")`` equals ``Decimal("2.0")`` while printing differently),
and a *token* that stands for the proposal-level parameters (horizon and escalation factors; the
goal, risk and metric keys for validation). Tokens are handed out once per parameter set, so a key
never has to hash a tuple of ``Decimal`` factors item after item.

Each memory holds at most ``limit`` entries and forgets what has gone unused longest, so memory
stays flat however many edits are made. The limit is a compromise: a whole 10,000-item proposal
with its scenarios must fit in one generation (half the limit) to be found again after an edit,
while a full memory of 10-year flows holds about 90 MB (flows plus the item versions they were
worked out for); with one proposal open it holds little beyond what the result itself holds.

A lock guards the memories: the home list computes proposals on worker threads while the open
proposal recalculates on the main one.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Iterable, Sequence
from itertools import count
from typing import Generic, TypeVar

Value = TypeVar("Value")

ITEM_LIMIT = 30_000
TOKEN_LIMIT = 256


class MemoKey:
    """A key of several parts whose hash is worked out once, from a few cheap parts.

    Dictionaries hash a key on every lookup and insertion, and hashing a frozen dataclass runs
    Python code over every field; ``digest`` (a tuple of some of the parts' fields, e.g. an
    item's key and name, whose hashes Python keeps) stands in for it. Equal keys have equal
    digests, so this only decides which keys get compared; ``==`` still compares every part in
    full, so an entry is found only for exactly equal parts."""

    __slots__ = ("_hash", "_parts")

    def __init__(self, digest: Hashable, *parts: Hashable) -> None:
        self._parts = parts
        self._hash = hash(digest)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MemoKey) or self._hash != other._hash:
            return False
        if self._parts is other._parts:
            return True
        if self._parts != other._parts:
            return False
        # Equal parts held in other objects (a proposal read afresh: the home list's copy, then
        # the open editor's) would be compared field by field on every later lookup. Both keys
        # take the same parts instead, so the next comparison meets the very same objects, which
        # Python's comparison of tuples passes over at once. The parts are equal, so neither key
        # changes what it is equal to.
        self._parts = other._parts
        return True


class BoundedMemo(Generic[Value]):
    """A map of at most ``limit`` entries that forgets what has gone unused longest, safe to
    share between threads.

    Two generations of plain dictionaries rather than an exact least-recently-used order: a hit
    in the current generation is one dictionary lookup, where moving an entry to the end of an
    ordered dictionary would compare the (large) key a second time. When the current generation
    is full it becomes the previous one and the old previous one is dropped; entries still in
    use are carried over to the current generation when next read."""

    def __init__(self, limit: int) -> None:
        self._generation = max(1, limit // 2)
        self._current: dict[MemoKey, Value] = {}
        self._previous: dict[MemoKey, Value] = {}
        self._lock = threading.Lock()

    def get(self, key: MemoKey) -> Value | None:
        with self._lock:
            value = self._current.get(key)
            if value is None:
                value = self._previous.pop(key, None)
                if value is not None:
                    self._store(key, value)
            return value

    def get_many(self, keys: Sequence[MemoKey]) -> list[Value | None]:
        """``get`` for each key, under one acquisition of the lock (a proposal's items at once)."""
        with self._lock:
            found = [self._current.get(key) for key in keys]
            if self._previous:
                for index, value in enumerate(found):
                    if value is None:
                        carried = self._previous.pop(keys[index], None)
                        if carried is not None:
                            self._store(keys[index], carried)
                            found[index] = carried
            return found

    def put(self, key: MemoKey, value: Value) -> None:
        with self._lock:
            self._store(key, value)

    def put_many(self, entries: Iterable[tuple[MemoKey, Value]]) -> None:
        with self._lock:
            for key, value in entries:
                self._store(key, value)

    def _store(self, key: MemoKey, value: Value) -> None:
        if len(self._current) >= self._generation:
            self._previous = self._current
            self._current = {}
        self._current[key] = value

    def clear(self) -> None:
        with self._lock:
            self._current = {}
            self._previous = {}

    def __len__(self) -> int:
        return len(self._current) + len(self._previous)


class Tokens:
    """A small integer per distinct parameter set; a new number is never reused, so an entry
    keyed on a forgotten token can only go unused, never be confused with another set's."""

    def __init__(self, limit: int = TOKEN_LIMIT) -> None:
        self._tokens: BoundedMemo[int] = BoundedMemo(limit)
        self._next = count(1)
        self._lock = threading.Lock()

    def of(self, *parameters: Hashable) -> int:
        key = MemoKey(parameters, *parameters)
        token = self._tokens.get(key)
        if token is None:
            with self._lock:
                token = next(self._next)
            self._tokens.put(key, token)
        return token


def clear_memos() -> None:
    """Forget every remembered item result (for tests and benchmarks that want a cold start)."""
    from desktop.finance import cashflow, risk, validation

    cashflow.FLOWS.clear()
    risk.RISKS.clear()
    validation.CLEAN_ITEMS.clear()
