"""What marks a proposal's row as still the 1:1 template's own: the placeholder wording and the
illustrative figures the director is meant to replace with the district's.

One set of rules for every place that asks: the steps' warnings (``desktop.services.wizard``),
and the snapshot (``desktop.services.snapshot_rows``), which sets ``template_placeholder`` on the
rows it reads so that the rubric and the printed case, which may not read the template, know
which rows are still examples. A row is the template's while it is exactly as the template has
it in the part the director must make their own:

- a goal: its title and its description both (rewriting either makes it the board's own; the
  template's strategic-plan goals say "Replace with…" in the description);
- an item: its note on where its figures come from (changing a figure empties the note, see
  ``desktop.services.editing``);
- a risk: its title with its estimates; a metric: its name with its baseline and target; a
  funding source: its name with its amounts (changing any figure makes the row the district's).

Standard library only, and the template is read once, when first asked for (not at start-up):
the snapshot's reader runs before the database layer has loaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

# How the template's own placeholders begin ("Replace with the wording of your board-adopted
# strategic plan."): what the Plans step quotes, since its column is too narrow to show it.
PLACEHOLDER_OPENING = "Replace with"


def _shipped(file: tuple[str, ...]) -> dict[str, Any]:
    import json

    from desktop.paths import resource

    try:
        with resource(*file).open(encoding="utf-8") as stream:
            document = json.load(stream)
    except (OSError, ValueError):
        return {}
    return document if isinstance(document, dict) else {}


@cache
def _template() -> dict[str, Any]:
    """The 1:1 template as its file holds it, read once when first asked for; empty when it
    cannot be read."""
    from desktop.paths import TEMPLATE_FILE

    return _shipped(TEMPLATE_FILE)


@cache
def sample_figure_sources() -> frozenset[str]:
    """The sample proposal's notes on where its item figures come from ("Illustrative: …"): a
    case built from the sample carries them until the director types their own figures."""
    from desktop.paths import SAMPLE_FILE

    try:
        items = _shipped(SAMPLE_FILE).get("items", ())
        return frozenset(i.get("figure_source", "") for i in items) - {""}
    except AttributeError:
        return frozenset()


def _risk_figures(title: str, *figures: object) -> tuple[object, ...]:
    return (title.strip(), *(Decimal(str(figure)) for figure in figures))


def _metric_figures(name: str, baseline: object, target: object) -> tuple[object, ...]:
    return (
        name.strip(),
        *(None if figure is None else Decimal(str(figure)) for figure in (baseline, target)),
    )


def _funding_figures(name: str, amounts: Mapping[Any, object]) -> tuple[object, ...]:
    return (
        name.strip(),
        tuple(
            sorted((int(year), Decimal(str(v))) for year, v in amounts.items() if Decimal(str(v)))
        ),
    )


def _goal_words(title: str, description: str) -> tuple[str, str]:
    return title.strip(), description.strip()


# A risk's estimates, in the order ``risk_is_template`` takes them.
RISK_ESTIMATES = ("exposure", "likelihood_before", "likelihood_after", "cost_before", "cost_after")


@dataclass(frozen=True)
class _TemplateMarks:
    goals: frozenset[tuple[str, str]] = frozenset()
    figure_sources: frozenset[str] = frozenset()
    risks: frozenset[tuple[object, ...]] = frozenset()
    metrics: frozenset[tuple[object, ...]] = frozenset()
    funding: frozenset[tuple[object, ...]] = frozenset()


@cache
def _marks() -> _TemplateMarks:
    """What marks each kind of row as the template's; nothing when the template cannot be
    read."""
    template = _template()
    try:
        return _TemplateMarks(
            frozenset(
                _goal_words(g.get("title", ""), g.get("description", ""))
                for g in template.get("goals", ())
            ),
            frozenset(i.get("figure_source", "") for i in template.get("items", ())) - {""},
            frozenset(
                _risk_figures(r["title"], *(r.get(name, 0) for name in RISK_ESTIMATES))
                for r in template.get("risks", ())
            ),
            frozenset(
                _metric_figures(m["name"], m.get("baseline"), m.get("target"))
                for m in template.get("metrics", ())
            ),
            frozenset(
                _funding_figures(f["name"], f.get("amounts", {}))
                for f in template.get("funding", ())
            ),
        )
    except (ValueError, AttributeError, KeyError, TypeError, ArithmeticError):
        return _TemplateMarks()


def template_figure_sources() -> frozenset[str]:
    """The notes on where the template's item figures come from: an item that still carries
    one still has the template's illustrative figures."""
    return _marks().figure_sources


def goal_is_template(title: str, description: str) -> bool:
    """Whether a goal still has the template's wording: its title and its description both as
    one of the template's goals has them."""
    return _goal_words(title, description) in _marks().goals


def goal_placeholder(description: str) -> bool:
    """Whether a goal's description is still one of the template's instructions ("Replace
    with …") rather than words of a plan."""
    return description.strip().startswith(PLACEHOLDER_OPENING)


def item_is_template(figure_source: str) -> bool:
    """Whether an item still has the template's illustrative figures (its note on where they
    come from is still the template's)."""
    return figure_source in _marks().figure_sources


def risk_is_template(title: str, *estimates: object) -> bool:
    """Whether a risk still has the template's illustrative estimates (``estimates`` in the
    order of ``RISK_ESTIMATES``)."""
    try:
        return _risk_figures(title, *estimates) in _marks().risks
    except ArithmeticError:
        return False


def metric_is_template(name: str, baseline: object, target: object) -> bool:
    """Whether a metric still has the template's illustrative baseline and target."""
    try:
        return _metric_figures(name, baseline, target) in _marks().metrics
    except ArithmeticError:
        return False


def funding_is_template(name: str, amounts: Mapping[Any, object]) -> bool:
    """Whether a funding source still has the template's illustrative amounts by year."""
    try:
        return _funding_figures(name, amounts) in _marks().funding
    except (ArithmeticError, ValueError):
        return False


@cache
def illustrative_funding_notes() -> frozenset[str]:
    """The notes the template's and the sample's funding sources come with that call their
    amounts illustrative ("Illustrative: the operating budget covers…", "… Illustrative
    amount."): a source whose amounts the director has replaced no longer fits them. A sample
    note that says nothing of its amounts (the operating budget's) is not among them."""
    from desktop.paths import SAMPLE_FILE

    notes: set[str] = set()
    for document in (_template(), _shipped(SAMPLE_FILE)):
        try:
            notes.update(str(f.get("notes") or "") for f in document.get("funding", ()))
        except AttributeError:
            continue
    return frozenset(note for note in notes if "illustrative" in note.lower())
