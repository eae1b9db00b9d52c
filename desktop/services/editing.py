"""One function per user edit inside a proposal, each one committed transaction.

Rows (goals, risks, metrics, items, funding sources, scenarios) are added, changed and deleted
here, and items are linked to goals, risks and metrics. Every function validates through
``desktop.services.fields`` before writing, so nothing invalid is stored, and returns what an undo
needs (the previous values, or a snapshot of deleted rows that ``restore_rows`` puts back with the
same ids and links).
"""

from __future__ import annotations

import gc
from collections.abc import Collection
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import Enum, String, func, inspect, select
from sqlalchemy.orm import Session, class_mapper

from desktop.logo import logo_media_type, logo_problem
from desktop.models import (
    PROPOSAL_LINKS,
    Base,
    FundingSource,
    Goal,
    Item,
    ItemGoalLink,
    ItemMetricLink,
    ItemRiskLink,
    Metric,
    Proposal,
    Risk,
    Scenario,
    ScenarioItem,
)
from desktop.models.types import ExactDecimal, Money, utc_now
from desktop.services.bulk import (
    StoredRows,
    batches,
    delete_where_in,
    existing_ids,
    insert_values,
    join_whole_scenarios,
    rows_where_in,
)
from desktop.services.fields import (
    ENTITY_FIELDS,
    FieldError,
    parse_field,
)
from desktop.services.grid_edits import (
    RATIONALE_FIELD,
    SCALING_PROPOSAL_FIELDS,
    SIZED_ITEM_FIELDS,
    FundingAmountsChange,
    LeftOut,
    LinkKind,
    change_funding_amounts,
    funding_amount_field,
    funding_amounts,
    items_past_limit,
    largest_scenario_quantities,
    link_state,
    refuse_scaling_past_limit,
    refuse_too_large,
    scenario_entries,
    scenarios_leaving_out,
    set_funding_amount,
    set_funding_amounts,
    set_link,
    set_scenario_entries,
    set_scenario_entry,
)
from desktop.services.library import Library
from desktop.services.lookup import NotFoundError, get_row, touch_proposal
from desktop.services.template_marks import sample_figure_sources, template_figure_sources
from desktop.vocabulary import FundingKind
from desktop.wording import name_key, quoted

ROW_MODELS: dict[str, type[Goal | Risk | Metric | Item | FundingSource | Scenario]] = {
    "goal": Goal,
    "risk": Risk,
    "metric": Metric,
    "item": Item,
    "funding_source": FundingSource,
    "scenario": Scenario,
}

# The rows that belong to a row and must come back with it when a deletion is undone.
_DEPENDENTS: dict[str, tuple[tuple[type[Base], str], ...]] = {
    entity: tuple(
        (link, column) for link, ends in PROPOSAL_LINKS for column, owner in ends if owner is model
    )
    for entity, model in ROW_MODELS.items()
}


@dataclass(frozen=True)
class DeletedRows:
    """Everything needed to put deleted rows back exactly: their columns (in the order the rows
    were chosen) and their dependent rows, a table of each kind."""

    entity: str
    stored: StoredRows
    stored_dependents: tuple[StoredRows, ...] = ()

    @property
    def rows(self) -> tuple[dict[str, Any], ...]:
        """The rows, each as a dictionary of its columns."""
        return tuple(self.stored.as_dicts())

    @property
    def dependents(self) -> tuple[tuple[type[Base], dict[str, Any]], ...]:
        """The dependent rows, each as (its model, a dictionary of its columns)."""
        return tuple(
            (table.model, values) for table in self.stored_dependents for values in table.as_dicts()
        )

    @property
    def links(self) -> int:
        """How many links between items and goals, risks or metrics went with the rows."""
        kinds = (ItemGoalLink, ItemRiskLink, ItemMetricLink)
        return sum(len(table) for table in self.stored_dependents if table.model in kinds)


def column_values(row: Base) -> dict[str, Any]:
    return {attr.key: getattr(row, attr.key) for attr in inspect(row).mapper.column_attrs}


def validate_changes(entity: str, changes: dict[str, Any]) -> dict[str, Any]:
    """Parse every value; raises ``FieldError`` for the first one refused.

    A funding source whose kind is set to one that says whether the money comes back every
    year (a grant or a bond does not; the operating budget and E-Rate do) takes that as its
    "recurring" too, unless the same change sets it: a source switched to Grant kept
    "recurring" and hid the plan's reliance on grants. Undo restores both."""
    values = {name: parse_field(entity, name, raw) for name, raw in changes.items()}
    if entity == "funding_source" and "kind" in values and "recurring" not in values:
        recurring = _RECURRING_BY_KIND.get(values["kind"])
        if recurring is not None:
            values["recurring"] = recurring
    return values


# Whether money of a kind of funding comes back every year; Title funds and "other" depend on
# the source, so choosing them leaves "recurring" as it was.
_RECURRING_BY_KIND: dict[FundingKind, bool] = {
    FundingKind.MAINTENANCE_OPERATIONS: True,
    FundingKind.E_RATE: True,
    FundingKind.GRANT: False,
    FundingKind.BOND: False,
}


# --- proposal basics -------------------------------------------------------------------------


def update_proposal(library: Library, proposal_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    """Change the proposal's basics; returns the previous values (for undo)."""
    values = validate_changes("proposal", changes)
    with library.transaction() as session:
        proposal = get_row(session, Proposal, proposal_id, "proposal")
        if "name" in values and values["name"] != proposal.name:
            others = session.scalars(select(Proposal.name).where(Proposal.id != proposal_id))
            if name_key(values["name"]) in {name_key(name) for name in others}:
                raise FieldError(
                    "Proposal name",
                    f"another proposal is already called {quoted(values['name'], 120)}",
                )
        previous = {name: getattr(proposal, name) for name in values}
        # A longer horizon or a steeper price rise scales every item's yearly amounts: refused
        # when it takes an item past what the engine computes (the figures would go blank).
        scaling = [name for name in SCALING_PROPOSAL_FIELDS if name in values]
        before = items_past_limit(session, proposal_id) if scaling else {}
        for name, value in values.items():
            setattr(proposal, name, value)
        if scaling:
            refuse_scaling_past_limit(scaling[0], before, items_past_limit(session, proposal_id))
        proposal.updated_at = utc_now()
    return previous


def set_logo(
    library: Library, proposal_id: int, data: bytes | None, media_type: str | None
) -> None:
    problem = logo_problem(data, media_type) if data is not None else None
    if problem is not None:
        raise FieldError("Logo", problem)
    # Kept as the kind of image it is: a PNG in a file named .jpg is a PNG.
    kind = logo_media_type(data) if data is not None else None
    with library.transaction() as session:
        proposal = get_row(session, Proposal, proposal_id, "proposal")
        proposal.logo, proposal.logo_media_type = data, kind
        proposal.updated_at = utc_now()


# --- rows ------------------------------------------------------------------------------------


def default_values(entity: str) -> dict[str, Any]:
    """What a new, blank row holds, as parsed values (required names get a placeholder)."""
    placeholders: dict[str, dict[str, Any]] = {
        "goal": {"title": "New goal"},
        "risk": {"title": "New risk"},
        "metric": {"name": "New metric"},
        "item": {"name": "New item"},
        # Not secured until the director says so: "Connectivity grant (applied for)" was
        # counted as money in hand the moment it was added. (A proposal file that leaves it
        # out still reads as secured: that is the file format's default, see its schema.)
        "funding_source": {"name": "New funding source", "secured": False},
        "scenario": {"name": "New scenario"},
    }
    return dict(placeholders[entity])


def add_row(
    library: Library,
    proposal_id: int,
    entity: str,
    values: dict[str, Any] | None = None,
    *,
    row_id: int | None = None,
) -> int:
    """Add a row at the end of the proposal's list; returns its id."""
    return _add_rows(library, proposal_id, entity, [values or {}], row_id)[0]


def add_rows(
    library: Library, proposal_id: int, entity: str, rows: list[dict[str, Any]]
) -> list[int]:
    """Add rows at the end of the proposal's list (a pasted block), all or none: every row is
    validated first, then all are written in one transaction. Returns their ids."""
    return _add_rows(library, proposal_id, entity, rows, None)


def _add_rows(
    library: Library,
    proposal_id: int,
    entity: str,
    rows: list[dict[str, Any]],
    row_id: int | None,
) -> list[int]:
    parsed_rows = _new_row_values(entity, rows)
    with library.transaction() as session:
        return _add_rows_in(session, proposal_id, entity, parsed_rows, row_id)


def _new_row_values(entity: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # The defaults fill in what a row does not give, after its own values are read (so a new
    # source of kind Grant is not recurring by default).
    return [
        {
            **validate_changes(
                entity, {k: v for k, v in default_values(entity).items() if k not in given}
            ),
            **given,
        }
        for given in (validate_changes(entity, values) for values in rows)
    ]


def _add_rows_in(
    session: Session,
    proposal_id: int,
    entity: str,
    parsed_rows: list[dict[str, Any]],
    row_id: int | None,
) -> list[int]:
    model = ROW_MODELS[entity]
    added: list[int] = []
    proposal = get_row(session, Proposal, proposal_id, "proposal")
    last = session.scalar(select(func.max(model.position)).where(model.proposal_id == proposal_id))
    if entity == "item" and row_id is None:
        # New items are in no scenario yet: written together and then checked, not flushed
        # and checked one by one (a 5,000-line paste took seconds).
        items = [
            Item(proposal_id=proposal_id, position=(last or 0) + number, **parsed)
            for number, parsed in enumerate(parsed_rows, start=1)
        ]
        session.add_all(items)
        session.flush()
        for item in items:
            refuse_too_large(session, item, known=(proposal, None))  # raising adds none
        added = [int(item.id) for item in items]
        join_whole_scenarios(session, proposal_id, added)
        touch_proposal(session, proposal_id)
        return added
    for number, parsed in enumerate(parsed_rows, start=1):
        if entity == "scenario":
            parsed["name"] = _unique_scenario_name(session, proposal_id, parsed["name"])
        row = model(proposal_id=proposal_id, position=(last or 0) + number, **parsed)
        if row_id is not None:
            row.id = row_id
        session.add(row)
        session.flush()
        if isinstance(row, Item):
            refuse_too_large(session, row)  # raising adds none of the rows
        if isinstance(row, Scenario) and row_id is None:
            # A new scenario starts as the base case, every item in it: a scenario is mostly
            # the plan less some items, and one holding none cost nothing on Review until
            # each item was ticked in turn.
            item_ids = session.scalars(select(Item.id).where(Item.proposal_id == proposal_id))
            session.add_all(ScenarioItem(scenario_id=row.id, item_id=i) for i in item_ids)
        added.append(int(row.id))
    if entity == "item" and row_id is None:
        join_whole_scenarios(session, proposal_id, added)
    touch_proposal(session, proposal_id)
    return added


class _NothingKept(Exception):
    """Raised at the end of a check's transaction, so that nothing it wrote is kept."""


def check_rows(
    library: Library,
    proposal_id: int,
    entity: str,
    changes: dict[int, dict[str, Any]],
    new_rows: list[dict[str, Any]],
) -> None:
    """Raise ``FieldError`` (or ``NotFoundError``) as ``update_rows(changes)`` followed by
    ``add_rows(new_rows)`` would, and change nothing: a pasted block that would be refused part
    way is refused whole before any of it becomes an undo step."""
    values_by_row = {row_id: validate_changes(entity, values) for row_id, values in changes.items()}
    parsed_rows = _new_row_values(entity, new_rows)
    try:
        with library.transaction() as session:
            _update_rows_in(session, entity, values_by_row)
            if parsed_rows:
                _add_rows_in(session, proposal_id, entity, parsed_rows, None)
            raise _NothingKept
    except _NothingKept:
        pass


def _unique_scenario_name(
    session: Session, proposal_id: int, wanted: str, skip: int | None = None
) -> str:
    taken = set(
        session.scalars(
            select(Scenario.name).where(
                Scenario.proposal_id == proposal_id, Scenario.id != (skip or -1)
            )
        )
    )
    taken = {name_key(name) for name in taken}
    name, number = wanted, 2
    while name_key(name) in taken:
        name, number = f"{wanted} ({number})", number + 1
    return name


def update_row(
    library: Library, entity: str, row_id: int, changes: dict[str, Any]
) -> dict[str, Any]:
    """Change some fields of one row; returns the previous values (for undo)."""
    return update_rows(library, entity, {row_id: changes})[row_id]


def update_rows(
    library: Library, entity: str, changes: dict[int, dict[str, Any]]
) -> dict[int, dict[str, Any]]:
    """Change fields of many rows (a pasted block) all or none: every value is validated first,
    then all are written in one transaction. Returns each row's previous values (for undo)."""
    values_by_row = {row_id: validate_changes(entity, values) for row_id, values in changes.items()}
    with library.transaction() as session:
        return _update_rows_in(session, entity, values_by_row)


def _update_rows_in(
    session: Session, entity: str, values_by_row: dict[int, dict[str, Any]]
) -> dict[int, dict[str, Any]]:
    previous: dict[int, dict[str, Any]] = {}
    model: Any = ROW_MODELS[entity]
    proposal_ids: set[int] = set()
    # The rows, and what checking a pasted item's size needs, are read a batch at a time, and
    # held: read row by row (and its proposal and scenarios with it), 5,000 pasted prices took
    # about four seconds.
    rows: dict[int, Any] = {}
    for batch in batches(values_by_row):
        rows.update(
            (row.id, row) for row in session.scalars(select(model).where(model.id.in_(batch)))
        )
    sized = [
        row_id for row_id, values in values_by_row.items() if SIZED_ITEM_FIELDS & values.keys()
    ]
    largest: dict[int, Decimal] = {}
    proposals: dict[int, Proposal] = {}
    if entity == "item" and sized:
        largest = largest_scenario_quantities(session, sized)
        owners = {rows[row_id].proposal_id for row_id in sized if row_id in rows}
        proposals = {
            proposal.id: proposal
            for proposal in session.scalars(select(Proposal).where(Proposal.id.in_(owners)))
        }
    for row_id, values in values_by_row.items():
        row = rows.get(row_id)
        if row is None:
            raise NotFoundError(f"That {entity.replace('_', ' ')} no longer exists.")
        if entity == "scenario" and "name" in values:
            values["name"] = _unique_scenario_name(session, row.proposal_id, values["name"], row_id)
        if isinstance(row, Item):
            _clear_template_source(row, values)
        previous[row_id] = {name: getattr(row, name) for name in values}
        for name, value in values.items():
            setattr(row, name, value)
        if isinstance(row, Item) and SIZED_ITEM_FIELDS & values.keys():
            known = (proposals[row.proposal_id], largest.get(row_id))
            refuse_too_large(session, row, known=known)  # raising rolls every row back
        proposal_ids.add(row.proposal_id)
    for proposal_id in proposal_ids:
        touch_proposal(session, proposal_id)
    return previous


# An item's figures that the template's note on where they come from speaks of.
TEMPLATE_FIGURES = frozenset({"unit_cost", "recurring_unit_cost", "annual_savings"})


def figure_source(library: Library, item_id: int) -> str:
    """What an item says of where its figures come from ("" when nothing, or no such item)."""
    with library.reading() as session:
        item = session.get(Item, item_id)
        return item.figure_source if item is not None else ""


def _clear_template_source(item: Item, values: dict[str, Any]) -> None:
    """A figure of a template item changed by the director is theirs: the template's note
    ("Illustrative: typical price… Replace with your quote") no longer says where it comes
    from, and kept it would tell the CFO, and the Items step's warning, that it is still the
    template's. The same change empties it (undo puts both back). So does the sample's note
    ("Illustrative: … typical 2026 cooperative pricing") in a case built from the sample."""
    if "figure_source" in values:
        return
    if item.figure_source not in template_figure_sources() | sample_figure_sources():
        return
    if any(values[name] != getattr(item, name) for name in TEMPLATE_FIGURES & values.keys()):
        values["figure_source"] = ""


def delete_rows(library: Library, entity: str, row_ids: list[int]) -> DeletedRows:
    """Delete rows and everything hanging off them; returns what ``restore_rows`` needs.

    The rows and their dependents are read as plain values and deleted with one statement per
    table (and batch of ids), whatever their number: one ORM delete per row loaded each item's
    four lists of links, each load flushing the deletions so far (about 9,700 statements for
    1,000 items)."""
    model = ROW_MODELS[entity]
    with library.transaction() as session:
        read = rows_where_in(session, model, "id", row_ids)
        row_id_at = read.columns.index("id")
        found = {values[row_id_at]: values for values in read.values}
        if any(row_id not in found for row_id in row_ids):
            raise NotFoundError(f"That {entity.replace('_', ' ')} no longer exists.")
        stored = replace(read, values=tuple(found[row_id] for row_id in row_ids))
        dependents = tuple(
            rows_where_in(session, dependent_model, column, found)
            for dependent_model, column in _DEPENDENTS[entity]
        )
        for dependent_model, column in _DEPENDENTS[entity]:
            delete_where_in(session, dependent_model, column, found)
        delete_where_in(session, model, "id", found)
        for proposal_id in sorted(set(stored.column("proposal_id"))):
            touch_proposal(session, proposal_id)
    return DeletedRows(entity, stored, dependents)


COPY_SUFFIX = " (copy)"


def _copy_name(name: str, max_length: int) -> str:
    """``name (copy)``, shortening the name (never the suffix) to stay within ``max_length``."""
    return name[: max_length - len(COPY_SUFFIX)].rstrip() + COPY_SUFFIX


def duplicate_rows(library: Library, entity: str, row_ids: list[int]) -> list[int]:
    """Copy rows at the end of their list with everything that hangs off them, in one
    transaction; returns the copies' ids (in the order given).

    An item's copy keeps its goal links (with rationale), risk and metric links and scenario
    entries; a funding source's copy its yearly amounts; a scenario's copy its items and
    quantities; a goal's, risk's or metric's copy its item links. The name gets " (copy)"."""
    model = ROW_MODELS[entity]
    name_spec = next(spec for spec in ENTITY_FIELDS[entity] if spec.required)
    # Room for the " (2)" that keeps a scenario's name unique within its proposal.
    name_room = name_spec.max_length - (6 if entity == "scenario" else 0)
    copies: list[tuple[int, int]] = []
    with library.transaction() as session:
        rows = [get_row(session, model, row_id, entity.replace("_", " ")) for row_id in row_ids]
        last: dict[int, int] = {}
        for row in rows:
            if row.proposal_id not in last:
                last[row.proposal_id] = (
                    session.scalar(
                        select(func.max(model.position)).where(model.proposal_id == row.proposal_id)
                    )
                    or 0
                )
            last[row.proposal_id] += 1
            values = column_values(row)
            del values["id"]
            values["position"] = last[row.proposal_id]
            name = _copy_name(str(values[name_spec.name]), name_room)
            if entity == "scenario":
                name = _unique_scenario_name(session, row.proposal_id, name)
            values[name_spec.name] = name
            copy = model(**values)
            session.add(copy)
            session.flush()
            copies.append((row.id, int(copy.id)))
        for dependent_model, column in _DEPENDENTS[entity]:
            for original_id, copy_id in copies:
                found = session.scalars(
                    select(dependent_model).where(getattr(dependent_model, column) == original_id)
                ).all()
                for dependent in found:
                    session.add(dependent_model(**{**column_values(dependent), column: copy_id}))
        for proposal_id in last:
            touch_proposal(session, proposal_id)
    return [copy_id for _original, copy_id in copies]


def restore_rows(library: Library, deleted: DeletedRows) -> None:
    """Undo a deletion: the rows come back with their ids, positions and links.

    One many-row insert per table, and the ends of the links looked up a table at a time: row
    by row, two or three lookups per link, putting 1,000 items back sent about 24,600
    statements."""
    # Tens of thousands of rows are made into dictionaries and sent: an automatic collection
    # meanwhile would walk them all again, and every other object of the session with them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        _restore_rows(library, deleted)
    finally:
        if collecting:
            gc.enable()


def _restore_rows(library: Library, deleted: DeletedRows) -> None:
    model = ROW_MODELS[deleted.entity]
    with library.transaction() as session:
        insert_values(session, model, deleted.stored.as_dicts())
        # A dependent row names a restored row, whose id no row has had since it was deleted
        # (ids are never reused), so none of them can be there already: each is inserted.
        for table in deleted.stored_dependents:
            rows = table.as_dicts()
            insert_values(session, table.model, _with_both_ends(session, table.model, rows))
        for proposal_id in sorted(set(deleted.stored.column("proposal_id"))):
            touch_proposal(session, proposal_id)


# Each link row's two ends: a link whose other end is gone cannot be restored.
_LINK_ENDS: dict[type[Base], tuple[tuple[str, type[Base]], ...]] = {
    ItemGoalLink: (("item_id", Item), ("goal_id", Goal)),
    ItemRiskLink: (("item_id", Item), ("risk_id", Risk)),
    ItemMetricLink: (("item_id", Item), ("metric_id", Metric)),
    ScenarioItem: (("scenario_id", Scenario), ("item_id", Item)),
}


def _with_both_ends(
    session: Session, model: type[Base], rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The link rows among ``rows`` whose ends both exist (a link whose other end was deleted
    meanwhile cannot come back; it is skipped); rows that are not links all stay."""
    ends = _LINK_ENDS.get(model, ())
    existing = [
        (column, existing_ids(session, end_model, {values[column] for values in rows}))
        for column, end_model in ends
    ]
    return [values for values in rows if all(values[column] in ids for column, ids in existing)]


def _shared_kind(attribute: Any) -> type | None:
    """What a column holds that rows often repeat: texts (str), amounts (Decimal), or None."""
    column_type = attribute.columns[0].type
    if isinstance(column_type, Money | ExactDecimal):
        return Decimal
    if isinstance(column_type, String) and not isinstance(column_type, Enum):
        return str
    return None


def list_rows(
    library: Library, proposal_id: int, entity: str, row_ids: Collection[int] | None = None
) -> list[dict[str, Any]]:
    """The proposal's rows of one kind, in order, as plain dictionaries (with ``id``); only
    those in ``row_ids`` when given (rows just added, which a table puts in place of reading
    every row again)."""
    model = ROW_MODELS[entity]
    # The columns alone, not mapped objects: building 10,000 objects to read their values took
    # half a second.
    attributes = class_mapper(model).column_attrs
    columns = [attribute.class_attribute.label(attribute.key) for attribute in attributes]
    wanted = select(*columns).where(model.proposal_id == proposal_id)
    statements = (
        [wanted]
        if row_ids is None
        else [wanted.where(model.id.in_(batch)) for batch in batches(row_ids)]
    )
    found: list[dict[str, Any]] = []
    # A table keeps its rows for as long as its step is open: one object for each distinct
    # text (a vendor, a note, where figures come from) and amount (a price, a quantity) used on
    # many lines, not one a row. Amounts are matched on their text, so 2.0 stays 2.0; a value
    # of another kind (a library changed outside Buy-In) is kept as it is.
    shared: dict[str, tuple[type, dict[str, Any]]] = {}
    for attribute in attributes:
        kind = _shared_kind(attribute)
        if kind is not None:
            shared[attribute.key] = (kind, {})
    with library.reading() as session:
        for statement in statements:
            rows = session.execute(statement.order_by(model.position, model.id))
            for row in rows.mappings():
                values = dict(row)
                for name, (kind, seen) in shared.items():
                    value = values[name]
                    if type(value) is kind:
                        values[name] = seen.setdefault(str(value), value)
                found.append(values)
    if len(statements) > 1:
        found.sort(key=lambda row: (row["position"], row["id"]))
    return found


# Links, funding amounts and scenario entries are edited in ``desktop.services.grid_edits`` and
# the lookup helpers live in ``desktop.services.lookup``; callers keep finding them here.
__all__ = [
    "ROW_MODELS", "RATIONALE_FIELD", "DeletedRows", "FieldError", "FundingAmountsChange",
    "LeftOut", "LinkKind", "NotFoundError", "add_row", "add_rows", "change_funding_amounts",
    "column_values", "default_values", "delete_rows", "duplicate_rows", "funding_amount_field",
    "funding_amounts", "get_row", "link_state", "list_rows", "restore_rows", "scenario_entries",
    "scenarios_leaving_out", "set_funding_amount", "set_funding_amounts", "set_link", "set_logo",
    "set_scenario_entries", "set_scenario_entry", "touch_proposal", "update_proposal",
    "update_row", "update_rows", "validate_changes",
]  # fmt: skip
