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
