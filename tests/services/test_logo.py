"""A district logo is checked from its header, before anything decodes it: a small file that
claims 12,000 × 12,000 pixels (gigabytes once decoded), or one whose bytes are not the image its
type says, is refused in the editor and in an imported proposal file, and left off the PDF."""

from __future__ import annotations

import base64
import io
import json
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from desktop.logo import logo_problem
from desktop.report.sections_front import logo_flowable
from desktop.services.editing import set_logo
from desktop.services.fields import FieldError
from desktop.services.library import Library
from desktop.services.proposal_format import ProposalFileError, import_document
from desktop.services.proposals import list_proposals


def _image(width: int, height: int, kind: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(buffer, format=kind)
    return buffer.getvalue()


def _claimed_png(width: int, height: int) -> bytes:
    """A few bytes whose header claims ``width`` × ``height`` pixels (a decompression bomb)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(header))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
    )


def test_real_logos_pass_and_their_size_is_read_from_the_header() -> None:
    assert logo_problem(_image(600, 200), "image/png") is None
    assert logo_problem(_image(600, 200, "JPEG"), "image/jpeg") is None
    assert logo_problem(_image(4500, 300, "JPEG"), "image/jpeg") is None  # a wide photo
    # A JPEG saved under a .png name (the editor's check reads the content) is still a logo.
    assert logo_problem(_image(600, 200, "JPEG"), "image/png") is None


@pytest.mark.parametrize(
    ("data", "media_type", "words"),
    [
        (_claimed_png(12_000, 12_000), "image/png", "12,000 × 12,000 pixels"),
        (_claimed_png(20_001, 10), "image/png", "20,001 × 10 pixels"),
        (b"GIF89a" + b"\x00" * 30, "image/png", "not a PNG or JPEG image"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, "image/png", "not a readable PNG or JPEG"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 6_000_000, "image/png", "larger than 5 MB"),
        (_image(20, 20), "image/gif", "PNG or JPEG"),
    ],
)
def test_a_logo_that_could_not_print_is_refused_by_the_editor(
    library: Library, sample_id: int, data: bytes, media_type: str, words: str
) -> None:
    problem = logo_problem(data, media_type)
    assert problem is not None and words in problem
    with pytest.raises(FieldError, match=words):
        set_logo(library, sample_id, data, media_type)


def test_an_imported_file_with_a_bomb_for_a_logo_is_refused_whole(library: Library) -> None:
    document = json.loads(Path("resources/templates/one_to_one.json").read_text(encoding="utf-8"))
    document["proposal"]["logo"] = {
        "media_type": "image/png",
        "data_base64": base64.b64encode(_claimed_png(12_000, 12_000)).decode("ascii"),
    }
    with pytest.raises(ProposalFileError) as refused:
        import_document(library, document)
    assert any("proposal.logo: is 12,000 × 12,000 pixels" in p for p in refused.value.problems)
    assert list_proposals(library, with_figures=False) == []


def test_the_pdf_leaves_out_a_logo_it_could_not_decode_safely() -> None:
    assert logo_flowable(_claimed_png(12_000, 12_000), 100, 50) is None
    assert logo_flowable(_image(600, 200), 100, 50) is not None


def _garbage_body(data: bytes) -> bytes:
    """``data`` (a PNG) with its header whole and the compressed pixels after it overwritten:
    the header reads well, the image does not decode."""
    start = data.index(b"IDAT") + 4
    return data[:start] + b"\x00garbage" * ((len(data) - start) // 8 + 1)


def test_a_logo_whose_header_reads_but_whose_image_does_not_is_refused(
    library: Library, sample_id: int
) -> None:
    """A PNG with a sound header and a garbled body was taken as the logo, then left out of
    every PDF without a word: the director learned of it from the CFO."""
    broken = _garbage_body(_image(600, 200))
    expected = "is not a readable PNG or JPEG image: it is damaged or cut short"
    assert logo_problem(broken, "image/png") == expected
    with pytest.raises(FieldError, match=expected):
        set_logo(library, sample_id, broken, "image/png")
    document = json.loads(Path("resources/templates/one_to_one.json").read_text(encoding="utf-8"))
    document["proposal"]["logo"] = {
        "media_type": "image/png",
        "data_base64": base64.b64encode(broken).decode("ascii"),
    }
    with pytest.raises(ProposalFileError) as refused:
        import_document(library, document, computable=True)  # a file from elsewhere
    assert f"proposal.logo: {expected}" in refused.value.problems
    assert [p.id for p in list_proposals(library, with_figures=False)] == [sample_id]


def test_a_logo_saved_before_it_was_decoded_whole_does_not_stop_a_delete_or_a_copy(
    library: Library, sample_id: int
) -> None:
    """A library may hold such a logo from before: deleting the proposal (and undoing it) and
    duplicating it take the logo as it is, rather than refuse and lose the proposal."""
    from desktop.models import Proposal
    from desktop.services.proposals import (
        delete_proposal,
        duplicate_proposal,
        restore_proposal,
    )

    with library.transaction() as session:
        proposal = session.get(Proposal, sample_id)
        assert proposal is not None
        proposal.logo, proposal.logo_media_type = _garbage_body(_image(60, 20)), "image/png"
    copy_id = duplicate_proposal(library, sample_id)
    restored_id = restore_proposal(library, delete_proposal(library, sample_id))
    assert len({copy_id, restored_id}) == 2
    assert len(list_proposals(library, with_figures=False)) == 2


def test_a_logo_is_kept_as_the_kind_of_image_it_is(library: Library, sample_id: int) -> None:
    """A PNG given as "image/jpeg" (a file named .jpg) was kept as a JPEG, and written so in
    every proposal file shared from then on."""
    from desktop.services.proposal_format import export_document

    png = _image(60, 20)
    set_logo(library, sample_id, png, "image/jpeg")
    assert export_document(library, sample_id)["proposal"]["logo"]["media_type"] == "image/png"
    document = export_document(library, sample_id)
    document["proposal"]["logo"] = {
        "media_type": "image/png",
        "data_base64": base64.b64encode(_image(60, 20, "JPEG")).decode("ascii"),
    }
    new_id = import_document(library, document)
    assert export_document(library, new_id)["proposal"]["logo"]["media_type"] == "image/jpeg"


def test_checking_a_logo_loads_no_image_library_until_a_logo_is_checked() -> None:
    """The editor's start-up imports the logo rules; decoding a logo needs Pillow and
    reportlab, which only a logo's check may load."""
    import subprocess
    import sys

    code = (
        "import sys, desktop.logo;"
        "print(','.join(m for m in ('PIL', 'reportlab') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_a_pdf_made_without_its_logo_says_so(
    library: Library, sample_id: int, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A logo the PDF cannot draw (saved before the whole image was checked) was left out of
    every PDF without a word."""
    from desktop.cli import main
    from desktop.models import Proposal

    with library.transaction() as session:
        proposal = session.get(Proposal, sample_id)
        assert proposal is not None
        proposal.logo, proposal.logo_media_type = _garbage_body(_image(60, 20)), "image/png"
    assert logo_flowable(_garbage_body(_image(60, 20)), 100, 50) is None
    out = tmp_path / "case.pdf"
    path = str(library.path)
    assert (
        main(["--library", path, "export-pdf", "--proposal", str(sample_id), "--out", str(out)])
        == 0
    )
    assert capsys.readouterr().err == (
        "Note: the PDF goes without the proposal's logo, which is not a readable PNG or JPEG "
        "image: it is damaged or cut short. Choose the logo again on the Basics step.\n"
    )
    assert out.read_bytes().startswith(b"%PDF")
