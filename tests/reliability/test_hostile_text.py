"""Every hostile string in every text field of every entity, through every way out of the app.

Each round puts a different hostile string into each text field (rotating, so after as many
rounds as there are strings every field has held every string) through the real editing services,
then checks: the database holds exactly what ``parse_field`` promises (control characters removed,
single-line fields' whitespace collapsed, nothing else changed; too-long text refused by name with
the old value kept), the JSON export → import round trip gives the same text, the finance engine
computes, and the CSV, XLSX and PDF exports succeed with the text intact (a leading apostrophe on
formula-like text is the one allowed change in spreadsheets).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest

from desktop.finance import compute
from desktop.finance.money import ISO_4217
from desktop.services.editing import (
    RATIONALE_FIELD,
    list_rows,
    set_link,
    update_proposal,
    update_row,
)
from desktop.services.fields import ENTITY_FIELDS, FieldError, FieldSpec
from desktop.services.library import Library
from desktop.services.proposal_format import (
    ProposalFileError,
    dump_document,
    export_document,
    import_document,
    parse_document_text,
)
from desktop.services.proposals import delete_proposal, proposal_basics
from desktop.services.snapshot import proposal_input
from tests.hostile_strings import (
    CONTROL_CHARACTERS,
    FORMULA_STARTERS,
    HOSTILE_CASES,
    HOSTILE_STRINGS,
)
from tests.reliability.support import DEEP

TEXT_FIELDS: list[tuple[str, FieldSpec]] = [
    (entity, spec)
    for entity, specs in ENTITY_FIELDS.items()
    for spec in specs
    if spec.type in ("text", "long_text")
]
ROUNDS = len(HOSTILE_STRINGS)
_CONTROL = re.compile("[" + re.escape(CONTROL_CHARACTERS) + "]")
# Characters XML 1.0 forbids (xlsx is XML): C0 controls other than tab/newlines, U+FFFE, U+FFFF.
# Zero-width padding, listed here rather than read from the code it checks: the soft hyphen,
# the grapheme joiner, the Hangul and Mongolian fillers, the zero-width space, the word joiner
# and invisible operators, the braille blank and the byte-order mark. (Direction marks and
# the joiners that shape text are not padding and stay.)
_PADDING = "\u00ad\u034f\u115f\u1160\u180e\u200b\u2060-\u2064\u2800\u3164\ufeff\uffa0"
_PADDED_ENDS = re.compile(f"^[\\s{_PADDING}]+|[\\s{_PADDING}]+$")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def expected_text(spec: FieldSpec, raw: str) -> str | None:
    """What ``parse_field`` promises to store for ``raw``, or None if it must refuse it."""
    text = _CONTROL.sub("", raw)
    if spec.type == "text":
        # Any line break (CR, NEL, U+2028/9 as well as "\n") or tab joins the runs of spaces.
        breaks = ("\n", "\r", "\t", "\x85", "\u2028", "\u2029")
        text = " ".join(text.split()) if any(b in text for b in breaks) else text
        text = _PADDED_ENDS.sub("", text)  # zero-width padding goes with the spaces
    if spec.required and not text.strip():
        return None
    if spec.name == "currency":
        code = text.upper()
        return code if re.fullmatch(r"[A-Z]{3}", code) and code in ISO_4217 else None
    return text if len(text) <= spec.max_length else None


def strings_for_round(round_number: int) -> Iterator[tuple[str, FieldSpec, str]]:
    for index, (entity, spec) in enumerate(TEXT_FIELDS):
        yield entity, spec, HOSTILE_STRINGS[(index + round_number) % ROUNDS]


def first_row_ids(library: Library, proposal_id: int) -> dict[str, int]:
    ids = {}
    for entity in ENTITY_FIELDS:
        if entity != "proposal":
            rows = list_rows(library, proposal_id, entity)
            assert rows, f"the sample has no {entity}"
            ids[entity] = rows[0]["id"]
    return ids


def stored_text(library: Library, proposal_id: int, entity: str, row_id: int, name: str) -> Any:
    if entity == "proposal":
        return proposal_basics(library, proposal_id)[name]
    rows = list_rows(library, proposal_id, entity)
    return next(row[name] for row in rows if row["id"] == row_id)


def all_text(library: Library, proposal_id: int) -> dict[tuple[str, int, str], str]:
    """Every text field of the proposal, keyed by (entity, position, field)."""
    found = {}
    basics = proposal_basics(library, proposal_id)
    for entity, spec in TEXT_FIELDS:
        if entity == "proposal":
            if spec.name != "name":  # an import renames the copy
                found[(entity, 0, spec.name)] = basics[spec.name]
            continue
        for position, row in enumerate(list_rows(library, proposal_id, entity)):
            found[(entity, position, spec.name)] = row[spec.name]
    return found


def apply_round(
    library: Library, proposal_id: int, ids: dict[str, int], round_number: int
) -> dict[tuple[str, str], str]:
    """Type this round's strings into every text field; returns what each field now holds.

    Text the rules refuse is typed field by field and must be refused by name, changing nothing;
    the accepted text of each entity goes in as one edit (one commit per entity keeps the round
    quick on disks where every commit waits for fsync)."""
    holding: dict[tuple[str, str], str] = {}
    accepted: dict[str, dict[str, str]] = {}
    for entity, spec, raw in strings_for_round(round_number):
        row_id = ids.get(entity, proposal_id)
        wanted = expected_text(spec, raw)
        if wanted is not None:
            accepted.setdefault(entity, {})[spec.name] = raw
            holding[(entity, spec.name)] = wanted
            continue
        before = stored_text(library, proposal_id, entity, row_id, spec.name)
        with pytest.raises(FieldError) as refused:
            edit(library, proposal_id, entity, row_id, {spec.name: raw})
        assert spec.label in str(refused.value)
        assert stored_text(library, proposal_id, entity, row_id, spec.name) == before
        holding[(entity, spec.name)] = before
    for entity, changes in accepted.items():
        edit(library, proposal_id, entity, ids.get(entity, proposal_id), changes)
    current = all_text(library, proposal_id)
    for (entity, name), wanted in holding.items():
        if entity != "proposal" or name != "name":
            # ids are each entity's first row: position 0 (the proposal is its own row 0)
            position = 0
            assert current[(entity, position, name)] == wanted, f"{entity}.{name}"
    assert proposal_basics(library, proposal_id)["name"] == holding[("proposal", "name")]
    return holding


def edit(
    library: Library, proposal_id: int, entity: str, row_id: int, changes: dict[str, str]
) -> None:
    if entity == "proposal":
        update_proposal(library, proposal_id, changes)
    else:
        update_row(library, entity, row_id, changes)


def check_spreadsheets(data: Any, result: Any, holding: dict[tuple[str, str], str]) -> list[str]:
    """Problems found in the CSV and XLSX exports (collected, so one run lists them all)."""
    sheets = pytest.importorskip("desktop.sheets")
    openpyxl = pytest.importorskip("openpyxl")
    rows = list(csv.reader(io.StringIO(sheets.items_csv_text(data, result))))
    csv_cells = {cell for row in rows for cell in row}
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(sheets.workbook_bytes(data, result)))
    except Exception as error:  # a workbook Excel cannot open is the failure under test
        outside_xml = sorted({t for t in holding.values() if _NOT_XML.search(t)})
        return [
            f"the workbook cannot be read back ({error}); text not allowed in XML: {outside_xml!r}"
        ]
    xlsx_cells = {
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.data_type != "f"
    }
    item_name = holding[("item", "name")]
    shown = "'" + item_name if item_name.startswith(FORMULA_STARTERS) else item_name
    problems = []
    # XML (so xlsx) cannot carry U+FFFE/U+FFFF at all: dropping them is the workbook's one other
    # allowed change; the CSV keeps every character.
    in_workbook = _NOT_XML.sub("", shown)
    for what, cells, wanted in (("CSV", csv_cells, shown), ("workbook", xlsx_cells, in_workbook)):
        if wanted not in cells:
            problems.append(f"item name {item_name!r} not intact in the {what}")
        formula_like = {
            c for c in cells if c in holding.values() and c.startswith(FORMULA_STARTERS)
        }
        if formula_like:
            problems.append(f"text left as a formula in the {what}: {formula_like!r}")
    return problems


def check_pdf(data: Any, result: Any, holding: dict[tuple[str, str], str]) -> None:
    report = pytest.importorskip("desktop.report")
    pypdf = pytest.importorskip("pypdf")
    for handout in (False, True):
        pdf = report.render_business_case(data, result, handout=handout)
        assert pdf.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(report.render_business_case(data, result)))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    item_name = holding[("item", "name")]
    if item_name in (HOSTILE_CASES["markup_bold_entity"], HOSTILE_CASES["script_tag"]):
        # Markup shows as typed, never interpreted (an <b> would vanish, &amp; become &).
        assert re.sub(r"\s+", "", item_name) in text


def test_hostile_text_is_stored_exported_and_reimported_intact(
    library: Library, sample_id: int
) -> None:
    ids = first_row_ids(library, sample_id)
    # Exports take about a second per round; every 5th round still sends every string out
    # (each round spans a window of consecutive strings). BUYIN_DEEP=1 exports every round.
    pdf_rounds = {0, *(r for r in range(ROUNDS) if is_markup_on_item_name(r))}
    problems: list[str] = []
    for round_number in range(ROUNDS):
        holding = apply_round(library, sample_id, ids, round_number)
        rationale = HOSTILE_STRINGS[round_number]
        try:
            set_link(library, "goal", ids["item"], ids["goal"], True, rationale)
        except FieldError as error:
            assert expected_text(RATIONALE_FIELD, rationale) is None
            assert RATIONALE_FIELD.label in str(error)

        if not (DEEP or round_number % 5 == 0 or round_number in pdf_rounds):
            continue
        problems += check_json_round_trip(library, sample_id, round_number)
        data = proposal_input(library, sample_id)
        result = compute(data)
        assert result.tco_total > 0
        problems += check_spreadsheets(data, result, holding)
        if DEEP or round_number in pdf_rounds:
            check_pdf(data, result, holding)
    assert not problems, "\n".join(problems)


def check_json_round_trip(library: Library, proposal_id: int, round_number: int) -> list[str]:
    """The proposal file's text parses back and imports to the very same text."""
    document = parse_document_text(dump_document(export_document(library, proposal_id)))
    try:
        copy_id = import_document(library, document, name=f"Round trip {round_number}")
    except ProposalFileError as error:
        return [f"round {round_number}: the app's own export was refused on import: {error}"]
    try:
        if all_text(library, copy_id) != all_text(library, proposal_id):
            return [f"round {round_number}: the JSON round trip changed some text"]
        return []
    finally:
        delete_proposal(library, copy_id)


def is_markup_on_item_name(round_number: int) -> bool:
    markup = (HOSTILE_CASES["markup_bold_entity"], HOSTILE_CASES["script_tag"])
    return any(
        entity == "item" and spec.name == "name" and raw in markup
        for entity, spec, raw in strings_for_round(round_number)
    )


def test_every_hostile_string_reaches_every_text_field() -> None:
    """The rotation above really covers the whole grid (fields × strings)."""
    seen = {
        (entity, spec.name, raw)
        for round_number in range(ROUNDS)
        for entity, spec, raw in strings_for_round(round_number)
    }
    assert len(seen) == len(TEXT_FIELDS) * len(set(HOSTILE_STRINGS))


def test_a_link_rationale_the_app_accepts_survives_the_proposal_file(
    library: Library, sample_id: int
) -> None:
    """Whatever the editor stores, the app's own proposal file must carry back in."""
    ids = first_row_ids(library, sample_id)
    longest = "r" * RATIONALE_FIELD.max_length
    set_link(library, "goal", ids["item"], ids["goal"], True, longest)
    assert check_json_round_trip(library, sample_id, 0) == []
