"""Shareable .buyin files: an exact round trip, no overwrite on a name clash, and refusals that
leave the given file byte for byte as it was."""

from __future__ import annotations

import hashlib
import io
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop.cli import main
from desktop.services.editing import set_logo
from desktop.services.library import Library, open_library
from desktop.services.proposal_files import (
    ProposalFileRefused,
    export_proposal_file,
    import_proposal_file,
    read_proposal_file,
)
from desktop.services.proposal_format import export_document
from desktop.services.proposals import list_proposals


def _png(width: int = 3, height: int = 2) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


PNG = _png()


def without_name(document: dict[str, Any]) -> dict[str, Any]:
    copy = {**document, "proposal": dict(document["proposal"])}
    copy["proposal"].pop("name")
    return copy


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_round_trip_gives_an_identical_proposal_in_another_library(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    set_logo(library, sample_id, PNG, "image/png")
    shared = tmp_path / "riverside.buyin"
    export_proposal_file(library, sample_id, shared)
    assert shared.read_bytes().startswith(b"SQLite format 3\x00")
    assert not Path(f"{shared}-wal").exists()  # one self-contained file
    other = open_library(tmp_path / "colleague.buyinlib")
    try:
        new_id = import_proposal_file(other, shared)
        assert export_document(other, new_id) == export_document(library, sample_id)
    finally:
        other.close()


def test_a_name_clash_gets_a_new_name_never_an_overwrite(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    shared = tmp_path / "riverside.buyin"
    export_proposal_file(library, sample_id, shared)
    original = export_document(library, sample_id)
    new_id = import_proposal_file(library, shared)
    assert new_id != sample_id
    copy = export_document(library, new_id)
    assert copy["proposal"]["name"] == original["proposal"]["name"] + " (2)"
    assert without_name(copy) == without_name(original)
    assert export_document(library, sample_id) == original
    assert len(list_proposals(library)) == 2


def test_importing_never_modifies_the_file(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    shared = tmp_path / "riverside.buyin"
    export_proposal_file(library, sample_id, shared)
    before = digest(shared)
    import_proposal_file(library, shared)
    assert digest(shared) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("riverside")) == [
        "riverside.buyin"
    ]


def make_damaged(path: Path, source: Path) -> None:
    data = bytearray(source.read_bytes())
    middle = len(data) // 2
    data[4096:middle] = b"\xa5" * (middle - 4096)  # scribble over the tables' pages
    path.write_bytes(bytes(data))


def make_foreign(path: Path, source: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT)")
    connection.commit()
    connection.close()


def make_newer(path: Path, source: Path) -> None:
    path.write_bytes(source.read_bytes())
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.commit()
    connection.close()


def make_truncated(path: Path, source: Path) -> None:
    path.write_bytes(source.read_bytes()[:50])


def make_text(path: Path, source: Path) -> None:
    path.write_text("Item,Qty\nLaptop,3\n")


def _altered(statement: str) -> Any:
    """A maker of a file changed outside Buy-In with ``statement``."""

    def make(path: Path, source: Path) -> None:
        path.write_bytes(source.read_bytes())
        connection = sqlite3.connect(path)
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.executescript(statement)
        connection.commit()
        connection.close()

    return make


OUTSIDE = "holds values Buy-In cannot read"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_altered("UPDATE item SET category = 'spaceship'"), OUTSIDE),
        (_altered("UPDATE item SET quantity = 'lots'"), OUTSIDE),
        (_altered("UPDATE item SET unit_cost = 'abc'"), OUTSIDE),
        # 12.5 cents: it was cut to 12 without a word.
        (
            _altered("UPDATE item SET unit_cost = 12.5 WHERE id = (SELECT MIN(id) FROM item)"),
            OUTSIDE,
        ),  # fmt: skip
        (_altered("UPDATE proposal SET created_at = 'not a date'"), OUTSIDE),
        (
            _altered(
                "UPDATE item_goal SET goal_id = 9999 "
                "WHERE rowid = (SELECT min(rowid) FROM item_goal)"
            ),
            OUTSIDE,
        ),
        # A missing table blamed the library it was to join ("could not be read or written").
        (_altered("DROP TABLE scenario_item"), OUTSIDE),
        # A table swapped for a view was read as the table: a view that never ends hung the
        # import. Buy-In makes no views and no triggers.
        (
            _altered(
                "ALTER TABLE scenario_item RENAME TO kept; "
                "CREATE VIEW scenario_item AS SELECT * FROM kept"
            ),
            "holds a view, 'scenario_item', that Buy-In never makes",
        ),
        (
            _altered("CREATE TRIGGER quiet AFTER INSERT ON item BEGIN DELETE FROM goal; END"),
            "holds a trigger, 'quiet', that Buy-In never makes",
        ),
        (make_damaged, "damaged"),
        (make_foreign, "is a SQLite database, but not a Buy-In proposal file"),
        (make_newer, "newer version of Buy-In"),
        (make_truncated, "not a Buy-In proposal file"),
        (make_text, "not a Buy-In proposal file"),
    ],
)
def test_damaged_foreign_and_newer_files_are_refused_and_left_untouched(
    library: Library, sample_id: int, tmp_path: Path, make: Any, message: str
) -> None:
    good = tmp_path / "good.buyin"
    export_proposal_file(library, sample_id, good)
    bad = tmp_path / "bad.buyin"
    make(bad, good)
    before = digest(bad)
    count = len(list_proposals(library))
    with pytest.raises(ProposalFileRefused, match=message) as caught:
        import_proposal_file(library, bad)
    assert str(tmp_path) not in str(caught.value)  # names the file, not a temporary copy
    assert digest(bad) == before
    assert len(list_proposals(library)) == count


def test_a_whole_library_is_not_a_proposal_file(
    library: Library, sample_id: int, library_path: Path
) -> None:
    from desktop.services.proposals import create_proposal

    create_proposal(library, "Second proposal")
    with pytest.raises(ProposalFileRefused, match="holds 2 proposals"):
        import_proposal_file(library, library_path)


def test_export_to_a_missing_folder_is_refused(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    with pytest.raises(ProposalFileRefused, match="does not exist"):
        export_proposal_file(library, sample_id, tmp_path / "nowhere" / "x.buyin")


def test_cli_export_and_import_proposal(
    library: Library, sample_id: int, library_path: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    shared = tmp_path / "share.buyin"
    assert main(["--library", str(library_path), "export-proposal", "--proposal",
                 str(sample_id), "--out", str(shared)]) == 0  # fmt: skip
    other = tmp_path / "other.buyinlib"
    assert main(["--library", str(other), "import-proposal", str(shared)]) == 0
    new_id = int(capsys.readouterr().out.strip())
    opened = open_library(other)
    try:
        assert export_document(opened, new_id) == export_document(library, sample_id)
    finally:
        opened.close()
    (tmp_path / "junk.buyin").write_bytes(b"junk")
    assert main(["--library", str(other), "import-proposal", str(tmp_path / "junk.buyin")]) == 2
    assert "junk.buyin is not a Buy-In proposal file" in capsys.readouterr().err


def test_a_proposal_whose_figures_cannot_be_worked_out_is_not_shared(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """Shared while it could not be computed, the file was written, and a colleague's import
    then refused it: the director learns what to fix before sending anything."""
    from tests.services.limit_support import put_past_the_limit

    put_past_the_limit(library, sample_id)
    target = tmp_path / "shared.buyin"
    with pytest.raises(ProposalFileRefused) as refused:
        export_proposal_file(library, sample_id, target)
    message = str(refused.value)
    assert "cannot be shared yet" in message and "comes to more than" in message
    assert not target.exists()


def test_a_value_the_file_format_cannot_hold_is_named_not_called_uncomputable(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """A metric's baseline of fourteen digits (saved before the editor refused it) made sharing
    say "its figures cannot be worked out", though they could: the file format holds at most 13
    digits. The refusal names the value and what the file can hold."""
    from sqlalchemy import select

    from desktop.models import Metric

    with library.transaction() as session:
        metric = session.scalars(
            select(Metric).where(Metric.proposal_id == sample_id).order_by(Metric.position)
        ).first()
        assert metric is not None
        metric.baseline = Decimal("99999999999999")
    target = tmp_path / "shared.buyin"
    with pytest.raises(ProposalFileRefused) as refused:
        export_proposal_file(library, sample_id, target)
    message = str(refused.value)
    assert "cannot be worked out" not in message
    assert message.startswith(
        "Riverside USD — 1:1 Infrastructure 2027–2031 cannot be shared yet: it holds a value a "
        "proposal file cannot carry, so the file would be refused where it is opened."
    )
    assert (
        'metrics[0].baseline (the 1st metric, "Spending on device repair and unplann…"): '
        '"99999999999999" is too large: at most 13 digits before the decimal point'
    ) in message
    assert not target.exists()


def test_binary_data_where_text_belongs_is_named_without_json_words(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """A .buyin whose proposal name was binary data was refused with
    '"b'\\xff\\xfe\\x00'" must be text in quotes': Python's spelling of bytes, and advice
    for a JSON file the director never had."""
    shared = tmp_path / "odd.buyin"
    export_proposal_file(library, sample_id, shared)
    connection = sqlite3.connect(shared)
    connection.execute("UPDATE proposal SET name = x'fffe00'")
    connection.commit()
    connection.close()
    other = open_library(tmp_path / "other.buyinlib")
    try:
        with pytest.raises(ProposalFileRefused) as refused:
            import_proposal_file(other, shared)
        assert str(refused.value) == (
            "odd.buyin was not imported:\n"
            "  • proposal.name: holds 3 bytes of binary data where text belongs"
        )
        assert list_proposals(other, with_figures=False) == []
    finally:
        other.close()


def test_a_refusal_lists_twenty_problems_then_how_many_more(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """A .buyin refusal listed every problem while a refused JSON file stopped at 20: one file
    broken everywhere filled the screen. Both now list 20, then how many more."""
    from desktop.services.editing import add_rows, list_rows
    from tests.services.limit_support import put_past_the_limit

    add_rows(library, sample_id, "item", [{"name": f"Extra {n}"} for n in range(6)])
    assert len(list_rows(library, sample_id, "item")) == 25
    put_past_the_limit(library, sample_id, every_item=True)
    with pytest.raises(ProposalFileRefused) as refused:
        export_proposal_file(library, sample_id, tmp_path / "shared.buyin")
    lines = str(refused.value).splitlines()
    listed = [line for line in lines if line.startswith("  • ")]
    assert len(listed) == 20
    assert lines[-1] == "  … and 5 more"


def test_sharing_over_a_library_named_like_a_shared_file_keeps_the_library(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """A library saved as "district.buyin" was replaced by the one proposal shared over it;
    sharing again over an earlier shared file still replaces it."""
    other = tmp_path / "district.buyin"
    kept = open_library(other)
    try:
        from desktop.services.proposals import add_sample_proposal, create_proposal

        add_sample_proposal(kept)
        create_proposal(kept, "Second proposal")
    finally:
        kept.close()
    before = digest(other)
    with pytest.raises(OSError, match="is a database"):
        export_proposal_file(library, sample_id, other)
    assert digest(other) == before
    shared = tmp_path / "shared.buyin"
    export_proposal_file(library, sample_id, shared)
    export_proposal_file(library, sample_id, shared)  # replaced, as sharing again should
    assert read_proposal_file(shared)["proposal"]["name"]


def test_a_proposal_saved_under_the_other_kinds_name_is_read_for_what_it_holds(
    library: Library, sample_id: int, tmp_path: Path
) -> None:
    """A proposal in JSON saved as "riverside.buyin" was refused as "not a SQLite database, or
    cut short", though it was a proposal Buy-In reads; so was a .buyin renamed .json."""
    from desktop.services.proposal_files import import_any_proposal_file
    from desktop.services.proposal_format import dump_document

    original = export_document(library, sample_id)
    as_buyin = tmp_path / "riverside.buyin"
    as_buyin.write_text("\ufeff" + dump_document(original), encoding="utf-8")
    first, name = import_any_proposal_file(library, as_buyin)
    assert name == original["proposal"]["name"]
    assert without_name(export_document(library, first)) == without_name(original)
    shared = tmp_path / "shared.buyin"
    export_proposal_file(library, sample_id, shared)
    as_json = tmp_path / "shared.json"
    as_json.write_bytes(shared.read_bytes())
    second, _name = import_any_proposal_file(library, as_json)
    assert without_name(export_document(library, second)) == without_name(original)
    # Neither kind at all is still refused by the name it has.
    junk = tmp_path / "notes.buyin"
    junk.write_bytes(b"not a proposal\n" * 20)
    with pytest.raises(ProposalFileRefused, match="notes.buyin"):
        import_any_proposal_file(library, junk)
