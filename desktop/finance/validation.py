"""Input checks: every problem the engine would choke on, or that makes a figure meaningless.

Each issue names the field (``items[3].quantity``), the thing in the director's words (the item's
name, the risk's title) and says in plain words what is allowed. ``validate`` returns them all at
once so the screen can mark every bad cell; ``compute`` refuses to run while any remain.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal, InvalidOperation

from desktop.finance.inputs import ItemInput, ProposalInput
from desktop.finance.memo import ITEM_LIMIT, BoundedMemo, MemoKey, Tokens
from desktop.finance.money import ONE, format_money, format_rate
from desktop.finance.result import Driver, ScenarioResult, SensitivityResult, ValidationIssue

MAX_HORIZON_YEARS = 30  # as the editor and the proposal file format allow
MAX_DISCOUNT_RATE = Decimal(1)  # 100 % a year is no longer a discount rate but a typo
# As the Basics field allows. Below it, later years count for so much more than today that a
# 30-year plan's net present value overflowed the arithmetic (−90 %: each year ten times the
# last) and the calculation failed instead of saying why.
MIN_DISCOUNT_RATE = Decimal("-0.5")
# The most that one item may cost (or save) in a year, one risk may lose in a year, or one
# source may give in a year: a trillion, beyond any district's budget. Figures within it keep
# every total exact to the cent and printable; quantity × price beyond it is a typo.
MAX_YEARLY_AMOUNT = Decimal("1e12")
# The most a plan's cost, benefits or funding may come to over all its years: ten trillion.
# Each yearly amount within the limit above, a hundred items over thirty years still came to
# quadrillions, which a spreadsheet's numbers (15 significant digits) cannot carry to the cent:
# the workbook's own formulas then disagreed with the figures beside them.
MAX_PLAN_TOTAL = Decimal("1e13")
ZERO = Decimal(0)


class ValidationError(ValueError):
    """Raised by ``compute`` with every issue found; ``str()`` lists them one per line."""

    def __init__(self, issues: Iterable[ValidationIssue]) -> None:
        self.issues: tuple[ValidationIssue, ...] = tuple(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))


def _not_finite(value: Decimal) -> bool:
    return not value.is_finite()


def _money(issues: list[ValidationIssue], field: str, subject: str, value: Decimal) -> None:
    if _not_finite(value):
        issues.append(ValidationIssue(field, "must be a number.", subject))
    elif value < 0:
        issues.append(ValidationIssue(field, "cannot be negative.", subject))


def _proposal(proposal: ProposalInput, issues: list[ValidationIssue]) -> None:
    if proposal.horizon_years < 1:
        issues.append(
            ValidationIssue("horizon_years", "The planning horizon must be at least 1 year.")
        )
    elif proposal.horizon_years > MAX_HORIZON_YEARS:
        issues.append(
            ValidationIssue(
                "horizon_years",
                f"The planning horizon can be at most {MAX_HORIZON_YEARS} years.",
            )
        )
    if proposal.students < 1:
        issues.append(ValidationIssue("students", "The number of students must be at least 1."))
    for name, count in (("teachers", proposal.teachers), ("staff", proposal.staff)):
        if count < 0:
            issues.append(ValidationIssue(name, "cannot be negative."))
    rate = proposal.discount_rate
    if _not_finite(rate) or rate < MIN_DISCOUNT_RATE or rate > MAX_DISCOUNT_RATE:
        issues.append(
            ValidationIssue("discount_rate", "The discount rate must be from −50 % to 100 %.")
        )
    for name in ("purchase_escalation_rate", "recurring_escalation_rate"):
        value: Decimal = getattr(proposal, name)
        if _not_finite(value) or value <= -ONE or value > MAX_DISCOUNT_RATE:
            issues.append(
                ValidationIssue(
                    name, "The yearly price change must be above −100 % and at most 100 %."
                )
            )
    if not proposal.currency.strip():
        issues.append(ValidationIssue("currency", "A currency is needed, e.g. USD."))


def _duplicates(keys: Iterable[int], collection: str, issues: list[ValidationIssue]) -> None:
    for key, count in Counter(keys).items():
        if count > 1:
            issues.append(
                ValidationIssue(
                    collection, f"The key {key} is used {count} times; keys must be unique."
                )
            )


class _Scale:
    """What the size checks need of the proposal: the largest price factor any plan year reaches
    (escalation compounds), the largest quantity each item gets in any scenario. (A plain class:
    a dataclass compiles its methods at import, on the app's start-up path.)"""

    __slots__ = ("purchase_growth", "quantities", "recurring_growth")

    def __init__(
        self, purchase_growth: Decimal, recurring_growth: Decimal, quantities: dict[int, Decimal]
    ) -> None:
        self.purchase_growth = purchase_growth
        self.recurring_growth = recurring_growth
        self.quantities = quantities

    @staticmethod
    def growth(rate: Decimal, horizon_years: int) -> Decimal:
        """The largest price factor a plan year reaches at ``rate`` (escalation compounds)."""
        years = min(max(horizon_years, 1), MAX_HORIZON_YEARS) - 1
        try:
            return max(ONE, (ONE + rate) ** years) if rate.is_finite() else ONE
        except ArithmeticError:
            return ONE  # an impossible rate is reported on its own

    @staticmethod
    def of(proposal: ProposalInput) -> _Scale:
        quantities: dict[int, Decimal] = {}
        for scenario in proposal.scenarios:
            for key, quantity in scenario.item_quantities.items():
                if quantity is not None and quantity.is_finite():
                    quantities[key] = max(quantity, quantities.get(key, ZERO))
        return _Scale(
            _Scale.growth(proposal.purchase_escalation_rate, proposal.horizon_years),
            _Scale.growth(proposal.recurring_escalation_rate, proposal.horizon_years),
            quantities,
        )

    def token(self) -> tuple[Decimal, Decimal]:
        return self.purchase_growth, self.recurring_growth

    def item_amounts(self, item: ItemInput) -> tuple[tuple[str, Decimal, bool], ...]:
        """Each yearly amount of ``item`` at its largest, for the size check: (field, amount,
        whether only the rising prices take it past the limit)."""
        quantity = max(item.quantity, self.quantities.get(item.key, ZERO))
        # A saving is the whole item's a year; a scenario scales it with its own quantity.
        scaled = quantity / item.quantity if item.quantity > 0 else ONE
        purchase = quantity * item.unit_cost
        recurring = quantity * item.recurring_unit_cost
        return (
            (
                "unit_cost",
                purchase * self.purchase_growth,
                self.purchase_growth > ONE and not _too_large(purchase),
            ),
            (
                "recurring_unit_cost",
                recurring * self.recurring_growth,
                self.recurring_growth > ONE and not _too_large(recurring),
            ),
            ("annual_savings", item.annual_savings * max(ONE, scaled), False),
        )


def _too_large(amount: Decimal) -> bool:
    return amount.is_finite() and amount > MAX_YEARLY_AMOUNT  # not a number is named apart


def _item_is_clean(
    item: ItemInput, goals: set[int], risks: set[int], metrics: set[int], scale: _Scale
) -> bool:
    try:
        return (
            item.quantity >= 0
            and item.unit_cost >= 0
            and item.recurring_unit_cost >= 0
            and item.annual_savings >= 0
            and (item.lifespan_years is None or item.lifespan_years >= 1)
            and item.start_year >= 1
            and all(link.goal_key in goals for link in item.goal_links)
            and all(key in risks for key in item.risk_keys)
            and all(key in metrics for key in item.metric_keys)
            and not any(_too_large(amount) for _field, amount, _ in scale.item_amounts(item))
        )
    except InvalidOperation:  # NaN cannot be compared: let the detailed checks name it
        return False


# Items already found clean, keyed on (token of the goal, risk and metric keys, item): an item
# unchanged since the last recalculation is not checked again. Only clean verdicts are kept; an
# item with a problem is checked in detail every time anyway.
CLEAN_ITEMS: BoundedMemo[bool] = BoundedMemo(ITEM_LIMIT)
_LINK_TARGETS = Tokens()


def _clean_items(proposal: ProposalInput, scale: _Scale) -> list[bool]:
    """Whether each item passes every item check, from memory where the item is unchanged."""
    goals = {g.key for g in proposal.goals}
    risks = {r.key for r in proposal.risks}
    metrics = {m.key for m in proposal.metrics}
    token = _LINK_TARGETS.of(frozenset(goals), frozenset(risks), frozenset(metrics), scale.token())
    items = proposal.items
    # A scenario's larger quantity is part of what was checked.
    keys = [
        MemoKey((token, item.key, item.name), token, item, scale.quantities.get(item.key))
        for item in items
    ]
    clean = [bool(known) for known in CLEAN_ITEMS.get_many(keys)]
    found: list[tuple[MemoKey, bool]] = []
    for index, known in enumerate(clean):
        if not known and _item_is_clean(items[index], goals, risks, metrics, scale):
            clean[index] = True
            found.append((keys[index], True))
    if found:
        CLEAN_ITEMS.put_many(found)
    return clean


_TOO_LARGE = {
    "unit_cost": "The quantity × the unit cost comes to more than {limit} in a year{grown}.",
    "recurring_unit_cost": (
        "The quantity × the recurring cost comes to more than {limit} in a year{grown}."
    ),
    "annual_savings": "The yearly saving comes to more than {limit} (in its largest scenario).",
}


def _limit(currency: str) -> str:
    return format_money(MAX_YEARLY_AMOUNT, currency.strip() or "USD", cents=False)


def _past_limit(scale: _Scale, item: ItemInput, currency: str) -> list[tuple[str, str]]:
    """(field, message) for each yearly amount of ``item`` past what the engine computes."""
    try:
        amounts = scale.item_amounts(item)
    except InvalidOperation:
        return []  # a figure that is not a number is named on its own
    limit = _limit(currency)
    return [
        (
            field,
            _TOO_LARGE[field].format(
                limit=limit, grown=" by the plan's last year, prices rising" if risen else ""
            )
            + " Check both figures.",
        )
        for field, amount, risen in amounts
        if _too_large(amount)
    ]


def item_too_large(
    item: ItemInput,
    *,
    horizon_years: int,
    purchase_escalation_rate: Decimal,
    recurring_escalation_rate: Decimal,
    currency: str,
    largest_scenario_quantity: Decimal | None = None,
) -> list[tuple[str, str]]:
    """(field, message) for each yearly amount of ``item`` past what the engine computes, in
    the proposal described by the other arguments: the same check and words as ``validate``,
    for refusing one edit before it is saved, without reading the whole proposal."""
    quantities = {} if largest_scenario_quantity is None else {item.key: largest_scenario_quantity}
    scale = _Scale(
        _Scale.growth(purchase_escalation_rate, horizon_years),
        _Scale.growth(recurring_escalation_rate, horizon_years),
        quantities,
    )
    return _past_limit(scale, item, currency)


def items_too_large(proposal: ProposalInput) -> dict[tuple[int, str], tuple[str, str]]:
    """Every item amount of ``proposal`` past what the engine computes, the same check and
    words as ``validate``: (item key, field) → (item name, message)."""
    scale = _Scale.of(proposal)
    return {
        (item.key, field): (item.name, message)
        for item in proposal.items
        for field, message in _past_limit(scale, item, proposal.currency)
    }


def _items(proposal: ProposalInput, issues: list[ValidationIssue]) -> None:
    goals = {g.key for g in proposal.goals}
    risks = {r.key for r in proposal.risks}
    metrics = {m.key for m in proposal.metrics}
    scale = _Scale.of(proposal)
    clean_items = _clean_items(proposal, scale)
    for index, (item, clean) in enumerate(zip(proposal.items, clean_items, strict=True)):
        if clean:
            continue  # the common case, checked in one expression: thousands of items per edit
        where, name = f"items[{index}]", item.name
        _money(issues, f"{where}.quantity", name, item.quantity)
        _money(issues, f"{where}.unit_cost", name, item.unit_cost)
        _money(issues, f"{where}.recurring_unit_cost", name, item.recurring_unit_cost)
        _money(issues, f"{where}.annual_savings", name, item.annual_savings)
        for field, message in _past_limit(scale, item, proposal.currency):
            issues.append(ValidationIssue(f"{where}.{field}", message, name))
        if item.lifespan_years is not None and item.lifespan_years < 1:
            issues.append(
                ValidationIssue(
                    f"{where}.lifespan_years",
                    "The lifespan must be at least 1 year (leave it empty if never replaced).",
                    name,
                )
            )
        if item.start_year < 1:
            issues.append(
                ValidationIssue(f"{where}.start_year", "The start year must be 1 or later.", name)
            )
        for position, link in enumerate(item.goal_links):
            if link.goal_key not in goals:
                issues.append(
                    ValidationIssue(
                        f"{where}.goal_links[{position}]",
                        "links to a goal that does not exist.",
                        name,
                    )
                )
        for position, key in enumerate(item.risk_keys):
            if key not in risks:
                issues.append(
                    ValidationIssue(
                        f"{where}.risk_keys[{position}]",
                        "links to a risk that does not exist.",
                        name,
                    )
                )
        for position, key in enumerate(item.metric_keys):
            if key not in metrics:
                issues.append(
                    ValidationIssue(
                        f"{where}.metric_keys[{position}]",
                        "links to a metric that does not exist.",
                        name,
                    )
                )


def _risks(proposal: ProposalInput, issues: list[ValidationIssue]) -> None:
    for index, risk in enumerate(proposal.risks):
        where, name = f"risks[{index}]", risk.title
        if _not_finite(risk.exposure) or risk.exposure < 0:
            issues.append(
                ValidationIssue(f"{where}.exposure", "The number exposed cannot be negative.", name)
            )
        for field in ("likelihood_before", "likelihood_after"):
            value: Decimal = getattr(risk, field)
            if _not_finite(value) or not ZERO <= value <= ONE:
                issues.append(
                    ValidationIssue(
                        f"{where}.{field}",
                        "The likelihood is a yearly chance between 0 % and 100 %.",
                        name,
                    )
                )
        _money(issues, f"{where}.cost_before", name, risk.cost_before)
        _money(issues, f"{where}.cost_after", name, risk.cost_after)
        for field in ("cost_before", "cost_after"):
            try:
                too_large = _too_large(risk.exposure * getattr(risk, field))
            except InvalidOperation:
                continue  # named above
            if too_large:
                issues.append(
                    ValidationIssue(
                        f"{where}.{field}",
                        f"The number exposed × the cost per occurrence comes to more than "
                        f"{_limit(proposal.currency)} a year. Check both figures.",
                        name,
                    )
                )


def _funding(proposal: ProposalInput, issues: list[ValidationIssue]) -> None:
    horizon = proposal.horizon_years
    for index, source in enumerate(proposal.funding):
        for year, amount in sorted(source.amounts_by_year.items()):
            field = f"funding[{index}].amounts_by_year[{year}]"
            if horizon >= 1 and not 1 <= year <= horizon:  # a bad horizon is reported once
                issues.append(
                    ValidationIssue(
                        field,
                        f"Year {year} is outside the plan (years 1 to {horizon}).",
                        source.name,
                    )
                )
            _money(issues, field, source.name, amount)
            if _too_large(amount):
                issues.append(
                    ValidationIssue(
                        field,
                        f"A year's amount can be at most {_limit(proposal.currency)}.",
                        source.name,
                    )
                )


def _scenarios(proposal: ProposalInput, issues: list[ValidationIssue]) -> None:
    items = {item.key for item in proposal.items}
    for index, scenario in enumerate(proposal.scenarios):
        for key, quantity in scenario.item_quantities.items():
            field = f"scenarios[{index}].item_quantities[{key}]"
            if key not in items:
                issues.append(
                    ValidationIssue(field, "refers to an item that does not exist.", scenario.name)
                )
            if quantity is not None:
                _money(issues, field, scenario.name, quantity)


def validate(proposal: ProposalInput) -> list[ValidationIssue]:
    """Every problem with the proposal, in screen order; an empty list means it can be computed."""
    issues: list[ValidationIssue] = []
    _proposal(proposal, issues)
    _duplicates((i.key for i in proposal.items), "items", issues)
    _duplicates((r.key for r in proposal.risks), "risks", issues)
    _duplicates((g.key for g in proposal.goals), "goals", issues)
    _duplicates((m.key for m in proposal.metrics), "metrics", issues)
    _duplicates((s.key for s in proposal.scenarios), "scenarios", issues)
    _items(proposal, issues)
    _risks(proposal, issues)
    _funding(proposal, issues)
    _scenarios(proposal, issues)
    return issues


# (field, what the figure is, the rest of its words, the figure): "The plan's total cost comes
# to …". ``plan_total_kind`` reads the second back.
_PLAN_TOTALS: tuple[tuple[str, str, str, Callable[[ScenarioResult], Decimal]], ...] = (
    ("items", "total cost", " comes", lambda s: s.tco.total),
    ("items", "benefits", " (costs avoided and saved) come", lambda s: s.benefits.total),
    ("funding", "funding", " comes", lambda s: s.funding.total),
)
_NPV = "net present value"
# The net present values shown: the plan's, on budget savings alone, and each one the
# sensitivity ranking works out with one estimate lowered or raised (a negative discount rate
# made 20% more negative multiplies the later years many times over).
_NPV_ADVICE = (
    "check the discount rate (below zero, each later year counts for more than the last) and "
    "the largest amounts"
)


def past_plan_total(
    currency: str,
    scenarios: Sequence[ScenarioResult],
    sensitivity: SensitivityResult | None = None,
    discount_rate: Decimal = ZERO,
) -> list[ValidationIssue]:
    """An issue for each total of the computed ``scenarios`` past ``MAX_PLAN_TOTAL``: the
    cost, the benefits, the funding; then, when those are within it, the first net present
    value past it (the plan's, on savings alone, or one of the ``sensitivity`` ranking's).
    Checked on the results, as only the sums tell. The plan is named before its scenarios."""
    issues: list[ValidationIssue] = []
    money = currency.strip() or "USD"
    limit = format_money(MAX_PLAN_TOTAL, money, cents=False)
    past = f"past the {limit} the figures can carry to the cent"
    for field, kind, verb, total in _PLAN_TOTALS:
        over = next((s for s in scenarios if abs(total(s)) > MAX_PLAN_TOTAL), None)
        if over is None:
            continue
        where = "" if over.is_base else f" in the scenario \u201c{over.name}\u201d"
        amount = format_money(total(over), money, cents=False)
        issues.append(
            ValidationIssue(
                field,
                f"The plan's {kind}{verb} to {amount}{where}, {past}; check the largest quantities "
                "and amounts.",
            )
        )
    if issues:
        return issues  # the net present values follow the totals already named
    npvs: list[tuple[str, Decimal]] = []
    for scenario in scenarios:
        where = "" if scenario.is_base else f" in the scenario \u201c{scenario.name}\u201d"
        npvs += [
            (where, scenario.returns.npv),
            (f"{where} on budget savings alone", scenario.savings_only.npv),
        ]
    if sensitivity is not None:
        step = f"{sensitivity.step * 100:f}".rstrip("0").rstrip(".")
        for line in sensitivity.lines:
            if line.driver is Driver.DISCOUNT_RATE:
                # Said as the rate tried: a negative rate "20% higher" is further below zero.
                low, high = (
                    f" at a discount rate of {format_rate(discount_rate * factor)}"
                    for factor in (1 - sensitivity.step, 1 + sensitivity.step)
                )
            else:
                low = f" with \u201c{line.label}\u201d {step}% lower"
                high = f" with \u201c{line.label}\u201d {step}% higher"
            npvs += [(low, line.npv_low_input), (high, line.npv_high_input)]
    where, npv = next(((w, v) for w, v in npvs if abs(v) > MAX_PLAN_TOTAL), ("", Decimal(0)))
    if npv:
        issues.append(
            ValidationIssue(
                "discount_rate",
                f"The plan's {_NPV}{where} comes to "
                f"{format_money(npv, money, cents=False)}, {past}; {_NPV_ADVICE}.",
            )
        )
    return issues


def plan_total_kind(issue: ValidationIssue) -> str:
    """Which figure an issue of ``past_plan_total`` is about: "total cost", "benefits",
    "funding" or "net present value" (the message itself for any other issue), read back from
    the words this module wrote."""
    said = issue.message.removeprefix("The plan's ")
    kinds = [kind for _field, kind, _verb, _total in _PLAN_TOTALS] + [_NPV]
    return next((kind for kind in kinds if said.startswith(kind)), issue.message)
