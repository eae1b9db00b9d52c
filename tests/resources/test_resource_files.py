"""The proposal file format's shipped data: the JSON Schema, the 1:1 template and the sample.

These files are what a director sees first (the sample opens on first start, the template seeds a
new proposal), so they must validate, link up completely and cover every vocabulary the wizard
offers. Pure Python: no Qt, no database.
"""

from __future__ import annotations

import copy
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from desktop.vocabulary import (
    FundingKind,
    GoalLevel,
    InitiativeKind,
    ItemCategory,
    MetricArea,
    ProposalStatus,
    RiskKind,
    SizedBy,
)

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
DOCS = Path(__file__).resolve().parents[2] / "docs"
SCHEMA_PATH = RESOURCES / "proposal.schema.json"
TEMPLATE_PATH = RESOURCES / "templates" / "one_to_one.json"
SAMPLE_PATH = RESOURCES / "sample" / "riverside_one_to_one.json"
PROPOSAL_FILES = [TEMPLATE_PATH, SAMPLE_PATH]


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return load(SCHEMA_PATH)


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema)


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    return load(TEMPLATE_PATH)


@pytest.fixture(scope="module")
def sample() -> dict[str, Any]:
    return load(SAMPLE_PATH)


@pytest.fixture(scope="module", params=PROPOSAL_FILES, ids=lambda p: p.name)
def document(request: pytest.FixtureRequest) -> dict[str, Any]:
    return load(request.param)


# --- the schema itself ------------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema(schema: dict[str, Any]) -> None:
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] and schema["title"] and schema["description"]
    for name in (
        "money",
        "rate",
        "quantity",
        "likelihood",
        "ref",
        "proposal",
        "goal",
        "risk",
        "metric",
        "item",
        "funding",
        "scenario",
    ):
        assert name in schema["$defs"], name


def _objects(node: Any, path: str = "#") -> list[tuple[str, dict[str, Any]]]:
    """Every subschema with "properties", with a readable location."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        if "properties" in node:
            found.append((path, node))
        for key, value in node.items():
            found.extend(_objects(value, f"{path}/{key}"))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_objects(value, f"{path}/{index}"))
    return found


def test_every_object_refuses_unknown_keys_and_every_property_is_described(
    schema: dict[str, Any],
) -> None:
    objects = _objects(schema)
    assert len(objects) >= 10
    for location, subschema in objects:
        assert subschema.get("additionalProperties") is False, location
        for name, prop in subschema["properties"].items():
            assert prop.get("description", "").strip(), f"{location}/properties/{name}"


def _enum(schema: dict[str, Any], definition: str, prop: str) -> set[str]:
    return set(schema["$defs"][definition]["properties"][prop]["enum"])


def test_schema_vocabularies_match_the_application(schema: dict[str, Any]) -> None:
    """A value the schema accepts must be one the application can store, and the other way round."""
    assert _enum(schema, "proposal", "initiative") == {m.value for m in InitiativeKind}
    assert _enum(schema, "proposal", "status") == {m.value for m in ProposalStatus}
    assert _enum(schema, "goal", "level") == {m.value for m in GoalLevel}
    assert _enum(schema, "risk", "kind") == {m.value for m in RiskKind}
    assert _enum(schema, "metric", "area") == {m.value for m in MetricArea}
    assert _enum(schema, "item", "category") == {m.value for m in ItemCategory}
    assert _enum(schema, "funding", "kind") == {m.value for m in FundingKind}
    assert _enum(schema, "item", "sized_by") == {m.value for m in SizedBy}


def test_schema_year_limits_match_the_fields(schema: dict[str, Any]) -> None:
    """The schema let a metric's target year run to 2200 while the importer refused past 2100,
    and the engine allowed a 40-year plan where the editor and the schema stop at 30."""
    from desktop.finance.validation import MAX_HORIZON_YEARS
    from desktop.services.fields import ENTITY_FIELDS

    def limits(entity: str, name: str) -> tuple[Any, Any]:
        spec = next(spec for spec in ENTITY_FIELDS[entity] if spec.name == name)
        return spec.minimum, spec.maximum

    defs = schema["$defs"]
    horizon = defs["proposal"]["properties"]["horizon_years"]
    assert (horizon["minimum"], horizon["maximum"]) == limits("proposal", "horizon_years")
    assert horizon["maximum"] == MAX_HORIZON_YEARS
    start = defs["proposal"]["properties"]["fiscal_year_start"]
    assert (start["minimum"], start["maximum"]) == limits("proposal", "fiscal_year_start")
    (year,) = [o for o in defs["metric"]["properties"]["target_year"]["oneOf"] if "minimum" in o]
    assert (year["minimum"], year["maximum"]) == limits("metric", "target_year")


# --- both shipped proposal files --------------------------------------------------------------


@pytest.mark.parametrize("path", PROPOSAL_FILES, ids=lambda p: p.name)
def test_file_validates_against_the_schema(path: Path, validator: Draft202012Validator) -> None:
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(load(path))]
    assert errors == []


@pytest.mark.parametrize("path", PROPOSAL_FILES, ids=lambda p: p.name)
def test_file_is_utf8_json_without_byte_order_mark(path: Path) -> None:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    raw.decode("utf-8")


def _refs(document: dict[str, Any], key: str) -> list[str]:
    return [entry["ref"] for entry in document.get(key, [])]


def test_refs_are_unique_within_each_list(document: dict[str, Any]) -> None:
    for key in ("goals", "risks", "metrics", "items", "funding", "scenarios"):
        refs = _refs(document, key)
        assert len(refs) == len(set(refs)), key


def test_every_ref_used_resolves(document: dict[str, Any]) -> None:
    goals = set(_refs(document, "goals"))
    risks = set(_refs(document, "risks"))
    metrics = set(_refs(document, "metrics"))
    items = set(_refs(document, "items"))
    for item in document["items"]:
        for link in item.get("goals", []):
            assert link["ref"] in goals, (item["ref"], link["ref"])
        for ref in item.get("risks", []):
            assert ref in risks, (item["ref"], ref)
        for ref in item.get("metrics", []):
            assert ref in metrics, (item["ref"], ref)
    for scenario in document.get("scenarios", []):
        for entry in scenario["items"]:
            assert entry["ref"] in items, (scenario["ref"], entry["ref"])


def test_every_item_serves_a_goal_and_says_where_its_figures_come_from(
    document: dict[str, Any],
) -> None:
    for item in document["items"]:
        assert item["goals"], item["ref"]
        for link in item["goals"]:
            assert link.get("rationale", "").strip(), (item["ref"], link["ref"])
        source = item.get("figure_source", "")
        assert source.strip(), item["ref"]
        assert source.startswith("Illustrative"), item["ref"]


def test_most_items_are_linked_to_risks_and_metrics(document: dict[str, Any]) -> None:
    items = document["items"]
    with_risks = sum(1 for item in items if item.get("risks"))
    with_metrics = sum(1 for item in items if item.get("metrics"))
    assert with_risks > len(items) / 2
    assert with_metrics > len(items) / 2


def test_every_goal_risk_and_metric_is_used_by_some_item(document: dict[str, Any]) -> None:
    used_goals = {link["ref"] for item in document["items"] for link in item["goals"]}
    used_risks = {ref for item in document["items"] for ref in item.get("risks", [])}
    used_metrics = {ref for item in document["items"] for ref in item.get("metrics", [])}
    assert used_goals == set(_refs(document, "goals"))
    assert used_risks == set(_refs(document, "risks"))
    assert used_metrics == set(_refs(document, "metrics"))


def test_numbers_obey_the_importer_rules(document: dict[str, Any]) -> None:
    """The rules the schema cannot express, as docs/proposal-format.md states them."""
    proposal = document["proposal"]
    horizon = proposal["horizon_years"]
    assert Decimal(0) <= Decimal(proposal["discount_rate"]) < 1
    first_year = proposal["fiscal_year_start"]
    for risk in document["risks"]:
        for key in ("likelihood_before", "likelihood_after"):
            assert Decimal(0) <= Decimal(risk[key]) <= 1, (risk["ref"], key)
        assert Decimal(risk["exposure"]) > 0, risk["ref"]
        assert Decimal(risk["cost_before"]) >= 0 and Decimal(risk["cost_after"]) >= 0
        # Mitigation never makes the expected loss worse in the shipped files.
        before = Decimal(risk["likelihood_before"]) * Decimal(risk["cost_before"])
        after = Decimal(risk["likelihood_after"]) * Decimal(risk["cost_after"])
        assert after < before, risk["ref"]
    for item in document["items"]:
        assert 1 <= item["start_year"] <= horizon, item["ref"]
        for key in ("unit_cost", "recurring_unit_cost", "annual_savings"):
            assert Decimal(item[key]) >= 0, (item["ref"], key)
        assert Decimal(item["quantity"]) > 0, item["ref"]
    for stream in document["funding"]:
        assert stream["amounts"], stream["ref"]
        for year, amount in stream["amounts"].items():
            assert 1 <= int(year) <= horizon, (stream["ref"], year)
            assert Decimal(amount) >= 0, (stream["ref"], year)
    for metric in document["metrics"]:
        assert metric["baseline"] is not None and metric["target"] is not None, metric["ref"]
        assert first_year <= metric["target_year"] <= first_year + horizon - 1, metric["ref"]


def _cost_by_year(document: dict[str, Any]) -> dict[int, Decimal]:
    """Yearly cost as the format describes it: one-time cost in the start year and every
    lifespan_years after it, recurring cost every year from the start year, escalation
    compounding from plan year 1."""
    proposal = document["proposal"]
    purchase = 1 + Decimal(proposal.get("purchase_escalation_rate", "0"))
    recurring = 1 + Decimal(proposal.get("recurring_escalation_rate", "0"))
    costs: dict[int, Decimal] = {}
    for year in range(1, proposal["horizon_years"] + 1):
        total = Decimal(0)
        for item in document["items"]:
            start, life = item["start_year"], item["lifespan_years"]
            if year < start:
                continue
            quantity = Decimal(item["quantity"])
            bought = year == start if life is None else (year - start) % life == 0
            if bought:
                total += quantity * Decimal(item["unit_cost"]) * purchase ** (year - 1)
            total += quantity * Decimal(item["recurring_unit_cost"]) * recurring ** (year - 1)
        costs[year] = total
    return costs


def test_funding_covers_every_plan_year(document: dict[str, Any]) -> None:
    costs = _cost_by_year(document)
    for year, cost in costs.items():
        funded = sum(
            (Decimal(s["amounts"].get(str(year), "0")) for s in document["funding"]), Decimal(0)
        )
        assert funded >= cost.quantize(Decimal("0.01")), year
        assert funded - cost < cost * Decimal("0.01"), year  # a plan, not a slush fund


# --- the template -----------------------------------------------------------------------------


def test_template_is_a_generic_five_year_draft(template: dict[str, Any]) -> None:
    proposal = template["proposal"]
    assert proposal["district"] == "Your District"
    assert proposal["initiative"] == "one_to_one"
    assert (
        proposal["horizon_years"],
        proposal["students"],
        proposal["teachers"],
        proposal["staff"],
    ) == (5, 4000, 260, 180)
    assert proposal["discount_rate"] == "0.03"
    assert proposal["fiscal_year_start"] == 2027
    assert proposal["status"] == "draft"
    assert template["scenarios"] == []


def test_template_covers_every_category_risk_kind_metric_area_and_goal_level(
    template: dict[str, Any],
) -> None:
    assert 12 <= len(template["items"]) <= 20
    assert {i["category"] for i in template["items"]} == {m.value for m in ItemCategory}
    assert {r["kind"] for r in template["risks"]} == {m.value for m in RiskKind}
    assert {m["area"] for m in template["metrics"]} == {m.value for m in MetricArea}
    assert {g["level"] for g in template["goals"]} == {m.value for m in GoalLevel}
    assert 5 <= len(template["goals"]) <= 7
    assert 6 <= len(template["risks"]) <= 9
    assert 6 <= len(template["metrics"]) <= 9
    student_results = [m for m in template["metrics"] if m["area"] == "student_results"]
    assert len(student_results) >= 2


def test_template_funding_mixes_recurring_and_temporary_sources(template: dict[str, Any]) -> None:
    by_kind = {s["kind"]: s for s in template["funding"]}
    assert by_kind["maintenance_operations"]["recurring"] is True
    # The E-Rate on yearly services recurs; its discount on the first purchases does not.
    e_rate = [s for s in template["funding"] if s["kind"] == "e_rate"]
    assert [s["recurring"] for s in e_rate] == [True, False]
    assert set(e_rate[1]["amounts"]) == {"1"}
    assert by_kind["grant"]["recurring"] is False
    assert by_kind["bond"]["recurring"] is False
    assert set(by_kind["bond"]["amounts"]) == {"1"}


# --- the sample -------------------------------------------------------------------------------


def test_sample_is_the_riverside_proposal(sample: dict[str, Any]) -> None:
    proposal = sample["proposal"]
    assert proposal["name"] == "Riverside USD — 1:1 Infrastructure 2027–2031"
    assert proposal["district"] == "Riverside Unified School District"
    assert "fictional" in proposal["executive_summary"]
    assert (proposal["fiscal_year_start"], proposal["horizon_years"]) == (2027, 5)
    assert proposal["prepared_by"] == "Director of Technology"
    assert proposal["prepared_for"] == "Chief Financial Officer"
    assert proposal["logo"] is None
    assert len(proposal["executive_summary"]) > 300


def test_sample_has_lean_recommended_and_full_scenarios(sample: dict[str, Any]) -> None:
    items = {item["ref"]: item for item in sample["items"]}
    scenarios = {s["name"]: s for s in sample["scenarios"]}
    assert list(scenarios) == ["Lean", "Recommended", "Full"]
    chosen = {name: {e["ref"] for e in s["items"]} for name, s in scenarios.items()}
    for name, refs in chosen.items():
        assert refs <= set(items), name
    assert chosen["Recommended"] == set(items)
    assert chosen["Full"] == set(items)
    assert chosen["Lean"] < set(items)
    full_raises = [
        e
        for e in scenarios["Full"]["items"]
        if e["quantity"] is not None
        and Decimal(e["quantity"]) > Decimal(items[e["ref"]]["quantity"])
    ]
    assert full_raises, "Full should raise some quantities"
    assert all(e["quantity"] is None for e in scenarios["Recommended"]["items"])


def test_sample_pays_its_recurring_costs_from_recurring_money(
    sample: dict[str, Any], tmp_path: Path
) -> None:
    """The sample shows the habit the rubric asks for: temporary money (a grant, a one-time draw
    on fund balance) buys one-time things, and recurring costs are met from recurring money. Its
    general fund had carried the year-1 draw on fund balance marked recurring, which overstated
    the recurring money a CFO could count on."""
    from desktop.finance import compute
    from desktop.services.library import open_library
    from desktop.services.proposal_format import import_document
    from desktop.services.snapshot import proposal_input

    total = Decimal(0)
    temporary = Decimal(0)
    for stream in sample["funding"]:
        amount = sum((Decimal(a) for a in stream["amounts"].values()), Decimal(0))
        total += amount
        if not stream["recurring"]:
            temporary += amount
    kinds = {s["kind"] for s in sample["funding"]}
    assert {"maintenance_operations", "e_rate", "grant"} <= kinds
    assert Decimal(0) < temporary < total * Decimal("0.15")
    assert Decimal(1_000_000) < total < Decimal(10_000_000)
    library = open_library(tmp_path / "library.buyinlib")
    try:
        data = proposal_input(library, import_document(library, copy.deepcopy(sample)))
    finally:
        library.close()
    funding = compute(data).base.funding
    assert funding.grant_reliance_share is not None
    assert Decimal(0) < funding.grant_reliance_share < Decimal("0.05")
    general = next(s for s in sample["funding"] if s["kind"] == "maintenance_operations")
    assert general["recurring"]
    # Only the grant's last year pays a recurring cost: the first year's one-time money (the
    # E-Rate discount on purchases, the fund balance) pays that year's purchases alone.
    assert [bool(amount) for amount in funding.temporary_for_recurring_by_year] == [
        False, True, False, False, False,
    ]  # fmt: skip
    assert not any(flag.code == "recurring_source_peak" for flag in funding.flags)


# --- documents the schema must refuse ---------------------------------------------------------


def _errors(validator: Draft202012Validator, document: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e.json_path, e.message) for e in validator.iter_errors(document)]


def test_unknown_property_is_refused_with_its_location(
    validator: Draft202012Validator, sample: dict[str, Any]
) -> None:
    broken = copy.deepcopy(sample)
    broken["items"][0]["unit_cots"] = "10.00"
    errors = _errors(validator, broken)
    assert errors
    assert any(path == "$.items[0]" and "unit_cots" in message for path, message in errors)


def test_money_with_three_decimals_is_refused(
    validator: Draft202012Validator, sample: dict[str, Any]
) -> None:
    broken = copy.deepcopy(sample)
    broken["items"][2]["unit_cost"] = "10.005"
    broken["funding"][0]["amounts"]["1"] = "12,000.00"
    paths = [path for path, _ in _errors(validator, broken)]
    assert "$.items[2].unit_cost" in paths
    assert "$.funding[0].amounts['1']" in paths


def test_money_as_a_json_number_is_refused(
    validator: Draft202012Validator, sample: dict[str, Any]
) -> None:
    broken = copy.deepcopy(sample)
    broken["items"][0]["recurring_unit_cost"] = 85.0
    assert "$.items[0].recurring_unit_cost" in [p for p, _ in _errors(validator, broken)]


def test_bad_enum_value_is_refused(validator: Draft202012Validator, sample: dict[str, Any]) -> None:
    broken = copy.deepcopy(sample)
    broken["items"][1]["category"] = "furniture"
    broken["risks"][0]["kind"] = "reputational"
    paths = [path for path, _ in _errors(validator, broken)]
    assert "$.items[1].category" in paths
    assert "$.risks[0].kind" in paths


def test_missing_required_key_and_bad_ref_are_refused(
    validator: Draft202012Validator, sample: dict[str, Any]
) -> None:
    broken = copy.deepcopy(sample)
    del broken["goals"][0]["level"]
    broken["metrics"][0]["ref"] = "has spaces"
    errors = _errors(validator, broken)
    assert any(path == "$.goals[0]" and "'level'" in message for path, message in errors)
    assert "$.metrics[0].ref" in [p for p, _ in errors]


def test_newer_format_version_and_wrong_format_are_refused(
    validator: Draft202012Validator, sample: dict[str, Any]
) -> None:
    broken = copy.deepcopy(sample)
    broken["format_version"] = 2
    broken["format"] = "some-other-format"
    paths = [path for path, _ in _errors(validator, broken)]
    assert "$.format_version" in paths
    assert "$.format" in paths


# --- the format page --------------------------------------------------------------------------


def test_the_example_in_the_format_page_validates(validator: Draft202012Validator) -> None:
    page = (DOCS / "proposal-format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)```", page, flags=re.DOTALL)
    complete = [json.loads(b) for b in blocks if '"format": "buyin-proposal"' in b]
    assert complete, "the page should contain a complete example"
    for example in complete:
        assert _errors(validator, example) == []


def test_the_published_schema_allows_the_whole_numbers_the_app_allows() -> None:
    """The schema let a lifespan run to 100 years and any number of students, where the app
    takes 30 and ten million: a file written to the published schema was then refused."""
    from desktop.services.fields import ENTITY_FIELDS

    schema = json.loads(Path("resources/proposal.schema.json").read_text(encoding="utf-8"))
    definitions = {"funding_source": "funding"}
    checked = 0
    for entity, specs in ENTITY_FIELDS.items():
        properties = schema["$defs"][definitions.get(entity, entity)]["properties"]
        for spec in specs:
            if spec.type not in ("int", "optional_int") or spec.name not in properties:
                continue
            found = properties[spec.name]
            number = next(part for part in found.get("oneOf", [found]) if "minimum" in part)
            assert (number["minimum"], number.get("maximum")) == (spec.minimum, spec.maximum), (
                entity, spec.name,
            )  # fmt: skip
            checked += 1
    assert checked >= 8


def test_every_template_item_says_what_its_quantity_counts(template: dict[str, Any]) -> None:
    """Sized by the students alone, a district's learning days, staff training and buildings'
    core network followed its enrollment: each item says what it counts."""
    basics = template["proposal"]
    heads = {name: int(basics[name]) for name in ("students", "teachers", "staff")}
    items = {item["name"]: item for item in template["items"]}
    assert all("sized_by" in item for item in template["items"])
    for name, counts in (
        ("Student Chromebook-class devices", SizedBy.STUDENTS),
        ("Professional learning days for teachers", SizedBy.TEACHERS),
        ("Cybersecurity awareness training for staff", SizedBy.ALL_STAFF),
        ("Single sign-on and multi-factor authentication", SizedBy.EVERYONE),
    ):
        # One for each of what it counts, in the template's own district.
        assert SizedBy(items[name]["sized_by"]) is counts, name
        assert int(items[name]["quantity"]) == sum(heads[head] for head in counts.headcounts)
    assert items["Core network redundancy and battery backup"]["sized_by"] == "buildings"
    assert items["Internet access upgrade to 10 Gbps"]["sized_by"] == "fixed"
