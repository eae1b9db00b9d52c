"""Peak memory of opening one proposal, computing it and exporting it, in a process of its own.

Run by ``bench/run.py`` as ``python bench/probe_memory.py LIBRARY PROPOSAL_ID [SKIP...]``, where
each SKIP names an export ("PDF", "handout PDF", "XLSX") that failed or was skipped when timed at
this size, so it is not retried here. Prints one JSON line with the process's peak resident memory
(``VmHWM`` on Linux, else ``ru_maxrss``) and which steps ran. A process of its own, because a
peak cannot be reset: measured inside the benchmark run it would include every proposal
generated before.
"""

from __future__ import annotations

import importlib.abc
import json
import resource
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


# Libraries installed with the tests (pyproject's dev extra) and left out of the app and its
# bundle. openpyxl imports NumPy whenever it can: in the test environment a workbook export would
# load it and count 14 MB that the installed app never spends.
NOT_SHIPPED = ("numpy", "pandas")


class _NotShipped(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name.partition(".")[0] in NOT_SHIPPED:
            raise ModuleNotFoundError(f"No module named {name!r} in the app as shipped", name=name)
        return None


def as_shipped() -> None:
    """Make this process's imports match the installed app's: ``NOT_SHIPPED`` cannot be imported
    (code that uses one when it is there, as openpyxl does, goes on without it)."""
    loaded = [name for name in NOT_SHIPPED if name in sys.modules]
    if loaded:
        raise RuntimeError(f"{', '.join(loaded)} already loaded: call as_shipped() first")
    if not any(isinstance(finder, _NotShipped) for finder in sys.meta_path):
        sys.meta_path.insert(0, _NotShipped())


def peak_megabytes() -> tuple[float, str]:
    """The process's peak resident memory in MiB, and how it was read."""
    # On Linux ru_maxrss survives exec: a probe started by a large process reports at least that
    # process's size. VmHWM is the high-water mark of this program's own address space.
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 2**10, "VmHWM"
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kibibytes, macOS bytes.
    return (peak / 2**20 if sys.platform == "darwin" else peak / 2**10), "ru_maxrss"


def main(argv: list[str]) -> int:
    as_shipped()
    from bench.operations import open_proposal, render_pdf, workbook
    from desktop.services.library import open_library

    library = open_library(Path(argv[0]), create=False)
    steps: dict[str, str] = {}
    data, result = open_proposal(library, int(argv[1]))
    # The running peak after each step shows which one raises it.
    steps["open + compute"] = f"ran (peak {peak_megabytes()[0]:.0f} MB)"
    for label, export in (
        ("PDF", lambda: render_pdf(data, result, handout=False)),
        ("handout PDF", lambda: render_pdf(data, result, handout=True)),
        ("XLSX", lambda: workbook(data, result)),
    ):
        if label in argv[2:]:
            steps[label] = "skipped (failed or too slow when timed)"
            continue
        try:
            export()
            steps[label] = f"ran (peak {peak_megabytes()[0]:.0f} MB)"
        except LookupError:
            steps[label] = "not available"
        except Exception as error:  # noqa: BLE001 - reported in the results, not hidden
            steps[label] = f"failed: {type(error).__name__}: {error}"
    library.close()
    peak, source = peak_megabytes()
    rusage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"peak_mb": peak, "source": source, "ru_maxrss": rusage, "steps": steps}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
