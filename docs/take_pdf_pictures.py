"""Pictures of the sample's PDF pages shown in the README, for the documentation.

Writes the sample's business case and handout (Letter) to a temporary folder, finds each page by
the words it opens with, and saves it as ``docs/pdf/NAME.png`` at 70 dpi with ``pdftoppm``
(poppler-utils: ``apt-get install poppler-utils``). Run from the project root:

    .venv/bin/python docs/take_pdf_pictures.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUTPUT = ROOT / "docs" / "pdf"
# Picture name → (which document, words that only that page holds).
PAGES = {
    "business-case-cover": ("case", "Prepared for"),
    "business-case-summary": ("case", "Executive summary"),
    "business-case-costs": ("case", "What it costs, year by year"),
    "business-case-charts": ("case", "Costs against benefits"),
    "handout-page-1": ("handout", "The ask"),
    "handout-page-2": ("handout", "What it serves and what it protects"),
}


def main() -> int:
    import pypdf

    from desktop.finance import compute
    from desktop.report import render_business_case
    from desktop.services.library import open_library
    from desktop.services.proposals import add_sample_proposal
    from desktop.services.snapshot import proposal_input

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        library = open_library(work / "library.buyinlib")
        try:
            data = proposal_input(library, add_sample_proposal(library))
        finally:
            library.close()
        result = compute(data)
        documents = {
            "case": work / "case.pdf",
            "handout": work / "handout.pdf",
        }
        documents["case"].write_bytes(render_business_case(data, result))
        documents["handout"].write_bytes(render_business_case(data, result, handout=True))
        texts = {
            name: [page.extract_text() or "" for page in pypdf.PdfReader(path).pages]
            for name, path in documents.items()
        }
        for picture, (document, words) in PAGES.items():
            pages = texts[document]
            # The case's contents page names every section: past the cover and contents, the
            # first page that holds the words (the cover itself for the cover).
            start = 2 if document == "case" and not picture.endswith("cover") else 0
            number = next(i for i in range(start, len(pages)) if words in pages[i]) + 1
            target = OUTPUT / picture
            subprocess.run(
                ["pdftoppm", "-r", "70", "-png", "-singlefile", "-f", str(number), "-l",
                 str(number), str(documents[document]), str(target)],
                check=True,
            )  # fmt: skip
            print(f"saved {target.with_suffix('.png').relative_to(ROOT)} (page {number})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
