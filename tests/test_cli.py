"""The headless ``buyin`` command: what scripts and CFO staff rely on."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop.cli import main

SAMPLE = Path("resources/sample/riverside_one_to_one.json")
CENT = Decimal("0.01")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _changed_sample(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, change: Callable[[dict[str, Any]], None]
) -> Path:
    """A library holding the sample proposal file as ``change`` leaves it, imported."""
    document = json.loads(SAMPLE.read_text(encoding="utf-8"))
    change(document)
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(document), encoding="utf-8")
    library = tmp_path / "lib.buyinlib"
    run(capsys, "--library", library, "import-json", changed)
    return library


def created(library: Path, folder: Path | None = None) -> str:
    """What a command that writes says on standard error when there was no library at the path
    it was given, and it made one."""
    made = "" if folder is None else f", with the folder {folder}, which was not there either"
    return (
        f"Note: There was no library at {library}, so a new, empty one was created there{made}.\n"
    )


def test_help_documents_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for command in (
        "list",
        "import-json",
        "export-json",
        "summary",
        "export-pdf",
        "export-xlsx",
        "import-items",
        "export-proposal",
        "import-proposal",
        "compare",
        "--library",
    ):
        assert command in out


def test_import_list_summary_export(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    library = tmp_path / "lib.buyinlib"
    code, out, err = run(capsys, "--library", library, "import-json", SAMPLE)
    assert (code, err) == (0, created(library))
    proposal_id = out.strip()
    assert proposal_id.isdigit()

    code, out, _ = run(capsys, "--library", library, "list", "--json")
    (row,) = json.loads(out)
    assert row["id"] == int(proposal_id) and row["name"].startswith("Riverside USD")

    code, out, _ = run(capsys, "--library", library, "summary", "--proposal", row["name"], "--json")
    summary = json.loads(out)
    assert code == 0
    assert json.dumps(summary).count(row["total_cost"]) >= 1
    # The plain summary shows the grant share as the summary panel, PDF and workbook do.
    code, out, _ = run(capsys, "--library", library, "summary", "--proposal", proposal_id)
    assert code == 0 and "Recurring costs paid from temporary money: 1.2%" in out
    assert "Payback: Not within the plan" in out
    assert "Net present value, budget savings alone: −$2,717,037.12" in out
    # The whole cost is weighed; the district's side of the E-Rate is said beside it.
    assert "  Net present value on the cost after E-Rate: $200,015.38\n" in out
    assert "  Payback on the cost after E-Rate: Year 3 (2029–30)\n" in out
    assert (
        "Replacements due in the 3 years after the plan (2032–33 to 2034–35): $478,582.99 "
        "(3 replacements, not in the total cost)"
    ) in out
    assert summary["after_plan"]["total"] == "478582.99"

    out_file = tmp_path / "exported.json"
    code, _, _ = run(
        capsys, "--library", library, "export-json", "--proposal", proposal_id, "--out", out_file
    )
    assert code == 0
    assert json.loads(out_file.read_text(encoding="utf-8"))["proposal"]["name"] == row["name"]


def test_list_keeps_the_end_of_a_long_name_so_copies_stay_apart(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The colleague's copy came back as "… 2027–2031 (2)": the list cut both names at 44
    characters from the start, so the two rows read the same."""
    library = tmp_path / "lib.buyinlib"
    for _ in range(2):
        assert run(capsys, "--library", library, "import-json", SAMPLE)[0] == 0
    code, out, _ = run(capsys, "--library", library, "list")
    assert code == 0
    rows = out.splitlines()[1:]
    assert len(rows) == 2
    names = [row[6:50].rstrip() for row in rows]  # the Name column, 44 characters wide
    copy = next(name for name in names if name.endswith("2027–2031 (2)"))
    original = next(name for name in names if name.endswith("2027–2031"))
    assert copy.startswith("Riverside USD") and "…" in copy and original != copy


def test_a_library_from_an_earlier_version_is_said_to_be_upgraded_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`buyin list` upgraded an earlier version's library without a word: nobody was told
    that the copy of the app that wrote it could no longer open it."""
    import shutil

    library = tmp_path / "old.buyinlib"
    shutil.copyfile(Path("tests/fixtures/libraries/schema-0001.buyinlib"), library)
    code, out, err = run(capsys, "--library", library, "list")
    assert code == 0 and "Riverside" in out
    assert err.startswith("Note: old.buyinlib was saved by an earlier version of Buy-In")
    assert "which that version cannot open; the file as it was is kept as a backup." in err
    code, out, err = run(capsys, "--library", library, "list")
    assert (code, err) == (0, "")  # upgraded already: nothing to say
    # Every command that opens the library says so, adding items from a quote too.
    other = tmp_path / "older.buyinlib"
    shutil.copyfile(Path("tests/fixtures/libraries/schema-0001.buyinlib"), other)
    quote = tmp_path / "quote.csv"
    quote.write_text("Item,Category,Quantity,Unit cost\nSpare chargers,Hardware,10,20\n")
    code, _out, err = run(capsys, "--library", other, "import-items", "--proposal", "1", quote)
    assert code == 0, err
    assert err.startswith("Note: older.buyinlib was saved by an earlier version of Buy-In")


def test_headless_commands_never_add_the_sample(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from desktop.services.library import open_library

    library = tmp_path / "lib.buyinlib"
    open_library(library).close()  # a new, empty library (a failed import no longer makes one)
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    code, _, _ = run(capsys, "--library", library, "import-json", bad)
    assert code == 2
    code, out, _ = run(capsys, "--library", library, "list")
    assert code == 0 and "no proposals" in out


def test_errors_go_to_stderr_with_a_nonzero_status(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    library = tmp_path / "lib.buyinlib"
    code, out, err = run(capsys, "--library", library, "summary", "--proposal", "Missing")
    assert code == 2 and out == "" and f"There is no library at {library}" in err

    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "buyin-proposal"', encoding="utf-8")
    code, out, err = run(capsys, "--library", library, "import-json", bad)
    assert code == 2 and "not valid JSON" in err
    assert not library.exists()  # a failed import makes no library

    code, out, err = run(capsys, "--library", library, "import-json", SAMPLE)
    assert code == 0
    code, out, err = run(capsys, "--library", library, "summary", "--proposal", "Missing")
    assert code == 2 and out == "" and "No proposal is called or numbered 'Missing'" in err

    not_a_library = tmp_path / "notes.txt"
    not_a_library.write_text("hello", encoding="utf-8")
    code, _, err = run(capsys, "--library", not_a_library, "list")
    assert code == 2 and "not a Buy-In library" in err
    assert not_a_library.read_text(encoding="utf-8") == "hello"


def test_the_library_can_come_from_the_environment(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = tmp_path / "from-env.buyinlib"
    monkeypatch.setenv("BUYIN_LIBRARY", str(library))
    code, _, _ = run(capsys, "import-json", SAMPLE)
    assert code == 0 and library.exists()


PLAIN_STARTS = [
    ([], None),
    (["--library", "district.buyinlib"], Path("district.buyinlib")),
    (["--library", "shared.buyin"], Path("shared.buyin")),  # a library, whatever its name
    (["--library", "gui"], Path("gui")),
]
PARSED_STARTS = [
    (["gui"], None),
    (["--library", "district.buyinlib", "gui"], Path("district.buyinlib")),
]


APP_EXIT_CODE = 3  # what the stand-in for the app returns; main() must pass it on


def _started_with(monkeypatch: pytest.MonkeyPatch, arguments: list[str]) -> list[object]:
    import desktop.ui.app

    started: list[object] = []

    def run_gui(path: Path | None, open_file: Path | None = None) -> int:
        started.append((path, open_file))
        return APP_EXIT_CODE

    monkeypatch.setattr(desktop.ui.app, "run_gui", run_gui)
    assert main(arguments) == APP_EXIT_CODE
    return started


@pytest.mark.parametrize(("arguments", "library"), PLAIN_STARTS + PARSED_STARTS)
def test_starting_the_app_opens_the_library_asked_for(
    monkeypatch: pytest.MonkeyPatch, arguments: list[str], library: Path | None
) -> None:
    import desktop.cli

    monkeypatch.setattr(desktop.cli, "_plain_start", lambda _arguments: False)  # always parsed
    assert _started_with(monkeypatch, arguments) == [(library, None)]


@pytest.mark.parametrize(("arguments", "library"), PLAIN_STARTS)
def test_a_plain_start_opens_the_same_library_without_building_the_parser(
    monkeypatch: pytest.MonkeyPatch, arguments: list[str], library: Path | None
) -> None:
    import desktop.cli

    def not_wanted() -> None:
        raise AssertionError("a plain start built the command parser")

    monkeypatch.setattr(desktop.cli, "build_parser", not_wanted)
    assert _started_with(monkeypatch, arguments) == [(library, None)]


def test_a_library_option_without_a_path_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--library", "--version"])
    assert exited.value.code == 2
    assert "--library" in capsys.readouterr().err


def test_an_export_never_replaces_the_library_or_anything_but_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Typing the library's own name as the output would have replaced every proposal with a
    PDF; a folder or a device at the name is refused too, naming it as typed. A link is
    written through, to the file it names."""
    library = tmp_path / "lib.buyinlib"
    run(capsys, "--library", library, "import-json", SAMPLE)
    _, before, _ = run(capsys, "--library", library, "summary", "--proposal", "1", "--json")
    for target, reason in (
        (library, "That is the open library itself"),
        (Path(f"{library}-wal"), "That is the open library itself"),
        (tmp_path, "That is a folder"),
    ):
        for command in ("export-pdf", "export-proposal", "export-json"):
            code, _, err = run(
                capsys, "--library", library, command, "--proposal", "1", "--out", target
            )
            # Bad input, as a missing folder is: exit 2 (it was 1, a failure's).
            assert code == 2 and reason in err and str(target) in err, (command, err)
            assert ".tmp" not in err
    _, after, _ = run(capsys, "--library", library, "summary", "--proposal", "1", "--json")
    assert after == before and "Riverside" in after
    real = tmp_path / "shared" / "case.pdf"
    real.parent.mkdir()
    link = tmp_path / "case.pdf"
    link.symlink_to(real)
    code, _, err = run(capsys, "--library", library, "export-pdf", "--proposal", "1", "--out", link)
    assert (code, err) == (0, "")
    assert link.is_symlink() and real.read_bytes().startswith(b"%PDF")


def test_a_library_busy_with_another_writer_gets_a_plain_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another window holding the write lock past the wait: the command says so and what to
    do, not SQLite's words and a link to SQLAlchemy's documentation."""
    import sqlite3

    from desktop.models import engine

    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 200)
    library = tmp_path / "lib.buyinlib"
    run(capsys, "--library", library, "import-json", SAMPLE)
    holder = sqlite3.connect(library)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, _, err = run(capsys, "--library", library, "import-json", SAMPLE)
    finally:
        holder.rollback()
        holder.close()
    assert code != 0
    assert "the library is busy: another Buy-In window or command is saving to it" in err
    assert "sqlalche.me" not in err and "[SQL" not in err
    code, out, _ = run(capsys, "--library", library, "list", "--json")
    assert code == 0 and len(json.loads(out)) == 1  # nothing was added


def test_an_export_is_refused_over_the_library_under_another_name(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A second name for the same file (a hard link here; another letter case on a file system
    that ignores case) is still the library."""
    import os

    library = tmp_path / "lib.buyinlib"
    run(capsys, "--library", library, "import-json", SAMPLE)
    alias = tmp_path / "alias.pdf"
    os.link(library, alias)
    code, _, err = run(
        capsys, "--library", library, "export-pdf", "--proposal", "1", "--out", alias
    )
    assert code == 2 and "That is the open library itself" in err
    code, out, _ = run(capsys, "--library", library, "list")
    assert code == 0 and "Riverside" in out


@pytest.mark.parametrize(
    ("column", "value"),
    [("quantity", "12 units"), ("category", "wifi"), ("unit_cost", 12.5)],
    ids=["number", "choice", "part-of-a-cent"],
)
def test_a_value_no_buy_in_wrote_is_named_and_the_other_proposals_still_list(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, column: str, value: object
) -> None:
    """One item altered outside Buy-In made `list` end in a traceback and show no proposal."""
    import sqlite3

    library = tmp_path / "lib.buyinlib"
    run(capsys, "--library", library, "import-json", SAMPLE)
    run(capsys, "--library", library, "import-json", SAMPLE, "--name", "Healthy")
    with sqlite3.connect(library) as connection:
        connection.execute(
            f"UPDATE item SET {column} = ? WHERE id = (SELECT MIN(id) FROM item)", (value,)
        )
    connection.close()
    code, out, err = run(capsys, "--library", library, "list")
    assert (code, err) == (0, "")
    assert "Healthy" in out and "$4,116,108.04" in out
    assert "1  has no figures: Proposal 1 holds a value Buy-In cannot read" in out
    # Every command that reads the proposal says so, the exports too (they printed a traceback).
    for command in (
        ["summary"],
        ["export-json"],
        ["export-proposal", "--out", str(tmp_path / "shared.buyin")],
        ["export-pdf", "--out", str(tmp_path / "case.pdf")],
    ):
        code, out, err = run(
            capsys, "--library", library, command[0], "--proposal", "1", *command[1:]
        )
        assert code == 2 and out == "", command
        assert err.startswith("buyin: Proposal 1 holds a value Buy-In cannot read"), command
        assert "Restore it from a backup" in err and "Traceback" not in err
    assert not (tmp_path / "shared.buyin").exists() and not (tmp_path / "case.pdf").exists()


@pytest.mark.parametrize(
    ("table", "column", "value", "named"),
    [
        ("proposal", "initiative", "nope", "a choice that is not on its list"),
        ("proposal", "updated_at", "not a date", "not a date"),
        ("proposal", "name", b"\xff\xfe", "its name is not of its kind"),
        ("proposal", "students", "many", "proposal students is 'many', not a whole number"),
        ("item", "lifespan_years", "x", "item lifespan years is 'x', not a whole number"),
        ("item_goal", "rationale", b"\xff", "item goal rationale is binary data, not text"),
        ("metric", "target_year", "2030s", "metric target year is '2030s', not a whole number"),
        ("funding_amount", "year", 1.5, "funding amount year is 1.5, not a whole number"),
        ("funding_amount", "year", "x", "funding amount year is 'x', not a whole number"),
    ],
    ids=[
        "choice",
        "moment",
        "name-bytes",
        "count",
        "refresh",
        "reason-bytes",
        "target-year",
        "funding-year",
        "funding-year-text",
    ],  # fmt: skip
)
def test_a_proposal_value_of_the_wrong_kind_is_named_and_the_others_still_list(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    table: str,
    column: str,
    value: object,
    named: str,
) -> None:
    """Text where a whole number belongs, bytes where text does, or a date or choice no Buy-In
    wrote, in a library changed outside it: `list` ended in a traceback with no proposal shown
    (the app's Home list stayed empty), and the summary and exports crashed in the engine or
    the PDF, far from the cause."""
    import sqlite3

    library = tmp_path / "lib.buyinlib"
    run(capsys, "--library", library, "import-json", SAMPLE)
    run(capsys, "--library", library, "import-json", SAMPLE, "--name", "Healthy")
    where = {
        "proposal": "id = 1",
        "item_goal": "item_id IN (SELECT id FROM item WHERE proposal_id = 1)",
        "funding_amount": "rowid = (SELECT MIN(a.rowid) FROM funding_amount a "
        "JOIN funding_source s ON s.id = a.source_id WHERE s.proposal_id = 1)",
    }.get(table, "proposal_id = 1")
    with sqlite3.connect(library) as connection:
        connection.execute(f"UPDATE {table} SET {column} = ? WHERE {where}", (value,))
    connection.close()
    code, out, err = run(capsys, "--library", library, "list")
    assert (code, err) == (0, "")
    assert "Healthy" in out and "$4,116,108.04" in out
    assert "1  has no figures: Proposal 1 holds a value Buy-In cannot read" in out
    assert named in " ".join(out.split()), out  # the value is named in the list too
    # What can be read of it is shown: its name, unless that is the value at fault.
    assert ("Riverside USD" in out) == (column != "name")
    # The healthy one is still found by its name, the damaged one by its number.
    code, out, err = run(capsys, "--library", library, "summary", "--proposal", "Healthy")
    assert (code, err) == (0, "") and "$4,116,108.04" in out
    code, out, err = run(capsys, "--library", library, "summary", "--proposal", "1")
    if table == "proposal" and column in ("initiative", "updated_at", "name"):
        return  # the listing's own columns: the engine's reader does not need them all
    assert code == 2 and out == ""
    assert err.startswith("buyin: Proposal 1 holds a value Buy-In cannot read"), err
    assert named in err and "Traceback" not in err


def test_a_name_that_reverses_text_is_printed_without_its_controls(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A proposal named "Plan \u202e" made a terminal show the figures after it reversed."""
    library = tmp_path / "lib.buyinlib"
    run(capsys, "--library", library, "import-json", SAMPLE, "--name", "Plan \u202eA\u2066")
    code, out, _ = run(capsys, "--library", library, "list")
    assert code == 0 and "Plan A" in out
    assert not any(char in out for char in "\u202e\u2066")
    code, out, _ = run(capsys, "--library", library, "summary", "--proposal", "1")
    assert out.splitlines()[0] == "Plan A"
    code, out, _ = run(capsys, "--library", library, "list", "--json")
    assert json.loads(out)[0]["name"] == "Plan \u202eA\u2066"  # the data itself is kept


def test_an_export_does_not_replace_a_read_only_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The export renames a new file into place, which only the folder's permission governs:
    a PDF, workbook or proposal file someone marked read-only was silently replaced. It is now
    refused by name and left as it was, for every export."""
    import stat

    library = tmp_path / "lib.buyinlib"
    run(capsys, "--library", library, "import-json", SAMPLE)
    for command, name in (
        ("export-pdf", "case.pdf"),
        ("export-xlsx", "case.xlsx"),
        ("export-json", "case.json"),
        ("export-proposal", "case.buyin"),
    ):
        kept = tmp_path / name
        kept.write_bytes(b"approved version")
        kept.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        code, _, err = run(capsys, "--library", library, command, "--proposal", "1", "--out", kept)
        assert code != 0 and "read-only" in err and str(kept) in err, (command, err)
        assert kept.read_bytes() == b"approved version"
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def test_an_import_that_fails_leaves_no_new_library_at_a_mistyped_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A failed import created the folders and an empty library at the path given, so a
    mistyped --library looked like a library whose proposals had vanished."""
    mistyped = tmp_path / "typo" / "sub" / "library.buyinlib"
    code, _out, err = run(capsys, "--library", str(mistyped), "import-json", "missing.json")
    assert code == 2 and "there is no such file" in err
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "buyin-proposal"}', encoding="utf-8")
    code, _out, err = run(capsys, "--library", str(mistyped), "import-json", str(broken))
    assert code == 2 and err.count("needs 'format_version', 'proposal'") == 1
    quote = tmp_path / "quote.csv"
    quote.write_text("Item,Qty,Unit price\nLaptop,2,500\n", encoding="utf-8")
    code, _out, err = run(
        capsys, "--library", str(mistyped), "import-items", str(quote), "--proposal", "1"
    )
    assert code != 0 and f"There is no library at {mistyped}" in err
    shared = tmp_path / "not-shared.buyin"
    shared.write_bytes(b"%PDF-1.4 not a shared proposal")
    code, _out, err = run(capsys, "--library", str(mistyped), "import-proposal", str(shared))
    assert code == 2 and "not-shared.buyin" in err
    assert not (tmp_path / "typo").exists()
    # A good file still makes the library it is imported into.
    code, out, _err = run(capsys, "--library", str(mistyped), "import-json", SAMPLE)
    assert code == 0 and out.strip() == "1" and mistyped.is_file()


def test_an_export_never_replaces_another_library(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Only the open library was protected: an export named after another district's library
    (not open) replaced its proposals with JSON text without a word."""
    from desktop.services.library import open_library
    from desktop.services.proposals import add_sample_proposal

    library, other = tmp_path / "lib.buyinlib", tmp_path / "other.buyinlib"
    run(capsys, "--library", library, "import-json", SAMPLE)
    elsewhere = open_library(other)
    add_sample_proposal(elsewhere)
    elsewhere.close()  # not open in this process: only the open library was refused before
    before = other.read_bytes()
    for command in ("export-json", "export-pdf"):
        code, _, err = run(capsys, "--library", library, command, "--proposal", "1", "--out", other)
        assert code != 0 and "is a database, such as a Buy-In library" in err and str(other) in err
    assert other.read_bytes() == before


def test_an_empty_file_name_is_refused_as_such(capsys: pytest.CaptureFixture[str]) -> None:
    """'' was read as the current folder: "buyin:  was not imported: • is not a file"."""
    for arguments in (["import-json", ""], ["--library", " ", "list"]):
        with pytest.raises(SystemExit) as exited:
            main(arguments)
        assert exited.value.code == 2
        assert "needs a file name, not an empty one" in capsys.readouterr().err


def test_summary_gives_the_return_and_what_goes_on_costing_after_the_plan(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The README said `summary` gives the return on investment, as the PDF and the workbook
    do; it printed none, and neither output had the recurring costs that go on after the plan."""
    library = tmp_path / "lib.buyinlib"
    run(capsys, "--library", library, "import-json", SAMPLE)
    code, out, _ = run(capsys, "--library", library, "summary", "--proposal", "1")
    assert code == 0
    assert "  Return on investment (undiscounted): −5.7%" in out.splitlines()
    # When the E-Rate money arrives, as the PDF and the workbook say it.
    assert "  E-Rate timing: E-Rate is counted in the year of the cost it discounts" in out
    assert "up to $261,240.00 in 2027–28." in out
    # Over the plan, said so: it follows the cost per student per year.
    assert "  Cost per managed device over the 5-year plan (3,780 devices): $1,088.92" in (
        out.splitlines()
    )
    assert "Recurring costs in 2032–33, after the plan (every year from then): $757,782.70" in out
    assert "    per student at the plan's 4,200 students: $180.42" in out.splitlines()
    # The district's share, the federal discount taken off, as the PDF and the workbook say.
    assert "  Cost after E-Rate ($455,151.11 of E-Rate): $3,660,956.93" in out.splitlines()
    code, out, _ = run(capsys, "--library", library, "summary", "--proposal", "1", "--json")
    assert json.loads(out)["after_plan"]["recurring_next_year"] == "757782.70"
    assert json.loads(out)["after_plan"]["recurring_per_student"] == "180.42"
    assert json.loads(out)["funding"]["cost_after_e_rate_total"] == "3660956.93"


def test_summary_asks_about_savings_beyond_a_measures_target(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def lower_the_print_target(document: dict[str, Any]) -> None:
        for metric in document["metrics"]:
            if metric["ref"] == "MT-PRINT":
                metric["target"] = "150000"

    library = _changed_sample(capsys, tmp_path, lower_the_print_target)
    code, out, _ = run(capsys, "--library", library, "summary", "--proposal", "1")
    assert code == 0
    questions = [line for line in out.splitlines() if line.startswith("  Question: ")]
    grants, question = questions
    assert grants.startswith("  Question: 1.2% of the recurring costs ($39,930.10) are paid")
    # The sample's one-time E-Rate discount is a temporary source of its own: no question on a
    # recurring source's spike.
    assert "is recurring money but brings" not in out
    assert "counts $100,800 a year in savings against the measure" in question
    code, out, _ = run(capsys, "--library", library, "summary", "--proposal", "1", "--json")
    (flag,) = json.loads(out)["savings_flags"]
    assert flag["code"] == "savings_past_target" and flag["message"] in question


def test_a_proposal_shared_again_under_the_same_name_replaces_the_earlier_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A shared proposal is itself a small database; the refusal of exports over databases
    stopped the director from sharing an updated proposal under its old name. A library named
    .buyin-like is still kept: only a .buyin file is replaced by a .buyin export."""
    library = tmp_path / "lib.buyinlib"
    shared = tmp_path / "Riverside.buyin"
    run(capsys, "--library", library, "import-json", SAMPLE)
    for _ in range(2):
        code, _, err = run(
            capsys, "--library", library, "export-proposal", "--proposal", "1", "--out", shared
        )
        assert (code, err) == (0, "")
    code, out, _ = run(capsys, "--library", library, "import-proposal", shared)
    assert code == 0 and out.strip().isdigit()
    copy = tmp_path / "copy.buyinlib"
    copy.write_bytes(shared.read_bytes())  # a database under a library's name
    code, _, err = run(
        capsys, "--library", library, "export-proposal", "--proposal", "1", "--out", copy
    )
    assert code != 0 and "is a database" in err


def test_summary_names_the_fiscal_year_of_the_payback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """ "Payback: Year 2" left a CFO counting from a start year the summary never gives; the
    window, the PDF and the workbook say which fiscal year that is."""
    document = json.loads(SAMPLE.read_text(encoding="utf-8"))
    document["items"][0]["annual_savings"] = "2500000.00"
    source = tmp_path / "paying.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    library = tmp_path / "lib.buyinlib"
    code, out, _ = run(capsys, "--library", library, "import-json", source)
    assert code == 0
    code, out, _ = run(capsys, "--library", library, "summary", "--proposal", out.strip())
    assert code == 0
    assert "  Payback: Year 1 (2027–28)\n" in out
    assert "  Payback, budget savings alone: Year 1 (2027–28)\n" in out


def test_an_import_renamed_beside_a_proposal_of_that_name_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The second import of a file came in as "… (2)" and the command printed only its id."""
    library = tmp_path / "lib.buyinlib"
    code, first, err = run(capsys, "--library", library, "import-json", SAMPLE)
    assert (code, err) == (0, created(library))
    code, second, err = run(capsys, "--library", library, "import-json", SAMPLE)
    assert code == 0 and second.strip().isdigit() and second != first  # stdout: the id alone
    name = "Riverside USD — 1:1 Infrastructure 2027–2031"
    assert err == (
        f"Imported as “{name} (2)”: the library already has a proposal named “{name}”, "
        "which is unchanged.\n"
    )
    shared = tmp_path / "shared.buyin"
    code, _, _ = run(
        capsys, "--library", library, "export-proposal", "--proposal", "1", "--out", shared
    )
    assert code == 0
    code, third, err = run(capsys, "--library", library, "import-proposal", shared)
    assert code == 0 and third.strip().isdigit()
    assert f"Imported as “{name} (3)”" in err
    # A name given on import that the library already has is said too; a free one is not.
    code, _, err = run(capsys, "--library", library, "import-json", SAMPLE, "--name", "Board")
    assert (code, err) == (0, "")
    code, _, err = run(capsys, "--library", library, "import-json", SAMPLE, "--name", "Board")
    assert code == 0 and "Imported as “Board (2)”" in err
    # A name the library tidies (spaces around it) is no other proposal's: nothing to say.
    document = json.loads(SAMPLE.read_text(encoding="utf-8"))
    document["proposal"]["name"] = "  Spaced   name  "
    spaced = tmp_path / "spaced.json"
    spaced.write_text(json.dumps(document), encoding="utf-8")
    code, _, err = run(capsys, "--library", library, "import-json", spaced)
    assert (code, err) == (0, "")


def test_a_long_name_renamed_on_import_keeps_the_number_that_tells_it_apart(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A name of 90 characters was cut at the same place in both halves of the message, so the
    "(2)" that told the copy apart never showed: "Imported as “…P…”: the library already has a
    proposal named “…P…”"."""
    library = tmp_path / "lib.buyinlib"
    long_name = "Riverside Unified School District — One-to-One Infrastructure Plan 2027–2031"
    long_name += " (phase two)"
    assert len(long_name) > 80
    for _ in range(2):
        code, _, err = run(capsys, "--library", library, "import-json", SAMPLE, "--name", long_name)
        assert code == 0
    assert err.startswith("Imported as “Riverside Unified School District")
    assert "(phase two) (2)”: the library already has a proposal named" in err


def _undecodable_name(folder: Path, stem: bytes, suffix: str) -> Path:
    """A path in ``folder`` whose name holds a byte that is not UTF-8 (a Latin-1 "é"); skipped
    where the file system only holds names that are text."""
    import os

    path = folder / os.fsdecode(stem + b"\xe9" + suffix.encode("ascii"))
    try:
        path.write_bytes(b"")
        path.unlink()
    except (OSError, UnicodeError):
        pytest.skip("this file system only holds names that are text")
    return path


def test_files_whose_names_are_not_text_are_read_and_named_readably(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A quote named with a Latin-1 "é" imported in a dry run and then stopped with a traceback
    ("surrogates not allowed"); a library so named could not even be listed."""
    library = _undecodable_name(tmp_path, b"district", ".buyinlib")
    code, out, err = run(capsys, "--library", library, "import-json", SAMPLE)
    assert code == 0, err
    quote = _undecodable_name(tmp_path, b"quote", ".csv")
    quote.write_text("Item,Quantity,Unit cost\nSpare chargers,10,20\n", encoding="utf-8")
    code, out, err = run(capsys, "--library", library, "import-items", quote, "--proposal", "1")
    assert code == 0, err
    assert out == "Imported 1 item from quote\ufffd.csv.\n"
    code, out, err = run(capsys, "--library", library, "export-json", "--proposal", "1")
    items = json.loads(out)["items"]
    assert items[-1]["figure_source"] == "Imported from quote\ufffd.csv, row 2"
    bad = _undecodable_name(tmp_path, b"proposal", ".json")
    bad.write_text("{", encoding="utf-8")
    code, out, err = run(capsys, "--library", library, "import-json", bad)
    assert code == 2 and err.startswith("buyin: proposal\ufffd.json was not imported:")
    code, out, err = run(capsys, "--library", library, "list")
    assert code == 0 and "Riverside" in out


def _on_a_full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Libraries opened from now on cannot grow by a page, as on a disk with no room left:
    SQLite refuses the write with "database or disk is full" (SQLITE_FULL)."""
    from sqlalchemy import event

    import desktop.services.library as library_module

    real = library_module.make_engine

    def engine_without_room(url: Any, **options: Any) -> Any:
        engine = real(url, **options)

        @event.listens_for(engine, "connect")
        def _no_room(connection: Any, _record: object) -> None:
            (pages,) = connection.execute("PRAGMA page_count").fetchone()
            connection.execute(f"PRAGMA max_page_count={max(pages, 1)}")

        return engine

    monkeypatch.setattr(library_module, "make_engine", engine_without_room)


def test_a_full_disk_is_named_and_the_library_is_unchanged(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the disk full, import-json said "the library could not be read or written
    ((sqlite3.OperationalError) disk I/O error)": database words, and no word of what to do."""
    library = tmp_path / "lib.buyinlib"
    assert run(capsys, "--library", library, "import-json", SAMPLE)[0] == 0
    with monkeypatch.context() as patched:
        _on_a_full_disk(patched)
        code, out, err = run(capsys, "--library", library, "import-json", SAMPLE)
    assert (code, out) == (1, "")
    assert err == (
        "buyin: lib.buyinlib could not be saved: the disk it is on is full. Nothing was "
        "changed; free some space on that disk and try again.\n"
    )
    code, out, _ = run(capsys, "--library", library, "list", "--json")
    assert code == 0 and len(json.loads(out)) == 1
    # A new library that cannot be made leaves no empty file, refused from then on as one.
    new = tmp_path / "new.buyinlib"
    with monkeypatch.context() as patched:
        _on_a_full_disk(patched)
        code, out, err = run(capsys, "--library", new, "import-json", SAMPLE)
    assert (code, out) == (1, "")
    assert err == (
        f"buyin: A new library could not be made at {new}: the disk is full. Nothing was "
        "made; free some space on that disk and try again.\n"
    )
    assert not [path.name for path in tmp_path.iterdir() if path.name.startswith("new")]


READING_COMMANDS = [
    ["list"],
    ["summary", "--proposal", "1"],
    ["export-json", "--proposal", "1"],
    ["export-pdf", "--proposal", "1", "--out", "case.pdf"],
    ["export-xlsx", "--proposal", "1", "--out", "case.xlsx"],
    ["export-proposal", "--proposal", "1", "--out", "case.buyin"],
    ["backups"],
]


@pytest.mark.parametrize("command", READING_COMMANDS, ids=lambda command: command[0])
def test_a_command_that_reads_refuses_a_library_that_is_not_there(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
) -> None:
    """A mistyped --library must not read as an empty library ("No backups of it yet")."""
    monkeypatch.chdir(tmp_path)
    mistyped = tmp_path / "Distirct" / "library.buyinlib"
    code, out, err = run(capsys, "--library", mistyped, *command)
    assert (code, out) == (2, "")
    assert err.startswith(f"buyin: There is no library at {mistyped}")
    assert list(tmp_path.iterdir()) == []


def test_a_command_that_writes_says_when_it_made_a_new_library(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A mistyped --library made a new library, folders and all, and printed only the new
    proposal's id: the director went on working in a library nobody else would open."""
    mistyped = tmp_path / "Distirct" / "Plans" / "library.buyinlib"
    code, out, err = run(capsys, "--library", mistyped, "import-json", SAMPLE)
    assert (code, out) == (0, "1\n")
    assert err == created(mistyped, tmp_path / "Distirct")
    shared = tmp_path / "shared.buyin"
    assert run(capsys, "--library", mistyped, "export-proposal", "--proposal", "1", "--out",
               shared)[0] == 0  # fmt: skip
    other = tmp_path / "other.buyinlib"
    code, out, err = run(capsys, "--library", other, "import-proposal", shared)
    assert (code, out) == (0, "1\n") and err == created(other)
    # Once it is there, nothing more is said.
    code, out, err = run(capsys, "--library", mistyped, "import-json", SAMPLE, "--name", "B")
    assert (code, out, err) == (0, "2\n", "")


def test_summary_asks_about_a_risk_the_plan_makes_worse(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A mitigation estimated to make its risk worse is flagged by the PDF and the Risks step;
    the summary asked nothing, and the added loss sat unexplained in its figures."""

    def make_breakage_worse(document: dict[str, Any]) -> None:
        for risk in document["risks"]:
            if risk["ref"] == "RK-BREAK":
                risk["cost_after"] = "300.00"  # more than the 270.00 without mitigation

    library = _changed_sample(capsys, tmp_path, make_breakage_worse)
    code, out, _ = run(capsys, "--library", library, "summary", "--proposal", "1")
    assert code == 0
    assert (
        "  Question: The plan makes “Accidental damage to student devices” worse: its expected "
        "loss rises by $17,280.00 a year with mitigation, and the figures count that. Check its "
        "“with mitigation” estimates.\n"
    ) in out
    run(capsys, "--library", tmp_path / "plain.buyinlib", "import-json", SAMPLE)
    code, out, _ = run(
        capsys, "--library", tmp_path / "plain.buyinlib", "summary", "--proposal", "1"
    )
    assert code == 0 and "worse" not in out


def test_compare_says_what_changed_since_last_years_version(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Next year's version: 200 more students, the Wi-Fi quote 10% higher, the hotspots gone."""

    def next_year(document: dict[str, Any]) -> None:
        document["proposal"]["name"] = "Riverside 2028"
        document["proposal"]["students"] += 200
        wifi = document["items"][0]
        wifi["unit_cost"] = str((Decimal(wifi["unit_cost"]) * Decimal("1.1")).quantize(CENT))
        gone = next(i for i in document["items"] if i["name"].startswith("Home internet"))
        document["items"].remove(gone)
        for scenario in document["scenarios"]:
            scenario["items"] = [i for i in scenario["items"] if i["ref"] != gone["ref"]]

    library = _changed_sample(capsys, tmp_path, next_year)
    run(capsys, "--library", library, "import-json", SAMPLE)
    code, out, err = run(
        capsys, "--library", library, "compare", "--proposal", "Riverside 2028", "--against", "2"
    )
    assert (code, err) == (0, ""), err
    lines = out.splitlines()
    # From the proposal compared against to the one chosen: each figure reads that way.
    assert lines[0] == "From “Riverside USD — 1:1 Infrastructure 2027–2031” to “Riverside 2028”"
    assert "  Students: 4,200 → 4,400 (+200)" in lines
    totals = []
    for proposal in ("2", "1"):
        _code, summary, _err = run(
            capsys, "--library", library, "summary", "--proposal", proposal, "--json"
        )
        totals.append(Decimal(json.loads(summary)["headline"]["tco"]))
    change = totals[1] - totals[0]
    assert (
        f"  Total cost of ownership: ${totals[0]:,.2f} → ${totals[1]:,.2f} "
        f"(\u2212${-change:,.2f})" in lines
    )
    assert "Items: 1 item taken out, 1 changed, 17 the same" in lines
    assert any(
        line.startswith("  Changed: Wi-Fi access points, one per classroom (Network")
        for line in lines
    )
    assert any(line.startswith("  Taken out: Home internet hotspots on loan") for line in lines)

    code, _out, err = run(
        capsys, "--library", library, "compare", "--proposal", "1", "--against", "Nowhere"
    )
    assert code != 0 and "Nowhere" in err
    code, _out, err = run(
        capsys, "--library", library, "compare", "--proposal", "1", "--against", "1"
    )
    assert code == 2 and "compare it with another proposal" in err

    # One that cannot be worked out is named: "items: The plan's total cost…" named neither.
    from desktop.services.editing import add_rows
    from desktop.services.library import open_library
    from desktop.services.proposals import create_proposal

    opened = open_library(library)
    try:
        broken = create_proposal(opened, "Too big")
        add_rows(opened, broken, "item", [
            {"name": f"Big {n}", "quantity": "1", "recurring_unit_cost": "1000000000000"}
            for n in range(3)
        ])  # fmt: skip
    finally:
        opened.close()
    code, _out, err = run(
        capsys, "--library", library, "compare", "--proposal", "1", "--against", "Too big"
    )
    assert code == 2
    assert err.startswith("buyin: “Too big” cannot be compared until its figures can be worked")


def test_summary_takes_off_only_the_e_rate_secured_and_says_how_much(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """With one E-Rate source only applied for, the line read "($455,151.11 of E-Rate)" beside
    a cost that had only the secured part taken off."""

    def pending_category_2(document: dict[str, Any]) -> None:
        for source in document["funding"]:
            if source["name"].startswith("E-Rate Category 2"):
                source["secured"] = False

    library = _changed_sample(capsys, tmp_path, pending_category_2)
    code, out, _ = run(capsys, "--library", library, "summary", "--proposal", "1")
    assert code == 0
    assert (
        "  Cost after the E-Rate secured ($244,911.11 of E-Rate secured): $3,871,196.93"
        in out.splitlines()
    )


def test_the_spreadsheet_export_writes_what_the_files_name_says(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """ "items.csv" held a workbook: a CFO's staff opened a file of zipped XML in their
    spreadsheet's text import."""
    library = tmp_path / "lib.buyinlib"
    run(capsys, "--library", library, "import-json", SAMPLE)
    items = tmp_path / "items.csv"
    code, _out, err = run(
        capsys, "--library", library, "export-xlsx", "--proposal", "1", "--out", items
    )
    assert (code, err) == (0, "")
    assert items.read_text(encoding="utf-8-sig").startswith('"Item","Category","Cost class"')
    # Asked for CSV under a workbook's name: refused, nothing written.
    book = tmp_path / "items.xlsx"
    code, _out, err = run(
        capsys, "--library", library, "export-xlsx", "--proposal", "1", "--csv", "--out", book
    )
    assert code != 0 and "items.xlsx is a workbook's name" in err
    assert not book.exists()


def test_a_daily_backup_not_taken_is_said_on_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The app says when today's backup could not be taken; a command said nothing, so a
    library used from scripts went on without backups unnoticed."""
    library = tmp_path / "lib.buyinlib"
    run(capsys, "--library", library, "import-json", SAMPLE)
    import shutil

    shutil.rmtree(tmp_path / "backups", ignore_errors=True)
    (tmp_path / "backups").write_text("not a folder", encoding="utf-8")
    code, out, err = run(capsys, "--library", library, "list")
    assert code == 0 and "Riverside USD" in out
    assert err.startswith("Note: Today's backup of lib.buyinlib could not be taken: ")
    assert "is a file, where the backups folder belongs" in err
    assert "The library itself is unchanged" in err


def test_a_proposal_whose_figures_cannot_be_worked_out_is_not_written_as_a_file_it_refuses(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Thirty years at a discount rate of −50% takes the net present value past what the
    figures can carry: the editor takes the rate and shows why the figures are blank. The
    proposal file was still written, and importing it back was then refused, so the director's
    copy was one Buy-In could not open. It is refused up front, saying what to fix."""
    from desktop.services.editing import update_proposal
    from desktop.services.library import open_library

    library = tmp_path / "lib.buyinlib"
    assert run(capsys, "--library", library, "import-json", SAMPLE)[0] == 0
    opened = open_library(library)
    try:
        update_proposal(opened, 1, {"horizon_years": 30, "discount_rate": Decimal("-0.5")})
    finally:
        opened.close()
    out_file = tmp_path / "case.json"
    code, out, err = run(
        capsys, "--library", library, "export-json", "--proposal", "1", "--out", out_file
    )
    assert code != 0 and out == ""
    assert err.startswith(
        "buyin: Riverside USD — 1:1 Infrastructure 2027–2031 cannot be saved as a proposal file "
        "yet: its figures cannot be worked out, so the file would be refused where it is opened. "
        "Fix this first:\n"
    )
    assert "net present value" in err and "comes to" in err
    assert not out_file.exists()
    code, out, err = run(capsys, "--library", library, "export-json", "--proposal", "1")
    assert code != 0 and out == "" and "cannot be saved as a proposal file yet" in err


def test_a_refused_import_leaves_no_new_library_behind(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A file whose every value passes but whose figures cannot be worked out is refused once
    the library is open (the check runs in it): at a mistyped path a new, empty library and
    its folders stayed behind, and the command said it had made them."""
    document = json.loads(SAMPLE.read_text(encoding="utf-8"))
    document["items"][0]["quantity"] = "900000"
    document["items"][0]["unit_cost"] = "9000000.00"
    too_big = tmp_path / "too_big.json"
    too_big.write_text(json.dumps(document), encoding="utf-8")
    library = tmp_path / "new" / "sub" / "lib.buyinlib"
    code, out, err = run(capsys, "--library", library, "import-json", too_big)
    assert code == 2 and out == ""
    assert err.startswith("buyin: too_big.json was not imported:") and "Note:" not in err
    assert not (tmp_path / "new").exists()
    # Imported for real, the library is made and said to be.
    code, out, err = run(capsys, "--library", library, "import-json", SAMPLE)
    assert code == 0 and out == "1\n" and err == created(library, tmp_path / "new")


def test_a_library_made_meanwhile_by_another_command_keeps_its_import_and_gets_this_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two imports into a new library at once: the one refused took away the file it had made,
    with the other's proposal already in it. A new library is now made at a private name and
    put in place only once its import went through; a library another command made
    meanwhile is imported into as it is, never replaced or taken away."""
    from desktop.services import library as library_module
    from desktop.services.library import Library
    from desktop.services.proposals import add_sample_proposal, list_proposals

    path = tmp_path / "lib.buyinlib"
    real_open_staged = library_module.open_staged

    def other_command_first(wanted: Path) -> Library:
        staged = real_open_staged(wanted)
        other = library_module.open_library(wanted)  # the other command, quicker
        add_sample_proposal(other)
        other.close()
        return staged

    monkeypatch.setattr(library_module, "open_staged", other_command_first)
    code, out, err = run(capsys, "--library", path, "import-json", SAMPLE)
    assert code == 0 and out == "2\n", err
    opened = library_module.open_library(path)
    try:
        assert len(list_proposals(opened, with_figures=False)) == 2
    finally:
        opened.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    # Refused, a staged library leaves nothing, and the one made meanwhile is untouched.
    monkeypatch.setattr(library_module, "open_staged", real_open_staged)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "buyin-proposal", "format_version": 1, "proposal": {}}')
    new = tmp_path / "new" / "lib.buyinlib"
    assert run(capsys, "--library", new, "import-json", bad)[0] == 2
    assert not (tmp_path / "new").exists()
