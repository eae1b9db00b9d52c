"""A case made from the 1:1 template says on its cover, and at the top of the handout, that it
still holds the template's examples, and does not call the template's goals the board's; once
the director has replaced every example the notice is gone. The sample says none of it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest

from desktop.finance import compute
from desktop.services.editing import update_proposal, update_rows
from desktop.services.grid_edits import set_funding_amounts
from desktop.services.library import Library, open_library
from desktop.services.proposals import add_sample_proposal, create_from_template
from desktop.services.snapshot import proposal_input
from desktop.services.wizard import step_statuses

from .report_support import ReadBack, made_proposal, render, squash

NOTICE = (
    "Not ready for the board yet: the template's examples are still in place. 20 items, 8 "
    "risks, 9 metrics and 5 "
    "funding sources still carry the template's illustrative figures, 7 plan goals keep its "
    "wording, and the district is still named “Your District”. They are examples, not yet the "
    "district's own."
)


@dataclass(frozen=True)
class Printed:
    full: ReadBack
    handout: ReadBack


@pytest.fixture(scope="module")
def template_case(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    data = made_proposal(tmp_path_factory, create_from_template)
    result = compute(data)
    return Printed(render(data, result), render(data, result, handout=True))


@pytest.fixture
def opened(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    library = open_library(tmp_path_factory.mktemp("own") / "library.buyinlib")
    yield library
    library.close()


def test_the_cover_and_the_handout_say_the_templates_examples_are_still_in_place(
    template_case: Printed,
) -> None:
    """A director could hand the CFO the template's prices as quotes: nothing on the case said
    they were illustrations."""
    assert squash(NOTICE) in squash(template_case.full.pages[0])
    assert squash(NOTICE) in squash(template_case.handout.pages[0])


def test_the_templates_goals_are_not_called_the_boards(template_case: Printed) -> None:
    """ "The plan serves all 7 board-approved goals it cites", of goals whose description still
    read "Replace with the wording of your board-adopted strategic plan"."""
    for printed in (template_case.full, template_case.handout):
        assert "board-approved" not in printed.text
        assert squash("All 7 are still the template's example wording, not the board's.") in (
            printed.squashed
        )
    assert squash("Board goals it serves") not in template_case.full.squashed
    assert squash("Plan goals it serves, and why") in template_case.full.squashed


def test_the_notice_says_what_is_left_and_goes_once_everything_is_the_districts(
    opened: Library,
) -> None:
    proposal = create_from_template(opened)
    data = proposal_input(opened, proposal)
    update_proposal(opened, proposal, {"district": "Hillcrest USD"})
    update_rows(opened, "goal", {g.key: {"title": f"{g.title} (adopted)"} for g in data.goals})
    update_rows(
        opened,
        "risk",
        {r.key: {"likelihood_before": r.likelihood_before / 2} for r in data.risks},
    )
    update_rows(
        opened,
        "metric",
        {m.key: {"baseline": (m.baseline or Decimal(0)) + 1} for m in data.metrics},
    )
    set_funding_amounts(
        opened,
        {(s.key, 1): s.amounts_by_year.get(1, Decimal(0)) + 1000 for s in data.funding},
    )
    # Only the items' illustrative prices are left: the notice says just that.
    left = proposal_input(opened, proposal)
    handout = render(left, handout=True)
    assert squash(
        "Not ready for the board yet: the template's examples are still in place. 20 items "
        "still carry the template's "
        "illustrative figures. They are examples, not yet the district's own."
    ) in squash(handout.pages[0])

    update_rows(
        opened,
        "item",
        {i.key: {"figure_source": f"Quote Q-{i.key} from Acme, March 2027"} for i in left.items},
    )
    own = proposal_input(opened, proposal)
    statuses = step_statuses(own, compute(own))
    assert not any("template" in warning for status in statuses for warning in status.warnings)
    for printed in (render(own), render(own, handout=True)):
        assert "template's examples" not in printed.text
        assert "board-approved goals it cites" in printed.text


def test_the_samples_case_has_no_notice(tmp_path_factory: pytest.TempPathFactory) -> None:
    printed = render(made_proposal(tmp_path_factory, add_sample_proposal), handout=True)
    assert "template" not in printed.text
    assert "board-approved goals it cites" in printed.text


def test_a_case_marked_final_with_the_templates_examples_is_not_called_a_draft_too(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Marked Final while still holding the template's examples, the cover said "Status:
    Final" under a notice that began "Draft:"."""
    from dataclasses import replace

    from desktop.vocabulary import ProposalStatus

    final = replace(
        made_proposal(tmp_path_factory, create_from_template), status=ProposalStatus.FINAL
    )
    cover = squash(render(final, compute(final)).pages[0])
    assert squash("Not ready for the board yet: the template's examples") in cover
    assert "Draft" not in cover
