"""How stored values are shown and typed in the editor, field type by field type.

Money uses ``desktop.finance.money`` (the same formatting as the PDF); rates and likelihoods are
stored as fractions but shown and typed as percentages (a director types 4.5 for 4.5 %). Typed
text goes through ``desktop.services.fields.parse_field``, the one validation gate, so the reason
a value is refused is the same everywhere. No Qt here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum
from typing import Any

from desktop.finance.money import format_money, format_number, format_rate, plain_decimal
from desktop.services.fields import FieldError, FieldSpec, parse_value
from desktop.wording import clip, without_overrides

PERCENT_TYPES = ("rate", "likelihood")
NUMBER_TYPES = (
    "money",
    "quantity",
    "rate",
    "likelihood",
    "int",
    "optional_int",
    "optional_decimal",
)


def is_numeric(spec: FieldSpec) -> bool:
    return spec.type in NUMBER_TYPES


def _grouped(value: int, spec: FieldSpec) -> str:
    # Years read wrongly with a thousands separator ("2,027").
    return str(value) if "year" in spec.name else f"{value:,}"


def display_text(spec: FieldSpec, value: Any, currency: str = "USD") -> str:
    """What a cell or a label shows for a stored value."""
    if value is None:
        return ""
    if spec.type == "money":
        return format_money(Decimal(value), currency)
    if spec.type in PERCENT_TYPES:
        return f"{plain_decimal(Decimal(value) * 100)}%"
    if spec.type in ("quantity", "optional_decimal"):  # 285,000 reads; 285000 does not
        return format_number(Decimal(value))
    if spec.type in ("int", "optional_int"):
        return _grouped(int(value), spec)
    if spec.type == "choice":
        return str(value.label) if isinstance(value, StrEnum) and hasattr(value, "label") else ""
    if spec.type == "bool":
        return "Yes" if value else "No"
    text = without_overrides(str(value))
    if spec.type == "long_text":
        first = text.strip().splitlines()[0] if text.strip() else ""
        return clip(first, 80)
    return text


def edit_text(spec: FieldSpec, value: Any) -> str:
    """The text an editor starts with: plain numbers, percentages without the sign."""
    if value is None:
        return ""
    if spec.type == "money":
        return f"{Decimal(value):f}"
    if spec.type in PERCENT_TYPES:
        return f"{plain_decimal(Decimal(value) * 100):f}"
    if spec.type in ("quantity", "optional_decimal"):
        return f"{plain_decimal(Decimal(value)):f}"
    if spec.type == "choice":
        return str(value.label) if hasattr(value, "label") else str(value)
    if spec.type == "bool":
        return "Yes" if value else "No"
    return str(value)


def parse_typed(spec: FieldSpec, raw: Any) -> Any:
    """Typed text (or a combo's choice) → the value to store; raises ``FieldError``.

    A percentage field reads "4.5" as 4.5 %, like "4.5%"."""
    if spec.type in PERCENT_TYPES and isinstance(raw, str):
        text = raw.strip()
        if text and not text.endswith("%"):
            try:
                return parse_value(spec, text + "%")
            except FieldError as error:
                # The refusal quotes what was typed, not the "%" added to read it.
                raise FieldError(
                    error.label, error.message.replace(repr(text + "%"), repr(text))
                ) from None
    return parse_value(spec, raw)


def sort_key(spec: FieldSpec, value: Any) -> int | str:
    """A key Qt can compare natively: exact integers for numbers (cents, ten-thousandths), so
    sorting never goes through floats; lower-case text otherwise."""
    if is_numeric(spec):
        if value is None:
            return -(10**18)
        return int(Decimal(value) * 10_000)
    if spec.type == "bool":
        return 1 if value else 0
    return display_text(spec, value).lower()


# A word longer than this, in a label that wraps, gets a break hint between its letters.
_LONGEST_WORD = 16
_LONG_WORD = re.compile(rf"\S{{{_LONGEST_WORD + 1},}}")
_BREAK_HINT = "\u200b"  # zero-width space: a line may break there, nothing shows


def wrappable(text: str) -> str:
    """``text`` for a label that wraps: a word longer than 16 characters (a name typed with no
    spaces) gets a hint between each two of its letters or digits, so it wraps at the label's
    edge instead of being cut there. Only between letters written left to right: a hint
    between two Arabic letters could part them, and none goes beside a mark or a joiner."""

    def hinted(word: re.Match[str]) -> str:
        characters = word.group()
        parts = [characters[0]]
        for before, after in zip(characters, characters[1:], strict=False):
            if _breakable(before) and _breakable(after):
                parts.append(_BREAK_HINT)
            parts.append(after)
        return "".join(parts)

    return _LONG_WORD.sub(hinted, text)


def _breakable(character: str) -> bool:
    return character.isalnum() and unicodedata.bidirectional(character) in ("L", "EN")


def header_lines(label: str, longest: int = 16) -> list[str]:
    """A long column title on two lines ("Recurring cost per" / "unit per year")."""
    if len(label) <= longest or " " not in label:
        return [label]
    middle = len(label) // 2
    spaces = [i for i, char in enumerate(label) if char == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return [label[:cut], label[cut + 1 :]]


ONE_PERCENT = Decimal("0.01")


def chance_typed_as_fraction(spec: FieldSpec, typed: Any, value: Any) -> str:
    """A likelihood under 1% (a rate under 0.1%) typed without a percent sign, said with what
    to type instead in case it was written as a fraction: "0.3" is 0.3%, where a director
    thinking "0.3 = 30%" meant a risk a hundred times likelier, and the figures would quietly
    count next to none of it. Empty when there is nothing to say."""
    # A rate (discount, price increase) of 0.5% is a real one; of 0.03%, it is 3% typed as
    # a fraction.
    below = {"likelihood": ONE_PERCENT, "rate": ONE_PERCENT / 10}.get(spec.type)
    if (
        below is None
        or "%" in str(typed)
        or not isinstance(value, Decimal)
        or not 0 < value < below
    ):
        return ""
    meant = f"{(value * 10_000).normalize():f}"
    kind = "Likelihoods" if spec.type == "likelihood" else "Rates"
    return (
        f"{spec.label} saved as {format_rate(value)}. {kind} are typed as percentages: "
        f"if you meant {meant}%, type {meant}."
    )


def chances_pasted_as_fractions(pasted: Sequence[tuple[int, FieldSpec, Any, Any]]) -> str:
    """What ``chance_typed_as_fraction`` says of a pasted block: ``pasted`` holds each cell's
    line number, field, text and the value saved. A column of likelihoods copied from a
    spreadsheet as fractions (0.12 for 12%) was saved a hundred times smaller without a word,
    where the same figure typed was questioned. Empty when there is nothing to say."""
    found = [
        (line, spec, value)
        for line, spec, typed, value in pasted
        if chance_typed_as_fraction(spec, typed, value)
    ]
    if not found:
        return ""
    line, spec, value = found[0]
    if len(found) == 1:
        return f"Pasted line {line}: {chance_typed_as_fraction(spec, '', value)}"
    likelihoods = all(spec.type == "likelihood" for _, spec, _ in found)
    under = ONE_PERCENT if any(spec.type == "likelihood" for _, spec, _ in found) else None
    kind = "Likelihoods" if likelihoods else "Likelihoods and rates" if under else "Rates"
    return (
        f"{len(found):,} pasted values were saved as less than "
        f"{format_rate(under or ONE_PERCENT / 10)}, such as {spec.label} on line {line}: "
        f"{format_rate(value)}. {kind} are typed as percentages: if the block held fractions "
        "(0.12 for 12%), press Ctrl+Z and paste them as percentages."
    )
