"""Exact money: rounding to the cent and formatting amounts, short amounts and percentages.

ROUNDING RULE (the reason every total in the app, the PDF and the spreadsheet agrees):

- Money is ``Decimal``, never ``float``.
- Each item's one-time amount and recurring amount for each plan year is rounded half-up to the
  cent ONCE, when it is computed (``quantity × unit price × escalation factor``). Each risk's
  expected annual loss before and after mitigation is rounded the same way.
- Every total is then an exact sum of those cents. No total is ever rounded again, so every
  breakdown (by year, by category, by item, by cost class, by funding source) adds up to its total
  to the cent.
- Derived figures that are not sums (present values, NPV, cost per student, per device) are
  computed exactly from the cent amounts and rounded half-up to the cent once, at the end.
- Ratios and shares (ROI, benefit–cost ratio, grant reliance) are fractions rounded half-up to
  six decimal places; they are only ever shown, never summed.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
RATIO_QUANTUM = Decimal("0.000001")
ZERO = Decimal(0)
ONE = Decimal(1)
MINUS_SIGN = "\u2212"  # a real minus sign: a hyphen looks too small beside tabular figures
EM_DASH = "\u2014"  # shown where a figure does not exist (no students, no costs ...)

# Currencies shown with a symbol; every other currency is shown with its ISO code in front
# ("EUR 1,234.56"), which is never ambiguous on a printed page.
_SYMBOLS: dict[str, str] = {"USD": "$"}

# Currency codes an amount's text may carry, in any case ("usd 5"); other three-letter words
# count as codes only in capitals, as codes are written ("CZK 5"), so "approx" or "per" do not.
CURRENCY_CODES = frozenset({
    "USD", "EUR", "GBP", "CAD", "AUD", "NZD", "MXN", "JPY", "CNY", "INR", "CHF", "SEK", "NOK",
    "DKK", "PLN", "HKD", "SGD", "ZAR", "BRL", "KRW",
})  # fmt: skip


# The ISO 4217 codes of money in use: what a proposal's currency may be ("NaN" typed in the field
# was taken as a currency called NAN, and every figure read "NAN 4,116,108.04"). Precious
# metals, drawing rights and the testing codes are left out.
ISO_4217 = frozenset(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD
    BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD
    EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD
    IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL
    MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN
    PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP
    STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED
    VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL
""".split()
)


def is_currency_code(letters: str) -> bool:
    """Three letters that name a currency: a known code in any case, or any in capitals."""
    return letters.upper() in CURRENCY_CODES or letters.isupper()


# Digits before the point beyond which no figure the app takes can be meant (its largest limit
# is a trillion): a field or a spreadsheet cell refuses such a number before any rounding or
# conversion, which it would overflow (or, for "1e999999999" as a whole number, take minutes).
MAX_WHOLE_DIGITS = 16


def far_too_large(number: Decimal) -> bool:
    """Whether ``number`` has more whole digits than any figure the app takes."""
    return bool(number) and number.adjusted() >= MAX_WHOLE_DIGITS


def plain_decimal(number: Decimal) -> Decimal:
    """``4200.00`` → ``4200``, ``0.0800`` → ``0.08``: no trailing zeros, never exponent form."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return Decimal(format(number.normalize(), "f"))


def format_number(number: Decimal) -> str:
    """A count or measure as it reads: ``4200`` → "4,200", ``0.0800`` → "0.08" (grouped, no
    trailing zeros, never exponent form)."""
    return f"{plain_decimal(number):,f}"


def stored_cents(value: object) -> int:
    """A stored whole number of cents, as every money column holds it. Anything else (12.5
    cents, "abc": a file altered outside Buy-In) raises ``ValueError`` rather than being cut
    to a whole cent without a word."""
    if type(value) is int:
        return value  # the stored form: nothing to check
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        raise ValueError(f"{value!r} is not a number of cents") from None
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueError(f"{value!r} is not a whole number of cents")
    return int(number)


NO_CENTS = Decimal("0.00")
# Between a currency code and its amount ("CAD 1,234.56"): a no-break space, so the two never
# part at a line's end.
CODE_SPACE = "\u00a0"


def to_cents(amount: Decimal) -> Decimal:
    """Round half-up to the cent: ``to_cents(Decimal("0.125")) == Decimal("0.13")``. A sliver
    below zero gives ``-0.00``, equal to zero; what is written out goes through
    ``without_minus_zero`` (this runs on every figure of every recalculation)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def without_minus_zero(amount: Decimal) -> Decimal:
    """``amount``, with a negative zero (a sliver below zero rounded) as plain zero: the
    workbook and ``summary --json`` printed "-0.00" and -0."""
    return amount if amount or not amount.is_signed() else NO_CENTS


def to_ratio(value: Decimal) -> Decimal:
    """Round a fraction (0.123456789 → 0.123457) for display and comparison."""
    return value.quantize(RATIO_QUANTUM, rounding=ROUND_HALF_UP)


def safe_ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """``numerator / denominator`` as a rounded fraction, or ``None`` when the denominator is
    zero: a share of nothing does not exist, and must never become NaN or infinity."""
    if denominator == 0:
        return None
    ratio = to_ratio(numerator / denominator)
    # A sliver below zero, rounded, is zero: summary --json printed "-0.000000".
    return ratio if ratio or not ratio.is_signed() else abs(ratio)


def money_str(amount: Decimal) -> str:
    """Plain decimal string with exactly two places, for JSON and files: ``"1234.50"``."""
    return f"{without_minus_zero(to_cents(amount)):f}"


def _prefix(currency: str) -> str:
    code = currency.upper()
    return _SYMBOLS.get(code, f"{code}{CODE_SPACE}")


def written_code(currency: str) -> str:
    """The code a currency's amounts are written with ("CAD"), or "" for one written with a
    symbol ("$")."""
    code = currency.upper()
    return "" if code in _SYMBOLS else code


def format_money(
    amount: Decimal | None, currency: str = "USD", *, cents: bool = True, code: bool = True
) -> str:
    """``$1,234.56``, ``−$12.00``, ``EUR 1,234.56``; whole units with ``cents=False``; without
    the code with ``code=False`` (``1,234.56`` in EUR, for a column whose header names it; a
    symbol stays: ``$1,234.56``).

    ``None`` (a figure that does not exist) is shown as an em dash."""
    if amount is None:
        return EM_DASH
    quantum = CENT if cents else Decimal(1)
    rounded = amount.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = MINUS_SIGN if rounded < 0 else ""
    digits = f"{abs(rounded):,.2f}" if cents else f"{abs(rounded):,.0f}"
    prefix = _prefix(currency) if code or not written_code(currency) else ""
    return f"{sign}{prefix}{digits}"


_SHORT_UNITS: tuple[tuple[Decimal, str], ...] = (
    (Decimal(1_000), "k"),
    (Decimal(1_000_000), "M"),
    (Decimal(1_000_000_000), "B"),
)


def _short_digits(scaled: Decimal, figures: int, trim: bool) -> str:
    whole_digits = 1 if scaled < 10 else 2 if scaled < 100 else 3
    places = max(figures - whole_digits, 0)
    shown = scaled.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{shown:f}"
    return text.rstrip("0").rstrip(".") if trim and "." in text else text


# Dollar signs that name their currency, and the currency each names: a measure's unit and a
# vendor's amount (``sheets.values``) are read with the same list.
DOLLAR_SIGNS: dict[str, str] = {
    "US$": "USD", "C$": "CAD", "CA$": "CAD", "A$": "AUD", "AU$": "AUD", "NZ$": "NZD",
    "MX$": "MXN", "HK$": "HKD", "S$": "SGD", "R$": "BRL", "NT$": "TWD",
}  # fmt: skip
# Currency signs a measure's unit may be written with, and the currency each stands for.
_UNIT_SIGNS: dict[str, str] = {**DOLLAR_SIGNS, "€": "EUR", "£": "GBP", "¥": "JPY"}
# A plain "$" is the district's own dollar (or Mexican peso): a Canadian or Australian district
# writes it for its own money as an American one does (a measure of "20,000 $" in a CAD
# proposal was read as a count of something called "$").
_DOLLARS = frozenset({"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "BSD", "BBD", "BZD",
                      "BMD", "FJD", "JMD", "TTD", "XCD"})  # fmt: skip


def foreign_money_unit(unit: str, currency: str) -> str | None:
    """The currency a metric's unit names when it is not the proposal's ("USD" for a unit of
    "USD" or "US$" in a proposal in CAD), else None: a measure the template wrote in dollars,
    left so when the director switched the proposal to another currency."""
    written = unit.strip().upper()
    named = _UNIT_SIGNS.get(written) or (written if written in CURRENCY_CODES else None)
    if named is None or is_money_unit(unit, currency):
        return None
    return named


def is_money_unit(unit: str, currency: str) -> bool:
    """Whether a metric's unit says it is measured in the proposal's currency ("USD", "$" or
    "US$" in a proposal in USD; "$", "C$" or "CAD" in one in CAD; "EUR" or "€" in one in EUR)."""
    written = unit.strip().upper()
    code = currency.strip().upper()
    if written == "$":
        return code in _DOLLARS
    return written == code or _UNIT_SIGNS.get(written) == code


def format_measure_money(amount: Decimal, currency: str = "USD") -> str:
    """A metric's figure in money, as a measure reads: ``$285,000``, with cents only when there
    are some (``$12.50``)."""
    return format_money(amount, currency, cents=amount != amount.to_integral_value())


def format_money_short(
    amount: Decimal | None, currency: str = "USD", *, figures: int = 3, trim: bool = True
) -> str:
    """``figures`` significant figures (three unless asked) with a unit, for dashboards and
    chart labels: ``$1.84M``, ``$212k``, ``$21.3k``, ``$950``, ``−$4.5M``; ``None`` → em dash.
    ``trim`` drops trailing zeros (``$1.5M``, as an axis tick reads); without it figures keep
    their places (``$1.50M`` beside ``$1.47M``). Amounts under a thousand show whole units."""
    if amount is None:
        return EM_DASH
    whole = abs(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    sign = MINUS_SIGN if amount < 0 and whole != 0 else ""
    chosen: int | None = None
    # The unit follows the amount itself: $999.70 is "$1000" at three figures, never "$0.99970k".
    for index, (size, _unit) in enumerate(_SHORT_UNITS):
        if abs(amount) >= size:
            chosen = index
    if chosen is None:
        return f"{sign}{_prefix(currency)}{whole:f}"
    size, unit = _SHORT_UNITS[chosen]
    digits = _short_digits(abs(amount) / size, figures, trim)
    # 999,999 would read "1000k": show it in the next larger unit instead.
    if Decimal(digits) >= 1000 and chosen + 1 < len(_SHORT_UNITS):
        size, unit = _SHORT_UNITS[chosen + 1]
        digits = _short_digits(abs(amount) / size, figures, trim)
    return f"{sign}{_prefix(currency)}{digits}{unit}"


def distinguishing_figures(
    amounts: Iterable[Decimal],
    currency: str = "USD",
    *,
    resolution: Decimal = Decimal(1),
    fewest: int = 3,
    most: int = 6,
) -> int:
    """The fewest significant figures (from ``fewest`` up to ``most``) at which amounts at least
    ``resolution`` apart also read differently in the short form: on a chart of billion-dollar
    figures a few million apart, three figures would print the same label on different bars."""
    ordered = sorted(set(amounts))
    # Labels never decrease as amounts grow, so it is enough that each amount reads differently
    # from the nearest one at least ``resolution`` above it.
    apart = []
    for index, lower in enumerate(ordered):
        nearest = bisect_left(ordered, lower + resolution, index + 1)
        if nearest < len(ordered):
            apart.append((lower, ordered[nearest]))
    for figures in range(fewest, most + 1):
        if all(
            format_money_short(lower, currency, figures=figures)
            != format_money_short(higher, currency, figures=figures)
            for lower, higher in apart
        ):
            return figures
    return most


def format_percent(fraction: Decimal | None, places: int = 0) -> str:
    """``Decimal("0.125")`` → ``"13%"`` (``places=1`` → ``"12.5%"``); ``None`` → em dash."""
    if fraction is None:
        return EM_DASH
    quantum = Decimal(1).scaleb(-places)
    # Decimal(...): a share of none computed as ``share or 0`` is the int 0, which stopped a
    # whole PDF export ("'int' object has no attribute 'quantize'").
    shown = (Decimal(fraction) * 100).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = MINUS_SIGN if shown < 0 else ""
    return f"{sign}{abs(shown):f}%"


def format_split(share: Decimal, places: int = 0) -> tuple[str, str]:
    """A share and the rest of the whole as percents that add up to 100%: a share of 0.875
    reads "88%" and its rest "12%", where rounding each on its own would give "88%" and "13%"."""
    quantum = Decimal(1).scaleb(-places)
    shown = (share * 100).quantize(quantum, rounding=ROUND_HALF_UP)
    return format_percent(shown / 100, places), format_percent((100 - shown) / 100, places)


def rate_places(fraction: Decimal) -> int:
    """How many decimal places a rate has as a percentage, as entered: 0.0275 → 2, 0.03 → 0."""
    return max(0, -int((fraction * 100).normalize().as_tuple().exponent))


def format_rate(fraction: Decimal | None) -> str:
    """A rate as the director entered it, every place kept and none added: ``Decimal("0.03")``
    → ``"3%"``, ``Decimal("0.0275")`` → ``"2.75%"`` (so a headline and the assumptions it rests
    on never show the same rate rounded two ways; the workbook formats its cell the same way)."""
    if fraction is None:
        return EM_DASH
    shown = fraction * 100
    sign = MINUS_SIGN if shown < 0 else ""
    return f"{sign}{abs(shown):.{rate_places(fraction)}f}%"


def format_count(count: int, one: str, many: str | None = None) -> str:
    """``3, "scenario"`` → ``"3 scenarios"``, ``1, "item"`` → ``"1 item"`` (``many`` for the
    plurals an added "s" does not make, e.g. ``"kinds of source"``)."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def device_count(devices: Decimal) -> str:
    """``3780`` → ``"3,780 devices"``, ``1`` → ``"1 device"`` (a count that may have decimals)."""
    return f"{format_number(devices)} {'device' if devices == 1 else 'devices'}"


NOT_WITHIN_PLAN = "Not within the plan"  # a plan that does not pay back within its years


def format_year_span(first: str, last: str) -> str:
    """A plan's fiscal years: "2027–28 to 2031–32", or the one year of a one-year plan."""
    return first if first == last else f"{first} to {last}"


def format_payback(year: int | None, year_labels: Sequence[str] = (), *, spent: bool = True) -> str:
    """The payback year as every surface words it: ``"Year 3"``, ``"Year 3 (2029–30)"`` with its
    fiscal year's label when the plan's labels are given, or ``"Not within the plan"`` (an em
    dash when nothing is ``spent``: there is nothing to pay back)."""
    if year is None:
        return NOT_WITHIN_PLAN if spent else EM_DASH
    if 1 <= year <= len(year_labels):
        return f"Year {year} ({year_labels[year - 1]})"
    return f"Year {year}"
