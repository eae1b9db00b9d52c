"""The quick schema check of proposal files: it lets a big file through without the slow
2020-12 validator walking it, and it passes exactly the documents that validator passes, so a
file is never imported unchecked (that validator still words every refusal)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import desktop.services.proposal_format as proposal_format
from bench.generate import synthetic_document
from desktop.services.proposal_format import (
    _checked_schema,
    _for_schema,
    _quick_check,
    _schema_validator,
    checked_and_parsed,
    parse_document_text,
)
from desktop.services.schema_messages import HugeNumber

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources/sample/riverside_one_to_one.json"
TEMPLATE = ROOT / "resources/templates/one_to_one.json"


def _as_checked(path: Path) -> dict[str, Any]:
    """A proposal file's document as the schema checks see it (JSON decimals as floats)."""
    return _for_schema(parse_document_text(path.read_text(encoding="utf-8")))


def _quick() -> Callable[[Any], bool]:
    check = _quick_check()
    assert check is not None, "the shipped schema must be checked quickly"
    return check


def _full(document: Any) -> bool:
    try:
        return bool(_schema_validator().is_valid(document))
    except RecursionError:  # the importer refuses it as nested too deeply
        return False


def test_a_big_valid_file_is_not_walked_by_the_slow_validator(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # At 10,000 items that walk took most of an import and of each export.
    monkeypatch.setattr(proposal_format, "_quick_check", _quick_check)

    def slow_validator() -> Any:
        raise AssertionError("the 2020-12 validator walked a valid file")

    monkeypatch.setattr(proposal_format, "_schema_validator", slow_validator)
    parsed = checked_and_parsed(parse_document_text(json.dumps(synthetic_document(200))))
    assert len(parsed["items"]) == 200


def test_a_schema_keyword_the_quick_check_might_read_differently_leaves_it_to_the_validator(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Draft 7, which the quick check compiles, reads a list of "items" as one schema per
    # position; 2020-12 names that "prefixItems" and has no list form.
    schema = copy.deepcopy(_checked_schema())
    schema["properties"]["goals"]["prefixItems"] = [{"type": "object"}]
    monkeypatch.setattr(proposal_format, "_checked_schema", lambda: schema)
    _quick_check.cache_clear()
    try:
        assert _quick_check() is None
        schema["properties"]["goals"].pop("prefixItems")
        schema["properties"]["proposal"]["properties"]["currency"]["pattern"] = "^[A-Z]{3}$"
        _quick_check.cache_clear()
        assert _quick_check() is None  # fastjsonschema turns every "$" into an end of text
    finally:
        _quick_check.cache_clear()


@pytest.mark.parametrize(
    "document",
    [
        pytest.param(lambda: _as_checked(SAMPLE), id="sample"),
        pytest.param(lambda: _as_checked(TEMPLATE), id="template"),
        pytest.param(lambda: _for_schema(synthetic_document(300)), id="synthetic"),
    ],
)
def test_the_shipped_files_pass_both_checks(document: Callable[[], Any]) -> None:
    checked = document()
    assert _quick()(checked) is True
    assert _full(checked) is True


# --- the two checks agree on mutated documents ------------------------------------------------

_BASES = (_as_checked(SAMPLE), _as_checked(TEMPLATE))


def _patterns(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str):
            yield node["pattern"]
        for value in node.values():
            yield from _patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from _patterns(value)


def _deep(depth: int) -> Any:
    nested: Any = "x"
    for level in range(depth):
        nested = [nested] if level % 2 else {"a": nested}
    return nested


# Values at and past the schema's edges: its limits, lengths, names and decimal forms.
_EDGES: list[Any] = [
    0, 1, -1, 12, 13, 29, 30, 31, 999, 1999, 2000, 2100, 2101, 10_000_000, 10_000_001,
    1.0, 30.0, 2000.0, 1.5, -0.0, 1e300, HugeNumber(float("inf")), HugeNumber(float("-inf")),
    True, False, None, "", " ", "1", "01", "1.5", "0.04", "-40", "1250.00", "1.123", "1.1234567",
    "1\n", "1 ", "+1", "1e3", "١٢", "１２", "0", "1.0000001", "2", "-0", ".5", "5.",
    "USD", "usd", "US", "USDX", "U\u0301SD", "one_to_one", "byod", "draft", "final", "hardware",
    "image/png", "image/gif", "aGVsbG8=", "aGVsbG8=\n", "aGVs\u00a0bG8=", "a==b", "====",
    "G1", "G1\n", "g.1-_", "a" * 40, "a" * 41, "x" * 60, "x" * 61, "x" * 200, "x" * 201,
    "x" * 300, "x" * 301, "x" * 500, "x" * 501, "x" * 20_000, "x" * 20_001, "\U0001f600" * 200,
    "\ud800", [], {}, ["G1"], ["G1", "G1"], ["G1", "G2"], [1, True], [1, 1.0], [{}], [None],
    {"ref": "G1"}, {"ref": "G1", "rationale": "x"}, {"1": "10"}, {"0": "10"}, {"1000": "1"},
    {"media_type": "image/png", "data_base64": "aGVsbG8="}, {"media_type": "image/png"},
]  # fmt: skip

_KEYS = sorted(
    {"ref", "name", "notes", "items", "goals", "risks", "metrics", "quantity", "logo", "1", "x"}
)

_scalars = (
    st.sampled_from(_EDGES)
    | st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(sorted(set(_patterns(_checked_schema())))).flatmap(
        lambda pattern: st.from_regex(pattern, fullmatch=True)
    )
)
_junk = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(_KEYS) | st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def _places(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _places(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _places(value, (*path, index))


def _at(document: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        document = document[part]
    return document


@st.composite
def _mutated(draw: st.DrawFn) -> Any:
    document = copy.deepcopy(draw(st.sampled_from(_BASES)))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(list(_places(document))))
        target = _at(document, path)
        parent = _at(document, path[:-1]) if path else None
        how = draw(
            st.sampled_from(["replace", "remove", "add key", "repeat", "drop", "null", "deep"])
        )
        if how == "deep" and parent is not None:
            parent[path[-1]] = _deep(1_500)
            break  # past what copying and walking the document take
        if how in ("replace", "null") and parent is not None:
            parent[path[-1]] = draw(_junk) if how == "replace" else None
        elif how == "remove" and isinstance(parent, dict):
            del parent[path[-1]]
        elif how == "add key" and isinstance(target, dict):
            target[draw(st.sampled_from(_KEYS) | st.text(max_size=6))] = draw(_junk)
        elif how == "repeat" and isinstance(target, list) and target:
            target.append(copy.deepcopy(target[draw(st.integers(0, len(target) - 1))]))
        elif how == "drop" and isinstance(target, list) and target:
            del target[draw(st.integers(0, len(target) - 1))]
    return document


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutated())
def test_the_quick_check_passes_exactly_the_documents_the_full_validator_passes(
    document: Any,
) -> None:
    full = _full(document)
    event("passes" if full else "refused")
    assert _quick()(document) is full
