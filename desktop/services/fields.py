"""Every editable field of every entity: its label, its type, its limits, and how typed text
becomes a stored value.

The single gate between what a person (or a file) types and what is stored: table delegates
validate inline with ``parse_field``, the editing services refuse anything it refuses, and the
importers reuse it, so an invalid value never reaches the database and the reason shown is the
same everywhere.
"""

from __future__ import annotations

import builtins
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from desktop.finance.money import ISO_4217, far_too_large, is_currency_code, plain_decimal
from desktop.finance.validation import MAX_HORIZON_YEARS
from desktop.vocabulary import (
    FundingKind,
    GoalLevel,
    InitiativeKind,
    ItemCategory,
    LabelledEnum,
    MetricArea,
    ProposalStatus,
    RiskKind,
)
from desktop.wording import BLANK_LOOKING, INVISIBLE_PADDING, MONTHS, clip

FieldType = Literal[
    "text", "long_text", "money", "quantity", "rate", "likelihood", "int", "optional_int",
    "optional_decimal", "choice", "bool",
]  # fmt: skip

MAX_MONEY = Decimal("1e12")  # a trillion: beyond any district budget, still exact in cents
MAX_QUANTITY = Decimal("1e9")
# A measure (a metric's baseline or target) as the proposal file holds one: 13 digits before
# the point and six after. A larger one was saved, then written into a file no import reads.
MEASURE_WHOLE_DIGITS = 13
MAX_MEASURE = Decimal(10**MEASURE_WHOLE_DIGITS) - Decimal("0.000001")


class FieldError(ValueError):
    """A value was refused; ``str()`` names the field and says why in plain words."""

    def __init__(self, label: str, message: str) -> None:
        super().__init__(f"{label}: {message}")
        self.label = label
        self.message = message


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    type: FieldType
    minimum: Decimal | int | None = None
    maximum: Decimal | int | None = None
    max_length: int = 300
    choices: builtins.type[LabelledEnum] | None = None  # "type" alone means the field above
    required: bool = False
    help: str = ""


def _text(
    name: str, label: str, *, required: bool = False, max_length: int = 300, help: str = ""
) -> FieldSpec:
    return FieldSpec(name, label, "text", required=required, max_length=max_length, help=help)


def _long(name: str, label: str) -> FieldSpec:
    return FieldSpec(name, label, "long_text", max_length=20_000)


def _money(name: str, label: str, help: str = "") -> FieldSpec:
    return FieldSpec(name, label, "money", Decimal(0), MAX_MONEY, help=help)


PROPOSAL_FIELDS = (
    _text("name", "Proposal name", required=True, max_length=200),
    _text("district", "District", max_length=200),
    FieldSpec("initiative", "Initiative", "choice", choices=InitiativeKind),
    FieldSpec(
        "fiscal_year_start", "First fiscal year", "int", 2000, 2100,
        help="The calendar year the plan's first fiscal year begins in: 2026 for one that "
        "runs from July 2026 to June 2027.",
    ),
    FieldSpec("fiscal_year_start_month", "Fiscal year starts in month", "int", 1, 12),
    FieldSpec(
        "horizon_years", "Planning horizon (years)", "int", 1, MAX_HORIZON_YEARS,
        help="How many fiscal years the business case covers.",
    ),
    FieldSpec("students", "Students", "int", 1, 10_000_000),
    FieldSpec("teachers", "Teachers", "int", 0, 10_000_000),
    FieldSpec("staff", "Other staff", "int", 0, 10_000_000),
    FieldSpec(
        "discount_rate", "Discount rate", "rate", Decimal("-0.5"), Decimal(1),
        help="What money is worth over time to the district, per year; used for NPV.",
    ),
    FieldSpec("currency", "Currency", "text", max_length=3, required=True),
    FieldSpec(
        "purchase_escalation_rate", "Yearly price increase (purchases)", "rate",
        Decimal("-0.5"), Decimal(1),
    ),
    FieldSpec(
        "recurring_escalation_rate", "Yearly price increase (recurring costs)", "rate",
        Decimal("-0.5"), Decimal(1),
    ),
    FieldSpec("status", "Status", "choice", choices=ProposalStatus),
    _text("prepared_by", "Prepared by", max_length=200),
    _text("prepared_for", "Prepared for", max_length=200),
    _long("executive_summary", "Executive summary"),
)  # fmt: skip

GOAL_FIELDS = (
    _text("code", "Code", max_length=40),
    _text("title", "Goal", required=True),
    FieldSpec("level", "Plan level", "choice", choices=GoalLevel),
    _long("description", "Description"),
)

RISK_FIELDS = (
    _text("title", "Risk", required=True),
    FieldSpec("kind", "Kind", "choice", choices=RiskKind),
    FieldSpec(
        "exposure", "Exposure", "quantity", Decimal(0), MAX_QUANTITY,
        help="How many things are at risk, e.g. 4,200 devices; 1 for a district-wide event.",
    ),
    FieldSpec(
        "likelihood_before", "Likelihood without mitigation", "likelihood", Decimal(0), Decimal(1),
        help="The yearly chance, 0–100 %, that one exposed thing suffers the event.",
    ),
    FieldSpec(
        "likelihood_after", "Likelihood with mitigation", "likelihood", Decimal(0), Decimal(1),
        help="The same yearly chance once the items that reduce this risk are in place.",
    ),
    _money("cost_before", "Cost per occurrence without mitigation",
           help="What one occurrence costs the district without the items: a repair, a "
                "replacement, staff time, a recovery."),
    _money("cost_after", "Cost per occurrence with mitigation",
           help="What one occurrence still costs with the items in place (a deductible, a "
                "shorter outage)."),
    _long("description", "Description"),
)  # fmt: skip

METRIC_FIELDS = (
    _text("name", "Metric", required=True),
    FieldSpec("area", "Area", "choice", choices=MetricArea),
    _text("unit", "Unit", max_length=60,
          help="What the figures count: %, hours, tickets a week, devices…"),
    FieldSpec("baseline", "Baseline", "optional_decimal", -MAX_MEASURE, MAX_MEASURE,
              help="Where the measure stands today, before the plan, in its unit."),
    FieldSpec("target", "Target", "optional_decimal", -MAX_MEASURE, MAX_MEASURE,
              help="Where the plan should take it by the target year, in its unit."),
    FieldSpec("target_year", "Target year", "optional_int", 2000, 2100,
              help="The calendar year the target is due, e.g. 2029 (not a plan year)."),
    _text("data_source", "Data source",
          help="Where the figure is read each year: a system, a survey, a report."),
    _text("owner", "Owner", max_length=200,
          help="Who reports the figure: a person or a role."),
)  # fmt: skip

ITEM_FIELDS = (
    _text("name", "Item", required=True),
    FieldSpec("category", "Category", "choice", choices=ItemCategory),
    FieldSpec("quantity", "Quantity", "quantity", Decimal(0), MAX_QUANTITY),
    _money("unit_cost", "One-time cost per unit", "Purchase price of one unit, paid in the start "
           "year and again at each refresh."),
    _money("recurring_unit_cost", "Recurring cost per unit per year",
           "Licenses, support, insurance: paid every year from the start year."),
    FieldSpec(
        "lifespan_years", "Refresh every (years)", "optional_int", 1, 30,
        help="Years until the item is bought again; leave empty if it is never replaced.",
    ),
    FieldSpec("start_year", "Start year", "int", 1, 30, help="Plan year of first purchase (1 = "
              "the first fiscal year)."),
    _money("annual_savings", "Annual savings", "Money the item saves each year (whole item), "
           "e.g. printing or repair costs it replaces."),
    _text("vendor", "Vendor", max_length=200),
    _long("notes", "Notes"),
    _long("figure_source", "Where the figures come from"),
)  # fmt: skip

FUNDING_FIELDS = (
    _text("name", "Funding source", required=True),
    FieldSpec("kind", "Kind", "choice", choices=FundingKind),
    FieldSpec(
        "recurring", "Recurring", "bool",
        help="Recurring money (the M&O budget, E-Rate) can carry recurring costs; grants cannot.",
    ),
    FieldSpec(
        "secured", "Secured", "bool",
        help="No for money asked for but not yet awarded or approved (a grant applied for, a "
        "bond not yet voted): the case shows what the plan lacks without it.",
    ),
    _long("notes", "Notes"),
)  # fmt: skip

SCENARIO_FIELDS = (
    _text("name", "Scenario", required=True, max_length=200),
    _long("description", "Description"),
)

ENTITY_FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "proposal": PROPOSAL_FIELDS,
    "goal": GOAL_FIELDS,
    "risk": RISK_FIELDS,
    "metric": METRIC_FIELDS,
    "item": ITEM_FIELDS,
    "funding_source": FUNDING_FIELDS,
    "scenario": SCENARIO_FIELDS,
}

_SPECS = {(entity, spec.name): spec for entity, specs in ENTITY_FIELDS.items() for spec in specs}

# What breaks a line (or moves to a tab stop): a one-line value has its runs of spaces joined
# into one space where any of them is in it.
_LINE_BREAKS = re.compile("[\n\r\t\x85\u2028\u2029]")
# C0 controls (but tab and line breaks) and DEL, the two non-characters U+FFFE/U+FFFF, and lone
# surrogates: none can be typed on purpose, and each breaks XML (xlsx, PDF), UTF-8 or a terminal.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
# Characters that take no room on screen or show as blank: a name made only of them counts as
# empty (the same set the sentences the app writes read as no name).
_INVISIBLE = re.compile(f"[{BLANK_LOOKING}]")
# A one-line value loses them at its ends, as it loses spaces: "Lean" with a zero-width space
# after it would stand beside "Lean" as another name that reads the same.
_PADDED_ENDS = re.compile(f"^[\\s{INVISIBLE_PADDING}]+|[\\s{INVISIBLE_PADDING}]+$")


def field_spec(entity: str, name: str) -> FieldSpec:
    try:
        return _SPECS[(entity, name)]
    except KeyError:
        raise KeyError(f"{entity} has no editable field {name!r}") from None


def parse_field(entity: str, name: str, raw: Any) -> Any:
    """Turn ``raw`` (typed text, a number, a bool, an enum) into the value to store.

    Raises ``FieldError`` naming the field and the problem; never returns a value the database
    or the finance engine would refuse.
    """
    return parse_value(field_spec(entity, name), raw)


def parse_value(spec: FieldSpec, raw: Any) -> Any:
    if spec.type in ("text", "long_text"):
        return _parse_text(spec, raw)
    if spec.type == "choice":
        return _parse_choice(spec, raw)
    if spec.type == "bool":
        return _parse_bool(spec, raw)
    if spec.type in ("int", "optional_int"):
        return _parse_int(spec, raw)
    return _parse_decimal(spec, raw)


def _parse_text(spec: FieldSpec, raw: Any) -> str:
    text = "" if raw is None else str(raw)
    text = _CONTROL_CHARACTERS.sub("", text)
    if spec.type == "text":
        # Every kind of line break, not only "\n": a carriage return, U+2028 or NEL kept in a
        # name came out of the workbook as a two-line cell.
        text = " ".join(text.split()) if _LINE_BREAKS.search(text) else text
        text = _PADDED_ENDS.sub("", text)
    if spec.required and not _INVISIBLE.sub("", text).strip():
        raise FieldError(spec.label, "cannot be empty")
    if spec.name == "currency":
        text = text.upper()
        if not re.fullmatch(r"[A-Z]{3}", text):
            raise FieldError(spec.label, "must be a three-letter code such as USD or EUR")
        if text not in ISO_4217:
            raise FieldError(
                spec.label,
                f"{text} is not a currency's code: type one such as USD, CAD or EUR",
            )
    if len(text) > spec.max_length:
        raise FieldError(
            spec.label,
            f"is longer than {spec.max_length:,} characters (it has {len(text):,}): shorten it",
        )
    return text


def _parse_choice(spec: FieldSpec, raw: Any) -> LabelledEnum:
    assert spec.choices is not None
    if isinstance(raw, spec.choices):
        return raw
    text = str(raw or "").strip()
    for member in spec.choices:
        if text in (member.value, member.label) or text.lower() == member.label.lower():
            return member
    allowed = ", ".join(member.label for member in spec.choices)
    raise FieldError(spec.label, f"{text!r} is not one of: {allowed}")


def _parse_bool(spec: FieldSpec, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw or "").strip().lower()
    if text in ("yes", "y", "true", "1", "recurring"):
        return True
    if text in ("no", "n", "false", "0", "", "temporary"):
        return False
    raise FieldError(spec.label, f"{raw!r} is not yes or no")


def _parse_int(spec: FieldSpec, raw: Any) -> int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if spec.type == "optional_int":
            return None
        raise FieldError(spec.label, "needs a whole number")
    if isinstance(raw, bool):
        raise FieldError(spec.label, "needs a whole number")
    if spec.name == "fiscal_year_start_month" and isinstance(raw, str):
        said = raw.strip().rstrip(".").lower()
        # "July", "Jul" or "Sept": how a month is said; it was "not a whole number".
        named = [
            n
            for n, name in enumerate(MONTHS, 1)
            if len(said) >= 3 and name.lower().startswith(said)
        ]
        if len(named) == 1:
            return named[0]
        if raw.strip() and not raw.strip()[0].isdigit():
            raise FieldError(
                spec.label, f"{raw.strip()!r} is not a month: type 1 to 12, or its name (July)"
            )
    # "$5" in "Refresh every (years)" or "$4,200" in Students: a price in the wrong place,
    # refused as it is in a quantity, not read as 5 years.
    _refuse_currency_sign(spec, raw)
    number = _read_number(spec, raw, raw, _WHOLE_NUMBER)
    if not number.is_finite() or number != number.to_integral_value():
        raise FieldError(spec.label, f"{raw!r} is not a whole number")
    _check_size(spec, raw, number)  # before int(): "1e999999999" would take minutes to expand
    _check_range(spec, number)
    return int(number)


class NumberTextError(InvalidOperation):
    """Typed text that is not a number as the fields take them; ``str()`` says why."""


# A number as a field takes it: ASCII digits, commas only between groups of three before the
# point ("1,234,567.50"), a point for decimals, and an exponent for those who write one.
_TYPED_NUMBER = re.compile(
    r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+",
    re.ASCII,
)
# Ways of writing a number that a field does not read, each with its own explanation.
_DECIMAL_COMMA = re.compile(r"[0-9]+,[0-9]{1,2}", re.ASCII)  # "1,50", "12,5"
_EUROPEAN = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+|[0-9]{1,3}(?:\.[0-9]{3}){2,}", re.ASCII)
_SHORT_UNIT = re.compile(r"[0-9.,]*[0-9][0-9.,]*\s*[kKmMbB]", re.ASCII)
_CURRENCY_WORD = re.compile(r"^[A-Za-z]{3}\s*(?=[-+(0-9.])|(?<=[0-9.)])\s*[A-Za-z]{3}$")
_CURRENCY_SIGNS = "€£¥₹"
_SPACES = "\u00a0\u202f\u2009\u2007"


def parse_decimal_text(raw: Any) -> Decimal:
    """Read a number as people type it: ``1,234.50``, ``$ 99``, ``-5``, ``−5``, ``(250)``, and
    ``12%`` (→ 0.12: percent signs divide by 100; the caller refuses them where no percentage
    belongs).

    Anything else raises ``NumberTextError`` saying why, rather than being read as some other
    number: ``12k`` is not 12, ``1,50`` is not 150, ``EUR 10`` is not 10 dollars.
    """
    if isinstance(raw, Decimal):
        return raw
    if isinstance(raw, bool):
        raise NumberTextError("is not a number")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return Decimal(repr(raw))  # the shortest text that reads back as this float
    original = str(raw)
    text = original.translate({ord(space): " " for space in _SPACES}).strip()
    # The minus sign the app itself shows, and the dashes a word processor or a web page puts
    # for one ("–5" pasted from a report was "not a number: type it with the digits 0 to 9").
    text = text.translate(_MINUS_SIGNS)
    negative = signed = dollar = False
    # One sign (or parentheses) and one dollar sign, either first: "-$5", "$-5", "($250.00)".
    for _ in range(2):
        if not signed and text.startswith("(") and text.endswith(")"):
            negative, signed, text = True, True, text[1:-1].strip()
        elif not signed and text[:1] in ("-", "+"):
            negative, signed, text = text[0] == "-", True, text[1:].strip()
        elif not dollar and text.startswith("$"):
            dollar, text = True, text[1:].strip()
    percent = text.endswith("%")
    if percent:
        text = text[:-1].strip()
    if not _TYPED_NUMBER.fullmatch(text):
        raise NumberTextError(_why_not_a_number(original.strip(), text))
    number = Decimal(text.replace(",", ""))
    if negative:
        number = -number
    return number / 100 if percent else number


_MINUS_SIGNS = {ord(dash): "-" for dash in "\u2212\u2010\u2011\u2012\u2013\ufe63\uff0d"}


def _typed(raw: Any, limit: int = 40) -> str:
    """What was typed, quoted in a refusal: its no-break and thin spaces (in amounts copied from
    the app, "CAD 1,234.50", or a French-style "1 234,50") shown as the spaces they look like,
    not as "\\xa0"."""
    return repr(clip(str(raw), limit).translate(_AS_SPACES))


_AS_SPACES = {ord(space): " " for space in _SPACES}


def _why_not_a_number(original: str, text: str) -> str:
    """Why ``text`` (what is left of ``original`` once signs and a dollar sign are gone) is not
    a number a field takes, in words that say what to type instead."""
    word = _CURRENCY_WORD.search(text)
    named = word is not None and is_currency_code(word.group().strip())
    if named or any(sign in original for sign in _CURRENCY_SIGNS):
        return "names a currency: type the amount alone, in the proposal's currency"
    if _SHORT_UNIT.fullmatch(text):
        return "uses k, M or B: type the whole number, such as 12000 for 12k"
    if _DECIMAL_COMMA.fullmatch(text):
        return "uses a comma as the decimal mark: type a point, such as 1.50"
    if _EUROPEAN.fullmatch(text):
        return "groups digits with points: type 1234567.50 or 1,234,567.50"
    if re.fullmatch(r"[0-9]{1,3}(?: [0-9]{3})+(?:[.,][0-9]*)?", text, re.ASCII):
        return "groups digits with spaces: type 1234567.50 or 1,234,567.50"
    if re.fullmatch(r"[0-9][0-9,]*(?:\.[0-9]*)?", text, re.ASCII):
        return "has commas in the wrong places: type 1,234,567.50 or 1234567.50"
    if any(character.isdigit() for character in text) and not text.isascii():
        return "is not a number: type it with the digits 0 to 9"
    return "is not a number"


_WHOLE_NUMBER = "a whole number"
# What a field that takes no percentage holds, for the refusal of one ("15%" as a price).
_NOT_PERCENT = {"money": "an amount", "quantity": "a quantity"}


def _read_number(spec: FieldSpec, raw: Any, text: Any, holds: str | None) -> Decimal:
    """``text`` (``raw``, or what the field made of it) read by ``parse_decimal_text``; a
    refusal quotes ``raw`` and says why. ``holds`` names what the field holds ("an amount")
    where a percentage sign is refused; ``None`` where one is read."""
    if holds is not None and isinstance(text, str) and "%" in text:
        raise FieldError(spec.label, f"{_typed(raw)} is a percentage, not {holds}")
    try:
        return parse_decimal_text(text)
    except InvalidOperation as error:
        reason = str(error) if isinstance(error, NumberTextError) else "is not a number"
        if holds == _WHOLE_NUMBER and reason == "is not a number":
            reason = "is not a whole number"
        if spec.type in ("rate", "likelihood") and reason.startswith("uses k, M or B"):
            # "type 12000 for 12k" is no advice for a percentage.
            reason = "is not a percentage: type the number of percent, such as 3.5"
        raise FieldError(spec.label, f"{_typed(raw)} {reason}") from None


# The fields kept to six decimal places, and how a finer figure is refused: a rate or a chance
# is typed as a percentage (four places) or a fraction (six).
_PLACES_AS_PERCENT = "at most four decimal places as a percentage, six as a fraction"
# The finest step each kind of number is kept to, and what is said of a finer one. Money is
# kept in cents and quantities in ten-thousandths; rates, chances and measures to six places,
# as the proposal file keeps them (a finer figure would be saved, then refused when the
# proposal is exported and imported again, or shared).
_PLACES: dict[str, tuple[Decimal, str]] = {
    "money": (Decimal("0.01"), "has more than two decimal places (cents)"),
    "quantity": (Decimal("0.0001"), "has more than four decimal places"),
    "rate": (Decimal("0.000001"), f"is finer than a rate is kept: {_PLACES_AS_PERCENT}"),
    "likelihood": (Decimal("0.000001"), f"is finer than a chance is kept: {_PLACES_AS_PERCENT}"),
    "optional_decimal": (Decimal("0.000001"), "has more than six decimal places"),
}


# Numbers that are never money, and the signs that say a typed figure is.
_NOT_MONEY = frozenset({"quantity", "rate", "likelihood"})
_CURRENCY_SIGN = re.compile(r"[$€£¥]")


def _refuse_currency_sign(spec: FieldSpec, text: Any, raw: Any = None) -> None:
    """Refuse a figure typed with a currency sign in a field that holds no money (a count, a
    year, a rate): a price typed in the wrong place, not a number to read without its sign."""
    if isinstance(text, str) and _CURRENCY_SIGN.search(text):
        typed = _typed(text if raw is None else raw)
        raise FieldError(
            spec.label, f"{typed} has a currency sign, but this is not an amount of money"
        )


def _parse_decimal(spec: FieldSpec, raw: Any) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if spec.type == "optional_decimal":
            return None
        if spec.type in ("money", "quantity"):
            return Decimal(0) if spec.type == "money" else _empty(spec)
        return _empty(spec)
    text = raw
    if spec.type == "optional_decimal" and isinstance(raw, str):
        # A measure is a number in its metric's own unit: "46%" of a "%" metric is 46, as the
        # table shows it, not a fraction 0.46 that would print as "0.46%".
        text = raw.strip().removesuffix("%")
        if "%" in text:
            raise FieldError(spec.label, f"{raw!r} is not a number")
    if spec.type in _NOT_MONEY:
        # "$1,250.50" typed in a quantity is a price in the wrong column, not 1,250.5 units.
        _refuse_currency_sign(spec, text, raw)
    number = _read_number(spec, raw, text, _NOT_PERCENT.get(spec.type))
    if not number.is_finite():
        raise FieldError(spec.label, f"{raw!r} is not a number")
    _check_size(spec, raw, number)
    _check_range(spec, number)  # before rounding: a 40-digit number cannot be rounded to cents
    places = _PLACES.get(spec.type)
    if places is not None and number != number.quantize(places[0]):
        raise FieldError(spec.label, f"{_typed(raw)} {places[1]}")
    if number.is_zero():
        number = number.copy_abs()  # "-0" is 0: a negative zero reads back as negative
    if spec.type == "money":
        return number.quantize(Decimal("0.01"))
    return plain_decimal(number)


def _empty(spec: FieldSpec) -> Decimal:
    raise FieldError(spec.label, "needs a number")


def _check_size(spec: FieldSpec, raw: Any, number: Decimal) -> None:
    if far_too_large(number):
        raise FieldError(spec.label, f"{_typed(raw, 24)} is far too large")


# Fields that hold a calendar year ("2,027" is no way to write one), and one that holds a plan
# year, counted from 1, where a calendar year is the likely slip.
_CALENDAR_YEARS = frozenset({"fiscal_year_start", "target_year"})
_PLAN_YEARS = frozenset({"start_year"})


def _check_range(spec: FieldSpec, number: Decimal) -> None:
    percent = spec.type in ("rate", "likelihood")

    def shown(bound: Decimal | int) -> str:
        if percent:
            return f"{plain_decimal(Decimal(bound) * 100)} %"
        if spec.name in _CALENDAR_YEARS:
            return str(bound)
        return f"{bound:,f}" if isinstance(bound, Decimal) else f"{bound:,}"  # never "1E+9"

    if spec.name in _PLAN_YEARS and spec.maximum is not None and number >= 1900:
        raise FieldError(
            spec.label,
            f"is a plan year, from 1 to {spec.maximum} (1 = the first fiscal year), not a "
            f"calendar year such as {number:f}",
        )
    if spec.name in _CALENDAR_YEARS and spec.minimum is not None and 0 < number < 100:
        # "3" for the plan's third year, as an item's start year is written, or "29" for 2029:
        # said as such, where "must be at least 2000" left the director guessing.
        if number >= 10 and number == number.to_integral_value():
            raise FieldError(spec.label, f"is a year written in full: {2000 + int(number)}")
        raise FieldError(
            spec.label,
            f"is a calendar year, such as {date.today().year + 2}, not a plan year like {number:f}",
        )

    if spec.type == "optional_decimal" and spec.maximum is not None and abs(number) > spec.maximum:
        # Said as the proposal file's check says it: "at most 9,999,999,999,999.999999" is a
        # figure to count, not a limit to read.
        raise FieldError(
            spec.label,
            f"is too large: at most {MEASURE_WHOLE_DIGITS} digits before the decimal point",
        )
    if spec.minimum is not None and number < spec.minimum:
        if spec.minimum == 0:
            raise FieldError(spec.label, "cannot be negative")
        raise FieldError(spec.label, f"must be at least {shown(spec.minimum)}")
    if spec.maximum is not None and number > spec.maximum:
        raise FieldError(spec.label, f"must be at most {shown(spec.maximum)}")
