"""Reading the numbers and words of a vendor quote as people write them.

Amounts come as ``$1,234.50``, ``1 234,50 €``, ``1.234,50``, ``USD 99``, ``(250.00)``. The decimal
separator is decided per value, because one file can mix a US price list with a European reseller's
lines:

- both ``.`` and ``,`` present: the last one is the decimal separator (``1.234,50`` and
  ``1,234.50`` are both 1234.50);
- one of them, more than once: digit grouping (``1,234,567``, ``1.234.567``);
- one of them, once, followed by exactly three digits: digit grouping (``1,234`` is 1234 and
  ``1.234`` is 1234), because a price with three decimals is not a price; a leading zero
  (``0,125``) keeps it decimal. Where that reading is in doubt the quote reader asks instead
  (``unclear_beside``): a point so placed in a column whose other figures use a point for
  decimals, or in a column where no figure shows its decimal mark;
- otherwise it is the decimal separator (``12,5`` is 12.5, ``99.95`` is 99.95).

Grouped digits must come in threes after the first group (``1,23,4`` is refused as unclear).
Spaces, non-breaking spaces and apostrophes between digits are grouping too (``1 234``, ``1'234``),
in threes like the others: ``1 2 3`` or ``1 0 5`` is refused, not read as 123 or 105.
Parentheses or a minus sign (before or after the figure) make a value negative; the item rules
then refuse negative costs. One sign only: ``-(500)``, ``((75))`` or ``(5)-`` are refused, not
read as positive.

Spreadsheet cells that already hold numbers arrive as floats: they are read through their shortest
decimal text and float noise from formulas (``107.00000000000001``) is dropped at nine places, so a
cell showing 107.00 imports as exactly 107.00.

Categories are matched by the whole cell (in any case, spacing or punctuation): a category's
stored value, its label, or a common quote word for it ("Chromebook", "Wi-Fi", "MDM", "warranty",
"training"...), never a word inside a longer phrase ("Chromebook insurance" is not Hardware). A
blank category means Other; a cell that names no category is a row error rather than a silent
Other, because the category decides where the cost lands in the TCO breakdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache
from typing import Any

from desktop.finance.money import DOLLAR_SIGNS, far_too_large, is_currency_code, plain_decimal
from desktop.vocabulary import ItemCategory


class ValueProblem(ValueError):
    """A cell's text could not be read; ``str()`` is the reason, in plain words."""


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007']")
# The currency marks an amount may carry: a symbol, a dollar with its country ("US$", "C$") or a
# currency code. Other words around a figure ("approx 500", "500 per") make it not a number
# rather than being dropped.
_SYMBOLS = {"€": "EUR", "£": "GBP", "₹": "INR", "¥": "JPY or CNY"}
_DOLLARS = DOLLAR_SIGNS
_CURRENCY_PREFIX = re.compile(r"^(?:([A-Za-z]{3})(?![A-Za-z])|([A-Z]{0,2}\$)|([€£¥₹]))\s*")
_CURRENCY_SUFFIX = re.compile(r"\s*(?<![A-Za-z])(?:([A-Za-z]{3})|([A-Z]{0,2}\$)|([€£¥₹]))$")
_DIGITS = re.compile(r"^[0-9.,]*[0-9][0-9.,]*$")
# Spaces (or apostrophes) that group digits: one to three digits, then threes, then any decimals
# ("1 234", "12 345 678,90", "1'234.50").
_SPACE_GROUPED = re.compile(rf"[0-9]{{1,3}}(?:{_SPACES.pattern}+[0-9]{{3}})+(?:[.,][0-9]+)?")
_FLOAT_NOISE = Decimal("0.000000001")
# What a quote writes where a price is not known yet.
_STILL_TO_COME = frozenset({"TBD", "TBA", "TBC", "POA", "RFQ", "QUOTE", "CALL"})


def from_float(value: float) -> Decimal:
    """A spreadsheet number as the decimal its author typed (shortest text, noise removed)."""
    number = Decimal(repr(value))
    if not number.is_finite():
        raise ValueProblem("not a number")
    rounded = number.quantize(_FLOAT_NOISE) if abs(number) < Decimal("1e15") else number
    return _plain(rounded)


def _plain(number: Decimal) -> Decimal:
    if far_too_large(number):  # refused before rounding, which it would overflow
        raise ValueProblem("is far too large")
    return plain_decimal(number)


def is_blank(raw: Any) -> bool:
    return raw is None or raw == "" or (isinstance(raw, str) and not raw.strip())


def parse_amount(raw: Any) -> Decimal | None:
    """A money amount or plain number; ``None`` for a blank cell. Raises ``ValueProblem``."""
    if is_blank(raw):
        return None
    if isinstance(raw, bool):
        raise ValueProblem("not a number")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return from_float(raw)
    if isinstance(raw, Decimal):
        return raw
    if isinstance(raw, (datetime, date, time)):
        raise ValueProblem("is a date, not a number")
    return _parse_amount_text(str(raw))


_PLAIN_NUMBER = re.compile(r"-?[0-9]{1,15}(?:\.[0-9]{1,2})?")


def _parse_amount_text(original: str) -> Decimal:
    # A leading apostrophe is a spreadsheet's mark for "keep this as text" ("'123"), left in a
    # CSV by some exports: not part of the figure (it was refused for "spaces between digits").
    text = original.strip().removeprefix("'").strip()
    if _PLAIN_NUMBER.fullmatch(text):
        return Decimal(text)  # the common case, "1234.50", without the full rules below
    text = text.replace("\u2212", "-")
    negative, signs = False, 0
    # Signs and currency marks may wrap each other: "-$5", "$-5", "($250.00)", "USD (5)".
    for _ in range(3):
        text = _CURRENCY_PREFIX.sub(_currency_removed, text)
        text = _CURRENCY_SUFFIX.sub(_currency_removed, text).strip()
        if text.startswith("(") and text.endswith(")"):
            negative, signs, text = True, signs + 1, text[1:-1].strip()
        elif text.startswith("-") or text.endswith("-"):
            signs += 1 if text == "-" else text.startswith("-") + text.endswith("-")
            negative, text = True, text.removeprefix("-").removesuffix("-").strip()
        elif text.startswith("+"):
            signs, text = signs + 1, text[1:].strip()
    spaced, text = text, _SPACES.sub("", text)
    if signs > 1 and _DIGITS.match(text):
        # "-(500)", "(-250)", "((75))", "(5)-", "--2": the two signs cancelled out, and the
        # figure was imported as positive. Nobody writes an amount so; whether a negative, a
        # typo or a note was meant cannot be told.
        raise ValueProblem("not a number: it has more than one sign (a minus or parentheses)")
    if not _DIGITS.match(text):
        if text.endswith("%") and _DIGITS.match(text[:-1]):
            # A discount or a share column, or a cell formatted as a percentage by mistake.
            raise ValueProblem("a percentage, not an amount or a count")
        if original.strip().upper() in _STILL_TO_COME:
            raise ValueProblem("not a number: a price still to come; type the figure first")
        raise ValueProblem("not a number")
    if spaced != text and not _SPACE_GROUPED.fullmatch(spaced):
        # "1 2 3" and "1 0 5" were read as 123 and 105: a space was dropped wherever it stood.
        raise ValueProblem(
            "not a number: spaces between digits are read only between thousands (1 234 567)"
        )
    number = Decimal(_canonical_digits(text))
    return -number if negative else number


def _currency_removed(match: re.Match[str]) -> str:
    """A currency mark goes; three letters that are no currency code stay (and then fail)."""
    code = match.group(1)
    return match.group(0) if code is not None and not is_currency_code(code) else ""


def currency_of(raw: Any) -> str | None:
    """The currency an amount's text names ("EUR" for "1.234,50 €", "USD" for "US$ 5"), "$" for
    a plain dollar sign (many currencies use it), ``None`` when it names none."""
    if not isinstance(raw, str):
        return None
    text = raw.strip().strip("()-+\u2212 ")
    if not any(character.isdigit() for character in text):
        # "TBD", "TBA", "INC" in a price column are words, not amounts in a currency: they
        # were refused as "in TBD; convert it to USD first".
        return None
    for pattern in (_CURRENCY_PREFIX, _CURRENCY_SUFFIX):
        match = pattern.search(text)
        if match is None:
            continue
        code, dollar, symbol = match.groups()
        if code is not None and is_currency_code(code):
            return code.upper()
        if dollar is not None:  # "$" alone is many currencies' sign; "R$" is one of them
            return _DOLLARS.get(dollar, dollar)
        if symbol is not None:
            return _SYMBOLS[symbol]
    return None


def foreign_currency(raw: Any, currency: str) -> str:
    """Why the amount ``raw`` cannot count in ``currency`` (it names another), or ``""``."""
    named = currency_of(raw)
    if named is None or named == "$" or currency.upper() in named.split(" or "):
        return ""
    return (
        f"is in {named}, but the proposal's amounts are in {currency.upper()}; convert it to "
        f"{currency.upper()} first"
    )


def _canonical_digits(text: str) -> str:
    """``1.234,50`` → ``1234.50`` following the rules in the module docstring."""
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        grouping = "." if decimal_mark == "," else ","
        whole, _, fraction = text.rpartition(decimal_mark)
        if decimal_mark in whole or grouping in fraction:
            raise ValueProblem("not a number")
        return _ungroup(whole, grouping) + "." + fraction
    mark = "," if commas else "." if dots else ""
    if not mark:
        return text
    count = commas or dots
    whole, _, fraction = text.rpartition(mark)
    if count > 1 or (len(fraction) == 3 and whole not in ("", "0")):
        return _ungroup(text, mark)
    return (whole or "0") + "." + (fraction or "0")


# A figure whose last separator has one or two digits after it ("745.50", "12,5"), or with both
# separators ("1.234,50"): which mark means cents there is not in doubt.
_DECIMAL_SHOWN = re.compile(r"\d([.,])\d{1,2}\D*$|\d[.,]\d{3}([.,])\d")
# One separator followed by exactly three digits, after a whole part that is not 0: "1.005".
_THREE_AFTER_ONE_MARK = re.compile(r"^\D*[1-9]\d{0,2}([.,])\d{3}\D*$")


def decimal_mark_of(texts: Iterable[str]) -> str | None:
    """The decimal mark a column's amounts show, "." or ",", when they show only one; None
    when they show none or both (one file can mix a US and a European price list)."""
    marks = set()
    for text in texts:
        found = _DECIMAL_SHOWN.search(text.strip())
        if found:
            marks.add(found.group(1) or found.group(2))
            if len(marks) > 1:
                return None
    return marks.pop() if marks else None


def unclear_beside(text: str, decimal_mark: str | None, *, where: str = "column") -> str | None:
    """Why ``text`` is unclear in a column whose figures use ``decimal_mark`` for decimals: a
    single ``decimal_mark`` followed by three digits ("1.005" among "745.50" and "99.95") is
    read by the rule above as digit grouping (1,005), which that column does not use.

    With ``None`` (no figure in the column shows its decimal mark) a single point followed by
    three digits is unclear too: "10.005" may be a European 10,005 or a figure to three
    decimals. A comma there stays grouping ("1,234"), as US price lists write it.

    ``where`` is "file" when the mark is not the column's own (none of its figures shows one)
    but the one every other figure of the file uses: "1,500" beside "2,5" and "20,75"."""
    found = _THREE_AFTER_ONE_MARK.match(text.strip())
    if found is None:
        return None
    mark = found.group(1)
    whole, _, fraction = text.strip().partition(mark)
    whole = _digits(whole)
    if decimal_mark is None and mark == ".":
        return (
            f"is unclear: it may mean {whole}.{fraction} or {whole}{fraction}, and no other "
            f"figure in this column shows which mark is for decimals; write {whole}{fraction} "
            f"for the larger, or add a zero ({whole}.{fraction}0) for the smaller"
        )
    if mark != decimal_mark:
        return None
    # Said of figures and decimals, not amounts and cents: a quantity column is read so too.
    # "it may mean 1,000 rather than 1000" read as the same number twice.
    others = f'the other figures in this {where} use "{decimal_mark}" for decimals'
    # "Write it with two decimals" alone would change a quantity's 1.005: a zero added keeps it.
    return (
        f"is unclear: {others}, so it may be {whole} with three decimals "
        f"({whole}{decimal_mark}{fraction}) rather than {whole}{fraction}; write {whole}{fraction} "
        "for the larger; for the smaller, write an amount with two decimals, or add a zero to a "
        f"quantity ({whole}{decimal_mark}{fraction}0)"
    )


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _ungroup(whole: str, grouping: str) -> str:
    groups = whole.split(grouping)
    if not groups[0] or len(groups[0]) > 3 or any(len(group) != 3 for group in groups[1:]):
        raise ValueProblem("has unclear digit grouping (expected groups of three digits)")
    return "".join(groups)


_QUANTITY_UNITS = re.compile(
    r"\s*(?:x|ea\.?|each|units?|pcs\.?|pieces?|seats?|users?|devices?|licen[cs]es?|lots?)$",
    re.IGNORECASE,
)


def parse_quantity(raw: Any) -> Decimal | None:
    """A count such as ``4200``, ``4,200``, ``10 ea`` or ``25 licences``; ``None`` when blank."""
    if isinstance(raw, str):
        raw = _QUANTITY_UNITS.sub("", raw.strip())
        if not raw:
            raise ValueProblem("not a number")
    return parse_count(raw)


MONEY_NOT_COUNT = "is an amount of money, not a count: check the columns are not shifted"


def parse_count(raw: Any) -> Decimal | None:
    """A number that counts something (a quantity, a plan year), never money: "$4" under
    "Quantity" is most likely a price in a column one off, and was read as 4."""
    if currency_of(raw) is not None:
        raise ValueProblem(MONEY_NOT_COUNT)
    return parse_amount(raw)


_YEARS = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(?:-?\s*(years?|yrs?|y|months?|mos?|mo))?$", re.I)
_NEVER = {"none", "n/a", "na", "never", "-", "—", "no refresh", "not replaced"}


def parse_years(raw: Any) -> Decimal | None:
    """A refresh cycle such as ``4``, ``4 years``, ``5-yr`` or ``48 months``; blank or "never"
    means not replaced (``None``). Months must make whole years."""
    if is_blank(raw):
        return None
    if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        return parse_amount(raw)
    text = str(raw).strip()
    if text.lower() in _NEVER:
        return None
    match = _YEARS.match(text)
    if match is None:
        raise ValueProblem("not a number of years")
    number = Decimal(match.group(1).replace(",", "."))
    unit = (match.group(2) or "y").lower()
    if unit.startswith("m"):
        if number % 12:
            raise ValueProblem("is not a whole number of years")
        number = number / 12
    return _plain(number)


def cell_text(raw: Any) -> str:
    """How a cell reads as text (for names, vendors, notes, and for error messages)."""
    if isinstance(raw, str):
        return raw
    if raw is None:
        return ""
    if isinstance(raw, float):
        try:
            return format(from_float(raw), "f")
        except ValueProblem:
            return repr(raw)  # 1e+308, as the spreadsheet shows such a number
    if isinstance(raw, datetime):
        return raw.date().isoformat() if raw.time() == time() else raw.isoformat(sep=" ")
    if isinstance(raw, (date, time)):
        return raw.isoformat()
    return str(raw)


# --- categories ------------------------------------------------------------------------------

_CATEGORY_WORDS: dict[ItemCategory, tuple[str, ...]] = {
    ItemCategory.BROADBAND: (
        "broadband", "internet", "isp", "bandwidth", "wan", "fiber", "fibre", "circuit",
        "internet access", "connectivity",
    ),
    ItemCategory.NETWORK_INFRASTRUCTURE: (
        "network", "networking", "wi-fi", "wifi", "wireless", "access point", "access points",
        "ap", "switch", "switches", "cabling", "router", "lan", "infrastructure",
        "network infrastructure",
    ),
    ItemCategory.HARDWARE: (
        "hardware", "device", "devices", "laptop", "laptops", "chromebook", "chromebooks",
        "tablet", "tablets", "ipad", "ipads", "computer", "computers", "desktop", "cart",
        "carts", "charging cart", "display", "displays", "hardware and devices",
    ),
    ItemCategory.DEVICE_MANAGEMENT: (
        "mdm", "mdm licence", "mdm licences", "mdm license", "mdm licenses",
        "device management", "management", "asset tracking", "asset management",
        "accountability", "inventory", "device management and accountability",
    ),
    ItemCategory.SECURITY: (
        "security", "firewall", "filter", "filtering", "content filter", "web filter",
        "antivirus", "endpoint", "cybersecurity", "cyber security",
    ),
    ItemCategory.INSURANCE: (
        "insurance", "warranty", "extended warranty", "accidental damage", "adp", "protection",
        "insurance and warranty",
    ),
    ItemCategory.TECHNICAL_SUPPORT: (
        "technical support", "tech support", "support", "help desk", "helpdesk", "service desk",
        "technician", "technicians", "repair", "repairs",
    ),
    ItemCategory.INSTRUCTIONAL_CONTENT: (
        "instructional content", "content", "digital content", "software", "curriculum",
        "courseware", "textbook", "textbooks", "apps", "learning platform", "lms",
    ),
    ItemCategory.PROFESSIONAL_LEARNING: (
        "professional learning", "professional development", "pd", "training", "coaching",
        "staff development",
    ),
    ItemCategory.OTHER: ("other", "misc", "miscellaneous", "general"),
}  # fmt: skip


def _category_key(text: str) -> str:
    """A category as written, for comparing: "Wi-Fi", "wi fi" and " WIFI " differ only in case,
    spacing and punctuation, which say nothing about the category; "&" is "and"."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower().replace("&", " and ")).split())


# Every way a whole cell may name each category: its stored value, its label, its words.
_CATEGORY_NAMES: dict[str, ItemCategory] = {
    _category_key(name): category
    for category in ItemCategory
    for name in (category.value, category.label, *_CATEGORY_WORDS[category])
}


def match_category(raw: Any) -> ItemCategory | None:
    """The category a cell names; ``None`` when blank. Raises ``ValueProblem`` when unknown."""
    if is_blank(raw):
        return None
    return _category_of(cell_text(raw))


@lru_cache(maxsize=512)  # a quote repeats a handful of category words thousands of times
def _category_of(raw_text: str) -> ItemCategory:
    # The whole cell names the category, never a word inside it: "Chromebook insurance" is not
    # Hardware, "No hardware - services only" even less so, and "Support for switches" is not
    # Network infrastructure. A phrase that names none is refused (listing the categories),
    # not guessed, because the category decides where the cost lands in the TCO breakdown.
    found = _CATEGORY_NAMES.get(_category_key(raw_text))
    if found is not None:
        return found
    allowed = ", ".join(member.label for member in ItemCategory)
    raise ValueProblem(f"is not a known category (use one of: {allowed})")
