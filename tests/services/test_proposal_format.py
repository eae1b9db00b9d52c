"""The JSON proposal format: export then import gives the identical proposal; a bad file is
refused with the path of each problem and imports nothing."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from desktop.services.library import Library
from desktop.services.proposal_format import (
    ProposalFileError,
    export_document,
    import_document,
    import_file,
    read_document,
)
from desktop.services.proposals import list_proposals


def _without_name(document: dict) -> dict:  # type: ignore[type-arg]
    copy = json.loads(json.dumps(document))
    copy["proposal"].pop("name")
    return copy


def test_export_then_import_gives_an_identical_proposal(library: Library, sample_id: int) -> None:
    original = export_document(library, sample_id)
    copy_id = import_document(library, original)
    copy = export_document(library, copy_id)
    assert copy_id != sample_id
    assert copy["proposal"]["name"] == original["proposal"]["name"] + " (2)"
    assert _without_name(copy) == _without_name(original)


def test_the_exported_file_reads_back_byte_for_byte(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    from desktop.services.proposal_format import dump_document, write_document

    path = tmp_path / "riverside.json"
    write_document(export_document(library, sample_id), path)
    again = import_file(library, path, name="Second copy")
    second = tmp_path / "second.json"
    write_document(export_document(library, again), second)
    first_text = path.read_text(encoding="utf-8").replace(
        json.dumps(read_document(path)["proposal"]["name"], ensure_ascii=False), '"Second copy"'
    )
    assert second.read_text(encoding="utf-8") == first_text
    assert dump_document(read_document(second)) == second.read_text(encoding="utf-8")


def test_the_sample_keeps_every_link(library: Library, sample_id: int) -> None:
    from desktop.services.editing import link_state, list_rows, scenario_entries

    sample = json.loads(
        Path("resources/sample/riverside_one_to_one.json").read_text(encoding="utf-8")
    )
    items = list_rows(library, sample_id, "item")
    assert len(items) == len(sample["items"])
    for kind, key in (("goal", "goals"), ("risk", "risks"), ("metric", "metrics")):
        expected = sum(len(item.get(key, [])) for item in sample["items"])
        assert len(link_state(library, sample_id, kind)) == expected
    assert len(scenario_entries(library, sample_id)) == sum(
        len(scenario["items"]) for scenario in sample["scenarios"]
    )
    rationales = link_state(library, sample_id, "goal").values()
    assert all(rationales), "every goal link in the sample explains itself"


def _minimal() -> dict:  # type: ignore[type-arg]
    return json.loads(Path("resources/templates/one_to_one.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (
            lambda d: d["items"][2].update(quantity="-4"),
            'items[2].quantity (the 3rd item, "Charging and storage carts"): "-4" cannot be',
        ),
        (
            lambda d: d["items"][0].update(unit_cost="12.345"),
            'items[0].unit_cost (the 1st item, "Student Chromebook-class devices"): "12.345"'
            " has 3 decimal places; this field keeps at most 2",
        ),
        (  # it was told it "must be a number in digits", which it is
            lambda d: d["items"][0].update(quantity="1" + "0" * 30),
            'items[0].quantity (the 1st item, "Student Chromebook-class devices"): "1'
            + "0" * 30
            + '" is too large: at most 13 digits before the decimal point',
        ),
        (  # beside "must be a whole number", "1 was expected" read as if 1 had been refused
            lambda d: d.update(format_version="1"),
            'format_version: "1" must be 1',
        ),
        (
            lambda d: d["items"][0].update(unit_cost="1,200.00"),
            "(no currency symbol, no thousands separators)",
        ),
        (  # it asked for quotes first, and then refused "-4" as negative
            lambda d: d["items"][2].update(quantity=-4),
            'items[2].quantity (the 3rd item, "Charging and storage carts"): -4 cannot be negative',
        ),
        (
            lambda d: d["items"][0].update(quantity=5),
            'items[0].quantity (the 1st item, "Student Chromebook-class devices"): 5 must be'
            ' written in quotes, e.g. "5"',
        ),
        (
            lambda d: d["items"][0].update(lifespan_years=0),
            'items[0].lifespan_years (the 1st item, "Student Chromebook-class devices"): 0'
            " must be at least 1",
        ),
        (
            lambda d: d["items"][0].update(lifespan_years="four"),
            'items[0].lifespan_years (the 1st item, "Student Chromebook-class devices"):'
            ' "four" must be a whole number or null',
        ),
        (
            lambda d: d["proposal"].update(discount_rate="4%"),
            'proposal.discount_rate: "4%" must be a fraction in digits, e.g. "0.04" for 4 %',
        ),
        (
            lambda d: d["items"][0].update(name="x" * 100_000),
            'items[0].name (the 1st item, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…"): is'
            " 100,000 characters long; at most",
        ),
        (
            lambda d: d["risks"][1].update(likelihood_before="1.5"),
            'risks[1].likelihood_before (the 2nd risk, "Lost or stolen devices"): must be at'
            " most 100 %",
        ),
        (
            lambda d: d["items"][0]["goals"].append({"ref": "NOPE", "rationale": ""}),
            "matches no entry in goals",
        ),
        (lambda d: d["proposal"].update(horizon_years=0), "proposal.horizon_years"),
        (
            lambda d: d["items"][0].update(colour="red"),
            'items[0] (the 1st item, "Student Chromebook-class devices"): has fields this'
            ' format does not know: "colour"',
        ),
        (lambda d: d.update(format_version=7), "newer version of Buy-In"),
        (
            lambda d: d["funding"][0]["amounts"].update({"31": "100.00"}),
            "a plan year must be from 1 to 30",
        ),
        (  # the year, not its amount, is wrong: it read '"-1" cannot be negative'
            lambda d: d["funding"][0]["amounts"].update({"-1": "100.00"}),
            'funding[0].amounts (the 1st funding source, "General fund (maintenance and'
            ' operati…"): has the year "-1": plan years are written 1, 2, 3 … up to 30',
        ),
        (  # Python's \d took other scripts' digits, which the format does not allow
            lambda d: d["items"][0].update(unit_cost="\u0661\u0662\u0663"),
            "must be an amount in digits with at most 2 decimal",
        ),
        (  # it read 'NaN must be written in quotes, e.g. "nan"', and "nan" is refused too
            lambda d: d["items"][0].update(quantity=float("nan")),
            'items[0].quantity (the 1st item, "Student Chromebook-class devices"): NaN is not'
            " a number this field can take",
        ),
        (
            lambda d: d["items"][0].update(unit_cost=float("inf")),
            'items[0].unit_cost (the 1st item, "Student Chromebook-class devices"): Infinity'
            " is not a number this field can take",
        ),
    ],
    ids=[
        "negative-quantity",
        "sub-cent",
        "too-many-digits",
        "version-in-quotes",
        "thousands-separator",
        "negative-json-number",
        "number-not-text",
        "lifespan-zero",
        "lifespan-words",
        "percent-sign",
        "huge-name",
        "likelihood",
        "dangling-ref",
        "horizon",
        "typo",
        "newer",
        "year",
        "negative-year",
        "arabic-indic-digits",
        "nan",
        "infinity",
    ],
)
def test_a_bad_document_names_the_problem_and_imports_nothing(
    library: Library,
    damage,
    expected: str,  # type: ignore[no-untyped-def]
) -> None:
    document = _minimal()
    damage(document)
    with pytest.raises(ProposalFileError) as refused:
        import_document(library, document)
    assert any(expected in problem for problem in refused.value.problems), refused.value.problems
    # A message repeats a value only briefly, and never in the validator's own terms.
    for problem in refused.value.problems:
        assert len(problem) < 300 and "does not match" not in problem, problem
    assert list_proposals(library, with_figures=False) == []


def test_anything_but_a_file_is_refused_without_reading_it(
    library: Library, tmp_path: Path
) -> None:
    """A folder, a device that never ends, a pipe nobody writes to: refused at once, not read
    until memory runs out or for ever."""
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    for path in (tmp_path, Path("/dev/zero"), pipe):
        with pytest.raises(ProposalFileError, match="is not a file"):
            import_file(library, path)
    assert list_proposals(library, with_figures=False) == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{ not json", "is not valid JSON"),
        # json's own message ends in "at": it read "starting at at line 1".
        (b'{"name": "unfinished', r"Unterminated string starting at \(line 1, column 10\)"),
        # Said of the file as a whole: "(top level)" was a programmer's word for it.
        (b"[1, 2, 3]", r"\(the file as a whole\): must be one JSON object, \{ … \}, holding"),
        # Another program's JSON: its fields listed as unknown told the director nothing.
        (b"{}", r"\(the file as a whole\): is not a Buy-In proposal file"),
        (b'{"foo": 1, "bar": [2]}', r"\(the file as a whole\): is not a Buy-In proposal file"),
        (b"\xff\xfe\x00garbage", "is not UTF-8"),
        (b"[" * 100_000, "nested too deeply"),
        (b'{"students": ' + b"9" * 5000 + b"}", "holds a number with thousands of digits"),
        # json keeps the last of two equal keys: an emptied item list imported with no word.
        (
            b'{"format": "buyin-proposal", "items": [{"name": "A"}], "items": []}',
            "gives the key 'items' twice in one object",
        ),
    ],
    ids=[
        "syntax",
        "unterminated",
        "array",
        "empty-object",
        "another-programs-json",
        "binary",
        "deep",
        "endless-number",
        "repeated-key",
    ],
)
def test_malformed_files_get_a_clear_message(
    library: Library, tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    with pytest.raises(ProposalFileError, match=expected):
        import_file(library, path)
    assert list_proposals(library, with_figures=False) == []


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda d: d["items"][0]["goals"].append(dict(d["items"][0]["goals"][0])), "links goal"),
        (
            lambda d: d["scenarios"][0]["items"].append(dict(d["scenarios"][0]["items"][0])),
            "lists item",
        ),
        (lambda d: d["scenarios"][1].update(name=d["scenarios"][0]["name"]), "already called"),
        (  # the same name to a reader: a zero-width space inside does not show
            lambda d: d["scenarios"][1].update(name="L\u200b" + d["scenarios"][0]["name"][1:]),
            "already called",
        ),
        (  # two names refused as empty are each said so, not taken for one name (a crash)
            lambda d: [d["scenarios"][n].update(name=name) for n, name in enumerate("\u200b ")],
            "scenarios[1].name (the 2nd scenario): cannot be empty",
        ),
    ],
    ids=[
        "goal-twice",
        "scenario-item-twice",
        "scenario-names",
        "scenario-names-unseen",
        "scenario-names-empty",
    ],  # fmt: skip
)
def test_repeated_links_and_names_are_refused_not_crashed_on(
    library: Library,
    sample_id: int,
    damage,
    expected: str,  # type: ignore[no-untyped-def]
) -> None:
    document = export_document(library, sample_id)
    damage(document)
    with pytest.raises(ProposalFileError) as refused:
        import_document(library, document)
    assert any(expected in problem for problem in refused.value.problems), refused.value.problems
    assert len(list_proposals(library, with_figures=False)) == 1


def test_exported_files_can_be_shared(library: Library, sample_id: int, tmp_path: Path) -> None:
    """An export is not private to its writer: it gets the usual permissions of a new file."""
    import os
    import stat

    from desktop.services.proposal_format import write_document

    umask = os.umask(0o022)
    try:
        path = tmp_path / "shared.json"
        write_document(export_document(library, sample_id), path)
    finally:
        os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_a_proposal_with_only_blank_rows_round_trips(library: Library) -> None:
    """Whatever the editor accepts, the file format holds: blank rows, an empty district."""
    from desktop.services import editing
    from desktop.services.proposals import create_proposal, delete_proposal, restore_proposal

    proposal_id = create_proposal(library, "Blank")
    for entity in ("goal", "risk", "metric", "item", "funding_source", "scenario"):
        editing.add_row(library, proposal_id, entity, {})
    before = export_document(library, proposal_id)
    restored = restore_proposal(library, delete_proposal(library, proposal_id))
    assert export_document(library, restored) == before


def test_a_proposal_the_engine_cannot_compute_is_refused_whole(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """Each value within its own limit, the whole past the engine's: 30 years of prices
    doubling. Imported, it showed no figures and refused every export until fixed."""
    from desktop.services.proposal_format import write_document

    document = export_document(library, sample_id)
    document["proposal"].update(horizon_years=30, purchase_escalation_rate="1")
    path = tmp_path / "doubling.json"
    write_document(document, path)
    before = list_proposals(library, with_figures=False)
    with pytest.raises(ProposalFileError) as refused:
        import_file(library, path)
    assert any(
        "comes to more than $1,000,000,000,000 in a year" in problem
        for problem in refused.value.problems
    ), refused.value.problems
    assert list_proposals(library, with_figures=False) == before


def test_a_proposal_being_fixed_can_still_be_duplicated_and_its_deletion_undone(
    library: Library, sample_id: int
) -> None:
    """Only files from elsewhere are refused when the engine cannot compute them. The app lets
    a proposal be in that state while it is fixed (900,000 units at $1,000,000, prices rising
    25% a year, as an earlier Buy-In could save): refusing its copy lost it for good when a
    deletion was undone."""
    from desktop.services.proposals import delete_proposal, duplicate_proposal, restore_proposal
    from tests.services.limit_support import put_past_the_limit

    put_past_the_limit(library, sample_id)
    copy = duplicate_proposal(library, sample_id)
    deleted = delete_proposal(library, sample_id)
    restored = restore_proposal(library, deleted)
    names = sorted(p.name for p in list_proposals(library, with_figures=False))
    assert names == sorted([deleted.name, f"Copy of {deleted.name}"])
    assert export_document(library, restored)["items"][0]["quantity"] == "900000"
    assert copy != restored


def test_a_value_with_a_trailing_newline_is_refused_as_the_schema_means() -> None:
    """A ref of "SP1\\n" passed the schema's pattern (Python's "$" matches before a final
    newline, JSON Schema's does not); the item's link to "SP1" then "matched no entry in goals",
    which a reader of the file could not see. It is refused where it stands."""
    import json as _json

    from desktop.services.proposal_format import ProposalFileError, _check_and_parse

    document = _json.loads(Path("resources/sample/riverside_one_to_one.json").read_text())
    document["goals"][0]["ref"] += "\n"
    with pytest.raises(ProposalFileError) as refused:
        _check_and_parse(document)
    (problem,) = refused.value.problems
    assert problem.startswith("goals[0].ref (the 1st goal")
    assert "must be 1 to 40 letters, digits" in problem


def test_nesting_deep_enough_for_json_but_not_for_the_checks_is_refused_by_name(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """600 levels pass the JSON reader and overflowed the schema check with a traceback."""
    document = export_document(library, sample_id)
    text = json.dumps(document)
    nested = text.replace('"district": ', '"district": ' + "[" * 600 + "]" * 600 + ', "x": ', 1)
    path = tmp_path / "deep.json"
    path.write_text(nested, encoding="utf-8")
    count = len(list_proposals(library, with_figures=False))
    with pytest.raises(ProposalFileError, match="nested too deeply"):
        import_file(library, path)
    assert len(list_proposals(library, with_figures=False)) == count


def test_a_file_with_thousands_of_problems_is_refused_without_listing_them_all(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """30,000 bad items were each checked, described and sorted (a small file of 600,000 bad
    keys took 2.5 GB) to show twenty. The check stops counting and says "at least"."""
    document = export_document(library, sample_id)
    document["items"] = [{"name": 5, "category": "nope"} for _ in range(5_000)]
    path = tmp_path / "many.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ProposalFileError) as refused:
        import_file(library, path)
    assert refused.value.stopped
    assert re.fullmatch(r"  … and at least [0-9,]+ more", str(refused.value).splitlines()[-1])


@pytest.mark.parametrize(
    ("start", "said"),
    [
        (b"SQLite format 3\x00" + bytes(84), "is a shared proposal (.buyin) or a library"),
        (b"PK\x03\x04" + bytes(26), "is a spreadsheet or another zipped file"),
        (b"%PDF-1.4\n", "is a PDF document"),
    ],
    ids=["shared-file", "spreadsheet", "pdf"],
)
def test_a_file_of_another_kind_is_named_for_what_it_is(
    library: Library, tmp_path: Path, start: bytes, said: str
) -> None:
    """A .buyin, a workbook or a PDF picked for a proposal file was "not UTF-8 text (byte 10)",
    which says nothing of what to do."""
    path = tmp_path / "picked.json"
    path.write_bytes(start + b"\xff\xfe rest of the file")
    with pytest.raises(ProposalFileError, match=re.escape(said)) as refused:
        import_file(library, path)
    assert "UTF-8" not in str(refused.value)
    assert list_proposals(library, with_figures=False) == []


def test_a_source_not_yet_secured_is_shared_as_such_and_an_older_file_reads_as_secured(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """Whether a grant is awarded travels with the proposal; a file written before sources
    said so (no "secured" key) reads every source as secured, as the library held them."""
    from desktop.services.editing import list_rows, update_row
    from desktop.services.snapshot import proposal_input

    sources = list_rows(library, sample_id, "funding_source")
    assert all(row["secured"] for row in sources)
    grant = next(row for row in sources if row["kind"].value == "grant")
    document = export_document(library, sample_id)
    assert all("secured" not in entry for entry in document["funding"])  # an older file's shape
    update_row(library, "funding_source", grant["id"], {"secured": "No"})
    shared = export_document(library, sample_id)
    marked = [entry for entry in shared["funding"] if "secured" in entry]
    assert [(entry["name"], entry["secured"]) for entry in marked] == [(grant["name"], False)]
    copy = import_document(library, shared)
    assert [s.name for s in proposal_input(library, copy).funding if not s.secured] == [
        grant["name"]
    ]
    older = import_document(library, document)
    assert all(s.secured for s in proposal_input(library, older).funding)
    # A value that is not true or false is refused by name.
    shared["funding"][0]["secured"] = "perhaps"
    with pytest.raises(ProposalFileError, match=r"funding\[0\]\.secured|secured"):
        import_document(library, shared)


@pytest.mark.parametrize(
    ("key", "written", "expected"),
    [
        ("students", "1e400", "proposal.students: the number is too large"),
        ("students", "-1e400", "proposal.students: the number is too far below zero"),
        ("discount_rate", "1e400", "proposal.discount_rate: the number is too large"),
    ],
)
def test_a_number_too_large_for_any_figure_is_said_to_be_too_large(
    library: Library, sample_id: int, tmp_path: Path, key: str, written: str, expected: str
) -> None:
    """`"students": 1e400` was refused as "Infinity must be a whole number": the file says no
    Infinity, and the number is whole; it is only far too large."""
    document = export_document(library, sample_id)
    document["proposal"][key] = "PLACEHOLDER"
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(document).replace('"PLACEHOLDER"', written), encoding="utf-8")
    with pytest.raises(ProposalFileError) as refused:
        import_file(library, path)
    assert refused.value.problems == [expected]
    assert len(list_proposals(library, with_figures=False)) == 1


def test_a_file_whose_plan_totals_no_spreadsheet_can_carry_is_not_imported(
    library: Library,
) -> None:
    """Each item within the yearly limit, twenty of them at 200,000 × $1,000,000 a year came to
    $21 trillion: imported, the proposal showed no figures and refused every export."""
    document = _minimal()
    for item in document["items"]:
        item.update(quantity="200000", recurring_unit_cost="1000000")
    with pytest.raises(ProposalFileError) as refused:
        import_document(library, document, computable=True)
    [problem] = refused.value.problems
    assert problem.startswith("The plan's total cost comes to $21,")
    assert "past the $10,000,000,000,000 the figures can carry to the cent" in problem
    assert list_proposals(library, with_figures=False) == []


@pytest.mark.parametrize("first_has_figures", [True, False])
def test_metrics_that_leave_out_different_figures_keep_every_one_given(
    library: Library, first_has_figures: bool
) -> None:
    """Baseline, target and target year are optional. A metric giving them after one that left
    them out lost them without a word; one leaving them out after one that gave them stopped
    the import with a database message blaming the library."""
    measured = {"ref": "m1", "name": "Help-desk tickets a week", "area": "end_user_productivity",
                "baseline": "40", "target": "10", "target_year": 2029}  # fmt: skip
    bare = {"ref": "m2", "name": "Uptime", "area": "business_results"}
    document = {
        "format": "buyin-proposal",
        "format_version": 1,
        "proposal": {
            "name": "Two metrics",
            "district": "D",
            "initiative": "one_to_one",
            "fiscal_year_start": 2027,
            "horizon_years": 3,
            "students": 900,
            "discount_rate": "0.03",
            "currency": "USD",
        },  # fmt: skip
        "metrics": [measured, bare] if first_has_figures else [bare, measured],
    }
    imported = export_document(library, import_document(library, document, computable=True))
    by_name = {metric["name"]: metric for metric in imported["metrics"]}
    kept = by_name["Help-desk tickets a week"]
    assert (kept["baseline"], kept["target"], kept["target_year"]) == ("40", "10", 2029)
    left_out = by_name["Uptime"]
    assert (left_out["baseline"], left_out["target"], left_out["target_year"]) == (None,) * 3


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (
            b"Item,Quantity,Unit cost\nAccess point,10,450\n",
            "is not a proposal file: it reads as a spreadsheet's rows (CSV). A vendor's quote is "
            "imported on the Items step (Import…), or with `buyin import-items`",
        ),
        (
            '{"format": "buyin-proposal"}'.encode("utf-16"),
            "is saved as UTF-16 text, and a proposal file is UTF-8: save it again as UTF-8",
        ),
    ],
    ids=["csv", "utf-16"],
)
def test_text_that_is_not_a_proposal_file_says_what_it_is(
    library: Library, tmp_path: Path, content: bytes, said: str
) -> None:
    """A CSV quote picked for a proposal file was "not valid JSON: Expecting value (line 1,
    column 1)", and a file saved as UTF-16 "not UTF-8 text (byte 0)"."""
    path = tmp_path / "picked.json"
    path.write_bytes(content)
    with pytest.raises(ProposalFileError, match=re.escape(said)) as refused:
        import_file(library, path)
    assert "Expecting value" not in str(refused.value) and "byte 0" not in str(refused.value)
    assert list_proposals(library, with_figures=False) == []


def test_a_proposal_file_after_two_byte_order_marks_still_imports(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """Saved with a second mark by an editor, the file was refused as "Unexpected UTF-8 BOM
    (decode using utf-8-sig)", Python's words."""
    from desktop.services.proposal_format import dump_document

    path = tmp_path / "twice.json"
    text = dump_document(export_document(library, sample_id))
    path.write_bytes(b"\xef\xbb\xbf\xef\xbb\xbf" + text.encode("utf-8"))
    copy_id = import_file(library, path)
    assert (
        export_document(library, copy_id)["items"] == export_document(library, sample_id)["items"]
    )


def test_a_proposal_file_cut_short_is_said_to_be_cut_short(
    library: Library, tmp_path: Path
) -> None:
    """A copy or download that did not finish leaves the file's end missing: the refusal says
    so, and where it stops, instead of only json's "Expecting ',' delimiter"."""
    whole = Path("resources/sample/riverside_one_to_one.json").read_text(encoding="utf-8")
    cut = tmp_path / "cut.json"
    for length in (len(whole) * 3 // 5, len(whole) - 3):
        cut.write_text(whole[:length], encoding="utf-8")
        with pytest.raises(ProposalFileError) as refused:
            import_file(library, cut)
        assert "stops part-way through" in str(refused.value)
        assert "copy or download it again" in str(refused.value)
    # A mistake inside a file that goes on to its end is not called cut short.
    broken = tmp_path / "broken.json"
    broken.write_text(whole.replace('"name":', '"name"', 1), encoding="utf-8")
    with pytest.raises(ProposalFileError) as refused:
        import_file(library, broken)
    assert "is not valid JSON" in str(refused.value)
    assert "part-way" not in str(refused.value)
    assert list_proposals(library, with_figures=False) == []
