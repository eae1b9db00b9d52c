"""The ``buyin`` command: the desktop app by default, headless subcommands beside it.

    buyin [--library PATH] [COMMAND ...]

Every subcommand works without a display. ``--proposal`` takes an exact name or an id; output goes
to ``--out FILE`` (written atomically) or to standard output where that makes sense; problems are
printed to standard error with a non-zero exit status (2 for bad input, 1 for anything else).
Headless commands never add the sample proposal; only the GUI does, on a first start.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop import APP_NAME, __version__
from desktop.wording import clip, clip_middle, file_text, quoted, terminal_text

if TYPE_CHECKING:
    from desktop.services.library import Library

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2


class CommandError(Exception):
    """A problem to report to the user (exit status 2)."""


def _named_path(text: str) -> Path:
    """A path argument that names something: an empty one ('') would be read as the current
    folder and refused as "is not a file", with no name to say which."""
    if not text.strip():
        raise argparse.ArgumentTypeError("needs a file name, not an empty one")
    return Path(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="buyin",
        description=(
            f"{APP_NAME}: build the business case for a district's 1:1 / BYOD infrastructure. "
            "With no command, opens the app."
        ),
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--library",
        type=_named_path,
        metavar="PATH",
        help="the library file to use (default: $BUYIN_LIBRARY, else the user-data folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help: str, handler: Callable[..., int]) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(handler=handler)
        return sub

    def proposal_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--proposal", required=True, metavar="P", help="proposal name or id")

    command("gui", "open the app (the default)", _gui)
    listing = command("list", "list the proposals with their key totals", _list)
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")

    sub = command("import-json", "import a proposal file (.json); prints the new id", _import_json)
    sub.add_argument("file", type=_named_path)
    sub.add_argument("--name", help="import under this name instead of the file's")

    sub = command("export-json", "write a proposal as a proposal file (.json)", _export_json)
    proposal_option(sub)
    sub.add_argument("--out", type=_named_path, help="file to write (default: standard output)")

    sub = command("summary", "print a proposal's figures (TCO, NPV, funding, rubric)", _summary)
    proposal_option(sub)
    sub.add_argument("--json", action="store_true", help="print JSON (money as decimal strings)")

    sub = command(
        "compare",
        "show what changed between two proposals: headline figures, items, funding, risks",
        _compare,
    )
    proposal_option(sub)
    sub.add_argument(
        "--against",
        required=True,
        metavar="Q",
        help="the proposal to compare with (last year's version, say); changes are P minus Q",
    )

    sub = command("export-pdf", "write the business case as a PDF", _export_pdf)
    proposal_option(sub)
    sub.add_argument("--out", type=_named_path, required=True)
    sub.add_argument("--handout", action="store_true", help="the two-page CFO handout")
    sub.add_argument("--paper", choices=("letter", "a4"), default="letter")

    sub = command(
        "export-xlsx", "write the figures as an Excel workbook (or items CSV)", _export_xlsx
    )
    proposal_option(sub)
    sub.add_argument("--out", type=_named_path, required=True)
    sub.add_argument(
        "--csv", action="store_true", help="write the items as CSV instead (as does a .csv --out)"
    )

    sub = command("import-items", "add items from a vendor quote (.csv, .xlsx)", _import_items)
    sub.add_argument("file", type=_named_path)
    proposal_option(sub)
    sub.add_argument("--sheet", help="worksheet name (default: the first with data)")
    sub.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="HEADER=FIELD",
        # The fields of desktop.sheets.columns.IMPORT_FIELDS, written out: importing the sheets
        # package to list them would load it on every start of the app (a test keeps them equal).
        help="map a column header to a field (name, category, quantity, unit_cost, "
        "recurring_unit_cost, lifespan_years, start_year, annual_savings, vendor, notes, "
        "figure_source), or to ignore to leave the column out; repeatable",
    )
    sub.add_argument("--dry-run", action="store_true", help="check every row, import nothing")

    sub = command(
        "export-proposal", "write one proposal as a shareable .buyin file", _export_proposal
    )
    proposal_option(sub)
    sub.add_argument("--out", type=_named_path, required=True)

    sub = command("import-proposal", "import a .buyin file; prints the new id", _import_proposal)
    sub.add_argument("file", type=_named_path)

    command("backups", "list the library's automatic backups, newest first", _backups)
    sub = command("restore-backup", "replace the library with one of its backups", _restore_backup)
    sub.add_argument("backup", type=_named_path, help="a file listed by `buyin backups`")
    return parser


# --- helpers ---------------------------------------------------------------------------------


def _library_path(args: argparse.Namespace) -> Path:
    from desktop.paths import default_library_path

    return Path(args.library) if args.library else default_library_path()


def _open(args: argparse.Namespace) -> Library:
    from desktop.services.library import open_library

    return _said_if_upgraded(open_library(_library_path(args)))


def _open_to_read(args: argparse.Namespace) -> Library:
    """The library, for a command that only reads it: never created where there is none, and
    opened read-only when it cannot be written (a read-only file, folder or disk)."""
    from desktop.services.library import LibraryReadOnlyError, open_library

    path = _library_path(args)
    try:
        return _said_if_upgraded(open_library(path, create=False))
    except LibraryReadOnlyError:
        return open_library(path, read_only=True)


def _said_if_upgraded(library: Library) -> Library:
    """``library``, having said on standard error when opening it upgraded its file, or made it
    (there was none at the path: a mistyped --library made a new library, folders and all, and
    only the imported proposal's id was printed)."""
    from desktop.services.library import created_notice, upgrade_notice

    # Today's backup not taken (a full disk, a folder that cannot be written): the app says so,
    # and a command printed nothing, so a script's library went on without backups unnoticed.
    for notice in (created_notice(library), upgrade_notice(library), library.backup_problem):
        if notice:
            print(terminal_text(f"Note: {notice}"), file=sys.stderr)
    return library


def _write_output(out: Path | None, data: bytes | str) -> None:
    from desktop.services.files import write_atomically

    payload = data.encode("utf-8") if isinstance(data, str) else data
    if out is None:
        sys.stdout.write(payload.decode("utf-8"))
        return
    if out.parent and not out.parent.exists():
        raise CommandError(f"The folder {out.parent} does not exist.")
    write_atomically(out, payload)


def _computed(library: Library, proposal: str) -> tuple[int, Any, Any]:
    from desktop.finance import ValidationError, compute
    from desktop.services.proposals import find_proposal
    from desktop.services.snapshot import proposal_input

    proposal_id = find_proposal(library, proposal)
    data = proposal_input(library, proposal_id)
    try:
        return proposal_id, data, compute(data)
    except ValidationError as error:
        raise CommandError(str(error)) from error


# --- commands --------------------------------------------------------------------------------


def _gui(args: argparse.Namespace) -> int:
    from desktop.ui.app import run_gui

    return run_gui(args.library)


def _list(args: argparse.Namespace) -> int:
    from desktop.finance.money import format_money, format_payback
    from desktop.services.proposals import list_proposals

    library = _open_to_read(args)
    listings = list_proposals(library)
    if args.json:
        rows = [
            {
                "id": item.id,
                "name": item.name,
                "district": item.district,
                "items": item.item_count,
                "currency": item.currency,
                "total_cost": None if item.total_cost is None else str(item.total_cost),
                "npv": None if item.npv is None else str(item.npv),
                "payback_year": item.payback_year,
                "updated_at": item.updated_at.isoformat(),
                "problem": item.problem or None,
            }
            for item in listings
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not listings:
        print("The library has no proposals yet.")
        return EXIT_OK
    print(f"{'ID':>4}  {'Name':<44} {'Items':>5}  {'Total cost':>16}  {'NPV':>16}  Payback")
    for item in listings:
        cost = format_money(item.total_cost, item.currency) if item.total_cost is not None else "—"
        npv = format_money(item.npv, item.currency) if item.npv is not None else "—"
        payback = (
            format_payback(item.payback_year, spent=bool(item.total_cost))
            if item.npv is not None
            else "—"
        )
        name = clip_middle(item.name, 44)  # "… 2027–2031 (2)": copies stay apart
        line = f"{item.id:>4}  {name:<44} {item.item_count:>5}  {cost:>16}  {npv:>16}  {payback}"
        print(terminal_text(line))
    for item in listings:
        if item.problem:  # why a row shows no figures
            print(terminal_text(f"{item.id:>4}  has no figures: {item.problem}"))
    return EXIT_OK


def _import_json(args: argparse.Namespace) -> int:
    from desktop.services.fields import parse_field
    from desktop.services.proposal_files import name_as_stored
    from desktop.services.proposal_format import import_read_document, read_document

    name = None if args.name is None else parse_field("proposal", "name", args.name)
    document = read_document(args.file)
    # Opened once the file is found good: a file that cannot be imported (or a mistyped
    # --library) leaves no new library behind.
    library, proposal_id = _imported(
        args, lambda library: import_read_document(library, document, args.file, name=name)
    )
    print(proposal_id)
    _say_if_renamed(library, proposal_id, name or name_as_stored(document))
    return EXIT_OK


def _imported(
    args: argparse.Namespace, do_import: Callable[[Callable[[], Library]], int]
) -> tuple[Library, int]:
    """Run ``do_import`` with the library to import into, opened when it asks; the library and
    the new proposal's id. A library not there yet is made at a private name beside the path
    and put in place only once the import went through (``open_staged``): a refused import
    leaves nothing, and never takes away a library another command made meanwhile. What
    opening did (made the library, upgraded it) is said once it is through, or refused."""
    from desktop.services.library import (
        discard_staged,
        open_library,
        open_staged,
        publish_staged,
    )

    path = _library_path(args)
    staged = not path.exists()
    opened: list[Library] = []

    def library() -> Library:
        opened.append(open_staged(path) if staged else open_library(path))
        return opened[-1]

    try:
        proposal_id = do_import(library)
    except BaseException:
        if opened and staged:
            discard_staged(opened[-1])
        elif opened:
            _said_if_upgraded(opened[-1])  # upgraded as it opened, whatever became of the import
        raise
    if not staged:
        return _said_if_upgraded(opened[-1]), proposal_id
    try:
        return _said_if_upgraded(publish_staged(opened[-1], path)), proposal_id
    except FileExistsError:
        # Another command made a library there meanwhile: the import goes into that one.
        return _imported(args, do_import)


def _say_if_renamed(library: Library, proposal_id: int, wanted: str) -> None:
    """On stderr, below the new id a script reads: the name the proposal was given when the
    library already had one of the name asked for ("… (2)"), so nobody takes the two apart."""
    from desktop.services.proposals import proposal_name

    given = proposal_name(library, proposal_id)
    if given != wanted:
        print(
            terminal_text(
                f"Imported as {quoted(given, 80, middle=True)}: the library already has a "
                f"proposal named {quoted(wanted, 80)}, which is unchanged."
            ),
            file=sys.stderr,
        )


def _export_json(args: argparse.Namespace) -> int:
    from desktop.services.proposal_files import json_document
    from desktop.services.proposal_format import dump_document
    from desktop.services.proposals import find_proposal

    library = _open_to_read(args)
    document = json_document(library, find_proposal(library, args.proposal))
    _write_output(args.out, dump_document(document))
    return EXIT_OK


def _summary(args: argparse.Namespace) -> int:
    from desktop.finance import summary_json
    from desktop.finance.after_plan import remaining_value_note
    from desktop.finance.funding import after_e_rate, e_rate_timing_note, on_the_cost_after_e_rate
    from desktop.finance.money import (
        device_count,
        format_count,
        format_money,
        format_percent,
        format_year_span,
    )

    _id, _data, result = _computed(_open_to_read(args), args.proposal)
    if args.json:
        print(json.dumps(summary_json(result), indent=2, ensure_ascii=False))
        return EXIT_OK
    currency = result.currency
    per_student = result.per_student_per_year
    print(terminal_text(result.name))
    print(
        f"  Total cost of ownership ({format_count(result.horizon_years, 'year')}): "
        f"{format_money(result.tco_total, currency)}"
    )
    if per_student is not None:
        print(f"  Cost per student per year: {format_money(per_student, currency)}")
    tco = result.base.tco
    if tco.per_device is not None and tco.devices is not None:
        print(
            f"  Cost per managed device over the {result.horizon_years}-year plan "
            f"({device_count(tco.devices)}): {format_money(tco.per_device, currency)}"
        )
    print(f"  Net present value: {format_money(result.npv, currency)}")
    roi = result.base.returns.roi
    if roi is not None:
        print(f"  Return on investment (undiscounted): {format_percent(roi, 1)}")
    print("  Payback: " + result.payback_text())
    if result.savings_only_differs:
        savings_only = format_money(result.base.savings_only.npv, currency)
        print(f"  Net present value, budget savings alone: {savings_only}")
        alone = result.payback_text(savings_only=True)
        print(f"  Payback, budget savings alone: {alone}")
    funding = result.base.funding
    if result.after_e_rate_differs and result.base.after_e_rate is not None:
        # The headline weighs the whole cost; the district's side leaves out the E-Rate.
        view = on_the_cost_after_e_rate(funding)
        district = format_money(result.base.after_e_rate.npv, currency)
        print(f"  Net present value {view}: {district}")
        print(f"  Payback {view}: {result.payback_text(after_e_rate=True)}")
    if after := after_e_rate(funding):
        # The E-Rate taken off: the secured part alone when some is only applied for.
        taken = result.tco_total - funding.cost_after_e_rate_total
        secured = " secured" if taken != funding.e_rate_total else ""
        print(
            f"  Cost {after} ({format_money(taken, currency)} of E-Rate{secured}): "
            f"{format_money(funding.cost_after_e_rate_total, currency)}"
        )
    print(f"  {funding.gap_label}: {format_money(result.funding_gap, currency)}")
    if funding.pending_total:
        print(
            f"  Not yet secured: {format_money(funding.pending_total, currency)} (funding gap "
            f"without it: {format_money(funding.gap_without_pending_total, currency)})"
        )
    after = result.after_plan
    if after.recurring_next_year:
        print(
            f"  Recurring costs in {after.first_label}, after the plan (every year from then): "
            f"{format_money(after.recurring_next_year, currency)}"
        )
        if after.recurring_per_student is not None:
            print(
                f"    per student at the plan's {format_count(after.students, 'student')}: "
                f"{format_money(after.recurring_per_student, currency)}"
            )
    if after.refreshes:
        print(
            f"  Replacements due in the {after.years} years after the plan "
            f"({format_year_span(after.first_label, after.last_label)}): "
            f"{format_money(after.total, currency)} "
            f"({format_count(len(after.refreshes), 'replacement')}, not in the total cost)"
        )
    if remaining_value_note(after, currency):  # told when the Review and the PDF tell it
        print(
            f"  Use still to come after {after.plan_last_label} from purchases within the plan: "
            f"{format_money(after.remaining_value, currency)} (straight line; the total cost "
            "counts their whole price)"
        )
    reliance = result.base.funding.reliance_shown  # none while nothing is funded
    print(
        "  Recurring costs paid from temporary money: "
        + (format_percent(reliance, 1) if reliance is not None else "—")
    )
    for assessment in result.rubric:
        print(f"  {assessment.label}: {assessment.level.label}")
    # What the CFO will ask about, as the Review lists it: the funding's flags, then savings a
    # linked measure will not show; then each risk the plan makes worse, which the PDF's risk
    # register and the Risks step flag (the summary said nothing of the loss it adds).
    for flag in (*result.base.funding.flags, *result.savings_flags):
        print(f"  Question: {terminal_text(flag.message)}")
    for risk in result.base.benefits.risks:
        if risk.mitigation_worse:
            print(
                f"  Question: The plan makes {quoted(risk.title)} worse: its expected loss "
                f"rises by {format_money(-risk.avoided_per_year, currency)} a year with "
                "mitigation, and the figures count that. Check its “with mitigation” estimates."
            )
    e_rate = e_rate_timing_note(result.base.funding, result.fiscal_year_labels, currency)
    if e_rate:
        print(f"  E-Rate timing: {e_rate}")
    return EXIT_OK


def _compare(args: argparse.Namespace) -> int:
    from desktop.finance.compare import compare, comparison_lines
    from desktop.services.proposals import find_proposal, proposal_name

    library = _open_to_read(args)
    chosen, other = find_proposal(library, args.proposal), find_proposal(library, args.against)
    if chosen == other:
        raise CommandError(
            f"--proposal and --against both name {quoted(proposal_name(library, chosen))}: "
            "compare it with another proposal."
        )
    computed = []
    for proposal_id in (chosen, other):
        try:
            _id, data, result = _computed(library, str(proposal_id))
        except CommandError as error:
            # Said of which one: "items: The plan's total cost…" named neither.
            raise CommandError(
                f"{quoted(proposal_name(library, proposal_id))} cannot be compared until its "
                f"figures can be worked out:\n{error}"
            ) from error
        computed.append((data, result))  # the terms (prices, years) and the figures
    later, earlier = computed
    for line in comparison_lines(compare(earlier, later)):
        print(terminal_text(line))
    return EXIT_OK


def _export_pdf(args: argparse.Namespace) -> int:
    from desktop.report import render_business_case

    _id, data, result = _computed(_open_to_read(args), args.proposal)
    pdf = render_business_case(data, result, handout=args.handout, paper=args.paper)
    _write_output(args.out, pdf)
    _say_if_logo_left_out(data.logo)
    return EXIT_OK


def _say_if_logo_left_out(logo: bytes | None) -> None:
    """On stderr: the PDF went without the proposal's logo, which cannot be drawn (one saved
    before the whole image was checked). It was left out without a word."""
    from desktop.logo import logo_problem

    problem = logo_problem(logo) if logo else None
    if problem is not None:
        print(
            f"Note: the PDF goes without the proposal's logo, which {problem}. Choose the "
            "logo again on the Basics step.",
            file=sys.stderr,
        )


def _export_xlsx(args: argparse.Namespace) -> int:
    from desktop.sheets import items_csv_text, workbook_bytes

    # The file's name says what it holds: "items.csv" got a workbook under a CSV's name.
    suffix = args.out.suffix.lower()
    as_csv = args.csv or suffix == ".csv"
    if as_csv and suffix in (".xlsx", ".xlsm"):
        raise CommandError(
            f"{args.out.name} is a workbook's name, and --csv writes the items as CSV: "
            "name the file .csv, or leave out --csv for the workbook."
        )
    _id, data, result = _computed(_open_to_read(args), args.proposal)
    _write_output(
        args.out, items_csv_text(data, result) if as_csv else workbook_bytes(data, result)
    )
    return EXIT_OK


def _import_items(args: argparse.Namespace) -> int:
    from desktop.finance.money import format_count
    from desktop.services.item_import import import_items_file, parse_mapping_options
    from desktop.services.library import open_library
    from desktop.services.proposals import find_proposal

    # Items go into a proposal, so into a library that exists: a mistyped --library is named,
    # not created empty ("no proposal is called 1" would read as if the proposal had vanished).
    # A dry run writes nothing, so a library that cannot be written is read as it is.
    library = (
        _open_to_read(args)
        if args.dry_run
        else _said_if_upgraded(open_library(_library_path(args), create=False))
    )
    file_name = file_text(args.file.name)  # its bytes that are not text shown as such
    proposal_id = find_proposal(library, args.proposal)
    report = import_items_file(
        library,
        proposal_id,
        args.file,
        sheet=args.sheet,
        mapping=parse_mapping_options(args.map),
        dry_run=args.dry_run,
    )
    for line in report.describe_errors():
        print(terminal_text(line), file=sys.stderr)
    if report.errors:
        print(
            f"Nothing was imported: {format_count(len(report.errors), 'problem')} in {file_name}.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    for skipped in report.skipped:
        shown = clip(skipped.text, 60)
        print(f"Skipped row {skipped.number} ({shown!r}): {skipped.reason}.", file=sys.stderr)
    for note in (report.left_out, report.describe_repeated(), report.describe_unpriced()):
        if note:
            print(f"Note: {terminal_text(note)}", file=sys.stderr)
    for unused in report.unused:
        rows = format_count(unused.rows, "item row")
        example = terminal_text(clip(unused.example, 30))
        header = terminal_text(unused.header)
        print(
            f"Column '{header}' {terminal_text(unused.why())}, yet holds values in {rows} "
            f"(e.g. '{example}'). To import it, say what it holds: --map '{header}=FIELD' "
            f"(import-items --help lists the fields); to leave it out: --map "
            f"'{header}=ignore'.",
            file=sys.stderr,
        )
    if report.stopped_by_unused:
        count = len(report.stopped_by_unused)
        print(
            f"Nothing {'would be' if args.dry_run else 'was'} imported: "
            f"{format_count(count, 'column')} of figures in "
            f"{file_name} {'has' if count == 1 else 'have'} no header; say what "
            f"{'it holds' if count == 1 else 'they hold'} with --map.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    if report.row_count == 0:
        print(
            # A quote left open is told apart by the reader, which names its row; the hint
            # about CSV quote marks that was here read oddly under a workbook.
            f"Nothing was imported: {file_name} has headings but no item rows under them.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    verb = "would import" if args.dry_run else "imported"
    print(f"{verb.capitalize()} {format_count(report.row_count, 'item')} from {file_name}.")
    return EXIT_OK


def _export_proposal(args: argparse.Namespace) -> int:
    from desktop.services.proposal_files import export_proposal_file
    from desktop.services.proposals import find_proposal

    library = _open_to_read(args)
    export_proposal_file(library, find_proposal(library, args.proposal), args.out)
    return EXIT_OK


def _import_proposal(args: argparse.Namespace) -> int:
    from desktop.services.proposal_files import (
        import_shared_document,
        name_as_stored,
        read_proposal_file,
    )

    # The file is read first: one that cannot be imported (or a mistyped --library) leaves no
    # new library behind, as import-json does.
    document = read_proposal_file(args.file)
    library, proposal_id = _imported(
        args, lambda library: import_shared_document(library(), document, Path(args.file))
    )
    print(proposal_id)
    _say_if_renamed(library, proposal_id, name_as_stored(document))
    return EXIT_OK


def _backups(args: argparse.Namespace) -> int:
    from desktop.services.backups import list_backups

    path = _library_path(args)
    backups = list_backups(path)
    if not backups and not path.exists():
        # A mistyped --library: "No backups of it yet" read as if the library were there.
        raise CommandError(f"There is no library at {path}, nor any backup of one.")
    if not backups:
        print(file_text(f"No backups of {path.name} yet."))
    for backup in backups:
        print(file_text(backup))
    return EXIT_OK


def _restore_backup(args: argparse.Namespace) -> int:
    from desktop.services.backups import restore_backup

    # What came in, what went and how to undo it: "Restored X." alone left a director whose
    # proposals had all been replaced with no word of where they were kept.
    print(restore_backup(args.backup, _library_path(args)).message())
    return EXIT_OK


# --- entry points ----------------------------------------------------------------------------


PROPOSAL_FILE_SUFFIXES = (".buyin", ".json")


def main(argv: Sequence[str] | None = None) -> int:
    _speak_utf8()
    arguments = list(sys.argv[1:] if argv is None else argv)
    if _plain_start(arguments):
        # "buyin" or "buyin --library PATH", as a shortcut or the installers start it: the app,
        # without building the parser of every subcommand first (a few ms of every start).
        from desktop.ui.app import run_gui

        return run_gui(Path(arguments[1]) if arguments else None)
    opened = _proposal_file_argument(arguments)
    if opened is not None:
        # "buyin Riverside.buyin": how the installers' file association starts the app.
        from desktop.ui.app import run_gui

        arguments.remove(str(opened))
        args = build_parser().parse_args(arguments)
        return run_gui(args.library, opened)
    parser = build_parser()
    args = parser.parse_args(arguments)
    if args.command is None:
        return _gui(args)
    return run_command(args)


def _plain_start(arguments: list[str]) -> bool:
    """Whether the arguments only start the app (none, or ``--library`` and a path)."""
    return not arguments or (
        len(arguments) == 2 and arguments[0] == "--library" and not arguments[1].startswith("-")
    )


def _speak_utf8() -> None:
    """Names, "€" and "−" must print on any console or pipe (Windows pipes default to cp1252)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def _proposal_file_argument(arguments: list[str]) -> Path | None:
    """The one plain argument naming a proposal file, if that is what the app was given."""
    plain = [
        argument
        for index, argument in enumerate(arguments)
        if not argument.startswith("-") and (index == 0 or arguments[index - 1] != "--library")
    ]
    if len(plain) == 1 and plain[0].lower().endswith(PROPOSAL_FILE_SUFFIXES):
        return Path(plain[0])
    return None


def run_command(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from desktop.services.editing import NotFoundError
    from desktop.services.fields import FieldError
    from desktop.services.library import (
        LibraryDiskError,
        LibraryError,
        disk_trouble,
        not_saved_message,
    )
    from desktop.services.proposal_format import ProposalFileError

    known: tuple[type[Exception], ...] = (
        CommandError, LibraryError, ProposalFileError, FieldError, NotFoundError,
    )  # fmt: skip
    try:
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except LibraryDiskError as error:  # a failure of the disk, not of what was typed
        print(terminal_text(f"buyin: {error}"), file=sys.stderr)
        return EXIT_FAILURE
    except known as error:
        print(terminal_text(f"buyin: {error}"), file=sys.stderr)
        return EXIT_BAD_INPUT
    except _extra_user_errors() as error:
        print(terminal_text(f"buyin: {error}"), file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader went away (e.g. `buyin summary --json | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILURE
    except OSError as error:
        print(
            file_text(f"buyin: {error.strerror or error}: {error.filename or ''}").rstrip(": "),
            file=sys.stderr,
        )
        # A folder, a device or the open library named as the file to write is a wrong --out,
        # bad input as a missing folder is; a full or read-only disk is a failure.
        return EXIT_BAD_INPUT if error.errno in (errno.EISDIR, errno.EEXIST) else EXIT_FAILURE
    except (sqlite3.Error, SQLAlchemyError) as error:
        trouble = disk_trouble(error)
        if trouble is not None:  # while the library was being made, upgraded or backed up
            print(f"buyin: {not_saved_message('The library', trouble)}", file=sys.stderr)
        elif "database is locked" in str(error):
            print(
                "buyin: the library is busy: another Buy-In window or command is saving to it. "
                "Nothing was changed; try again in a moment.",
                file=sys.stderr,
            )
        else:
            detail = str(error).split("\n")[0][:200]
            print(f"buyin: the library could not be read or written ({detail}).", file=sys.stderr)
        return EXIT_FAILURE


def _extra_user_errors() -> tuple[type[Exception], ...]:
    """User-facing error types of optional features, when those features are present."""
    found: list[type[Exception]] = []
    for module, name in (
        ("desktop.services.item_import", "SpreadsheetError"),
        ("desktop.services.proposal_files", "ProposalFileRefused"),
    ):
        try:
            found.append(getattr(__import__(module, fromlist=[name]), name))
        except (ImportError, AttributeError):
            continue
    return tuple(found)


def gui_main() -> int:
    """The windowed entry point (no console window on Windows); same arguments as ``buyin``."""
    return main()


if __name__ == "__main__":
    raise SystemExit(main())
