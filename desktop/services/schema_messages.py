"""What a proposal file's schema refuses, in the director's words rather than the validator's.

The JSON Schema validator words its refusals for programmers ("'-5' does not match
'^\\d{1,13}(\\.\\d{1,4})?$'", "0 is not valid under any of the given schemas") and repeats the
offending value whole, even a 100,000-character name. ``plain_message`` turns one refusal into a
short sentence that shows the value (cut short when long) and says what the field takes.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from desktop.finance.validation import MAX_HORIZON_YEARS
from desktop.wording import clip

# What a value of each of the schema's kinds of decimal string looks like, by the name of its
# definition in the schema's "$defs".
_FORM_BY_DEFINITION = {
    "money": 'must be an amount in digits with at most 2 decimal places, e.g. "1250.00" '
    "(no currency symbol, no thousands separators)",
    "rate": 'must be a fraction in digits, e.g. "0.04" for 4 % (no % sign, at most 6 decimal '
    "places)",
    "quantity": 'must be a number in digits, e.g. "4000" or "2.5" (at most 4 decimal places)',
    "likelihood": 'must be a yearly chance from "0" to "1" in digits, e.g. "0.08" for 8 %',
    "decimal": 'must be a number in digits, e.g. "92.5" (at most 6 decimal places)',
    "ref": "must be 1 to 40 letters, digits, '_', '.' or '-'",
}
_FORM_BY_FIELD = {
    "currency": 'must be a three-letter currency code in capitals, e.g. "USD"',
}
_TYPE_WORDS = {
    "string": "text in quotes",
    "integer": "a whole number",
    "number": "a number",
    "object": "an object ({…})",
    "array": "a list ([…])",
    "boolean": "true or false",
    "null": "null",
}
SHOWN_LIMIT = 40  # characters of an offending value repeated in a message


class HugeNumber(float):
    """A number in the file too large for a float (``1e400``), as the schema checks see it:
    infinite, yet not the "Infinity" the file never says. Its refusal says it is too large."""


def for_schema_number(value: Decimal) -> float:
    """A decimal read from a JSON number, as a float for the schema's type checks."""
    number = float(value)
    return HugeNumber(number) if value.is_finite() and number in (_INFINITY, -_INFINITY) else number


_INFINITY = float("inf")


def pattern_forms(schema: dict[str, Any]) -> dict[str, str]:
    """Each pattern of the schema's decimal and identifier definitions → what it asks for."""
    definitions = schema.get("$defs", {})
    return {
        definitions[name]["pattern"]: words
        for name, words in _FORM_BY_DEFINITION.items()
        if "pattern" in definitions.get(name, {})
    }


def shown(value: Any) -> str:
    """``value`` as the file has it, cut short when long."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        text = repr(value)
    return clip(text, SHOWN_LIMIT)


def _type_words(expected: Any) -> str:
    kinds = expected if isinstance(expected, list) else [expected]
    return " or ".join(_TYPE_WORDS.get(str(kind), str(kind)) for kind in kinds)


def _takes_negatives(schema: Any) -> bool:
    """Whether a decimal field's pattern allows a leading minus (fields without one: yes)."""
    pattern = schema.get("pattern") if isinstance(schema, dict) else None
    return not isinstance(pattern, str) or pattern.startswith("^-")


def plain_message(error: Any, forms: dict[str, str]) -> str:
    """One schema refusal (a ``jsonschema.ValidationError``) as a short plain sentence."""
    value, rule, kind = error.instance, error.validator_value, error.validator
    if isinstance(value, HugeNumber):
        # "Infinity must be a whole number" read as if the file said Infinity.
        return "the number is too large" if value > 0 else "the number is too far below zero"
    if isinstance(value, bytes | bytearray | memoryview):
        return _binary(value, error)
    field = next((part for part in reversed(error.absolute_path) if isinstance(part, str)), "")
    if "propertyNames" in error.schema_path:  # a key of the object, not one of its values
        if field == "amounts":
            last = MAX_HORIZON_YEARS
            return f"has the year {shown(value)}: plan years are written 1, 2, 3 … up to {last}"
        return f"has the key {shown(value)}, which this field does not take"
    if kind == "pattern":
        if isinstance(value, str) and value.startswith("-") and not _takes_negatives(error.schema):
            return f"{shown(value)} cannot be negative"
        digits = _digits_problem(value, str(rule))
        if digits:
            return digits
        words = forms.get(str(rule)) or _FORM_BY_FIELD.get(field)
        return f"{shown(value)} {words or 'is not written the way this field takes'}"
    if kind == "type":
        if rule == "string" and isinstance(value, int | float) and not isinstance(value, bool):
            if value != value or value in (float("inf"), float("-inf")):
                # NaN, Infinity, or a number too large for a float (1e400 reads as Infinity)
                return f"{shown(value)} is not a number this field can take"
            if value < 0 and not _takes_negatives(error.schema):
                # Quoting it would only bring the next refusal: say the one that matters.
                return f"{shown(value)} cannot be negative"
            return f"{shown(value)} must be written in quotes, e.g. {shown(str(value))}"
        return f"{shown(value)} must be {_type_words(rule)}"
    if kind in ("oneOf", "anyOf"):
        return _alternatives(error, forms)
    if kind == "const":
        # "1 was expected" read as if the value had not been 1: "1" in quotes is text.
        return f"{shown(value)} must be {shown(rule)}"
    if kind == "minimum":
        return f"{shown(value)} must be at least {rule}"
    if kind == "maximum":
        return f"{shown(value)} must be at most {rule}"
    if kind == "maxLength":
        return f"is {len(value):,} characters long; at most {rule:,} fit"
    if kind == "minLength":
        return "cannot be empty" if rule == 1 else f"needs at least {rule:,} characters"
    if kind == "enum":
        return f"{shown(value)} must be one of: {', '.join(map(str, rule))}"
    if kind == "required":
        missing = [name for name in rule if isinstance(value, dict) and name not in value]
        return f"needs {', '.join(repr(name) for name in missing) or 'more fields'}"
    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = set(error.schema.get("properties", {}))
        unknown = [shown(name) for name in value if name not in allowed]
        return f"has fields this format does not know: {', '.join(unknown[:5])}"
    return clip(str(error.message), 200)


def _binary(value: bytes | bytearray | memoryview, error: Any) -> str:
    """Binary data where a value belongs, as only a shared proposal (a database) can hold: said
    as such, not as Python writes bytes, nor with a JSON file's "in quotes"."""
    if error.validator == "type":
        expected = [error.validator_value]
    else:
        expected = [child.validator_value for child in error.context or []]
    kinds = {
        str(kind) for part in expected for kind in (part if isinstance(part, list) else [part])
    }
    what = (
        "text" if "string" in kinds else "a number" if kinds & {"integer", "number"} else "a value"
    )
    return f"holds {len(bytes(value)):,} bytes of binary data where {what} belongs"


_DIGITS = re.compile(r"-?([0-9]+)(?:\.([0-9]+))?")
_LIMITS = re.compile(r"\{1,([0-9]+)\}")


def _digits_problem(value: Any, pattern: str) -> str:
    """For a number written in digits that a decimal pattern refuses only for its size, what
    is wrong with it: "1000…000" was told it "must be a number in digits", which it is.
    Empty when the value is not plain digits, or the pattern is not a decimal's."""
    written = _DIGITS.fullmatch(value) if isinstance(value, str) else None
    limits = [int(limit) for limit in _LIMITS.findall(pattern)]
    if written is None or len(limits) != 2:
        return ""
    whole, places = limits
    if len(written[1]) > whole:
        return f"{shown(value)} is too large: at most {whole} digits before the decimal point"
    if written[2] and len(written[2]) > places:
        return (
            f"{shown(value)} has {len(written[2])} decimal places; this field keeps at most "
            f"{places}"
        )
    return ""


def _alternatives(error: Any, forms: dict[str, str]) -> str:
    """A value that fits none of a field's alternatives (e.g. a whole number of at least 1, or
    null): the refusal of the alternative whose type it has, else the types it could have."""
    context = list(error.context or [])
    fitting_type = [child for child in context if child.validator != "type"]
    if fitting_type:
        return plain_message(fitting_type[0], forms)
    expected = [child.validator_value for child in context if child.validator == "type"]
    return f"{shown(error.instance)} must be {_type_words(expected)}"
