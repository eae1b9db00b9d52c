"""How quote cells are read: money in its many spellings, quantities, refresh cycles, categories."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.sheets.values import (
    ValueProblem,
    foreign_currency,
    match_category,
    parse_amount,
    parse_count,
    parse_quantity,
    parse_years,
)
from desktop.vocabulary import ItemCategory


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$1,234.50", "1234.50"),
        ("1 234,50 €", "1234.50"),
        ("1\u00a0234,50\u00a0€", "1234.50"),  # the non-breaking spaces French spreadsheets use
        ("1.234,50", "1234.50"),
        ("1,234.50", "1234.50"),
        ("€1.299,00", "1299.00"),
        ("USD 99", "99"),
        ("99 EUR", "99"),
        ("(250.00)", "-250.00"),
        ("($250.00)", "-250.00"),
        ("-$5", "-5"),
        ("500-", "-500"),  # a trailing minus, as some accounting systems write it
        ("1'234.50", "1234.50"),
        ("12 345 678", "12345678"),
        ("1\u202f234,50", "1234.50"),  # a narrow no-break space, as French formats write it
        ("12,5", "12.5"),  # one comma, not three digits after it: a decimal comma
        ("99.95", "99.95"),
        ("1,234", "1234"),  # one separator then three digits: grouping, whichever mark
        ("1.234", "1234"),
        ("0,125", "0.125"),  # a leading zero keeps it decimal
        ("1,234,567", "1234567"),
        ("1.234.567", "1234567"),
        (".5", "0.5"),
        ("'123", "123"),  # a spreadsheet's keep-as-text apostrophe, left in a CSV
        ("'1,234.50", "1234.50"),
    ],
)
def test_money_text_reads_as_the_amount_people_meant(text: str, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)
    assert str(parse_amount(text)) == expected  # exact digits, not just an equal value


@pytest.mark.parametrize(
    "text",
    [
        "abc", "1,23,4", "12..5", "1.2.3,4,5", "$", "ten",
        # Words around a figure are not a currency: they were dropped and the figure kept.
        "approx 500", "max 500", "500 per", "ca. 500", "min 10",
    ],
)  # fmt: skip
def test_text_that_is_not_an_amount_is_refused_with_a_reason(text: str) -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_amount(text)
    assert str(caught.value)


@pytest.mark.parametrize("text", ["1 2 3", "1 0 5", "12 34", "1 234 5", "1234 567", "1 23,50"])
def test_spaces_between_digits_are_grouping_only_in_threes(text: str) -> None:
    """Every space was dropped wherever it stood: "1 2 3" was read as 123."""
    with pytest.raises(ValueProblem, match="^not a number: spaces between digits are read only"):
        parse_amount(text)
    with pytest.raises(ValueProblem, match="^not a number: spaces between digits are read only"):
        parse_quantity(text)


@pytest.mark.parametrize("text", ["-(500)", "(-250.00)", "((75))", "(5)-", "--2", "-5-", "+-5"])
def test_an_amount_with_two_signs_is_refused_not_read_as_positive(text: str) -> None:
    """The two signs cancelled out: "-(500)" was read as 500."""
    with pytest.raises(ValueProblem, match="^not a number: it has more than one sign"):
        parse_amount(text)
    with pytest.raises(ValueProblem, match="^not a number: it has more than one sign"):
        parse_quantity(text)


def test_spreadsheet_numbers_keep_their_typed_digits() -> None:
    assert parse_amount(745.5) == Decimal("745.5")
    assert parse_amount(107.00000000000001) == Decimal("107")  # float noise from a formula
    assert parse_amount(0.1 + 0.2) == Decimal("0.3")
    assert parse_amount(4200) == Decimal(4200)
    assert parse_amount("") is None


def test_quantities_and_refresh_cycles_as_quotes_write_them() -> None:
    assert parse_quantity("10 ea") == Decimal(10)
    assert parse_quantity("4,200 licences") == Decimal(4200)
    assert parse_years("4 years") == Decimal(4)
    assert parse_years("5-yr") == Decimal(5)
    assert parse_years("48 months") == Decimal(4)
    assert parse_years("never") is None
    with pytest.raises(ValueProblem):
        parse_years("30 months")


@pytest.mark.parametrize("text", ["$4", "USD 3", "4 €", "(£2)"])
def test_money_under_a_count_is_refused_as_a_shifted_column(text: str) -> None:
    """ "$4" under "Quantity" (or "$2" under "Start year") was read as 4 and 2: most likely
    prices in a column one off, imported as counts without a word."""
    with pytest.raises(ValueProblem, match="is an amount of money, not a count"):
        parse_quantity(text)
    with pytest.raises(ValueProblem, match="is an amount of money, not a count"):
        parse_count(text)
    assert parse_count("2") == Decimal(2) and parse_quantity("12 units") == Decimal(12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hardware and devices", ItemCategory.HARDWARE),
        ("network_infrastructure", ItemCategory.NETWORK_INFRASTRUCTURE),
        ("Chromebooks", ItemCategory.HARDWARE),
        ("Wi-Fi", ItemCategory.NETWORK_INFRASTRUCTURE),
        ("MDM licence", ItemCategory.DEVICE_MANAGEMENT),
        ("Device management", ItemCategory.DEVICE_MANAGEMENT),
        ("Warranty", ItemCategory.INSURANCE),
        ("training", ItemCategory.PROFESSIONAL_LEARNING),
        ("Help desk", ItemCategory.TECHNICAL_SUPPORT),
    ],
)
def test_categories_match_by_label_value_or_common_word(text: str, expected: ItemCategory) -> None:
    assert match_category(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HARDWARE AND DEVICES", ItemCategory.HARDWARE),
        ("  hardware   and devices ", ItemCategory.HARDWARE),
        ("Hardware & devices", ItemCategory.HARDWARE),
        ("Network Infrastructure", ItemCategory.NETWORK_INFRASTRUCTURE),
        ("wifi", ItemCategory.NETWORK_INFRASTRUCTURE),
        ("Wi Fi", ItemCategory.NETWORK_INFRASTRUCTURE),
        ("Insurance and Warranty", ItemCategory.INSURANCE),
    ],
)
def test_a_category_matches_whatever_its_case_spacing_or_punctuation(
    text: str, expected: ItemCategory
) -> None:
    assert match_category(text) is expected


def test_every_word_for_a_category_names_that_category() -> None:
    from desktop.sheets.values import _CATEGORY_WORDS

    for category, words in _CATEGORY_WORDS.items():
        for word in words:
            assert match_category(word) is category, word


@pytest.mark.parametrize(
    "text",
    [
        "Chromebook insurance", "No hardware - services only", "Support for switches",
        "Hardware, network", "Not network infrastructure", "Other hardware",
    ],
)  # fmt: skip
def test_a_word_inside_a_longer_phrase_names_no_category(text: str) -> None:
    """Any word of the cell that named a category decided it: "Chromebook insurance" was
    Hardware and "Support for switches" Network infrastructure."""
    with pytest.raises(ValueProblem, match=r"^is not a known category \(use one of: Broadband,"):
        match_category(text)


def test_an_unknown_category_is_an_error_that_lists_the_choices() -> None:
    with pytest.raises(ValueProblem, match="Hardware and devices"):
        match_category("Fruit")
    assert match_category("  ") is None


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("¥50000", "JPY or CNY"),
        ("GBP 999", "GBP"),
        ("1.234,50 €", "EUR"),
        ("C$12", "CAD"),
        ("R$ 1.234,50", "BRL"),
        ("NT$ 500", "TWD"),
        ("1234.50 CZK", "CZK"),
    ],  # fmt: skip
)
def test_an_amount_in_another_currency_is_named_not_counted_as_the_proposals(
    text: str, named: str
) -> None:
    """A USD proposal imported "¥50000" as $50,000.00 and "GBP 999" as $999.00."""
    assert foreign_currency(text, "USD") == (
        f"is in {named}, but the proposal's amounts are in USD; convert it to USD first"
    )


@pytest.mark.parametrize("text", ["$1,234.50", "USD 99", "US$ 5", "99 usd", "1234.50", "(250)"])
def test_an_amount_in_the_proposals_currency_or_none_is_fine(text: str) -> None:
    assert foreign_currency(text, "USD") == ""
    assert foreign_currency("€1.299,00", "EUR") == ""


@pytest.mark.parametrize(("text", "currency"), [("1234.50 CZK", "CZK"), ("THB 99", "THB")])
def test_an_amount_in_a_proposals_own_currency_reads_whatever_its_code(
    text: str, currency: str
) -> None:
    """A CZK proposal's "1234.50 CZK" was "not a number": only a short list of codes was
    known. A code in capitals is a code."""
    assert parse_amount(text) == Decimal(text.replace("CZK", "").replace("THB", "").strip())
    assert foreign_currency(text, currency) == ""


@pytest.mark.parametrize("text", ["TBD", "TBA", "tbd", " TBC "])
def test_a_price_still_to_come_is_said_so_not_called_a_currency(text: str) -> None:
    """ "TBD" in a quote's price column was refused as "in TBD, but the proposal's amounts are
    in USD; convert it to USD first": any three capitals were taken for a currency's code."""
    assert foreign_currency(text, "USD") == ""
    with pytest.raises(ValueProblem) as caught:
        parse_amount(text)
    assert str(caught.value) == "not a number: a price still to come; type the figure first"
    assert foreign_currency("EUR 12", "USD")  # a code beside a figure is still a currency
