"""Reading a proposal's rows into a ``ProposalInput`` through any DB-API connection (``sqlite3``).

The finance engine's input is rebuilt after every edit and at every start, so this reader is
written for speed and for a light start-up: plain SQL through the connection it is given, with
the standard library only. It runs on the session's own connection inside a read transaction
(``desktop.services.snapshot``), and on a read-only ``sqlite3`` connection when the app shows the
last proposal before the database layer has loaded. The SQL names the tables and columns the
models in ``desktop.models.entities`` declare; tests check that this reader returns exactly what
the original reading through the models did, and that it loads no database layer.

Stored forms (see ``desktop.models.types``): money is integer cents, other exact decimals are
their decimal text, vocabulary columns are the value text, booleans are 0/1.

Each row read is marked ``template_placeholder`` when it still holds the 1:1 template's wording
or illustrative figures (``desktop.services.template_marks``), for the rubric and the printed
case, which do not read the template themselves.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from desktop.finance.inputs import (
    FundingInput,
    GoalInput,
    GoalLink,
    ItemInput,
    MetricInput,
    ProposalInput,
    RiskInput,
    ScenarioInput,
)
from desktop.finance.money import stored_cents
from desktop.services.template_marks import (
    funding_is_template,
    goal_is_template,
    metric_is_template,
    risk_is_template,
    template_figure_sources,
)
from desktop.vocabulary import (
    FundingKind,
    GoalLevel,
    InitiativeKind,
    ItemCategory,
    MetricArea,
    ProposalStatus,
    RiskKind,
)
from desktop.wording import clip

T = TypeVar("T")

# How each DB-API parameter style writes a positional parameter. The SQL below is written with
# ``?`` (sqlite3's style); a driver of another style gets its marker (a connection wrapped by
# ``with_paramstyle``).
MARKERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}

# SQLite allows 999 bound parameters in older builds; item ids are read in batches below that.
PARAMETER_BATCH = 500


class Cursor(Protocol):
    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Connection(Protocol):
    """What this module needs of a DB-API connection (``sqlite3.Connection`` has it)."""

    def cursor(self) -> Any: ...


class _StyledConnection:
    """A DB-API connection that says which parameter style its driver uses."""

    def __init__(self, connection: Any, paramstyle: str) -> None:
        if paramstyle not in MARKERS:
            raise ValueError(f"Unsupported parameter style {paramstyle!r}")
        self._connection = connection
        self.buyin_paramstyle = paramstyle

    def cursor(self) -> Any:
        return self._connection.cursor()


def with_paramstyle(connection: Any, paramstyle: str) -> Connection:
    """``connection`` as this module's readers take it, for a driver of ``paramstyle``."""
    return connection if paramstyle == "qmark" else _StyledConnection(connection, paramstyle)


class ProposalMissing(LookupError):
    """The proposal asked for is not in the library (deleted, or never there)."""


PROPOSAL_COLUMNS = (
    "name, district, initiative, fiscal_year_start, horizon_years, students, teachers, staff, "
    "discount_rate, currency, purchase_escalation_rate, recurring_escalation_rate, "
    "fiscal_year_start_month, status, prepared_by, prepared_for, executive_summary, logo, "
    "logo_media_type"
)
ITEM_COLUMNS = (
    "i.id, i.position, i.name, i.category, i.quantity, i.unit_cost, i.recurring_unit_cost, "
    "i.lifespan_years, i.start_year, i.annual_savings, i.vendor, i.notes, i.figure_source"
)


# The columns whose stored type the readers check before they use a value, by table: "i" for a
# whole number, "t" for text (either may be empty, NULL, where the schema allows it). SQLite
# keeps whatever it is given, so a library changed outside Buy-In may hold 'x' for a refresh
# cycle or bytes for a name, which the engine and the PDF met as a crash far from the cause.
STORED_TYPES: dict[str, dict[str, str]] = {
    "proposal": {
        "name": "t", "district": "t", "initiative": "t", "fiscal_year_start": "i",
        "horizon_years": "i", "students": "i", "teachers": "i", "staff": "i", "currency": "t",
        "fiscal_year_start_month": "i", "status": "t", "prepared_by": "t", "prepared_for": "t",
        "executive_summary": "t", "logo_media_type": "t",
    },
    "goal": {"code": "t", "title": "t", "level": "t", "description": "t"},
    "risk": {"title": "t", "kind": "t", "description": "t"},
    "metric": {
        "name": "t", "area": "t", "unit": "t", "target_year": "i", "data_source": "t",
        "owner": "t",
    },
    "funding_source": {"name": "t", "kind": "t", "recurring": "i", "notes": "t", "secured": "i"},
    "scenario": {"name": "t", "description": "t"},
    "item": {
        "name": "t", "category": "t", "lifespan_years": "i", "start_year": "i", "vendor": "t",
        "notes": "t", "figure_source": "t",
    },
    "item_goal": {"rationale": "t"},
    "funding_amount": {"year": "i", "amount": "i"},  # money is stored as whole cents
}  # fmt: skip
_SQLITE_TYPE = {"i": "integer", "t": "text"}
_TYPE_WORDS = {"i": "a whole number", "t": "text"}


def check_stored_types(
    connection: Connection, table: str, alias: str, joins: str, where: str, parameters: Any
) -> None:
    """Raise ``ValueError`` naming the first value of ``table`` (rows matching ``where``) that
    is not of its column's type. SQLite does the looking, so a large proposal pays one scan."""
    columns = STORED_TYPES[table]
    wrong = " OR ".join(
        f"typeof({alias}.{column}) NOT IN ('{_SQLITE_TYPE[kind]}', 'null')"
        for column, kind in columns.items()
    )
    listed = ", ".join(f"{alias}.{column}" for column in columns)
    found = _rows(
        connection,
        f"SELECT {listed} FROM {table} {alias} {joins} WHERE ({where}) AND ({wrong}) LIMIT 1",
        parameters,
    )
    if not found:
        return
    for (column, kind), value in zip(columns.items(), found[0], strict=True):
        python_type = int if kind == "i" else str
        if value is not None and not isinstance(value, python_type):
            shown = "binary data" if isinstance(value, bytes) else repr(value)
            raise ValueError(
                f"{table.replace('_', ' ')} {column.replace('_', ' ')} is {clip(shown, 40)}, "
                f"not {_TYPE_WORDS[kind]}"
            )


CATEGORIES = {category.value: category for category in ItemCategory}


def _money(cents: int) -> Decimal:
    """Stored cents as the amount (two decimal places, as the ``Money`` column returns it)."""
    return Decimal(stored_cents(cents)).scaleb(-2)


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


class SharedValues:
    """One object for each distinct value a read meets, given for every row that holds it.

    SQLite hands back a new object for every value of every row, and the snapshot keeps them
    all for as long as the proposal is open: 10,000 items bought on one cooperative contract
    held its vendor's name, their note and the source of their figures 10,000 times each, and
    a price or a link repeated on many lines one copy a line. Values are matched on their
    stored form and type (cents, a number's text), so two that print differently, like
    ``2.0`` and ``2.00``, are never taken for one another."""

    def __init__(self) -> None:
        self._plain: dict[tuple[type, Any], Any] = {}
        self._money: dict[int, Decimal] = {}
        self._decimals: dict[str, Decimal] = {}
        self._goal_links: dict[tuple[int, str], GoalLink] = {}

    def plain(self, value: Any) -> Any:
        """A whole number or a text as read (anything else as it is)."""
        kind = type(value)
        if kind is not str and kind is not int:
            return value
        return self._plain.setdefault((kind, value), value)

    def money(self, cents: Any) -> Decimal:
        """``_money(cents)``, made once for each whole number of cents."""
        if type(cents) is not int:
            return _money(cents)
        return _made_once(self._money, cents, _money, cents)

    def decimal(self, text: Any) -> Decimal:
        """``Decimal(text)``, made once for each stored text."""
        if type(text) is not str:
            return Decimal(text)
        return _made_once(self._decimals, text, Decimal, text)

    def goal_link(self, goal_id: Any, rationale: Any) -> GoalLink:
        if type(goal_id) is not int or type(rationale) is not str:
            return GoalLink(goal_id, rationale)
        return _made_once(self._goal_links, (goal_id, rationale), GoalLink, goal_id, rationale)


def _made_once(made: dict[Any, T], key: Any, make: Callable[..., T], *args: Any) -> T:
    """``made[key]``, made with ``make(*args)`` the first time ``key`` is met."""
    value = made.get(key)
    if value is None:
        value = made[key] = make(*args)
    return value


def _rows(connection: Connection, sql: str, parameters: Sequence[Any]) -> list[Any]:
    marker = MARKERS[getattr(connection, "buyin_paramstyle", "qmark")]
    if marker != "?":
        sql = sql.replace("?", marker)
    cursor = connection.cursor()
    try:
        cursor.execute(sql, tuple(parameters))
        return list(cursor.fetchall())
    finally:
        cursor.close()


def read_proposal_input(
    connection: Connection, proposal_id: int, item_positions: dict[int, int] | None = None
) -> ProposalInput:
    """Everything the engine needs of one proposal; ``ProposalMissing`` if it is not there.
    ``item_positions``, when given, receives each item's stored position by key.

    Run it inside one read transaction so every table is read at the same moment."""
    # Tens of thousands of small objects are made and none freed: each automatic collection
    # meanwhile would walk all of them again, which made large reads grow faster than linearly.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read_proposal_input(connection, proposal_id, item_positions)
    finally:
        if collecting:
            gc.enable()


def _read_proposal_input(
    connection: Connection, proposal_id: int, item_positions: dict[int, int] | None
) -> ProposalInput:
    found = _rows(
        connection, f"SELECT {PROPOSAL_COLUMNS} FROM proposal WHERE id = ?", (proposal_id,)
    )
    if not found:
        raise ProposalMissing("That proposal no longer exists.")
    for table in ("proposal", "goal", "risk", "metric", "funding_source", "scenario"):
        column = "id" if table == "proposal" else "proposal_id"
        check_stored_types(connection, table, "t", "", f"t.{column} = ?", (proposal_id,))
    # A year of 1.5 stopped every command with a traceback; one of 'x' dropped its money.
    check_stored_types(
        connection, "funding_amount", "a", "JOIN funding_source s ON s.id = a.source_id",
        "s.proposal_id = ?", (proposal_id,),
    )  # fmt: skip
    (
        name, district, initiative, fiscal_year_start, horizon, students, teachers, staff,
        discount_rate, currency, purchase_escalation, recurring_escalation, start_month, status,
        prepared_by, prepared_for, executive_summary, logo, logo_media_type,
    ) = found[0]  # fmt: skip
    key = (proposal_id,)
    goals = _rows(
        connection,
        "SELECT id, code, title, level, description FROM goal WHERE proposal_id = ? "
        "ORDER BY position, id",
        key,
    )
    risks = _rows(
        connection,
        "SELECT id, title, kind, exposure, likelihood_before, likelihood_after, cost_before, "
        "cost_after, description FROM risk WHERE proposal_id = ? ORDER BY position, id",
        key,
    )
    metrics = _rows(
        connection,
        "SELECT id, name, area, unit, baseline, target, target_year, data_source, owner "
        "FROM metric WHERE proposal_id = ? ORDER BY position, id",
        key,
    )
    sources = _rows(
        connection,
        "SELECT id, name, kind, recurring, notes, secured FROM funding_source "
        "WHERE proposal_id = ? "
        "ORDER BY position, id",
        key,
    )
    amounts: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for source_id, year, amount in _rows(
        connection,
        "SELECT a.source_id, a.year, a.amount FROM funding_amount a "
        "JOIN funding_source s ON s.id = a.source_id WHERE s.proposal_id = ? AND a.year <= ?",
        (proposal_id, horizon),
    ):
        amounts[source_id][year] = _money(amount)
    scenarios = _rows(
        connection,
        "SELECT id, name, description FROM scenario WHERE proposal_id = ? ORDER BY position, id",
        key,
    )
    shared = SharedValues()
    entries: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    for scenario_id, item_id, override in _rows(
        connection,
        "SELECT e.scenario_id, e.item_id, e.quantity_override FROM scenario_item e "
        "JOIN scenario s ON s.id = e.scenario_id WHERE s.proposal_id = ?",
        key,
    ):
        entries[scenario_id][shared.plain(item_id)] = (
            None if override is None else shared.decimal(override)
        )
    items = read_items(connection, proposal_id, shared=shared)
    if item_positions is not None:
        item_positions.update((item.key, position) for position, item in items)

    return ProposalInput(
        name=name,
        district=district,
        initiative=InitiativeKind(initiative),
        fiscal_year_start=fiscal_year_start,
        horizon_years=horizon,
        students=students,
        teachers=teachers,
        staff=staff,
        discount_rate=Decimal(discount_rate),
        currency=currency,
        purchase_escalation_rate=Decimal(purchase_escalation),
        recurring_escalation_rate=Decimal(recurring_escalation),
        fiscal_year_start_month=start_month,
        status=ProposalStatus(status).value,
        prepared_by=prepared_by,
        prepared_for=prepared_for,
        executive_summary=executive_summary,
        logo=None if logo is None else bytes(logo),
        logo_media_type=logo_media_type,
        goals=tuple(
            GoalInput(
                goal_id,
                code,
                title,
                GoalLevel(level),
                description,
                goal_is_template(title, description),
            )
            for goal_id, code, title, level, description in goals
        ),
        risks=tuple(
            RiskInput(
                key=risk_id,
                title=title,
                kind=RiskKind(kind),
                exposure=Decimal(exposure),
                likelihood_before=Decimal(likelihood_before),
                likelihood_after=Decimal(likelihood_after),
                cost_before=_money(cost_before),
                cost_after=_money(cost_after),
                description=description,
                template_placeholder=risk_is_template(
                    title,
                    Decimal(exposure),
                    Decimal(likelihood_before),
                    Decimal(likelihood_after),
                    _money(cost_before),
                    _money(cost_after),
                ),
            )
            for (
                risk_id,
                title,
                kind,
                exposure,
                likelihood_before,
                likelihood_after,
                cost_before,
                cost_after,
                description,
            ) in risks  # fmt: skip
        ),
        metrics=tuple(
            MetricInput(
                key=metric_id,
                name=metric_name,
                area=MetricArea(area),
                unit=unit,
                baseline=_decimal(baseline),
                target=_decimal(target),
                target_year=target_year,
                data_source=data_source,
                owner=owner,
                template_placeholder=metric_is_template(
                    metric_name, _decimal(baseline), _decimal(target)
                ),
            )
            for (
                metric_id,
                metric_name,
                area,
                unit,
                baseline,
                target,
                target_year,
                data_source,
                owner,
            ) in metrics  # fmt: skip
        ),
        items=tuple(item for _, item in items),
        funding=tuple(
            FundingInput(
                source_id,
                source_name,
                FundingKind(kind),
                bool(recurring),
                dict(amounts.get(source_id, {})),
                notes or "",
                bool(secured),
                funding_is_template(source_name, amounts.get(source_id, {})),
            )
            for source_id, source_name, kind, recurring, notes, secured in sources
        ),  # fmt: skip
        scenarios=tuple(
            ScenarioInput(scenario_id, scenario_name, dict(entries.get(scenario_id, {})), text)
            for scenario_id, scenario_name, text in scenarios
        ),
    )


def read_items(
    connection: Connection,
    proposal_id: int,
    item_ids: Iterable[int] | None = None,
    *,
    shared: SharedValues | None = None,
) -> list[tuple[int, ItemInput]]:
    """The proposal's items with their links, as (position, item) in the proposal's order; only
    those in ``item_ids`` when given (an id not in the proposal is simply not returned).
    Equal values are given as one object (``shared``, or a pool of this read's own)."""
    shared = shared or SharedValues()
    select = f"SELECT {ITEM_COLUMNS} FROM item i WHERE "
    if item_ids is None:
        batches = [("i.proposal_id = ?", [proposal_id])]
    else:
        wanted = sorted(set(item_ids))
        batches = [
            (
                f"i.proposal_id = ? AND i.id IN ({', '.join('?' * len(batch))})",
                [proposal_id, *batch],
            )
            for batch in (
                wanted[start : start + PARAMETER_BATCH]
                for start in range(0, len(wanted), PARAMETER_BATCH)
            )
        ]
    rows: list[Any] = []
    goal_links: dict[int, list[GoalLink]] = {}
    risk_keys: dict[int, list[int]] = {}
    metric_keys: dict[int, list[int]] = {}
    for where, parameters in batches:
        check_stored_types(connection, "item", "i", "", where, parameters)
        check_stored_types(
            connection, "item_goal", "l", "JOIN item i ON i.id = l.item_id", where, parameters
        )
        rows += _rows(connection, select + where, parameters)
        goals, risks, metrics = _links(connection, where, parameters, shared)
        goal_links.update(goals)
        risk_keys.update(risks)
        metric_keys.update(metrics)
    rows.sort(key=lambda row: (row[1], row[0]))  # the proposal's order: position, then id
    no_links: tuple[()] = ()
    template_sources = template_figure_sources()
    return [
        (
            position,
            ItemInput(
                key=shared.plain(item_id),
                name=name,
                category=CATEGORIES.get(category) or ItemCategory(category),
                quantity=shared.decimal(quantity),
                unit_cost=shared.money(unit_cost),
                recurring_unit_cost=shared.money(recurring_unit_cost),
                lifespan_years=lifespan_years,
                start_year=start_year,
                annual_savings=shared.money(annual_savings),
                vendor=shared.plain(vendor),
                notes=shared.plain(notes),
                figure_source=shared.plain(figure_source),
                goal_links=tuple(goal_links.get(item_id, no_links)),
                risk_keys=tuple(risk_keys.get(item_id, no_links)),
                metric_keys=tuple(metric_keys.get(item_id, no_links)),
                template_placeholder=figure_source in template_sources,
            ),
        )
        for (
            item_id,
            position,
            name,
            category,
            quantity,
            unit_cost,
            recurring_unit_cost,
            lifespan_years,
            start_year,
            annual_savings,
            vendor,
            notes,
            figure_source,
        ) in rows  # fmt: skip
    ]


def _links(
    connection: Connection, where: str, parameters: Sequence[Any], shared: SharedValues
) -> tuple[dict[int, list[GoalLink]], dict[int, list[int]], dict[int, list[int]]]:
    """Goal links (with their reasons), risk keys and metric keys by item id, each list in
    ascending target id order, for the items matching ``where`` (on ``item i``)."""
    goal_links: dict[int, list[GoalLink]] = defaultdict(list)
    for item_id, goal_id, rationale in _rows(
        connection,
        "SELECT l.item_id, l.goal_id, l.rationale FROM item_goal l "
        f"JOIN item i ON i.id = l.item_id WHERE {where} ORDER BY l.goal_id",
        parameters,
    ):
        goal_links[item_id].append(shared.goal_link(goal_id, rationale))
    pairs: list[dict[int, list[int]]] = []
    for table, column in (("item_risk", "risk_id"), ("item_metric", "metric_id")):
        found: dict[int, list[int]] = defaultdict(list)
        for item_id, other_id in _rows(
            connection,
            f"SELECT l.item_id, l.{column} FROM {table} l "
            f"JOIN item i ON i.id = l.item_id WHERE {where} ORDER BY l.{column}",
            parameters,
        ):
            found[item_id].append(shared.plain(other_id))
        pairs.append(found)
    return goal_links, pairs[0], pairs[1]
