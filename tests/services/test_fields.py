"""Numbers as a director types them into a field: what gets stored."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop.services.fields import (
    ENTITY_FIELDS,
    FieldError,
    FieldSpec,
    field_spec,
    parse_field,
    parse_value,
)


@pytest.mark.parametrize("typed", ["46%", "46 %", " 46% ", "46"])
def test_a_measure_typed_with_a_percent_sign_keeps_its_number(typed: str) -> None:
    """A metric's baseline and target are in the metric's own unit: "46%" of a "%" metric is 46,
    which the table, the PDF ("46% → 54%") and the workbook show as typed."""
    assert parse_field("metric", "baseline", typed) == Decimal(46)
    assert parse_field("metric", "target", typed) == Decimal(46)


def test_a_likelihood_still_reads_a_percent_sign_as_a_share() -> None:
    assert parse_field("risk", "likelihood_before", "16%") == Decimal("0.16")


@pytest.mark.parametrize("typed", ["%", "abc%", "46%%"])
def test_a_measure_that_is_not_a_number_is_refused_by_name(typed: str) -> None:
    with pytest.raises(FieldError) as refused:
        parse_field("metric", "baseline", typed)
    assert "Baseline" in str(refused.value) and repr(typed) in str(refused.value)


def test_a_calendar_year_in_a_plan_year_field_says_what_the_field_wants() -> None:
    """ "2028" as an item's start year said only "must be at most 30"."""
    with pytest.raises(FieldError) as refused:
        parse_field("item", "start_year", "2028")
    message = str(refused.value)
    assert "plan year" in message and "1 = the first fiscal year" in message
    assert "2028" in message and "2,028" not in message
    assert parse_field("item", "start_year", "3") == 3


def test_a_plan_year_in_a_calendar_year_field_says_what_the_field_wants() -> None:
    """ "3" as a metric's target year (the plan's third year, as an item's start year is
    written) said only "must be at least 2000"."""
    from datetime import date

    with pytest.raises(FieldError) as refused:
        parse_field("metric", "target_year", "3")
    assert str(refused.value) == (
        f"Target year: is a calendar year, such as {date.today().year + 2}, not a plan year like 3"
    )
    assert parse_field("metric", "target_year", "2029") == 2029
    # "29" is 2029 written short, not the plan's 29th year.
    with pytest.raises(FieldError) as refused:
        parse_field("metric", "target_year", "29")
    assert str(refused.value) == "Target year: is a year written in full: 2029"


@pytest.mark.parametrize(("entity", "name"), [("proposal", "fiscal_year_start"),
                                              ("metric", "target_year")])  # fmt: skip
def test_a_year_out_of_range_is_written_as_a_year(entity: str, name: str) -> None:
    """ "must be at least 2,000": a year has no thousands separator."""
    with pytest.raises(FieldError) as refused:
        parse_field(entity, name, "1900")
    assert "at least 2000" in str(refused.value)
    with pytest.raises(FieldError) as refused:
        parse_field(entity, name, "2300")
    assert "at most 2100" in str(refused.value)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("12k", "uses k, M or B"),  # was stored as $12.00
        ("1.5M", "uses k, M or B"),  # was $1.50
        ("15%", "is a percentage, not an amount"),  # was $0.15
        ("1,50", "comma as the decimal mark"),  # was $150.00
        ("1,5", "comma as the decimal mark"),  # was $15.00
        ("1.234,50", "groups digits with points"),
        ("1,2345", "commas in the wrong places"),
        ("EUR 10", "names a currency"),  # was 10 in a dollar proposal
        ("10 GBP", "names a currency"),
        ("€10", "names a currency"),
        ("abc12", "is not a number"),  # was 12
        ("--5", "is not a number"),
        ("١٢٣", "the digits 0 to 9"),
        ("1 234", "groups digits with spaces"),  # was a bare "is not a number"
        ("1 234,50", "groups digits with spaces"),
    ],
)
def test_an_amount_that_is_not_plainly_a_number_is_refused_with_the_reason(
    typed: str, reason: str
) -> None:
    """A price typed the way it is spoken or written abroad is never read as another number."""
    with pytest.raises(FieldError) as refused:
        parse_field("item", "unit_cost", typed)
    assert reason in refused.value.message
    assert typed in refused.value.message


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1,234.50", "1234.50"),
        ("$1,234.50", "1234.50"),
        ("$ 99", "99.00"),
        (" 1234567.5 ", "1234567.50"),
        (".5", "0.50"),
    ],
)
def test_an_amount_written_as_people_write_dollars_is_read(typed: str, stored: str) -> None:
    assert parse_field("item", "unit_cost", typed) == Decimal(stored)


@pytest.mark.parametrize(
    "typed",
    # The minus the app shows, and the dashes a word processor or a web page writes for one
    # ("–4%" pasted from a report was "not a number: type it with the digits 0 to 9").
    ["-4%", "\u22124%", "(4%)", "- 4 %", "\u20134%", "\u20104%", "\uff0d4%"],
)
def test_a_negative_rate_may_carry_the_minus_the_app_shows(typed: str) -> None:
    """The discount rate may be negative; the minus sign the app displays reads back."""
    assert parse_field("proposal", "discount_rate", typed) == Decimal("-0.04")


@pytest.mark.parametrize(
    ("entity", "name", "typed", "reason"),
    [
        ("item", "quantity", "x3", "is not a number"),  # was 3
        ("item", "quantity", "12%", "is a percentage, not a quantity"),  # was 0.12
        ("item", "lifespan_years", "1,5", "comma as the decimal mark"),  # was 15 years
        ("item", "lifespan_years", "5%", "is a percentage, not a whole number"),
    ],
)
def test_counts_and_years_refuse_the_same_slips(
    entity: str, name: str, typed: str, reason: str
) -> None:
    with pytest.raises(FieldError) as refused:
        parse_field(entity, name, typed)
    assert reason in refused.value.message


@pytest.mark.parametrize(
    "typed",
    [
        "\u200b\u200b",
        "\ufeff",
        " \u200e\u2060 ",
        "\u3164",
        "\u2800 \u2800",
        "\u115f\u1160",
        "\uffa0",
    ],
)
def test_a_name_of_invisible_characters_is_empty(typed: str) -> None:
    """A name made of zero-width characters passed "cannot be empty" and listed as blank."""
    with pytest.raises(FieldError) as refused:
        parse_field("item", "name", typed)
    assert refused.value.message == "cannot be empty"
    assert parse_field("item", "name", "Wi\u200b-Fi") == "Wi\u200b-Fi"  # kept inside a name


@pytest.mark.parametrize(
    ("entity", "name", "typed"),
    [
        ("proposal", "discount_rate", "3.00001%"),
        ("risk", "likelihood_before", "0.1234567"),
        ("metric", "baseline", "92.1234567"),
    ],
)
def test_a_figure_finer_than_the_proposal_file_keeps_is_refused_when_typed(
    entity: str, name: str, typed: str
) -> None:
    """Seven decimal places were saved, then the proposal could not be shared, nor its own
    export imported again: the file keeps six. The edit is refused at once, by field."""
    with pytest.raises(FieldError) as refused:
        parse_field(entity, name, typed)
    assert repr(typed) in str(refused.value)
    assert parse_field("proposal", "discount_rate", "3.1416%") == Decimal("0.031416")
    assert parse_field("metric", "baseline", "92.123456") == Decimal("92.123456")


@pytest.mark.parametrize("given", ["-0", "-0.00", Decimal("-0"), -0.0])
def test_a_negative_zero_is_stored_as_zero(given: object) -> None:
    """A quantity of "-0" from a spreadsheet was stored as negative zero, written to the
    proposal file as "-0", and refused there as negative."""
    for entity, name in (("item", "quantity"), ("risk", "exposure"), ("item", "unit_cost")):
        stored = parse_field(entity, name, given)
        assert stored == 0 and not stored.is_signed(), (entity, name)


def test_a_figure_too_fine_is_quoted_alike_whatever_its_kind_and_however_long() -> None:
    """Money and quantities quoted the value as Python shows it ("Decimal('1.005')" from a
    spreadsheet cell) and in full however long; rates quoted it cut to 40 characters."""
    with pytest.raises(FieldError) as money:
        parse_field("item", "unit_cost", Decimal("1.005"))
    assert str(money.value) == (
        "One-time cost per unit: '1.005' has more than two decimal places (cents)"
    )
    long_quantity = "1." + "0" * 200 + "1"
    with pytest.raises(FieldError) as quantity:
        parse_field("item", "quantity", long_quantity)
    assert "'1.0000000" in str(quantity.value) and len(str(quantity.value)) < 120
    assert "has more than four decimal places" in str(quantity.value)


@pytest.mark.parametrize(("entity", "name"), [("proposal", "discount_rate"),
                                              ("risk", "likelihood_before")])  # fmt: skip
def test_a_short_unit_in_a_percentage_is_not_answered_with_advice_for_amounts(
    entity: str, name: str
) -> None:
    """ "12k" as a discount rate was told to "type 12000 for 12k", a 1,200,000% rate."""
    with pytest.raises(FieldError) as refused:
        parse_field(entity, name, "12k")
    assert "12000" not in refused.value.message
    assert "is not a percentage: type the number of percent, such as 3.5" in (refused.value.message)


@pytest.mark.parametrize(
    ("typed", "month"), [("July", 7), ("jul", 7), ("Sept.", 9), ("JANUARY", 1), ("10", 10)]
)
def test_the_fiscal_years_first_month_may_be_typed_by_name(typed: str, month: int) -> None:
    """ "July" was refused as "'July' is not a whole number", which did not say that 1 to 12
    was wanted."""
    assert parse_value(field_spec("proposal", "fiscal_year_start_month"), typed) == month


@pytest.mark.parametrize("typed", ["Juli", "ju", "midyear"])
def test_a_word_that_names_no_month_is_refused_saying_what_is_wanted(typed: str) -> None:
    with pytest.raises(FieldError, match="is not a month: type 1 to 12, or its name"):
        parse_value(field_spec("proposal", "fiscal_year_start_month"), typed)


def test_one_line_values_lose_unseen_padding_at_their_ends() -> None:
    """ "Lean" + a zero-width space was stored as typed, so it could stand beside "Lean"."""
    assert parse_field("scenario", "name", "\u200bLean\u200b\ufeff ") == "Lean"
    assert parse_field("item", "name", " \u2060Wi-Fi\u3164") == "Wi-Fi"
    assert parse_field("item", "name", "Wi\u200b-Fi") == "Wi\u200b-Fi"  # kept inside: a break hint
    # What makes text read right stays: a direction mark, an isolate's close, an emoji's joiner.
    assert (
        parse_field("item", "name", "\u05e9\u05dc\u05d5\u05dd 2\u200f")
        == "\u05e9\u05dc\u05d5\u05dd 2\u200f"
    )
    assert parse_field("item", "name", "a \u2066b\u2069") == "a \u2066b\u2069"
    # Long text keeps its lines and marks as typed.
    assert parse_field("item", "notes", "\u200ba\nb\u200b") == "\u200ba\nb\u200b"


@pytest.mark.parametrize(
    ("entity", "name", "typed"),
    [("item", "quantity", "$1,250.50"), ("risk", "exposure", "€400"),
     ("proposal", "discount_rate", "$3"), ("risk", "likelihood_before", "£5"),
     # Whole numbers too: "$5" in "Refresh every (years)" was 5 years, "$4,200" 4,200 students.
     ("item", "lifespan_years", "$5"), ("proposal", "students", "$4,200"),
     ("item", "start_year", "€2"), ("metric", "target_year", "$2030")],
)  # fmt: skip
def test_a_price_typed_in_a_count_or_a_rate_is_refused(entity: str, name: str, typed: str) -> None:
    """ "$1,250.50" in Quantity was taken as 1,250.5 units, the dollar sign dropped."""
    with pytest.raises(FieldError) as refused:
        parse_field(entity, name, typed)
    assert f"{typed!r} has a currency sign, but this is not an amount of money" in str(
        refused.value
    )
    assert parse_field("item", "unit_cost", typed.replace("€", "$").replace("£", "$")) > 0


@pytest.mark.parametrize("typed", ["NaN", "abc", "XXX", "usd1"])
def test_a_currency_must_be_a_currencys_code(typed: str) -> None:
    """ "NaN" was taken as a currency called NAN, and every figure read "NAN 4,116,108.04"."""
    with pytest.raises(FieldError, match="Currency"):
        parse_field("proposal", "currency", typed)
    assert parse_field("proposal", "currency", "cad") == "CAD"


def _file_format_rule(where: str) -> Any:
    """A validator for one value as the proposal file format (its JSON schema) holds it;
    ``where`` is its place under the schema's ``$defs``."""
    from jsonschema import Draft202012Validator

    schema = json.loads(Path("resources/proposal.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator({"$defs": schema["$defs"], "$ref": f"#/$defs/{where}"})


_SECTIONS = {"funding_source": "funding"}
_NUMBERS = ("money", "quantity", "rate", "likelihood", "optional_decimal", "int", "optional_int")


def _every_field() -> list[tuple[str, FieldSpec]]:
    from desktop.services.grid_edits import RATIONALE_FIELD, funding_amount_field

    fields = [
        (f"{_SECTIONS.get(entity, entity)}/properties/{spec.name}", spec)
        for entity, specs in ENTITY_FIELDS.items()
        for spec in specs
        if spec.type not in ("choice", "bool")
    ]
    # The values kept beside the rows: a link's reason, a year's amount, a scenario's quantity.
    return [
        *fields,
        ("goal_link/properties/rationale", RATIONALE_FIELD),
        ("funding/properties/amounts/additionalProperties", funding_amount_field(1)),
        ("scenario_item/properties/quantity", field_spec("item", "quantity")),
    ]


@pytest.mark.parametrize(("where", "spec"), _every_field(), ids=[w for w, _s in _every_field()])
def test_every_value_the_editor_takes_is_one_a_proposal_file_holds(
    where: str, spec: FieldSpec
) -> None:
    """A metric's baseline of fourteen digits was saved, then written by export-json into a
    file import-json refused (at most 13 digits), and a shared copy was refused as "its figures
    cannot be worked out". Every limit of the editor must be one the file format holds."""
    rule = _file_format_rule(where)
    if spec.type in ("text", "long_text"):
        longest = "USD" if spec.name == "currency" else "x" * spec.max_length
        assert rule.is_valid(parse_value(spec, longest))
        return
    assert spec.type in _NUMBERS
    assert spec.minimum is not None and spec.maximum is not None, "the editor takes any size"
    for bound in (spec.minimum, spec.maximum):
        stored = parse_value(spec, str(bound))
        written = stored if isinstance(stored, int) else format(stored, "f")
        assert rule.is_valid(written), f"{spec.label}: {written} is saved, not read back"


@pytest.mark.parametrize("typed", ["99999999999999", "-12345678901234", "1e15"])
def test_a_measure_longer_than_a_proposal_file_holds_is_refused_by_the_editor(
    typed: str,
) -> None:
    with pytest.raises(FieldError) as refused:
        parse_field("metric", "baseline", typed)
    assert str(refused.value) == (
        "Baseline: is too large: at most 13 digits before the decimal point"
    )
    assert parse_field("metric", "target", "-9999999999999.999999") == Decimal(
        "-9999999999999.999999"
    )


@pytest.mark.parametrize("breaks", ["\r", "\r\n", "\u2028", "\u2029", "\x85"])
def test_a_one_line_name_keeps_no_line_break_of_any_kind(breaks: str) -> None:
    """A carriage return, U+2028 or NEL typed or pasted into an item's name was kept, and came
    out of the workbook as a cell of two lines; only "\\n" was joined into a space."""
    assert parse_field("item", "name", f"Access{breaks}points") == "Access points"
    assert parse_field("item", "notes", f"a{breaks}b") == f"a{breaks}b"  # long text keeps lines
