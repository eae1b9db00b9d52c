"""The benchmark suite still runs end to end and writes a readable results table.

A quick pass (the smallest size, one run, no cold-start processes) so a change that breaks the
suite shows up in the ordinary test run instead of on the day someone needs the figures.
"""

from __future__ import annotations

import re
from pathlib import Path

from bench.generate import counts_for, synthetic_document
from bench.run import OPERATIONS, RECALC, Settings, run
from desktop.services.proposal_format import check_document


def _tables(text: str) -> list[list[str]]:
    """Every Markdown table in ``text``, as lists of its lines."""
    tables: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def test_quick_run_writes_a_well_formed_results_table(tmp_path: Path) -> None:
    output = tmp_path / "results.md"
    settings = Settings(
        sizes=(10,), runs=1, large_runs=1, cold_runs=1, cold_start=False, memory=False,
        window=False, output=output,
    )  # fmt: skip

    results = run(settings)

    text = output.read_text(encoding="utf-8")
    for heading in ("## Machine", "## Targets", "## Time by proposal size", "## Cold start"):
        assert heading in text
    assert re.search(r"\| Python \| \w+ 3\.\d+", text), "the machine table names no Python"
    tables = _tables(text)
    assert tables, "the results have no table"
    for table in tables:
        columns = {line.count("|") - line.count("\\|") for line in table}
        assert len(columns) == 1, f"ragged table:\n{chr(10).join(table)}"
        assert re.fullmatch(r"\|( ---:? \|)+", table[1]), table[1]
    by_size = next(table for table in tables if table[0].startswith("| Operation"))
    shown = {line.split("|")[1].strip() for line in by_size[2:]}
    assert shown == set(OPERATIONS)
    recalc_line = next(line for line in by_size if line.startswith(f"| {RECALC} |"))
    cells = [cell.strip() for cell in recalc_line.split("|")[1:-1]]
    assert re.fullmatch(r"[\d.]+ (µs|ms|s)", cells[2]), cells  # the 10-item column has a time
    assert results.figures[RECALC][10].runs == 1


def test_synthetic_documents_import_cleanly_in_the_stated_proportions() -> None:
    document = synthetic_document(200)

    assert check_document(document) == []
    counts = counts_for(200)
    assert (len(document["goals"]), len(document["risks"]), len(document["metrics"])) == (
        counts["goals"], counts["risks"], counts["metrics"],
    )  # fmt: skip
    assert counts == {"goals": 6, "risks": 8, "metrics": 8}
    assert all(1 <= len(item["goals"]) <= 2 for item in document["items"])
    assert all(len(item["risks"]) <= 2 and len(item["metrics"]) == 1 for item in document["items"])
    assert 4 <= len(document["funding"]) <= 6
    lean, recommended, full = document["scenarios"]
    assert len(recommended["items"]) == 200
    assert 0 < len(lean["items"]) < 200
    assert any(entry["quantity"] for entry in full["items"])
    # Seeded: the same size always gives the same proposal.
    assert synthetic_document(200) == document


def test_growth_verdict_tells_linear_from_quadratic() -> None:
    from bench.measure import growth_ratios, growth_verdict, log_slope

    sizes = [10, 100, 1_000, 10_000]
    linear = [0.002, 0.004, 0.03, 0.3]
    quadratic = [0.001, 0.01, 0.5, 50.0]

    assert growth_verdict(log_slope(sizes, linear)) == "≈ linear"
    assert growth_verdict(log_slope(sizes, quadratic)) == "super-linear"
    assert [round(ratio or 0, 1) for ratio in growth_ratios(sizes, quadratic)] == [10, 50, 100]


def test_an_export_that_failed_at_one_size_is_not_retried_at_the_next() -> None:
    from bench.measure import Figure, machine_description
    from bench.run import PDF_FULL, Results, _skip_reason

    results = Results(Settings(sizes=(100, 1_000)), machine_description())
    results.figures[PDF_FULL] = {100: Figure(note="failed: LayoutError: too large on page 104")}

    assert _skip_reason(results, PDF_FULL, 1_000).startswith("skipped: it failed at 100 items")
    results.figures[PDF_FULL] = {100: Figure(times=[60.0], cpu_times=[60.0])}
    assert "predicts" in _skip_reason(results, PDF_FULL, 1_000)
    results.figures[PDF_FULL] = {100: Figure(times=[0.2], cpu_times=[0.2])}
    assert _skip_reason(results, PDF_FULL, 1_000) == ""


def test_a_working_session_times_each_step_and_its_peak_memory(tmp_path: Path) -> None:
    """The session probe drives the real window through a director's steps on a small proposal
    and the results give each step's time, the session's peak memory, and its target row."""
    from bench.generate import import_synthetic
    from bench.probes import probe_session
    from bench.results_table import render_results
    from bench.run import Results
    from desktop.services.library import open_library

    path = tmp_path / "session.buyinlib"
    library = open_library(path)
    try:
        proposal_id = import_synthetic(library, 10)
    finally:
        library.close()
    (tmp_path / "data").mkdir()
    session = probe_session(path, proposal_id, tmp_path / "data")
    assert "error" not in session, session
    steps = session["steps"]
    assert "Remove the 10 rows chosen" in steps and "Undo the removal" in steps
    assert all(seconds >= 0 for seconds in steps.values())
    assert session["peak_mb"] > 50  # a Qt window and the app: never a few megabytes
    # As the results show it: a row per step, the peak, and the target at 10,000 items.
    results = Results(Settings(sizes=(10,), output=tmp_path / "r.md"), {"Python": "x"})
    results.sessions[10_000] = session
    text = render_results(results)
    assert "## A working session in the main window" in text
    assert "| Remove every row chosen |" in text
    assert "| Peak memory, 10,000 items, a working session (edits, undo, exports) |" in text
    for table in _tables(text):
        assert len({line.count("|") for line in table}) == 1


def test_the_memory_probes_import_only_what_the_app_ships() -> None:
    """NumPy and pandas come with the tests, not with the app: in the probes they cannot be
    imported, so a workbook export does not charge NumPy's memory (openpyxl loads it if it can)."""
    import subprocess
    import sys
    import tomllib

    from bench.probe_memory import NOT_SHIPPED

    root = Path(__file__).resolve().parents[2]
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {
        re.split(r"[<>=!~\[; ]", line, maxsplit=1)[0].lower() for line in project["dependencies"]
    }
    assert runtime.isdisjoint(NOT_SHIPPED), "a library the probes refuse is a runtime dependency"
    script = (
        "import sys\n"
        "from bench.probe_memory import as_shipped\n"
        "as_shipped()\n"
        "import openpyxl\n"
        "try:\n"
        "    import numpy\n"
        "except ImportError:\n"
        "    pass\n"
        "else:\n"
        "    raise SystemExit('numpy was imported')\n"
        "roots = {name.partition('.')[0] for name in sys.modules}\n"
        "print(sorted(roots & {'numpy', 'pandas'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr or done.stdout
    assert done.stdout.strip() == "[]"
