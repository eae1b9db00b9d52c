"""Undo commands: every edit in the guided editor is one of these.

Each command's ``redo()`` and ``undo()`` call the editing services (the only code that writes), so
an edit is committed to the library the moment it is made, and undoing it is another committed
edit. After each call the command tells the context what changed (the values edited, or the
rows added or removed, where views can patch themselves), which updates the affected views and
recomputes the figures. A service refusal is reported as "Not saved" and the command marks
itself obsolete so the stack forgets it.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtGui import QUndoCommand

from desktop.finance.money import format_count
from desktop.services import editing
from desktop.services.editing import DeletedRows, LeftOut
from desktop.services.plan_years import PlanMove, move_first_year, undo_first_year_move
from desktop.ui.context import ProposalContext, RowChange, RowsAdded, RowsRemoved
from desktop.wording import in_a_list, quoted, undo_text

RowChanges = dict[int, dict[str, Any]]

ENTITY_NAMES = {
    "goal": ("goal", "goals"),
    "risk": ("risk", "risks"),
    "metric": ("metric", "metrics"),
    "item": ("item", "items"),
    "funding_source": ("funding source", "funding sources"),
    "scenario": ("scenario", "scenarios"),
}


def describe(entity: str, count: int) -> str:
    one, many = ENTITY_NAMES.get(entity, (entity, entity + "s"))
    return format_count(count, one, many)


def left_out_note(left: LeftOut) -> str:
    """What to tell the director of new items some scenarios do not hold ("" when every
    scenario holds them all): a new item joins only the scenarios that held every item, and one
    added to the plan went missing from "Lean" without a word, while the PDF listed it among
    what Lean leaves out. Which scenarios come first, then where to tick the items in; the
    status bar cuts a long line at its end."""
    if not left.scenarios:
        return ""
    them = "it" if left.items == 1 else "them"
    names = [quoted(name, 30) for name, _count in left.scenarios]
    if len(names) == 1:
        which = f"the scenario {names[0]}, which leaves"
    elif len(names) <= 3:
        which = f"the scenarios {in_a_list(names)}, which leave"
    else:
        which = f"{len(names)} scenarios, which leave"
    # A copy keeps its original's scenarios: copies of several items may be in some.
    every = all(count == left.items for _name, count in left.scenarios)
    return (
        f"{'Not' if every else 'Not all'} in {which} out some items: tick {them} on this "
        f"step’s Scenarios tab to include {them}."
    )


# The step where a row of each kind is edited: an undo said where it took effect.
_STEP_OF_ENTITY = {
    "goal": "plans", "item": "items", "scenario": "items", "risk": "risks", "metric": "metrics",
    "funding_source": "funding",
}  # fmt: skip


class ServiceCommand(QUndoCommand):
    """Runs a service call, reports save state, and keeps a failed command off the stack."""

    step = ""  # the step (``STEP_KEYS``) whose data the command changes; "" when unknown

    def __init__(self, context: ProposalContext, text: str) -> None:
        super().__init__(undo_text(text))
        self.context = context
        self.failed = ""
        # What the status bar should add when the call goes through ("" for nothing): a change
        # the service made beyond the one asked for.
        self.notice = ""

    def step_key(self) -> str:
        """Where the change shows: the command's own step, or the one for its rows' kind."""
        return self.step or _STEP_OF_ENTITY.get(getattr(self, "entity", ""), "")

    def _run(self, action: Callable[[], object]) -> bool:
        self.context.save_state_changed.emit("saving", "")
        try:
            action()
        except Exception as error:  # noqa: BLE001 - any refusal is shown, never raised into Qt
            self.failed = str(error) or type(error).__name__
            self.setObsolete(True)
            self.context.last_command = (self, False)
            self.context.report_failed(self.failed)
            return False
        self.context.last_command = (self, True)
        self.context.report_saved(self.notice)
        return True


class UpdateRowsCommand(ServiceCommand):
    """Change fields of one or more rows (a cell edit, or a pasted block): one undo step."""

    def __init__(
        self, context: ProposalContext, entity: str, changes: RowChanges, text: str = ""
    ) -> None:
        super().__init__(context, text or f"Edit {describe(entity, len(changes))}")
        self.entity = entity
        self.changes = changes
        self.previous: RowChanges = {}

    def _apply(self, changes: RowChanges) -> RowChanges:
        # One service call, one transaction: a refused value or a crash changes no row at all.
        return editing.update_rows(self.context.library, self.entity, changes)

    def redo(self) -> None:
        def action() -> None:
            self.previous = self._apply(self.changes)
            self.notice = self._cleared_sources()

        if self._run(action):
            self.context.notify_changed(self.entity, self._local(self.changes))

    def _cleared_sources(self) -> str:
        if self.entity != "item":
            return ""
        cleared = sum(
            1
            for row_id, values in self.previous.items()
            if "figure_source" in values and "figure_source" not in self.changes[row_id]
        )
        if not cleared:
            return self._kept_source()
        whose = "this item's" if cleared == 1 else f"{cleared} items'"
        return (
            f"Cleared the template’s note on where {whose} figures come from (they are yours "
            "now): say where under “Where the figures come from”."
        )

    def _kept_source(self) -> str:
        """A price or saving of one item changed while its note on where its figures come
        from stayed: a director updating last year's prices left "cooperative pricing, 2026"
        in the case beside this year's figure. Said once, for the one item edited."""
        if len(self.changes) != 1:
            return ""
        ((row_id, values),) = self.changes.items()
        before = self.previous.get(row_id, {})
        moved = [
            name
            for name in editing.TEMPLATE_FIGURES & values.keys()
            if name in before and before[name] != values[name]
        ]
        if not moved or "figure_source" in values:
            return ""
        source = editing.figure_source(self.context.library, row_id)
        if not source.strip():
            return ""
        return (
            f"Its note on where the figures come from still reads {quoted(source, 80)}: "
            "change it under “Where the figures come from” if the new figure came from "
            "elsewhere."
        )

    def undo(self) -> None:
        self.notice = ""
        if self._run(lambda: self._apply(self.previous)):
            self.context.notify_changed(self.entity, self._local(self.previous))

    def _local(self, changes: RowChanges) -> RowChanges | None:
        # Views patch their rows in place, except where the service wrote more than was asked
        # (a source's kind sets whether it recurs) or changed it (scenario names made unique,
        # "Lean (2)"): those reload.
        wrote_more = any(
            set(self.previous.get(row_id, ())) - set(values) for row_id, values in changes.items()
        )
        return None if self.entity == "scenario" or wrote_more else changes


class RowSetCommand(ServiceCommand):
    """A set of rows that an undo step removes or brings back (same ids and links)."""

    # Whether tables put in or take out just these rows (``RowsAdded``, ``RowsRemoved``) rather
    # than reading every row again: a row or a few copies, at the end of a list of 10,000.
    in_place = False

    def __init__(
        self, context: ProposalContext, entity: str, row_ids: list[int], text: str
    ) -> None:
        super().__init__(context, text)
        self.entity = entity
        self.row_ids = list(row_ids)
        self.deleted: DeletedRows | None = None
        # The scenarios that left out new items, as ``left_out_note`` says it ("" for none).
        self.left_out = ""

    def _say_left_out(self, verb: str) -> str:
        """The notice for items just added (``verb``: "Added", "Imported") that some scenarios
        left out; "" when every scenario holds them (said once, as they are added: an undo
        and a redo put back what was there)."""
        if self.entity != "item" or not self.row_ids:
            return ""
        try:
            left = editing.scenarios_leaving_out(self.context.library, self.row_ids)
        except Exception:  # noqa: BLE001 - a note: the rows are saved whether or not it is said
            return ""
        self.left_out = left_out_note(left)
        if not self.left_out:
            return ""
        # Cut in the middle: a copy's name differs from its original's at its end ("(copy)").
        what = (
            quoted(left.first_name, 40, middle=True)
            if left.items == 1
            else describe("item", left.items)
        )
        return f"{verb} {what}. {self.left_out}"

    def _delete(self) -> None:
        self.notice = ""

        def action() -> None:
            self.deleted = editing.delete_rows(self.context.library, self.entity, self.row_ids)

        if self._run(action):
            self.context.notify_changed(self.entity, self._change(RowsRemoved))

    def _restore(self) -> None:
        if self.deleted is None:
            return
        if self._run(self._put_back):
            self.context.restored_rows = (self.entity, list(self.row_ids))
            try:
                self.context.notify_changed(self.entity, self._change(RowsAdded))
            finally:
                self.context.restored_rows = None

    def _put_back(self) -> None:
        deleted = self.deleted
        if deleted is not None:
            editing.restore_rows(self.context.library, deleted)
            # The rows are back in the library, and whatever takes them out next reads them
            # again: their copy (thousands of rows with their links) goes now, before the
            # tables and the figures read them back, not when the step leaves the stack.
            self.deleted = None

    def _change(self, kind: type[RowsAdded] | type[RowsRemoved]) -> RowChange:
        return kind(tuple(self.row_ids)) if self.in_place else None


class AddRowsCommand(RowSetCommand):
    """Add rows (new, or pasted past the end); undo deletes them, redo restores them with the
    same ids."""

    in_place = True

    def __init__(
        self,
        context: ProposalContext,
        entity: str,
        rows: list[dict[str, Any]],
        text: str = "",
    ) -> None:
        super().__init__(context, entity, [], text or f"Add {describe(entity, len(rows))}")
        self.rows = rows

    def redo(self) -> None:
        if self.deleted is not None:
            self._restore()
            return

        def action() -> None:
            self.row_ids = editing.add_rows(
                self.context.library, self.context.proposal_id, self.entity, self.rows
            )
            self.notice = self._say_left_out("Added")

        if self._run(action):
            self.context.notify_changed(self.entity, self._change(RowsAdded))

    def undo(self) -> None:
        self._delete()


class DuplicateRowsCommand(RowSetCommand):
    """Copy rows with their links, amounts or scenario entries (one transaction); undo deletes
    the copies, redo brings them back with the same ids and dependents."""

    in_place = True

    def __init__(self, context: ProposalContext, entity: str, source_ids: list[int]) -> None:
        super().__init__(context, entity, [], f"Duplicate {describe(entity, len(source_ids))}")
        self.source_ids = list(source_ids)

    def redo(self) -> None:
        if self.deleted is not None:
            self._restore()
            return

        def action() -> None:
            self.row_ids = editing.duplicate_rows(
                self.context.library, self.entity, self.source_ids
            )
            self.notice = self._say_left_out("Added")

        if self._run(action):
            self.context.notify_changed(self.entity, self._change(RowsAdded))

    def undo(self) -> None:
        self._delete()


class DeleteRowsCommand(RowSetCommand):
    """Delete rows with their links; undo brings back the same rows, ids and links."""

    def __init__(self, context: ProposalContext, entity: str, row_ids: list[int]) -> None:
        super().__init__(context, entity, row_ids, f"Delete {describe(entity, len(row_ids))}")

    def redo(self) -> None:
        self._delete()

    def undo(self) -> None:
        self._restore()


class ImportedRowsCommand(RowSetCommand):
    """Rows an importer has already added: the first redo does nothing, undo deletes them."""

    def __init__(self, context: ProposalContext, entity: str, row_ids: list[int]) -> None:
        super().__init__(context, entity, row_ids, f"Import {describe(entity, len(row_ids))}")

    def redo(self) -> None:
        if self.deleted is None:
            self.context.notify_changed(self.entity)  # already in the library
            self.notice = self._say_left_out("Imported")
            if self.notice:
                self.context.report_saved(self.notice)
            return
        self._restore()

    def undo(self) -> None:
        self._delete()


class UpdateProposalCommand(ServiceCommand):
    """Change basics fields of the proposal."""

    step = "basics"

    def __init__(self, context: ProposalContext, changes: dict[str, Any], label: str) -> None:
        super().__init__(context, f"Change {label}")
        self.changes = changes
        self.previous: dict[str, Any] = {}

    def redo(self) -> None:
        def action() -> None:
            self.previous = editing.update_proposal(
                self.context.library, self.context.proposal_id, self.changes
            )

        if self._run(action):
            self.context.notify_changed("proposal")

    def undo(self) -> None:
        def action() -> None:
            editing.update_proposal(self.context.library, self.context.proposal_id, self.previous)

        if self._run(action):
            self.context.notify_changed("proposal")


class MovePlanCommand(ServiceCommand):
    """Move the plan's first fiscal year, and the metrics' target years with it: one undo step
    that puts every one of them back."""

    step = "basics"

    def __init__(self, context: ProposalContext, first_year: object, label: str) -> None:
        super().__init__(context, f"Change {label}")
        self.first_year = first_year
        self.move: PlanMove | None = None

    def redo(self) -> None:
        def action() -> None:
            self.move = move_first_year(
                self.context.library, self.context.proposal_id, self.first_year
            )

        if self._run(action):
            self._notify()

    def undo(self) -> None:
        move = self.move
        if move is None:
            return
        if self._run(
            lambda: undo_first_year_move(self.context.library, self.context.proposal_id, move)
        ):
            self._notify()

    def _notify(self) -> None:
        if self.move is not None and self.move.target_years_before:
            self.context.notify_changed("metric")
        self.context.notify_changed("proposal")


class SetLogoCommand(ServiceCommand):
    step = "basics"

    def __init__(
        self,
        context: ProposalContext,
        new: tuple[bytes | None, str | None],
        old: tuple[bytes | None, str | None],
    ) -> None:
        super().__init__(context, "Remove the logo" if new[0] is None else "Change the logo")
        self.new, self.old = new, old

    def _set(self, value: tuple[bytes | None, str | None]) -> None:
        if self._run(
            lambda: editing.set_logo(self.context.library, self.context.proposal_id, *value)
        ):
            self.context.notify_changed("proposal")

    def redo(self) -> None:
        self._set(self.new)

    def undo(self) -> None:
        self._set(self.old)


class LinkCommand(ServiceCommand):
    """Link or unlink an item and a goal / risk / metric (a goal link carries its rationale)."""

    step = "links"

    def __init__(
        self,
        context: ProposalContext,
        kind: editing.LinkKind,
        item_id: int,
        target_id: int,
        linked: bool,
        rationale: str = "",
        *,
        was: tuple[bool, str] = (False, ""),
        text: str = "",
    ) -> None:
        verb = "Link" if linked else "Unlink"
        super().__init__(context, text or f"{verb} an item and a {kind}")
        self.kind = kind
        self.item_id, self.target_id = item_id, target_id
        self.linked, self.rationale = linked, rationale
        self.was = was  # the link's state before: (linked, rationale)

    def _set(self, linked: bool, rationale: str) -> None:
        library = self.context.library
        if self._run(
            lambda: editing.set_link(
                library, self.kind, self.item_id, self.target_id, linked, rationale
            )
        ):
            change = {
                "kind": self.kind,
                "item_id": self.item_id,
                "target_id": self.target_id,
                "linked": linked,
                "rationale": rationale,
            }
            self.context.notify_changed("link", change)  # type: ignore[arg-type]

    def redo(self) -> None:
        self._set(self.linked, self.rationale)

    def undo(self) -> None:
        self._set(*self.was)


class FundingAmountCommand(ServiceCommand):
    """Change funding amounts (one typed, a pasted block, a clearing): one undo step, which
    also takes the template's note ("Illustrative: …") off each template source whose amounts
    it replaces, and puts it back on undo. With ``keep_notes`` the notes stay: amounts Buy-In
    moved itself (E-Rate following the items it discounts, at the share its note states) are
    no more the director's own than before, and that note is what states the share."""

    step = "funding"

    def __init__(
        self,
        context: ProposalContext,
        changes: dict[tuple[int, int], Any],
        text: str = "Change funding amounts",
        *,
        keep_notes: bool = False,
    ) -> None:
        super().__init__(context, text)
        self.changes = changes
        self.keep_notes = keep_notes
        self.previous = editing.FundingAmountsChange({}, {})

    def redo(self) -> None:
        def action() -> None:
            self.previous = editing.change_funding_amounts(
                self.context.library, self.changes, notes={} if self.keep_notes else None
            )
            self.notice = self._cleared_notes()

        if self._run(action):
            self._notify(dict.fromkeys(self.previous.notes, ""))

    def _cleared_notes(self) -> str:
        cleared = len(self.previous.notes)
        if not cleared:
            return ""
        whose = "this source's" if cleared == 1 else f"{cleared} sources'"
        return (
            f"Cleared the template’s note on {whose} illustrative amounts (they are yours "
            "now): say where the money comes from under “Notes”."
        )

    def undo(self) -> None:
        self.notice = ""
        previous = self.previous

        def action() -> None:
            editing.change_funding_amounts(
                self.context.library, dict(previous.amounts), notes=dict(previous.notes)
            )

        if self._run(action):
            self._notify(previous.notes)

    def _notify(self, notes: dict[int, str]) -> None:
        self.context.notify_changed("funding_amount")
        if notes:  # the sources' list shows the notes: patched in place
            updates = {source_id: {"notes": note} for source_id, note in notes.items()}
            self.context.notify_changed("funding_source", updates)


class ScenarioEntriesCommand(ServiceCommand):
    """Include items in a scenario (each optionally at another quantity) or leave them out:
    one tick, or every item at once, is one undo step."""

    step = "items"

    def __init__(
        self,
        context: ProposalContext,
        scenario_id: int,
        entries: dict[int, tuple[bool, Any]],
        text: str = "Change a scenario",
    ) -> None:
        super().__init__(context, text)
        self.scenario_id = scenario_id
        self.entries = entries
        self.previous: dict[int, tuple[bool, Decimal | None]] = {}

    def redo(self) -> None:
        def action() -> None:
            self.previous = editing.set_scenario_entries(
                self.context.library, self.scenario_id, self.entries
            )

        if self._run(action):
            self.context.notify_changed("scenario_entry")

    def undo(self) -> None:
        def action() -> None:
            editing.set_scenario_entries(
                self.context.library, self.scenario_id, dict(self.previous)
            )

        if self._run(action):
            self.context.notify_changed("scenario_entry")
