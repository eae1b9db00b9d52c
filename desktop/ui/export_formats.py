"""What the Export step can make, and making it: the format table, file names, and the writer
that runs on a worker thread (no widgets here).

Each format names the module and function that produce it; those are imported only when an
export is checked or made, because the PDF and spreadsheet libraries are heavy. Every file is
written through ``write_atomically``, so a failed export leaves no half-written file.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.memory import release_freed_memory
from desktop.wording import DIRECTION_CONTROLS, INVISIBLE_PADDING, clip_middle

if TYPE_CHECKING:
    from desktop.finance.inputs import ProposalInput
    from desktop.finance.result import ProposalResult
    from desktop.services.library import Library
    from desktop.ui.workers import ProgressReporter

NOT_AVAILABLE = "not available in this version"
_NAMES = frozenset({"Excel"})  # a label's first words that keep their capital in a sentence


@dataclass(frozen=True, slots=True)
class ExportFormat:
    key: str
    label: str
    description: str
    suffix: str
    file_filter: str
    module: str  # where the export function lives
    function: str
    uses_paper: bool = False
    # Made from the figures (the PDF and spreadsheets), not from the stored proposal alone;
    # every export, these or not, waits for a proposal whose figures can be worked out.
    needs_figures: bool = True

    @property
    def in_a_sentence(self) -> str:
        """The label inside a sentence ("Save the full business case (PDF)"; it read "Save the
        Full business case"): its first word in lower case, unless that is a name ("Excel")."""
        first, space, rest = self.label.partition(" ")
        return self.label if first in _NAMES else first.lower() + space + rest


EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat(
        "full_pdf",
        "Full business case (PDF)",
        "The whole case for the CFO and the board: summary, costs, return, funding, risks, "
        "plan alignment, metrics and every item.",
        ".pdf",
        "PDF document (*.pdf)",
        "desktop.report",
        "render_business_case",
        uses_paper=True,
    ),
    ExportFormat(
        "handout_pdf",
        "Two-page handout (PDF)",
        "The ask, the headline figures and the charts on two pages, to hand the CFO.",
        ".pdf",
        "PDF document (*.pdf)",
        "desktop.report",
        "render_business_case",
        uses_paper=True,
    ),
    ExportFormat(
        "workbook",
        "Excel workbook (.xlsx)",
        "Every figure by year, item, category, funding source and scenario, for the CFO's staff.",
        ".xlsx",
        "Excel workbook (*.xlsx)",
        "desktop.sheets",
        "workbook_bytes",
    ),
    ExportFormat(
        "items_csv",
        "Items (CSV)",
        "One line per item with its costs, for any spreadsheet or purchasing system.",
        ".csv",
        "Comma-separated values (*.csv)",
        "desktop.sheets",
        "items_csv_text",
    ),
    ExportFormat(
        "proposal_json",
        "Proposal file (.json)",
        "The proposal's data in the open Buy-In format, readable by other tools.",
        ".json",
        "Proposal file (*.json)",
        "desktop.services.proposal_files",
        "json_document",
        needs_figures=False,
    ),
    ExportFormat(
        "shareable",
        "Shareable proposal (.buyin)",
        "One file a colleague can open in their own copy of Buy-In.",
        ".buyin",
        "Buy-In proposal (*.buyin)",
        "desktop.services.proposal_files",
        "export_proposal_file",
        needs_figures=False,
    ),
)
FORMATS_BY_KEY = {export.key: export for export in EXPORT_FORMATS}
PAPERS = (("letter", "Letter (8.5 × 11 in)"), ("a4", "A4 (210 × 297 mm)"))


class ExportProblem(Exception):
    """An export that cannot be made; the message is written for the director."""


def export_function(export: ExportFormat) -> Any | None:
    """The function that makes this export, or None when this version does not have it."""
    try:
        module = importlib.import_module(export.module)
    except ImportError:
        return None
    return getattr(module, export.function, None)


# The names Windows keeps for devices, whatever follows their first dot ("NUL.txt" is NUL):
# with the digits 0-9 and the superscripts ¹ ² ³ after COM and LPT, and the console's own.
_RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{n}" for port in ("COM", "LPT") for n in "0123456789\u00b9\u00b2\u00b3"}
)
# How long a suggested name's stem may be. Each file system takes 255 bytes (or UTF-16 units)
# a name, and Windows paths stop at 260 characters (Excel's at 218) with the folder counted:
# 80 characters leaves the folder room, and 200 bytes in UTF-8 (an 80-letter Chinese name has
# 240) leaves room for " proposal - handout.pdf".
STEM_CHARACTERS = 80
STEM_BYTES = 200


def _fits(stem: str) -> bool:
    return (
        len(stem.encode("utf-16-le")) // 2 <= STEM_CHARACTERS
        and len(stem.encode("utf-8")) <= STEM_BYTES
    )


def _shortened(stem: str) -> str:
    """``stem`` cut in its middle until it fits (both ends of a name tell proposals apart)."""
    limit = len(stem)
    cut = stem
    while not _fits(cut):
        limit -= 1
        cut = clip_middle(stem, limit)
    return cut


def _not_a_device(stem: str) -> str:
    """``stem`` with " proposal" after its first word when that word names a device on Windows:
    "CON" is a device, not a file, and so is "NUL.txt" or "Con. Ed" (the word before the first
    dot is what counts). Done before the name is shortened, so the longer name still fits; the
    shortening keeps a name's start, so it cannot make a device of it again."""
    device, dot, rest = stem.partition(".")
    word = device.rstrip(" ")
    if word.upper() not in _RESERVED_NAMES:
        return stem
    return f"{word} proposal{device[len(word) :]}{dot}{rest}"


def suggested_file_name(proposal_name: str, export: ExportFormat) -> str:
    """A file name made from the proposal's name, safe on Windows and macOS."""
    ratio_kept = re.sub(r"(?<=\d):(?=\d)", "-", proposal_name)  # "1:1" reads as "1-1", not "1 1"
    # Characters Windows or macOS refuse, and the invisible ones that reorder how a name reads
    # ("\u202e" could show "case.pdf" for a file whose name ends in "fdp.esac").
    unsafe = rf'[<>:"/\\|?*\x00-\x1f{DIRECTION_CONTROLS}]+'
    # Zero-width spaces, byte-order marks and the like only hide in a file's name (the joiners
    # an emoji or a script needs are kept).
    spaced = re.sub(f"[{INVISIBLE_PADDING}]", "", re.sub(unsafe, " ", ratio_kept))
    stem = _shortened(_not_a_device(" ".join(spaced.split()).strip(" .") or "Proposal"))
    if export.key == "handout_pdf":
        stem += " - handout"
    elif export.key == "items_csv":
        stem += " - items"
    return stem + export.suffix


def with_suffix(path: Path, export: ExportFormat) -> Path:
    """Add the format's extension when the typed name lacks it ("case" → "case.pdf")."""
    return (
        path if path.suffix.lower() == export.suffix else path.with_name(path.name + export.suffix)
    )


def produce_export(
    export: ExportFormat,
    library: Library,
    proposal_id: int,
    data: ProposalInput | None,
    result: ProposalResult | None,
    paper: str,
    path: Path,
    report: ProgressReporter,
) -> Path:
    """Make one export and write it to ``path`` atomically (runs on a worker thread)."""
    try:
        from desktop.services.files import write_atomically

        function = export_function(export)
        if function is None:
            raise ExportProblem(f"{export.label} is {NOT_AVAILABLE}.")
        if not path.parent.is_dir():
            raise ExportProblem(f"The folder {path.parent} does not exist.")
        if export.needs_figures and (data is None or result is None):
            report(10, "Working out the figures…")
            data, result = _recompute(library, proposal_id)
        report(30, "Preparing the file…")
        if export.key in ("full_pdf", "handout_pdf"):
            payload: bytes = function(
                data, result, handout=export.key == "handout_pdf", paper=paper
            )
        elif export.key == "workbook":
            payload = function(data, result)
        elif export.key == "items_csv":
            payload = function(data, result).encode("utf-8")
        elif export.key == "proposal_json":
            from desktop.services.proposal_format import dump_document

            payload = dump_document(function(library, proposal_id)).encode("utf-8")
        else:  # the shareable file: its service writes it (atomically) itself
            report(60, "Writing the file…")
            function(library, proposal_id, path)
            report(100, "Saved")
            return path
        report(80, "Writing the file…")
        write_atomically(path, payload)
        report(100, "Saved")
        return path
    finally:
        # A large proposal's PDF or workbook frees tens of megabytes of layout as it finishes;
        # handed back now (off the window's thread), the next export does not start above it.
        release_freed_memory()


def _recompute(library: Library, proposal_id: int) -> tuple[ProposalInput, ProposalResult]:
    from desktop.finance import ValidationError, compute
    from desktop.services.snapshot import proposal_input
    from desktop.services.wizard import plain_issue

    data = proposal_input(library, proposal_id)
    try:
        return data, compute(data)
    except ValidationError as error:
        first = "; ".join(plain_issue(issue) for issue in error.issues[:3])
        more = len(error.issues) - 3
        extra = f" (and {more} more)" if more > 0 else ""
        raise ExportProblem(
            f"the figures cannot be worked out until these problems are fixed: {first}{extra}"
        ) from error


def describe_failure(error: BaseException) -> str:
    """The reason an export failed, in words (no traceback)."""
    if isinstance(error, NotImplementedError):  # a format whose module is still a placeholder
        return f"this export is {NOT_AVAILABLE}"
    if isinstance(error, OSError):
        reason = error.strerror or str(error)
        return f"{reason} ({error.filename})" if error.filename else reason
    return str(error) or type(error).__name__


def sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", ")")) else text + "."


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"
