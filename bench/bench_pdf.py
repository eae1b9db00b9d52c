"""Time the PDF business case: the sample proposal's full document and handout, and a synthetic
1,000-item proposal's full document and handout.

Run from the project root: ``python bench/bench_pdf.py`` (``--runs N`` to change the number of
timed runs, ``--paper a4``). Prints a Markdown table of the median render time (the finance result
is computed once, outside the timing, as the Export step has it already). Target: the sample's
full PDF in about a second.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_finance import synthetic_proposal  # noqa: E402
from desktop.finance import compute  # noqa: E402
from desktop.finance.inputs import ProposalInput  # noqa: E402
from desktop.finance.result import ProposalResult  # noqa: E402
from desktop.report import render_business_case  # noqa: E402


def sample_input() -> ProposalInput:
    """The Riverside sample, read through a throwaway library exactly as the app reads it."""
    from desktop.services.library import open_library
    from desktop.services.proposals import add_sample_proposal
    from desktop.services.snapshot import proposal_input

    with tempfile.TemporaryDirectory() as folder:
        library = open_library(Path(folder) / "bench.buyinlib")
        try:
            return proposal_input(library, add_sample_proposal(library))
        finally:
            library.close()


def timed(action: Callable[[], bytes], runs: int) -> tuple[float, int]:
    """Median seconds over ``runs`` and the size of the last PDF, after one warm-up run that
    registers the fonts (a one-off per process, also paid by the app's first export)."""
    action()
    times: list[float] = []
    size = 0
    for _ in range(runs):
        start = time.perf_counter()
        size = len(action())
        times.append(time.perf_counter() - start)
    return statistics.median(times), size


def main(argv: list[str] | None = None) -> int:
    import pypdf  # only to count the pages of what was rendered

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--paper", choices=("letter", "a4"), default="letter")
    args = parser.parse_args(argv)

    sample = sample_input()
    cases = [
        (f"Sample ({len(sample.items)} items)", sample),
        ("Synthetic, 1,000 items", synthetic_proposal(1000)),
    ]
    rows = []
    for label, data in cases:
        result = compute(data)
        for handout in (False, True):

            def render(
                data: ProposalInput = data, result: ProposalResult = result, handout: bool = handout
            ) -> bytes:
                return render_business_case(data, result, handout=handout, paper=args.paper)

            seconds, size = timed(render, args.runs)
            pages = len(pypdf.PdfReader(io.BytesIO(render())).pages)
            kind = "Handout" if handout else "Full document"
            rows.append((label, kind, seconds, size, pages))

    print(f"PDF render time, median of {args.runs} runs ({args.paper})\n")
    print("| Proposal | Document | Median (s) | Pages | Size (KB) |")
    print("| --- | --- | ---: | ---: | ---: |")
    for label, kind, seconds, size, pages in rows:
        print(f"| {label} | {kind} | {seconds:.2f} | {pages} | {size / 1024:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
