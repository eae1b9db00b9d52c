"""A proposal made from the 1:1 template is read with its examples marked, so that the rubric gives
them no credit; rewriting a goal's title or its description makes it the board's own, on the
Plans step and in the rubric alike. The sample, which is not template content, is unmarked."""

from __future__ import annotations

from desktop.finance import compute
from desktop.finance.result import RubricElement, RubricLevel
from desktop.services.editing import update_proposal, update_row
from desktop.services.library import Library
from desktop.services.proposals import create_from_template
from desktop.services.snapshot import proposal_input
from desktop.services.wizard import step_statuses


def _plans_warnings(library: Library, proposal_id: int) -> tuple[str, ...]:
    data = proposal_input(library, proposal_id)
    return next(s for s in step_statuses(data, compute(data)) if s.key == "plans").warnings


def test_a_template_proposals_rubric_gives_its_examples_no_credit(library: Library) -> None:
    """Unchanged from the template, the CFO summary showed Alignment ●●●● and Learning return
    ●●●●, and Review ▸ Rubric said "Met: 7 plan goals, 3 from the district strategic plan"."""
    data = proposal_input(library, create_from_template(library))
    result = compute(data)
    assert result.rubric_levels == (
        RubricLevel.BEGINNING,
        RubricLevel.BEGINNING,
        RubricLevel.BEGINNING,
        RubricLevel.DEVELOPING,
    )
    alignment = result.rubric[1]
    assert alignment.reasons[0] == (
        "Not yet: 7 plan goals, 3 from the district strategic plan, but 7 goals still have the "
        "template's wording."
    )
    placeholders = result.placeholders
    assert (placeholders.goals, placeholders.items, placeholders.risks) == (7, 20, 8)
    assert (placeholders.metrics, placeholders.funding, placeholders.district) == (9, 5, True)


def test_rewriting_a_goals_title_or_its_description_makes_it_the_boards(
    library: Library,
) -> None:
    """Rewriting a goal's title left "7 goals still have the template's wording", and the column
    it looked at was cut to "Replace with t…": the warning now says where the template's words
    are, and rewriting either the title or the description clears it, there and in the rubric."""
    proposal = create_from_template(library)
    goals = proposal_input(library, proposal).goals
    (warning,) = _plans_warnings(library, proposal)
    assert warning.startswith("7 goals still have the template's wording in both title and")
    assert "the descriptions of SP-1, SP-2 and SP-3 still say “Replace with…”" in warning

    update_row(library, "goal", goals[0].key, {"title": "Every student reads on grade level"})
    update_row(library, "goal", goals[1].key, {"description": "Board goal 2.1, adopted 2026."})
    (warning,) = _plans_warnings(library, proposal)
    assert warning.startswith("5 goals still have the template's wording")
    assert "the description of SP-3 still says “Replace with…”" in warning
    data = proposal_input(library, proposal)
    assert [goal.template_placeholder for goal in data.goals[:3]] == [False, False, True]

    for goal in goals[2:]:
        update_row(library, "goal", goal.key, {"title": f"{goal.title} (adopted)"})
    assert _plans_warnings(library, proposal) == ()
    update_proposal(library, proposal, {"district": "Hillcrest USD"})
    result = compute(proposal_input(library, proposal))
    alignment = next(a for a in result.rubric if a.element is RubricElement.ALIGNMENT_TO_PLANS)
    assert alignment.level is RubricLevel.EXEMPLARY
    assert all("template" not in reason for reason in alignment.reasons)


def test_the_sample_holds_none_of_the_templates_examples(library: Library, sample_id: int) -> None:
    data = proposal_input(library, sample_id)
    assert not compute(data).placeholders
    rows = (*data.goals, *data.items, *data.risks, *data.metrics, *data.funding)
    assert not any(row.template_placeholder for row in rows)


def test_an_items_price_changed_in_the_open_editor_is_no_longer_an_example(
    library: Library,
) -> None:
    """The open editor re-reads only the edited item: its mark follows the edit, so the CFO
    summary's rubric and count of illustrative prices change with it."""
    from desktop.services.snapshot import LiveSnapshot

    proposal = create_from_template(library)
    live = LiveSnapshot(library, proposal)
    first = live.read().items[0]
    assert first.template_placeholder
    update_row(library, "item", first.key, {"unit_cost": first.unit_cost + 10})
    live.note_items_changed([first.key])
    patched = live.read()
    assert live.full_reads == 1  # the edit was patched in, not read afresh
    assert not patched.items[0].template_placeholder
    assert compute(patched).placeholders.items == 19
